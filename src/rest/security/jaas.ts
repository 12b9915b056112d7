// The JAAS login configuration Kafka Connect's BasicAuthSecurityRestExtension reads: the file named
// by `-Djava.security.auth.login.config=…` (users put it in KAFKA_OPTS), with a `KafkaConnect` entry
// for PropertyFileLoginModule whose `file=` option names the users file. Only what that extension
// needs is understood; anything else in the file is skipped, as the JVM would for other entries.

import { readFileSync } from 'node:fs';

export const LOGIN_CONFIG_PROPERTY = 'java.security.auth.login.config';
export const CONNECT_LOGIN_ENTRY = 'KafkaConnect';
export const PROPERTY_FILE_LOGIN_MODULE = 'org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule';

export interface LoginModuleEntry {
  module: string;
  flag: string;
  options: Record<string, string>;
}

/** `-Djava.security.auth.login.config=<path>` from a JVM options string (KAFKA_OPTS), quoted or not. */
export function loginConfigFromJvmOptions(opts: string | undefined): string | undefined {
  if (!opts) return undefined;
  const re = /-Djava\.security\.auth\.login\.config=(?:"([^"]*)"|'([^']*)'|(\S+))/g;
  let found: string | undefined;
  for (let m = re.exec(opts); m; m = re.exec(opts)) found = m[1] ?? m[2] ?? m[3];
  // The JVM keeps the last -D of a name; `==` means "only this file" there, the same file here.
  return found?.replace(/^=/, '');
}

function stripComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else out += c;
  }
  return out;
}

/** Entries of a JAAS login configuration: `Name { module flag key=value …; … };`. */
export function parseJaasConfig(text: string, source: string): Map<string, LoginModuleEntry[]> {
  const tokens = stripComments(text).match(/"[^"]*"|[{};=]|[^\s{};="]+/g) ?? [];
  const entries = new Map<string, LoginModuleEntry[]>();
  let i = 0;
  const next = (what: string): string => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`${source}: unexpected end of file, expected ${what}`);
    return t;
  };
  const unquote = (t: string) => (t.startsWith('"') ? t.slice(1, -1) : t);
  while (i < tokens.length) {
    const name = next('an entry name');
    if (next("'{'") !== '{') throw new Error(`${source}: expected '{' after login entry ${name}`);
    const modules: LoginModuleEntry[] = [];
    for (let t = next("a login module or '}'"); t !== '}'; t = next("a login module or '}'")) {
      const flag = next(`the control flag of ${t}`);
      const options: Record<string, string> = {};
      for (let k = next("an option or ';'"); k !== ';'; k = next("an option or ';'")) {
        if (next(`'=' after option ${k}`) !== '=') throw new Error(`${source}: expected '=' after option ${k} of ${t}`);
        options[k] = unquote(next(`the value of option ${k}`));
      }
      modules.push({ module: t, flag: flag.toLowerCase(), options });
    }
    if (tokens[i] === ';') i++;
    entries.set(name, modules);
  }
  return entries;
}

/**
 * The users file of the `KafkaConnect` entry, as BasicAuthSecurityRestExtension finds it; throws
 * saying what is missing (the extension is useless without it, so the worker does not start).
 */
export function connectUsersFile(jvmOptions: string | undefined): { jaasFile: string; usersFile: string } {
  const jaasFile = loginConfigFromJvmOptions(jvmOptions);
  if (!jaasFile) {
    throw new Error(
      `rest.extension.classes names BasicAuthSecurityRestExtension, but no JAAS file is given: set -D${LOGIN_CONFIG_PROPERTY}=/path/to/connect_jaas.conf in KAFKA_OPTS`,
    );
  }
  let text: string;
  try {
    text = readFileSync(jaasFile, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the JAAS file ${jaasFile} (-D${LOGIN_CONFIG_PROPERTY}): ${(err as Error).message}`);
  }
  const modules = parseJaasConfig(text, jaasFile).get(CONNECT_LOGIN_ENTRY);
  if (!modules) throw new Error(`${jaasFile}: no ${CONNECT_LOGIN_ENTRY} entry; BasicAuthSecurityRestExtension logs users in with that entry`);
  const module = modules.find((m) => m.module === PROPERTY_FILE_LOGIN_MODULE);
  if (!module) throw new Error(`${jaasFile}: the ${CONNECT_LOGIN_ENTRY} entry has no ${PROPERTY_FILE_LOGIN_MODULE}`);
  const usersFile = module.options['file'];
  if (!usersFile || usersFile.trim() === '') throw new Error(`${jaasFile}: Property Credentials file must be specified (option file= of ${PROPERTY_FILE_LOGIN_MODULE})`);
  return { jaasFile, usersFile };
}
