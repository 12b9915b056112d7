import type { SourceRecord } from '../data/SourceRecord.js';
import type { SinkRecord } from '../data/SinkRecord.js';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A consumer position: `offset` is the next offset to read, as Kafka commits it. */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
  readonly metadata?: string;
}

export type SourcePartition = Record<string, unknown>;
export type SourceOffset = Record<string, unknown>;

export interface OffsetStorageReader {
  offset(partition: SourcePartition): Promise<SourceOffset | null>;
  offsets(partitions: SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>>;
}

/**
 * KIP-618: how a task of a connector with `transaction.boundary=connector` ends transactions. A
 * request takes effect once the records polled so far (or up to and including `record`) have been
 * sent: commit makes them and their offsets visible together, abort discards both.
 */
export interface TransactionContext {
  /** Commit the transaction after the current batch of polled records. */
  commitTransaction(): void;
  /** Commit the transaction right after `record` (it is the transaction's last record). */
  commitTransaction(record: SourceRecord): void;
  /** Abort the transaction after the current batch of polled records. */
  abortTransaction(): void;
  /** Abort the transaction right after `record` (it is the aborted transaction's last record). */
  abortTransaction(record: SourceRecord): void;
}

export interface SourceTaskContext {
  configs(): Record<string, string>;
  offsetStorageReader(): OffsetStorageReader;
  /**
   * KIP-618: the task's TransactionContext, or null unless the worker runs exactly-once source
   * tasks (`exactly.once.source.support=enabled`) and the connector has `transaction.boundary=connector`.
   * Optional so that contexts written before KIP-618 still type-check; call it as `context.transactionContext?.()`.
   */
  transactionContext?(): TransactionContext | null;
}

/** Lets a sink task hand a record the external system rejected to the runtime's error handling (KIP-610). */
export interface ErrantRecordReporter {
  report(record: SinkRecord, error: Error): Promise<void>;
}

export interface SinkTaskContext {
  configs(): Record<string, string>;
  /** Rewind or skip: the next records of this partition start at `offset`. */
  offset(offsets: TopicPartitionOffset[]): void;
  /** Redeliver the current batch after this many ms instead of failing (used with RetriableException). */
  timeout(ms: number): void;
  assignment(): TopicPartition[];
  pause(partitions: TopicPartition[]): void;
  resume(partitions: TopicPartition[]): void;
  requestCommit(): void;
  errantRecordReporter(): ErrantRecordReporter | undefined;
}

/** Record metadata the broker returned for a produced record. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Source task lifecycle: initialize → start(props) → poll()… → stop().
 * poll() must not spin: when there is nothing to read it should wait a little (and wake up on stop()).
 */
export abstract class SourceTask {
  protected context!: SourceTaskContext;

  initialize(context: SourceTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;
  /** Returns the next batch, or null/[] when there is nothing yet. */
  abstract poll(): Promise<SourceRecord[] | null>;
  /** Called from outside the poll loop; must make a pending poll() return soon. */
  abstract stop(): void | Promise<void>;

  /** Offsets of every record acknowledged so far have been flushed. */
  commit(): void | Promise<void> {}
  /** One record was acknowledged by Kafka (metadata null when a transform dropped it). */
  commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): void {}
}

export abstract class SinkTask {
  protected context!: SinkTaskContext;

  initialize(context: SinkTaskContext): void {
    this.context = context;
  }

  abstract version(): string;
  abstract start(props: Record<string, string>): void | Promise<void>;
  abstract put(records: SinkRecord[]): void | Promise<void>;
  abstract stop(): void | Promise<void>;

  /** Make everything put() so far durable. */
  flush(_currentOffsets: TopicPartitionOffset[]): void | Promise<void> {}

  /** Returns the offsets safe to commit; by default flushes and commits everything put so far. */
  async preCommit(currentOffsets: TopicPartitionOffset[]): Promise<TopicPartitionOffset[]> {
    await this.flush(currentOffsets);
    return currentOffsets;
  }

  open(_partitions: TopicPartition[]): void | Promise<void> {}
  close(_partitions: TopicPartition[]): void | Promise<void> {}
}

export type SourceTaskClass = new () => SourceTask;
export type SinkTaskClass = new () => SinkTask;
