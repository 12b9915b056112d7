import type { Consumer } from './kafkajs.js';
import type { BridgeLogger } from './logBridge.js';

/**
 * Riding out broker outages as Kafka Connect does. Java clients retry retriable errors for as long
 * as `delivery.timeout.ms`/`max.block.ms` allow, and Connect sets both to "forever" for its source
 * producers; kafkajs instead gives up after a fixed number of retries and reports the last
 * connection error wrapped as a KafkaJSNonRetriableError. Everything here turns those back into
 * "wait and try again" and keeps the log to one line when contact is lost and one when it returns.
 */

/** Errors kafkajs reports while brokers are unreachable, restarting or electing leaders. */
const TRANSIENT_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSLockTimeout',
]);
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * True for an error that says "the cluster is not reachable right now" rather than "this request
 * is wrong": connection failures, timeouts, exhausted retries of retriable errors, and Kafka's
 * retriable protocol errors (NOT_LEADER_OR_FOLLOWER, COORDINATOR_NOT_AVAILABLE, …), at any depth
 * of the error's cause chain.
 */
export function isTransientKafkaError(err: unknown): boolean {
  for (let e = err as { name?: string; code?: string; retriable?: boolean; type?: string; cause?: unknown } | undefined, depth = 0; e && depth < 10; depth++) {
    if (typeof e !== 'object') return false;
    if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
    if (e.code && TRANSIENT_CODES.has(e.code)) return true;
    if (e.name === 'KafkaJSProtocolError' && e.retriable === true) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * True when the group coordinator answered a heartbeat with "rebalancing": this member still holds
 * its partitions under the old generation, and a commit made now is accepted (kafkajs's own test).
 */
export function isRebalancingError(err: unknown): boolean {
  const type = (err as { type?: unknown } | undefined)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION';
}

/** Logs the start of an outage once and its end once, per client. */
export class OutageLog {
  private since: number | undefined;

  constructor(
    private readonly logger: BridgeLogger,
    /** What lost contact, for the log: "source task producer", "reader of topic connect-configs". */
    private readonly what: string,
  ) {}

  get inOutage(): boolean {
    return this.since !== undefined;
  }

  failed(err: unknown): void {
    if (this.since !== undefined) return;
    this.since = Date.now();
    this.logger.warn({ client: this.what, reason: (err as Error)?.message ?? String(err) },
      'Lost contact with the Kafka cluster; retrying until it is reachable again');
  }

  recovered(): void {
    if (this.since === undefined) return;
    const outageMs = Date.now() - this.since;
    this.since = undefined;
    this.logger.info({ client: this.what, outageMs }, 'The Kafka cluster is reachable again');
  }
}

/** Java's retry.backoff.ms and retry.backoff.max.ms defaults: 100 ms doubling up to 1 s. */
export const RETRY_BACKOFF_MS = 100;
export const RETRY_BACKOFF_MAX_MS = 1000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

export interface RetryTransientOptions {
  outage: OutageLog;
  /** Ends the retries (task stopping): the last error is thrown. */
  signal?: AbortSignal;
  /** Give up after this long (a caller with a deadline of its own); forever when absent. */
  timeoutMs?: number;
}

/**
 * Runs `fn` until it succeeds, retrying transient errors with backoff (forever unless stopped or
 * given a timeout); any other error is thrown at once.
 */
export async function retryTransient<T>(fn: () => Promise<T>, o: RetryTransientOptions): Promise<T> {
  const deadline = o.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + o.timeoutMs;
  for (let delay = RETRY_BACKOFF_MS; ; delay = Math.min(delay * 2, RETRY_BACKOFF_MAX_MS)) {
    try {
      const result = await fn();
      o.outage.recovered();
      return result;
    } catch (err) {
      if (!isTransientKafkaError(err) || o.signal?.aborted || Date.now() + delay > deadline) throw err;
      o.outage.failed(err);
      await sleep(delay, o.signal);
      if (o.signal?.aborted) throw err;
    }
  }
}

/**
 * A consumer retries connection errors without end (see clientConfig.ts) and so never says it lost
 * contact; its client's log lines do. Each consumer's client reports them here.
 */
export interface OutageSlot {
  listener?: (reason: string) => void;
}

const outageListeners = new WeakMap<object, OutageSlot>();

/** A slot the log creator of a consumer's client reports connection errors to. */
export function outageSlot(): OutageSlot {
  return {};
}

export function attachOutageSlot(consumer: Consumer, slot: OutageSlot): Consumer {
  outageListeners.set(consumer, slot);
  return consumer;
}

export interface KeepConsumingOptions {
  outage: OutageLog;
  /** (Re)starts the fetch loop: `consumer.run({...})` with the caller's handlers. */
  run(): Promise<void>;
  /** The consumer is being stopped on purpose: no restart. */
  stopped(): boolean;
  /** A crash that is not an outage: the caller fails (a task) or reports it. */
  onFatal(err: Error): void;
}

/**
 * Keeps a kafkajs consumer running through outages. kafkajs restarts a crashed consumer itself
 * only when the innermost cause is retriable; a coordinator that cannot be found, or retries
 * exhausted inside another retrier, end it for good. Those are restarted here, with backoff.
 */
export function keepConsuming(consumer: Consumer, o: KeepConsumingOptions): void {
  let delay = RETRY_BACKOFF_MS;
  const recovered = () => {
    delay = RETRY_BACKOFF_MS;
    o.outage.recovered();
  };
  const slot = outageListeners.get(consumer);
  if (slot) slot.listener = (reason) => !o.stopped() && o.outage.failed(new Error(reason));
  consumer.on(consumer.events.GROUP_JOIN, recovered);
  consumer.on(consumer.events.HEARTBEAT, recovered);
  consumer.on(consumer.events.FETCH, recovered);
  consumer.on(consumer.events.CRASH, (e) => {
    if (o.stopped()) return;
    const { error, restart } = e.payload;
    if (!isTransientKafkaError(error)) {
      if (!restart) o.onFatal(error);
      return;
    }
    o.outage.failed(error);
    if (restart) return; // kafkajs restarts it after its own backoff
    const wait = delay;
    delay = Math.min(delay * 2, RETRY_BACKOFF_MAX_MS);
    setTimeout(() => void restartConsumer(consumer, o), wait);
  });
}

async function restartConsumer(consumer: Consumer, o: KeepConsumingOptions): Promise<void> {
  if (o.stopped()) return;
  try {
    await consumer.connect();
    // A failed start crashes again through the CRASH event, which schedules the next attempt.
    await o.run();
  } catch (err) {
    if (o.stopped()) return;
    if (!isTransientKafkaError(err)) return o.onFatal(err as Error);
    o.outage.failed(err);
    setTimeout(() => void restartConsumer(consumer, o), RETRY_BACKOFF_MAX_MS);
  }
}
