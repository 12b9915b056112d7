// Must load before kafkajs: replaces one of its modules (see kafkajsPatches.ts).
import './kafkajsPatches.js';
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
    // kafkajs logs every error response at ERROR, including the retriable ones it handles itself
    // (a topic being auto-created, a coordinator loading); what really fails reaches our own logs.
    if (level === logLevel.ERROR && message.startsWith('Response ')) logger.debug(obj, message);
    else if (level === logLevel.ERROR) logger.error(obj, message);
    else if (level === logLevel.WARN) logger.warn(obj, message);
    else if (level === logLevel.INFO) logger.debug(obj, message); // kafkajs is chatty at INFO
    else logger.debug(obj, message);
  };
}
