import { isPending, settlePending } from './pendingConversion.js';
import { isRebalancingError, isTransientKafkaError, keepConsuming, type Consumer } from '../kafka/index.js';
import type { SinkTask, TopicPartition, TopicPartitionOffset } from '../api/tasks.js';
import { SinkRecord } from '../data/SinkRecord.js';
import { ConnectHeaders } from '../data/Headers.js';
import { RetriableException } from '../data/errors.js';
import { TransformationError } from './TransformationChain.js';
import { AbstractWorkerTask, type WorkerTaskDeps } from './WorkerTask.js';
import { RecordFailure, consumedRecord, type Stage, type WorkerErrantRecordReporter } from './errorHandling.js';
import { WindowedStat, type TaskMetricsSnapshot } from './taskMetrics.js';

export interface SinkTaskDeps extends WorkerTaskDeps<SinkRecord> {
  task: SinkTask;
  topics: string[] | undefined;
  /** topics.regex compiled by compileJavaRegex (whole-name match). */
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

/** Connect's task.shutdown.graceful.timeout.ms default. */
const STOP_DURING_OUTAGE_MS = 5000;

/** Resolves when `p` settles or after `ms`, whichever comes first. */
function settleWithin<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const LOG_APPEND_TIME_FLAG = 0x08;

/**
 * consumer batch → converters → transformation chain → put(batch); offsets are committed only after
 * preCommit/flush says what is durable, every offset.flush.interval.ms and when the task stops.
 */
export class WorkerSinkTask extends AbstractWorkerTask<SinkRecord, SinkTaskDeps> {
  /** Next offset to read per partition, for what put() has accepted. */
  private readonly consumed = new Map<string, TopicPartitionOffset>();
  private readonly committed = new Map<string, number>();
  private lastCommit = Date.now();
  private commitRequested = false;
  private serial: Promise<unknown> = Promise.resolve();
  private assignment: TopicPartition[] = [];
  private commitTimer: NodeJS.Timeout | undefined;
  private retryAfterMs = 0;
  /** Between kafkajs noticing a rebalance and the new assignment: a commit now would fail after the flush. */
  private rebalancing = false;
  /** When put() last received records; the timer commits only for a task that has gone quiet. */
  private lastDelivery = 0;
  private readonly putBatchMs = new WindowedStat();
  private readTotal = 0;
  private sendTotal = 0;
  /** Records put since the last successful commit. */
  private uncommitted = 0;
  /** Per partition: records between the last one delivered and the end of the log. */
  private readonly lag = new Map<string, number>();
  private commitSeqNo = 0;
  private commitCompletions = 0;
  private commitSkips = 0;

  constructor(deps: SinkTaskDeps) {
    // Through an outage the consumer is restarted and commits are retried later.
    super(deps, 'sink', 'sink task consumer');
  }

  protected halt(): void {
    // Stop fetching; offsets of what was not flushed stay uncommitted, so nothing is lost.
    void this.deps.consumer.stop().catch(() => {});
  }

  protected async startTask(): Promise<void> {
    const { task, consumer } = this.deps;
    task.initialize(this.context());
    await task.start(this.deps.taskConfig);
    await this.untilReachable(() => consumer.connect());
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.rebalancing = false;
      void this.onAssignment(e.payload.memberAssignment);
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.rebalancing = true;
    });
    const run = () =>
      consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 1,
        eachBatch: (payload) => this.onBatch(payload as unknown as BatchPayload),
      });
    keepConsuming(consumer, { outage: this.outage, run, stopped: () => this.stopping || this.failed, onFatal: (err) => this.fail(err) });
    await this.subscribe();
    await run();
  }

  protected started(): void {
    // Commits run inside the batch flow (deliver), which kafkajs never overlaps with a rejoin; the
    // timer only covers a task that stopped receiving records, whose commits could otherwise wait.
    this.commitTimer = setInterval(() => {
      if (Date.now() - this.lastDelivery >= this.deps.offsetFlushIntervalMs) void this.maybeCommit(false);
    }, Math.min(this.deps.offsetFlushIntervalMs, 1000));
    this.commitTimer.unref();
  }

  /**
   * Connect's sink consumers start from the earliest offset when the group has none. A topic that
   * does not exist yet is being auto-created, or will be: keep trying, as Java's consumer waits.
   */
  private async subscribe(): Promise<void> {
    const topics = this.deps.topicsRegex ? [this.deps.topicsRegex] : this.deps.topics ?? [];
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.consumer.subscribe({ topics, fromBeginning: true });
        return;
      } catch (err) {
        const retriable = (err as { retriable?: boolean }).retriable === true || /does not host this topic-partition/.test((err as Error).message);
        if (!retriable || this.stopping) throw err;
        if (attempt % 20 === 1) this.deps.logger.warn({ topics: topics.map(String), reason: (err as Error).message }, 'Waiting for the topics to exist');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private context() {
    return {
      configs: () => this.deps.taskConfig,
      offset: (offsets: TopicPartitionOffset[]) => {
        for (const o of offsets) this.deps.consumer.seek({ topic: o.topic, partition: o.partition, offset: String(o.offset) });
      },
      timeout: (ms: number) => {
        this.retryAfterMs = ms;
      },
      assignment: () => [...this.assignment],
      pause: (partitions: TopicPartition[]) => this.deps.consumer.pause(groupByTopic(partitions)),
      resume: (partitions: TopicPartition[]) => this.deps.consumer.resume(groupByTopic(partitions)),
      requestCommit: () => {
        this.commitRequested = true;
      },
      errantRecordReporter: () => this.deps.errantRecordReporter,
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
      if (position) this.deps.consumer.seek({ topic: p.topic, partition: p.partition, offset: String(position.offset) });
    }
    this.assignment = next;
    await this.exclusive(async () => {
      try {
        if (revoked.length) {
          await this.deps.task.close(revoked);
          for (const p of revoked) this.consumed.delete(tpKey(p.topic, p.partition));
        }
        if (added.length) await this.deps.task.open(added);
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
    if (this.stopping || this.failed) return;
    while (this.paused && !this.stopping) {
      await new Promise((r) => setTimeout(r, 100));
      await this.exclusive(() => this.heartbeat(payload));
    }
    if (batch.messages.length === 0) return;
    await this.exclusive(() => this.deliver(batch.topic, batch.partition, batch.messages, payload));
  }

  private async deliver(topic: string, partition: number, messages: KafkaMessage[], payload: BatchPayload): Promise<void> {
    if (this.stopping || this.failed) return;
    // Not while another worker may run this task: the records stay unconsumed and uncommitted.
    if (!(await this.untilMayWork())) return;
    this.readTotal += messages.length;
    const records: SinkRecord[] = [];
    this.deps.onStage?.('TRANSFORMATION');
    for (const m of messages) {
      let r = this.toRecord(topic, partition, m);
      if (isPending(r)) r = await settlePending(r, () => this.toRecord(topic, partition, m), this.deps.errors);
      if (r instanceof RecordFailure) {
        try {
          await this.deps.errors.tolerate(r.error, r.context);
        } catch (err) {
          this.fail(err);
          return;
        }
      } else if (r !== null) {
        records.push(r);
      }
    }
    this.sawTopic(topic);
    // Errant reports of this batch carry its original bytes to the DLQ.
    this.deps.errantRecordReporter?.delivering(topic, partition, messages);
    const putStart = Date.now();
    try {
      this.deps.onStage?.('TASK_PUT');
      await this.put(records, payload);
    } catch (err) {
      // A rebalance while put() was retrying: kafkajs rejoins, the batch comes again from its offset.
      if (isRebalancingError(err)) throw err;
      this.fail(err);
      return;
    } finally {
      this.deps.onStage?.('IDLE');
    }
    const now = Date.now();
    this.putBatchMs.record(now - putStart, now);
    this.counters.batchSize.record(records.length, now);
    this.sendTotal += records.length;
    this.uncommitted += records.length;
    const last = messages[messages.length - 1]!;
    const highWatermark = Number(payload.batch.highWatermark);
    if (Number.isFinite(highWatermark)) this.lag.set(tpKey(topic, partition), Math.max(0, highWatermark - Number(last.offset) - 1));
    payload.resolveOffset(last.offset);
    this.consumed.set(tpKey(topic, partition), { topic, partition, offset: Number(last.offset) + 1 });
    this.lastDelivery = Date.now();
    await this.heartbeat(payload);
    await this.maybeCommitLocked(false);
  }

  /**
   * A heartbeat that learns of a rebalance commits what put() has before kafkajs rejoins, as
   * Connect's sink task does when its partitions are revoked: their next owner would otherwise
   * start from the last periodic commit and deliver the tail twice. Called with the task locked.
   */
  private async heartbeat(payload: BatchPayload): Promise<void> {
    try {
      await payload.heartbeat();
    } catch (err) {
      if (isRebalancingError(err) && !this.failed) await this.maybeCommitLocked(true);
      throw err;
    }
  }

  /** put() with the task's own retry protocol: RetriableException redelivers the same batch. */
  private async put(records: SinkRecord[], payload: BatchPayload): Promise<void> {
    for (;;) {
      try {
        await this.deps.errors.retry(async () => this.deps.task.put(records), { stage: 'TASK_PUT', executingClass: this.deps.task.constructor.name });
        return;
      } catch (err) {
        if (!(err instanceof RetriableException) || this.stopping) throw err;
        const wait = this.retryAfterMs > 0 ? this.retryAfterMs : 1000;
        this.retryAfterMs = 0;
        this.deps.logger.warn({ err, retryInMs: wait }, 'put() failed with a retriable error; redelivering the batch');
        await new Promise((r) => setTimeout(r, wait));
        // A rebalance is not waited out: what put() took before this batch is committed and the
        // batch goes back, or the group waits for this task and then gives its partitions away
        // from an older commit.
        await this.heartbeat(payload).catch((err: unknown) => {
          if (isRebalancingError(err)) throw err;
        });
      }
    }
  }

  private toRecord(topic: string, partition: number, m: KafkaMessage): SinkRecord | null | RecordFailure {
    let stage: Stage = 'KEY_CONVERTER';
    let executing = this.deps.keyConverter.constructor.name;
    try {
      const headers = new ConnectHeaders();
      if (m.headers) {
        stage = 'HEADER_CONVERTER';
        executing = this.deps.headerConverter.constructor.name;
        for (const [hk, hv] of Object.entries(m.headers)) {
          for (const one of Array.isArray(hv) ? hv : [hv]) {
            const bytes = one === undefined ? null : typeof one === 'string' ? Buffer.from(one) : one;
            const sv = this.deps.headerConverter.toConnectHeader(topic, hk, bytes);
            headers.add(hk, sv.value, sv.schema);
          }
        }
      }
      stage = 'KEY_CONVERTER';
      executing = this.deps.keyConverter.constructor.name;
      const key = this.deps.keyConverter.toConnectData(topic, headers, m.key);
      stage = 'VALUE_CONVERTER';
      executing = this.deps.valueConverter.constructor.name;
      const value = this.deps.valueConverter.toConnectData(topic, headers, m.value);
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
      return this.deps.chain.isEmpty ? record : this.deps.chain.apply(record);
    } catch (err) {
      if (err instanceof TransformationError) executing = err.alias;
      return new RecordFailure(err, { stage, executingClass: executing, consumed: consumedRecord(topic, partition, m) });
    }
  }

  private maybeCommit(force: boolean): Promise<void> {
    return this.exclusive(() => this.maybeCommitLocked(force));
  }

  private async maybeCommitLocked(force: boolean): Promise<void> {
    if ((this.failed || this.rebalancing) && !force) return;
    const due = force || this.commitRequested || Date.now() - this.lastCommit >= this.deps.offsetFlushIntervalMs;
    if (!due || this.consumed.size === 0) return;
    this.commitRequested = false;
    this.lastCommit = Date.now();
    const current = [...this.consumed.values()];
    try {
      // Skipped and errant-reported records must be in the DLQ before their offsets are committed.
      await this.deps.errors.flush();
    } catch (err) {
      this.fail(err);
      return;
    }
    let toCommit: TopicPartitionOffset[];
    try {
      this.deps.onStage?.('TASK_COMMIT');
      toCommit = await this.deps.task.preCommit(current);
      this.deps.onStage?.('IDLE');
    } catch (err) {
      this.deps.logger.error({ err }, 'preCommit/flush failed; offsets not committed, records will be redelivered');
      return;
    }
    const fresh = toCommit.filter((o) => this.committed.get(tpKey(o.topic, o.partition)) !== o.offset);
    this.commitSeqNo++;
    if (fresh.length === 0) {
      this.commitSkips++;
      return;
    }
    const started = Date.now();
    try {
      await this.deps.consumer.commitOffsets(fresh.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })));
      for (const o of fresh) this.committed.set(tpKey(o.topic, o.partition), o.offset);
      this.counters.commitDone(started, true);
      this.commitCompletions++;
      this.uncommitted = 0;
      this.deps.logger.debug({ offsets: fresh }, 'Committed offsets');
    } catch (err) {
      this.counters.commitDone(started, false);
      if (isTransientKafkaError(err)) this.outage.failed(err);
      else this.deps.logger.warn({ err }, 'Offset commit failed; will retry at the next commit');
    }
  }

  commitOffsets(): Promise<void> {
    return this.maybeCommit(true);
  }

  metrics(): TaskMetricsSnapshot {
    const snap = this.baseMetrics();
    let lagMax = 0;
    for (const p of this.assignment) lagMax = Math.max(lagMax, this.lag.get(tpKey(p.topic, p.partition)) ?? 0);
    snap.sink = {
      readTotal: this.readTotal,
      sendTotal: this.sendTotal,
      activeCount: this.uncommitted,
      putBatchMs: this.putBatchMs.snapshot(),
      partitionCount: this.assignment.length,
      lagMax,
      offsetCommitSeqNo: this.commitSeqNo,
      offsetCommitCompletionTotal: this.commitCompletions,
      offsetCommitSkipTotal: this.commitSkips,
    };
    return snap;
  }

  protected async stopTask(): Promise<void> {
    const { consumer, task, logger } = this.deps;
    if (this.commitTimer) clearInterval(this.commitTimer);
    // Finish the batch in hand and commit while the consumer is still a group member: kafkajs
    // refuses commits once it is stopped, and an uncommitted tail would be delivered twice.
    // While the cluster is unreachable the consumer's calls wait for it without end: stopping
    // gives them a bounded time, and what was not committed is simply delivered again later.
    const deadline = Date.now() + STOP_DURING_OUTAGE_MS;
    const kafkaCall = <T>(p: Promise<T>) => (this.outage.inOutage ? settleWithin(p, Math.max(0, deadline - Date.now())) : p);
    await kafkaCall(this.serial);
    // Mid-rebalance the commit would fail after the flush; unflushed records simply go to the
    // partitions' next owner instead.
    if (!this.failed && !this.rebalancing) await kafkaCall(this.maybeCommit(true));
    await kafkaCall(consumer.stop()).catch((err: unknown) => logger.warn({ err }, 'Consumer stop failed'));
    try {
      await task.close(this.assignment);
    } catch (err) {
      logger.warn({ err }, 'Task close() threw');
    }
    await this.stopPlugin();
    await kafkaCall(consumer.disconnect()).catch((err: unknown) => logger.warn({ err }, 'Consumer disconnect failed'));
  }
}

interface BatchPayload {
  batch: { topic: string; partition: number; highWatermark: string; messages: KafkaMessage[] };
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
