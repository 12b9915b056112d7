import type { Consumer } from '../kafka/index.js';
import type { SinkTask, TopicPartition, TopicPartitionOffset } from '../api/tasks.js';
import { SinkRecord } from '../data/SinkRecord.js';
import { ConnectHeaders } from '../data/Headers.js';
import { RetriableException } from '../data/errors.js';
import { TransformationError } from './TransformationChain.js';
import type { ConnectorTaskId, State } from './status.js';
import { traceOf } from './status.js';
import type { WorkerTask, WorkerTaskDeps } from './WorkerTask.js';
import { RecordFailure, consumedRecord, type Stage, type WorkerErrantRecordReporter } from './errorHandling.js';

export interface SinkTaskDeps extends WorkerTaskDeps<SinkRecord> {
  task: SinkTask;
  topics: string[] | undefined;
  topicsRegex: RegExp | undefined;
  consumer: Consumer;
  errantRecordReporter?: WorkerErrantRecordReporter;
}

interface KafkaMessage {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  attributes: number;
  offset: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const LOG_APPEND_TIME_FLAG = 0x08;

/**
 * consumer batch → converters → transformation chain → put(batch); offsets are committed only after
 * preCommit/flush says what is durable, every offset.flush.interval.ms and when the task stops.
 */
export class WorkerSinkTask implements WorkerTask {
  readonly id: ConnectorTaskId;
  private _state: State = 'UNASSIGNED';
  private stopping = false;
  private paused = false;
  /** Next offset to read per partition, for what put() has accepted. */
  private readonly consumed = new Map<string, TopicPartitionOffset>();
  private readonly committed = new Map<string, number>();
  private lastCommit = Date.now();
  private commitRequested = false;
  private serial: Promise<unknown> = Promise.resolve();
  private assignment: TopicPartition[] = [];
  private commitTimer: NodeJS.Timeout | undefined;
  private readonly seenTopics = new Set<string>();
  private retryAfterMs = 0;
  /** Between kafkajs noticing a rebalance and the new assignment: a commit now would fail after the flush. */
  private rebalancing = false;
  /** When put() last received records; the timer commits only for a task that has gone quiet. */
  private lastDelivery = 0;

  constructor(private readonly d: SinkTaskDeps) {
    this.id = d.id;
  }

  get state(): State {
    return this._state;
  }

  private setState(state: State, err?: unknown): void {
    this._state = state;
    this.d.onStatus(this.id, err === undefined ? { state } : { state, trace: traceOf(err) });
  }

  private fail(err: unknown): void {
    if (this.stopping || this._state === 'FAILED') return;
    this.d.logger.error({ err }, 'Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted');
    this.setState('FAILED', err);
    // Stop fetching; offsets of what was not flushed stay uncommitted, so nothing is lost.
    void this.d.consumer.stop().catch(() => {});
  }

  async start(): Promise<void> {
    const { task, consumer, logger } = this.d;
    try {
      task.initialize(this.context());
      await task.start(this.d.taskConfig);
      await consumer.connect();
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        this.rebalancing = false;
        void this.onAssignment(e.payload.memberAssignment);
      });
      consumer.on(consumer.events.REBALANCING, () => {
        this.rebalancing = true;
      });
      consumer.on(consumer.events.CRASH, (e) => {
        if (!e.payload.restart) this.fail(e.payload.error);
      });
      await this.subscribe();
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.onBatch(payload as unknown as BatchPayload),
      });
    } catch (err) {
      logger.error({ err }, 'Task failed to start');
      this.setState('FAILED', err);
      return;
    }
    this.setState(this.paused ? 'PAUSED' : 'RUNNING');
    logger.info('Sink task started');
    // Commits run inside the batch flow (deliver), which kafkajs never overlaps with a rejoin; the
    // timer only covers a task that stopped receiving records, whose commits could otherwise wait.
    this.commitTimer = setInterval(() => {
      if (Date.now() - this.lastDelivery >= this.d.offsetFlushIntervalMs) void this.maybeCommit(false);
    }, Math.min(this.d.offsetFlushIntervalMs, 1000));
    this.commitTimer.unref();
  }

  /**
   * Connect's sink consumers start from the earliest offset when the group has none. A topic that
   * does not exist yet is being auto-created, or will be: keep trying, as Java's consumer waits.
   */
  private async subscribe(): Promise<void> {
    const topics = this.d.topicsRegex ? [this.d.topicsRegex] : this.d.topics ?? [];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.d.consumer.subscribe({ topics, fromBeginning: true });
        return;
      } catch (err) {
        const retriable = (err as { retriable?: boolean }).retriable === true || /does not host this topic-partition/.test((err as Error).message);
        if (!retriable || this.stopping) throw err;
        if (attempt % 20 === 1) this.d.logger.warn({ topics: topics.map(String), reason: (err as Error).message }, 'Waiting for the topics to exist');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private context() {
    return {
      configs: () => this.d.taskConfig,
      offset: (offsets: TopicPartitionOffset[]) => {
        for (const o of offsets) this.d.consumer.seek({ topic: o.topic, partition: o.partition, offset: String(o.offset) });
      },
      timeout: (ms: number) => {
        this.retryAfterMs = ms;
      },
      assignment: () => [...this.assignment],
      pause: (partitions: TopicPartition[]) => this.d.consumer.pause(groupByTopic(partitions)),
      resume: (partitions: TopicPartition[]) => this.d.consumer.resume(groupByTopic(partitions)),
      requestCommit: () => {
        this.commitRequested = true;
      },
      errantRecordReporter: () => this.d.errantRecordReporter,
    };
  }

  private async onAssignment(memberAssignment: Record<string, number[]>): Promise<void> {
    const next: TopicPartition[] = [];
    for (const [topic, partitions] of Object.entries(memberAssignment)) for (const partition of partitions) next.push({ topic, partition });
    const now = new Set(next.map((p) => tpKey(p.topic, p.partition)));
    const before = new Set(this.assignment.map((p) => tpKey(p.topic, p.partition)));
    const revoked = this.assignment.filter((p) => !now.has(tpKey(p.topic, p.partition)));
    const added = next.filter((p) => !before.has(tpKey(p.topic, p.partition)));
    // kafkajs restarts every partition at its committed offset after a rebalance: the partitions
    // this task keeps continue after what put() already has (seek before the fetch loop resumes),
    // or records put but not yet flushed would reach the task twice.
    for (const p of next) {
      const position = before.has(tpKey(p.topic, p.partition)) ? this.consumed.get(tpKey(p.topic, p.partition)) : undefined;
      if (position) this.d.consumer.seek({ topic: p.topic, partition: p.partition, offset: String(position.offset) });
    }
    this.assignment = next;
    await this.exclusive(async () => {
      try {
        if (revoked.length) {
          await this.d.task.close(revoked);
          for (const p of revoked) this.consumed.delete(tpKey(p.topic, p.partition));
        }
        if (added.length) await this.d.task.open(added);
      } catch (err) {
        this.fail(err);
      }
    });
  }

  /** put(), commits and rebalance callbacks never interleave. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serial.then(fn, fn);
    this.serial = run.catch(() => {});
    return run;
  }

  private async onBatch(payload: BatchPayload): Promise<void> {
    const { batch } = payload;
    if (this.stopping || this._state === 'FAILED') return;
    while (this.paused && !this.stopping) {
      await new Promise((r) => setTimeout(r, 100));
      await payload.heartbeat();
    }
    if (batch.messages.length === 0) return;
    await this.exclusive(() => this.deliver(batch.topic, batch.partition, batch.messages, payload));
  }

  private async deliver(topic: string, partition: number, messages: KafkaMessage[], payload: BatchPayload): Promise<void> {
    if (this.stopping || this._state === 'FAILED') return;
    const records: SinkRecord[] = [];
    for (const m of messages) {
      const r = this.toRecord(topic, partition, m);
      if (r instanceof RecordFailure) {
        try {
          await this.d.errors.tolerate(r.error, r.context);
        } catch (err) {
          this.fail(err);
          return;
        }
      } else if (r !== null) {
        records.push(r);
      }
    }
    if (!this.seenTopics.has(topic)) {
      this.seenTopics.add(topic);
      this.d.onTopic(topic);
    }
    // Errant reports of this batch carry its original bytes to the DLQ.
    this.d.errantRecordReporter?.delivering(topic, partition, messages);
    try {
      await this.put(records, payload);
    } catch (err) {
      this.fail(err);
      return;
    }
    const last = messages[messages.length - 1]!;
    payload.resolveOffset(last.offset);
    this.consumed.set(tpKey(topic, partition), { topic, partition, offset: Number(last.offset) + 1 });
    this.lastDelivery = Date.now();
    await payload.heartbeat();
    await this.maybeCommitLocked(false);
  }

  /** put() with the task's own retry protocol: RetriableException redelivers the same batch. */
  private async put(records: SinkRecord[], payload: BatchPayload): Promise<void> {
    for (;;) {
      try {
        await this.d.errors.retry(async () => this.d.task.put(records), { stage: 'TASK_PUT', executingClass: this.d.task.constructor.name });
        return;
      } catch (err) {
        if (!(err instanceof RetriableException) || this.stopping) throw err;
        const wait = this.retryAfterMs > 0 ? this.retryAfterMs : 1000;
        this.retryAfterMs = 0;
        this.d.logger.warn({ err, retryInMs: wait }, 'put() failed with a retriable error; redelivering the batch');
        await new Promise((r) => setTimeout(r, wait));
        await payload.heartbeat().catch(() => {});
      }
    }
  }

  private toRecord(topic: string, partition: number, m: KafkaMessage): SinkRecord | null | RecordFailure {
    let stage: Stage = 'KEY_CONVERTER';
    let executing = this.d.keyConverter.constructor.name;
    try {
      const headers = new ConnectHeaders();
      if (m.headers) {
        stage = 'HEADER_CONVERTER';
        executing = this.d.headerConverter.constructor.name;
        for (const [hk, hv] of Object.entries(m.headers)) {
          for (const one of Array.isArray(hv) ? hv : [hv]) {
            const bytes = one === undefined ? null : typeof one === 'string' ? Buffer.from(one) : one;
            const sv = this.d.headerConverter.toConnectHeader(topic, hk, bytes);
            headers.add(hk, sv.value, sv.schema);
          }
        }
      }
      stage = 'KEY_CONVERTER';
      executing = this.d.keyConverter.constructor.name;
      const key = this.d.keyConverter.toConnectData(topic, headers, m.key);
      stage = 'VALUE_CONVERTER';
      executing = this.d.valueConverter.constructor.name;
      const value = this.d.valueConverter.toConnectData(topic, headers, m.value);
      const offset = Number(m.offset);
      const record = new SinkRecord({
        topic,
        kafkaPartition: partition,
        keySchema: key.schema,
        key: key.value,
        valueSchema: value.schema,
        value: value.value,
        kafkaOffset: offset,
        timestamp: Number(m.timestamp),
        timestampType: m.attributes & LOG_APPEND_TIME_FLAG ? 'LogAppendTime' : 'CreateTime',
        headers,
      });
      stage = 'TRANSFORMATION';
      executing = 'TransformationChain';
      return this.d.chain.isEmpty ? record : this.d.chain.apply(record);
    } catch (err) {
      if (err instanceof TransformationError) executing = err.alias;
      return new RecordFailure(err, { stage, executingClass: executing, consumed: consumedRecord(topic, partition, m) });
    }
  }

  private maybeCommit(force: boolean): Promise<void> {
    return this.exclusive(() => this.maybeCommitLocked(force));
  }

  private async maybeCommitLocked(force: boolean): Promise<void> {
    if ((this._state === 'FAILED' || this.rebalancing) && !force) return;
    const due = force || this.commitRequested || Date.now() - this.lastCommit >= this.d.offsetFlushIntervalMs;
    if (!due || this.consumed.size === 0) return;
    this.commitRequested = false;
    this.lastCommit = Date.now();
    const current = [...this.consumed.values()];
    try {
      // Skipped and errant-reported records must be in the DLQ before their offsets are committed.
      await this.d.errors.flush();
    } catch (err) {
      this.fail(err);
      return;
    }
    let toCommit: TopicPartitionOffset[];
    try {
      toCommit = await this.d.task.preCommit(current);
    } catch (err) {
      this.d.logger.error({ err }, 'preCommit/flush failed; offsets not committed, records will be redelivered');
      return;
    }
    const fresh = toCommit.filter((o) => this.committed.get(tpKey(o.topic, o.partition)) !== o.offset);
    if (fresh.length === 0) return;
    try {
      await this.d.consumer.commitOffsets(fresh.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
      for (const o of fresh) this.committed.set(tpKey(o.topic, o.partition), o.offset);
      this.d.logger.debug({ offsets: fresh }, 'Committed offsets');
    } catch (err) {
      this.d.logger.warn({ err }, 'Offset commit failed; will retry at the next commit');
    }
  }

  commitOffsets(): Promise<void> {
    return this.maybeCommit(true);
  }

  pause(): void {
    this.paused = true;
    if (this._state === 'RUNNING') this.setState('PAUSED');
  }

  resume(): void {
    this.paused = false;
    if (this._state === 'PAUSED') this.setState('RUNNING');
  }

  async stop(): Promise<void> {
    const { consumer, task, logger } = this.d;
    const failed = this._state === 'FAILED';
    this.stopping = true;
    if (this.commitTimer) clearInterval(this.commitTimer);
    // Finish the batch in hand and commit while the consumer is still a group member: kafkajs
    // refuses commits once it is stopped, and an uncommitted tail would be delivered twice.
    await this.serial;
    // Mid-rebalance the commit would fail after the flush; unflushed records simply go to the
    // partitions' next owner instead.
    if (!failed && !this.rebalancing) await this.maybeCommit(true);
    await consumer.stop().catch((err: unknown) => logger.warn({ err }, 'Consumer stop failed'));
    try {
      await task.close(this.assignment);
    } catch (err) {
      logger.warn({ err }, 'Task close() threw');
    }
    try {
      await task.stop();
    } catch (err) {
      logger.warn({ err }, 'Task stop() threw');
    }
    await consumer.disconnect().catch((err: unknown) => logger.warn({ err }, 'Consumer disconnect failed'));
    this.d.chain.close();
    await this.d.errors.close().catch(() => {});
    if (this._state !== 'FAILED') this.setState('UNASSIGNED');
    logger.info('Sink task stopped');
  }
}

interface BatchPayload {
  batch: { topic: string; partition: number; messages: KafkaMessage[] };
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
}

function groupByTopic(partitions: TopicPartition[]): Array<{ topic: string; partitions: number[] }> {
  const m = new Map<string, number[]>();
  for (const p of partitions) {
    const list = m.get(p.topic) ?? [];
    list.push(p.partition);
    m.set(p.topic, list);
  }
  return [...m].map(([topic, ps]) => ({ topic, partitions: ps }));
}
