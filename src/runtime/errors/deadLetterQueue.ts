// The dead-letter queue: Kafka's DeadLetterQueueReporter, with a writer that batches.
//
// Acknowledgement. `report()` only queues the record and returns a promise of its acknowledgement;
// the writer sends what queued up during one turn of the event loop as one produce request (acks=all),
// one request in flight at a time, so a burst of bad records costs a few round trips, not one each.
// The task loops never commit an offset at or past a skipped record before `flush()` resolved, and
// `flush()` resolves only when everything queued so far is acknowledged. A batch the broker refuses
// (after the client's retries) poisons the writer: that and every later report, and every flush,
// reject, so the task fails with the cause and its offsets stay where they were. Nothing skipped is
// lost; at worst a record reaches the DLQ twice after a restart.

import { ConnectException } from '../../data/errors.js';
import type { Admin, Producer } from '../../kafka/index.js';
import { ensureTopic } from '../../kafka/index.js';
import type { Logger } from '../logger.js';
import type { ConnectorTaskId } from '../status.js';
import { traceOf } from '../status.js';
import { TransformationError } from '../TransformationChain.js';
import type { ErrorReporter, ReportedFailure } from './reporters.js';

export const HEADER_PREFIX = '__connect.errors.';
export const ERROR_HEADER_ORIG_TOPIC = `${HEADER_PREFIX}topic`;
export const ERROR_HEADER_ORIG_PARTITION = `${HEADER_PREFIX}partition`;
export const ERROR_HEADER_ORIG_OFFSET = `${HEADER_PREFIX}offset`;
export const ERROR_HEADER_CONNECTOR_NAME = `${HEADER_PREFIX}connector.name`;
export const ERROR_HEADER_TASK_ID = `${HEADER_PREFIX}task.id`;
export const ERROR_HEADER_STAGE = `${HEADER_PREFIX}stage`;
export const ERROR_HEADER_EXECUTING_CLASS = `${HEADER_PREFIX}class.name`;
export const ERROR_HEADER_EXCEPTION = `${HEADER_PREFIX}exception.class.name`;
export const ERROR_HEADER_EXCEPTION_MESSAGE = `${HEADER_PREFIX}exception.message`;
export const ERROR_HEADER_EXCEPTION_STACK_TRACE = `${HEADER_PREFIX}exception.stacktrace`;

/** Kafka: the DLQ topic is created with one partition. */
const DLQ_NUM_DESIRED_PARTITIONS = 1;

export type DlqHeaders = Record<string, Buffer | Array<Buffer | null> | null>;

export interface DlqMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: DlqHeaders;
  timestamp?: string;
}

/** Adds a header, keeping earlier values of the same key (repeated headers stay repeated). */
export function addHeader(headers: DlqHeaders, key: string, value: Buffer | null): void {
  if (!Object.hasOwn(headers, key)) {
    headers[key] = value;
    return;
  }
  const prev = headers[key]!;
  headers[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
}

/** Connect's own exceptions carry Kafka's class names in the DLQ headers, so existing tooling matches them. */
const KAFKA_EXCEPTION_CLASSES: Record<string, string> = {
  ConnectException: 'org.apache.kafka.connect.errors.ConnectException',
  DataException: 'org.apache.kafka.connect.errors.DataException',
  RetriableException: 'org.apache.kafka.connect.errors.RetriableException',
  ConfigException: 'org.apache.kafka.common.config.ConfigException',
  NotFoundException: 'org.apache.kafka.connect.errors.NotFoundException',
  AlreadyExistsException: 'org.apache.kafka.connect.errors.AlreadyExistsException',
};

export function exceptionClassName(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  return KAFKA_EXCEPTION_CLASSES[err.name] ?? err.name;
}

/** The `__connect.errors.*` headers Kafka Connect adds, in Kafka's order. */
export function addContextHeaders(headers: DlqHeaders, id: ConnectorTaskId, f: ReportedFailure): void {
  const add = (k: string, v: string) => addHeader(headers, k, Buffer.from(v, 'utf8'));
  if (f.consumed) {
    add(ERROR_HEADER_ORIG_TOPIC, f.consumed.topic);
    add(ERROR_HEADER_ORIG_PARTITION, String(f.consumed.partition));
    add(ERROR_HEADER_ORIG_OFFSET, String(f.consumed.offset));
  } else if (f.sourceRecord) {
    // Our source extension: the topic (and partition) the record was meant for; it has no offset yet.
    add(ERROR_HEADER_ORIG_TOPIC, f.sourceRecord.topic);
    if (f.sourceRecord.kafkaPartition !== null) add(ERROR_HEADER_ORIG_PARTITION, String(f.sourceRecord.kafkaPartition));
  }
  add(ERROR_HEADER_CONNECTOR_NAME, id.connector);
  add(ERROR_HEADER_TASK_ID, String(id.task));
  add(ERROR_HEADER_STAGE, f.stage);
  add(ERROR_HEADER_EXECUTING_CLASS, f.executingClass);
  const error = f.error;
  add(ERROR_HEADER_EXCEPTION, exceptionClassName(error));
  add(ERROR_HEADER_EXCEPTION_MESSAGE, error instanceof Error ? error.message : String(error));
  add(ERROR_HEADER_EXCEPTION_STACK_TRACE, traceOf(error));
}

/** A sink's failed record, as consumed: original key, value, headers and timestamp bytes. */
export function consumedDlqMessage(f: ReportedFailure): DlqMessage | undefined {
  const c = f.consumed;
  if (!c) return undefined;
  const headers: DlqHeaders = {};
  for (const [k, v] of c.headers) addHeader(headers, k, v);
  const message: DlqMessage = { key: c.key, value: c.value, headers };
  if (c.timestamp !== null && Number.isFinite(c.timestamp) && c.timestamp >= 0) message.timestamp = String(c.timestamp);
  return message;
}

export interface DeadLetterQueueOptions {
  id: ConnectorTaskId;
  topic: string;
  replicationFactor: number;
  contextHeaders: boolean;
  /** Builds the DLQ record for a failure; undefined when there is nothing to send (Kafka: no original record). */
  toMessage: (failure: ReportedFailure) => DlqMessage | undefined;
  producer: Producer;
  admin: () => Admin;
  logger: Logger;
  /** Bytes per produce request at most (keeps it under the broker's message.max.bytes); default 512 KiB. */
  maxBatchBytes?: number;
  /** Reports queued beyond this make the task wait for the DLQ (back-pressure); default 10 000. */
  highWaterMark?: number;
}

interface Queued {
  message: DlqMessage;
  bytes: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const handled = (p: Promise<void>): Promise<void> => {
  p.catch(() => {});
  return p;
};

/** Writes failed records to the DLQ topic in batches; see the top of this file for acknowledgement. */
export class DeadLetterQueueReporter implements ErrorReporter {
  private readonly topic: string;
  private readonly maxBatchBytes: number;
  private readonly highWaterMark: number;
  private queue: Queued[] = [];
  private sending: Promise<void> | undefined;
  private scheduled = false;
  /** The acknowledgement of the last record queued: it settles after every earlier one. */
  private tail: Promise<void> = Promise.resolve();
  private failure: unknown;
  private started: Promise<void> | undefined;
  private closed = false;
  /** Reports written (acknowledged) and lost, for tests and metrics. */
  readonly counts = { requests: 0, failures: 0 };

  constructor(private readonly options: DeadLetterQueueOptions) {
    this.topic = options.topic.trim();
    this.maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
    this.highWaterMark = options.highWaterMark ?? 10000;
  }

  /** Creates the topic when it is missing (one partition, the configured replication factor) and connects. */
  start(): Promise<void> {
    this.started ??= this.setUp();
    return this.started;
  }

  private async setUp(): Promise<void> {
    const admin = this.options.admin();
    try {
      await admin.connect();
      const created = await ensureTopic(admin, { topic: this.topic, numPartitions: DLQ_NUM_DESIRED_PARTITIONS, replicationFactor: this.options.replicationFactor });
      if (created) this.options.logger.info({ topic: this.topic, replicationFactor: this.options.replicationFactor }, `Created dead letter queue topic ${this.topic}`);
      await this.options.producer.connect();
    } catch (err) {
      throw new ConnectException(`Could not initialize dead letter queue with topic=${this.topic}`, { cause: err });
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  report(failure: ReportedFailure): Promise<void> | undefined {
    this.counts.requests++;
    const message = this.options.toMessage(failure);
    if (!message) return undefined;
    if (this.options.contextHeaders) addContextHeaders(message.headers, this.options.id, failure);
    return this.write(message);
  }

  /** Queues one record; the promise resolves when the broker acknowledged it. */
  write(message: DlqMessage): Promise<void> {
    if (this.failure !== undefined || this.closed) {
      this.counts.failures++;
      return handled(Promise.reject(this.failure ?? new ConnectException('The dead letter queue is closed')));
    }
    const ack = handled(
      new Promise<void>((resolve, reject) => {
        this.queue.push({ message, bytes: sizeOf(message), resolve, reject });
      }),
    );
    this.tail = ack;
    if (!this.sending && !this.scheduled) {
      // Everything reported during this turn of the event loop goes out in one request.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        if (!this.sending) this.sending = this.pump();
      });
    }
    return ack;
  }

  writable(): Promise<void> | undefined {
    return this.queue.length >= this.highWaterMark ? this.flush().catch(() => {}) : undefined;
  }

  async flush(): Promise<void> {
    await this.tail.catch(() => {});
    if (this.failure !== undefined) throw this.failure;
  }

  private async pump(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.failure === undefined) {
        const batch = this.takeBatch();
        try {
          await this.start();
          await this.options.producer.send({
            topic: this.topic,
            acks: -1,
            messages: batch.map((q) => q.message as { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer>; timestamp?: string }),
          });
          for (const q of batch) q.resolve();
        } catch (err) {
          this.failure = new ConnectException(`Could not produce message to dead letter queue. topic=${this.topic}`, { cause: err });
          this.options.logger.error({ err, topic: this.topic, records: batch.length }, `Could not produce message to dead letter queue. topic=${this.topic}`);
          this.counts.failures += batch.length;
          for (const q of batch) q.reject(this.failure);
        }
      }
      if (this.failure !== undefined) {
        const rest = this.queue;
        this.queue = [];
        this.counts.failures += rest.length;
        for (const q of rest) q.reject(this.failure);
      }
    } finally {
      this.sending = undefined;
    }
  }

  private takeBatch(): Queued[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes + this.queue[n]!.bytes <= this.maxBatchBytes)) bytes += this.queue[n++]!.bytes;
    return this.queue.splice(0, n);
  }

  /** Waits for what is queued (its failure is already logged), then disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush().catch(() => {});
    this.closed = true;
    if (this.started) await this.options.producer.disconnect().catch((err: unknown) => this.options.logger.warn({ err }, 'Dead letter queue producer disconnect failed'));
  }
}

function sizeOf(m: DlqMessage): number {
  let n = 64 + (m.key?.length ?? 0) + (m.value?.length ?? 0);
  for (const [k, v] of Object.entries(m.headers)) {
    for (const one of Array.isArray(v) ? v : [v]) n += k.length + 8 + (one?.length ?? 0);
  }
  return n;
}

/** The error a reporter sees: a transformation's own exception, not the wrapper naming its alias. */
export function reportedError(err: unknown): unknown {
  return err instanceof TransformationError && err.cause !== undefined ? err.cause : err;
}
