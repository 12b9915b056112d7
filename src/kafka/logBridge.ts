import { logLevel, type logCreator } from './kafkajs.js';

/** The subset of a pino logger the kafka room needs; kept structural so this room imports nothing of ours. */
export interface BridgeLogger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Routes kafkajs's own log lines into the worker's structured log. */
export function kafkajsLogCreator(logger: BridgeLogger, onOutageNoise?: (message: string) => void): logCreator {
  return () => ({ level, log }) => {
    const { message, timestamp: _t, logger: _l, ...extra } = log as Record<string, unknown> & { message: string };
    const obj = { kafkajs: log.namespace ?? undefined, ...extra };
    // kafkajs logs every error response at ERROR, including the retriable ones it handles itself
    // (a topic being auto-created, a coordinator loading); what really fails reaches our own logs.
    if (level === logLevel.ERROR && message.startsWith('Response ')) logger.debug(obj, message);
    // KIP-618: right after a commit the coordinator is still writing its markers; kafkajs retries
    // the next transaction's first send (CONCURRENT_TRANSACTIONS) and logs each retry at ERROR.
    else if (level === logLevel.ERROR && message.includes('another concurrent operation on the same transaction')) logger.debug(obj, message);
    // While brokers are unreachable kafkajs logs every failed attempt; outage.ts logs the outage
    // once when it starts and once when it ends instead.
    else if (level <= logLevel.WARN && isOutageNoise(message, extra.error)) {
      logger.debug(obj, message);
      onOutageNoise?.(typeof extra.error === 'string' ? extra.error : message);
    }
    else if (level === logLevel.ERROR) logger.error(obj, message);
    else if (level === logLevel.WARN) logger.warn(obj, message);
    else if (level === logLevel.INFO) logger.debug(obj, message); // kafkajs is chatty at INFO
    else logger.debug(obj, message);
  };
}

const OUTAGE_NOISE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|Connection error|Connection timeout|Closed connection|Failed to connect|Restarting the consumer|Crash: KafkaJS(NumberOfRetriesExceeded|NonRetriableError|ConnectionError|ConnectionClosedError|RequestTimeoutError|GroupCoordinatorNotFound|BrokerNotFound)|group coordinator|coordinator is loading|Request timed out/i;

function isOutageNoise(message: string, error: unknown): boolean {
  return OUTAGE_NOISE.test(message) || (typeof error === 'string' && OUTAGE_NOISE.test(error));
}
