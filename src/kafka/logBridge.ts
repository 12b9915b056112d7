import { logLevel, type logCreator } from 'kafkajs';

/** The subset of a pino logger the kafka room needs; kept structural so this room imports nothing of ours. */
export interface BridgeLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Routes kafkajs's own log lines into the worker's structured log. */
export function kafkajsLogCreator(logger: BridgeLogger): logCreator {
  return () => ({ level, log }) => {
    const { message, timestamp: _t, logger: _l, ...extra } = log as Record<string, unknown> & { message: string };
    const obj = { kafkajs: log.namespace ?? undefined, ...extra };
    if (level === logLevel.ERROR) logger.error(obj, message);
    else if (level === logLevel.WARN) logger.warn(obj, message);
    else if (level === logLevel.INFO) logger.debug(obj, message); // kafkajs is chatty at INFO
    else logger.debug(obj, message);
  };
}
