// HTTP Basic authentication against a PropertyFileLoginModule users file (`user: password` lines,
// java.util.Properties syntax), as Kafka Connect's JaasBasicAuthFilter does it — with the file
// re-read when it changes (Connect reads it once per JVM) and passwords compared in constant time.

import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { decodePropertiesBytes, parseProperties } from '../../config/properties.js';
import { namedLogger } from '../../runtime/logger.js';

const log = namedLogger('kconnect.security');

/** The credentials an `Authorization: Basic …` header carries; undefined when absent or malformed. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space <= 0 || header.slice(0, space).toLowerCase() !== 'basic') return undefined;
  const decoded = Buffer.from(header.slice(space + 1).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
// Compared against when the user is unknown, so that case takes as long as a wrong password.
const NOBODY = digest('\u0000kconnect-no-such-user');

export class UsersFile {
  private users = new Map<string, Buffer>();
  private stamp = '';

  constructor(readonly path: string) {
    this.reload();
  }

  /** Throws when the file cannot be read or parsed (the error names the file and line, never a value). */
  static check(path: string): void {
    try {
      parseProperties(decodePropertiesBytes(readFileSync(path)), path);
    } catch (err) {
      throw new Error(`Error loading Property Credentials file ${path}: ${(err as Error).message}`);
    }
  }

  /** Re-reads the file when its size or modification time changed; a broken file keeps the last good users. */
  private reload(): void {
    let stamp: string;
    try {
      const st = statSync(this.path);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch (err) {
      if (this.stamp === '') throw new Error(`Error loading Property Credentials file ${this.path}: ${(err as Error).message}`);
      if (this.stamp !== 'missing') log.error({ file: this.path, err: { message: (err as Error).message } }, 'Credentials file is gone; keeping the users read before');
      this.stamp = 'missing';
      return;
    }
    if (stamp === this.stamp) return;
    try {
      const props = parseProperties(decodePropertiesBytes(readFileSync(this.path)), this.path);
      this.users = new Map([...props].map(([user, password]) => [user, digest(password)]));
      const first = this.stamp === '';
      this.stamp = stamp;
      if (this.users.size === 0) log.warn({ file: this.path }, 'Credential properties file is empty; all requests will be permitted');
      else log.info({ file: this.path, users: this.users.size }, first ? 'Read the REST users file' : 'Users file changed; re-read it');
    } catch (err) {
      if (this.stamp === '') throw err;
      // Never the line itself: it may hold a password.
      log.error({ file: this.path }, 'Users file could not be parsed; keeping the users read before');
      this.stamp = stamp;
    }
  }

  /** PropertyFileLoginModule.login: an empty file lets everyone in, as in Connect. */
  authenticate(user: string | undefined, password: string | undefined): boolean {
    this.reload();
    if (this.users.size === 0) return true;
    if (user === undefined || password === undefined) return false;
    const expected = this.users.get(user);
    const same = timingSafeEqual(expected ?? NOBODY, digest(password));
    return expected !== undefined && same;
  }
}
