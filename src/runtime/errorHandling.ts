import type { ErrantRecordReporter } from '../api/tasks.js';
import type { TaskConverters } from './converterFactory.js';
import type { TaskErrorCounters } from './taskMetrics.js';

/** The stages a record passes through, with Kafka's names (reported in logs and DLQ headers). */
export type Stage =
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'TRANSFORMATION'
  | 'TASK_PUT'
  | 'TASK_POLL'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME';

/** The record as consumed from Kafka, bytes untouched: what a sink's DLQ receives. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number | null;
  timestampType?: 'CreateTime' | 'LogAppendTime';
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
}

/** A message as the consumer hands it over (kafkajs's shape). */
export interface RawMessage {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  attributes?: number;
  offset: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

const LOG_APPEND_TIME_FLAG = 0x08;

/** The original bytes of a consumed message; only built for a record that failed. */
export function consumedRecord(topic: string, partition: number, m: RawMessage): ConsumedRecord {
  const headers: Array<[string, Buffer | null]> = [];
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) headers.push([k, one === undefined ? null : Buffer.isBuffer(one) ? one : Buffer.from(one)]);
  }
  const timestampType = (m.attributes ?? 0) & LOG_APPEND_TIME_FLAG ? 'LogAppendTime' : 'CreateTime';
  return { topic, partition, offset: Number(m.offset), timestamp: Number(m.timestamp), timestampType, key: m.key, value: m.value, headers };
}

export interface FailureContext {
  stage: Stage;
  /** The class (or alias) that failed: a converter, a transform, the task. */
  executingClass: string;
  consumed?: ConsumedRecord;
  sourceRecord?: unknown;
}

/**
 * Decides what happens to a record that failed at one stage. `tolerate` resolves when the record
 * may be skipped (after logging/DLQ) and rejects when the task must fail.
 *
 * Acknowledgement: `tolerate` does not wait for the dead-letter queue to acknowledge the skipped
 * record; `flush` does. A loop must await `flush()` before it commits an offset at or past a
 * skipped record (the sink before its consumer commit, the source before its offsets become
 * committable); `flush` rejects when a report could not be written, and the task must then fail.
 */
export interface RecordErrorHandler {
  tolerate(error: unknown, context: FailureContext): Promise<void>;
  /** Runs an operation with the configured retries for retriable failures. */
  retry<T>(operation: () => Promise<T>, context: FailureContext): Promise<T>;
  /** Resolves once every report made so far is acknowledged (DLQ); rejects if one was lost. */
  flush(): Promise<void>;
  /** Prepares reporters (creates the DLQ topic); a rejection fails the task before it starts. */
  start?(): Promise<void>;
  /** Ends retry back-offs now (the task is stopping); they fail with their last error. */
  triggerStop?(): void;
  /** The reporter behind a sink task's `context.errantRecordReporter()`, or undefined (Kafka: none without a DLQ or error log). */
  errantRecordReporter?(converters: TaskConverters): WorkerErrantRecordReporter | undefined;
  /** task-error-metrics so far; undefined when nothing is counted (no retries, no tolerance). */
  errorMetrics?(): TaskErrorCounters;
  close(): Promise<void>;
}

/** The errant record reporter, plus what the sink loop tells it so reports carry the original bytes. */
export interface WorkerErrantRecordReporter extends ErrantRecordReporter {
  /** The raw messages of the batch about to be put(). */
  delivering(topic: string, partition: number, messages: readonly RawMessage[]): void;
}

/** A record that failed at one stage, returned (not thrown) so the per-record path stays synchronous. */
export class RecordFailure {
  constructor(readonly error: unknown, readonly context: FailureContext) {}
}
