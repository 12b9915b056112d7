/** The stages a record passes through, with Kafka Connect's names (reported in logs and DLQ headers). */
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
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
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
 * may be skipped (after logging/DLQ) and rejects with the original error when the task must fail.
 */
export interface RecordErrorHandler {
  tolerate(error: unknown, context: FailureContext): Promise<void>;
  /** Runs an operation with the configured retries for retriable failures. */
  retry<T>(operation: () => Promise<T>, context: FailureContext): Promise<T>;
  /** True when a failed record could be skipped; lets hot paths avoid awaiting per record. */
  readonly toleratesAll: boolean;
  close(): Promise<void>;
}

/** errors.tolerance=none with no retries: the first failure fails the task. */
export class FailFastErrorHandler implements RecordErrorHandler {
  readonly toleratesAll = false;
  async tolerate(error: unknown): Promise<void> {
    throw error;
  }
  retry<T>(operation: () => Promise<T>): Promise<T> {
    return operation();
  }
  async close(): Promise<void> {}
}

/** A record that failed at one stage, returned (not thrown) so the per-record path stays synchronous. */
export class RecordFailure {
  constructor(readonly error: unknown, readonly context: FailureContext) {}
}
