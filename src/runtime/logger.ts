import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

const level = (process.env.KCONNECT_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'info') as LevelWithSilent;

/**
 * The root logger. Children carry {connector, task} bindings instead of string prefixes, and the
 * redact list keeps secrets out even when a whole config is logged by mistake.
 */
export const rootLogger: Logger = pino({
  level,
  base: { pid: process.pid },
  redact: {
    paths: ['config["connection.password"]', 'config["sasl.jaas.config"]', '*.password', 'password'],
    censor: '[hidden]',
  },
});

const named = new Map<string, Logger>();

/** A named logger (like a log4j category) whose level can be changed at run time over REST. */
export function namedLogger(name: string): Logger {
  let l = named.get(name);
  if (!l) {
    l = rootLogger.child({ logger: name });
    named.set(name, l);
  }
  return l;
}

export function namedLoggers(): ReadonlyMap<string, Logger> {
  return named;
}

export function connectorLogger(connector: string): Logger {
  return namedLogger('kconnect.runtime').child({ connector });
}

export function taskLogger(connector: string, task: number): Logger {
  return namedLogger('kconnect.runtime').child({ connector, task });
}
