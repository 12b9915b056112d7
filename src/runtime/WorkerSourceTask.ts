import { isFencingUnderWay, isProducerFenced, type Producer, type Transaction } from '../kafka/index.js';
import type { SourceTask, OffsetStorageReader, SourcePartition, TransactionContext } from '../api/tasks.js';
import type { ExactlyOnceSpec } from './eos/exactlyOnce.js';
import type { SourceRecord } from '../data/SourceRecord.js';
import { TransformationError } from './TransformationChain.js';
import { AbstractWorkerTask, Wakeup, type WorkerTaskDeps } from './WorkerTask.js';
import { RecordFailure, type Stage } from './errorHandling.js';
import { offsetKey, type OffsetWrite } from './offsets.js';
import { isPending, settlePending } from './pendingConversion.js';
import { WindowedStat, type TaskMetricsSnapshot } from './taskMetrics.js';

export interface SourceTaskDeps extends WorkerTaskDeps<SourceRecord> {
  task: SourceTask;
  producer: Producer;
  /** Stores acknowledged records' offsets (the worker's offset store, on the main thread). */
  writeOffsets: OffsetWrite;
  offsetReader: OffsetStorageReader;
  /** producer max.request.size: one produce request never carries more (the broker refuses larger batches). */
  maxRequestBytes?: number;
  /**
   * KIP-618 (`exactly.once.source.support=enabled`): `producer` is transactional; records and their
   * source offsets (to `offsetsTopic`) are committed in one transaction, at the boundaries the spec names.
   */
  exactlyOnce?: ExactlyOnceSpec;
}

/** What a connector asked of its transaction (transaction.boundary=connector). */
type TxRequest = 'commit' | 'abort';

/** A fenced producer: another incarnation of this task took over; the task fails and never commits again. */
export class ProducerFencedError extends Error {
  constructor(transactionalId: string, cause: unknown) {
    super(
      `The producer with transactional id ${transactionalId} was fenced out by a newer one (another worker now runs this task, or the ` +
        'connector was reconfigured): this task stops without committing',
      { cause },
    );
    this.name = 'ProducerFencedError';
  }
}

interface OutMessage {
  topic: string;
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  timestamp?: string;
  headers?: Record<string, Buffer | Buffer[]>;
}

/** A polled record on its way to Kafka; message is undefined when a transform dropped the record. */
interface InFlight {
  record: SourceRecord;
  message: OutMessage | undefined;
  /** Estimated bytes on the wire, to keep each request under the broker's size limit. */
  bytes: number;
}

/** Per-record framing in a v2 record batch (length, attributes, deltas, header count) at most. */
const RECORD_OVERHEAD = 24;
/** Room for the request, topic and batch headers around the records. */
const REQUEST_OVERHEAD = 16 * 1024;

function messageBytes(m: OutMessage | undefined): number {
  if (!m) return 0;
  let n = RECORD_OVERHEAD + (m.key?.length ?? 0) + (m.value?.length ?? 0);
  if (m.headers) {
    for (const [k, v] of Object.entries(m.headers)) {
      for (const b of Array.isArray(v) ? v : [v]) n += k.length + b.length + 8;
    }
  }
  return n;
}

/** Records per produce request at most; bounds memory while a request is in flight. */
const MAX_BATCH_RECORDS = 20000;

/**
 * poll → transformation chain → converters → producer, with offsets committed only for records the
 * broker acknowledged. One produce request is in flight while the next polls are converted, so the
 * batch grows to whatever the broker can take (adaptive batching) without a linger delay.
 */
export class WorkerSourceTask extends AbstractWorkerTask<SourceRecord, SourceTaskDeps> {
  private readonly wakeup = new Wakeup();
  private loop: Promise<void> = Promise.resolve();
  private buffer: InFlight[] = [];
  private bufferedBytes = 0;
  private readonly requestBytes: number;
  private sending: Promise<void> | undefined;
  private sendError: unknown;
  private readonly pendingOffsets = new Map<string, string | null>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly pollBatchMs = new WindowedStat();
  private pollTotal = 0;
  private writeTotal = 0;
  /** Polled records whose fate is settled: acknowledged, dropped by a transform, or skipped. */
  private doneTotal = 0;
  /** KIP-618: the open transaction (exactly-once mode), begun by the first send after a commit. */
  private tx: Transaction | undefined;
  private nextIntervalCommit = 0;
  private batchRequest: TxRequest | undefined;
  private readonly recordRequests = new Map<SourceRecord, TxRequest>();
  /** Once fenced, or after a failed commit, this task never commits again. */
  private txBroken = false;

  constructor(deps: SourceTaskDeps) {
    // Connect's producers never give up: broker outages are waited out.
    super(deps, 'source', 'source task producer');
    this.requestBytes = Math.max(64 * 1024, (deps.maxRequestBytes ?? 1048576) - REQUEST_OVERHEAD);
  }

  protected async startTask(): Promise<void> {
    // The producer connects while the task starts (as Kafka's producer connects lazily): the first
    // poll waits for both, not for one after the other.
    const connected = this.untilReachable(() => this.deps.producer.connect());
    connected.catch(() => {}); // awaited below; a task that throws first must not leave it unhandled
    const eos = this.deps.exactlyOnce;
    if (eos) {
      // Initialise the transactional id now: this fences any older incarnation of this task
      // (a zombie) before this one reads its offsets, so what it reads can no longer change.
      await connected;
      await this.beginTransaction();
      this.nextIntervalCommit = Date.now() + eos.intervalMs;
    }
    const transactionContext = eos?.boundary === 'connector' ? this.transactionContext() : null;
    this.deps.task.initialize({
      configs: () => this.deps.taskConfig,
      offsetStorageReader: () => this.deps.offsetReader,
      transactionContext: () => transactionContext,
    });
    await Promise.all([connected, this.deps.task.start(this.deps.taskConfig)]);
  }

  protected started(): void {
    if (!this.deps.exactlyOnce) {
      this.flushTimer = setInterval(() => void this.commitOffsets(), this.deps.offsetFlushIntervalMs);
      this.flushTimer.unref();
    }
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const { task } = this.deps;
    try {
      while (!this.stopping && !this.failed) {
        if (this.paused) {
          // KIP-618: no transaction hangs open while paused (it would time out, or be fenced).
          if (this.deps.exactlyOnce && this.tx) await this.endTransaction(this.finalRequest());
          await this.wakeup.wait(1000);
          continue;
        }
        if (this.sendError !== undefined) throw this.sendError;
        let records: SourceRecord[] | null;
        const pollStart = Date.now();
        try {
          this.deps.onStage?.('TASK_POLL');
          records = await task.poll();
        } catch (err) {
          if (this.stopping) break;
          await this.deps.errors.tolerate(err, { stage: 'TASK_POLL', executingClass: task.constructor.name });
          continue;
        }
        if (!records || records.length === 0) {
          if (this.deps.exactlyOnce) await this.transactionBoundary([]);
          // A task that returns at once with nothing must not starve the event loop.
          this.deps.onStage?.('IDLE');
          await new Promise((r) => setImmediate(r));
          continue;
        }
        const now = Date.now();
        this.pollBatchMs.record(now - pollStart, now);
        this.counters.batchSize.record(records.length, now);
        this.pollTotal += records.length;
        this.deps.onStage?.('TRANSFORMATION');
        if (this.deps.exactlyOnce) await this.transactionBoundary(records);
        else await this.enqueue(records);
        this.deps.onStage?.('IDLE');
      }
      if (this.failed) return;
      await this.drain();
    } catch (err) {
      if (this.deps.exactlyOnce) await this.abandonTransaction();
      this.fail(err);
    }
  }

  /** Transforms and converts a polled batch, then hands it to the sender. */
  private async enqueue(records: SourceRecord[]): Promise<void> {
    for (const record of records) {
      let message = this.toMessage(record);
      if (isPending(message)) message = await settlePending(message, () => this.toMessage(record), this.deps.errors);
      if (message instanceof RecordFailure) {
        // Only a failure awaits: tolerated records are skipped, their offsets still count as handled.
        await this.deps.errors.tolerate(message.error, message.context);
        this.buffer.push({ record, message: undefined, bytes: 0 });
      } else {
        const bytes = messageBytes(message ?? undefined);
        this.bufferedBytes += bytes;
        this.buffer.push({ record, message: message ?? undefined, bytes });
      }
    }
    if (!this.sending) this.sending = this.sendLoop();
    // Back-pressure: while one full batch waits, stop polling.
    while ((this.buffer.length >= MAX_BATCH_RECORDS || this.bufferedBytes >= 4 * this.requestBytes) && this.sending) await this.sending;
  }

  private toMessage(record: SourceRecord): OutMessage | null | RecordFailure {
    let stage: Stage = 'TRANSFORMATION';
    let executing = 'TransformationChain';
    try {
      const transformed = this.deps.chain.isEmpty ? record : this.deps.chain.apply(record);
      if (transformed === null) return null;
      const topic = transformed.topic;
      stage = 'KEY_CONVERTER';
      executing = this.deps.keyConverter.constructor.name;
      const key = this.deps.keyConverter.fromConnectData(topic, transformed.headers, transformed.keySchema, transformed.key);
      stage = 'VALUE_CONVERTER';
      executing = this.deps.valueConverter.constructor.name;
      const value = this.deps.valueConverter.fromConnectData(topic, transformed.headers, transformed.valueSchema, transformed.value);
      stage = 'HEADER_CONVERTER';
      executing = this.deps.headerConverter.constructor.name;
      let headers: Record<string, Buffer | Buffer[]> | undefined;
      if (!transformed.headers.isEmpty()) {
        headers = {};
        for (const h of transformed.headers) {
          const bytes = this.deps.headerConverter.fromConnectHeader(topic, h.key, h.schema, h.value) ?? Buffer.alloc(0);
          const prev = headers[h.key];
          headers[h.key] = prev === undefined ? bytes : Array.isArray(prev) ? [...prev, bytes] : [prev, bytes];
        }
      }
      const message: OutMessage = { topic, key, value };
      if (transformed.kafkaPartition !== null && transformed.kafkaPartition !== undefined) message.partition = transformed.kafkaPartition;
      if (transformed.timestamp !== null && transformed.timestamp !== undefined) message.timestamp = String(transformed.timestamp);
      if (headers) message.headers = headers;
      return message;
    } catch (err) {
      if (err instanceof TransformationError) executing = err.alias;
      return new RecordFailure(err, { stage, executingClass: executing, sourceRecord: record });
    }
  }

  private async sendLoop(): Promise<void> {
    try {
      while (this.buffer.length > 0 && this.sendError === undefined) {
        // As many records as fit one request (always at least one), in poll order.
        let n = 0;
        let bytes = 0;
        while (n < this.buffer.length && n < MAX_BATCH_RECORDS && (n === 0 || bytes + this.buffer[n]!.bytes <= this.requestBytes)) {
          bytes += this.buffer[n]!.bytes;
          n++;
        }
        const batch = n === this.buffer.length ? this.buffer : this.buffer.slice(0, n);
        this.buffer = batch === this.buffer ? [] : this.buffer.slice(n);
        this.bufferedBytes -= bytes;
        await this.send(batch);
      }
    } catch (err) {
      this.sendError = err;
      this.wakeup.wake();
    } finally {
      this.sending = undefined;
    }
  }

  private async send(batch: InFlight[]): Promise<void> {
    const byTopic = new Map<string, OutMessage[]>();
    let written = 0;
    for (const { message } of batch) {
      if (!message) continue;
      let list = byTopic.get(message.topic);
      if (!list) byTopic.set(message.topic, (list = []));
      list.push(message);
      written++;
    }
    if (byTopic.size > 0) {
      const topicMessages = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
      if (!(await this.untilMayWork())) {
        throw new Error('The worker may have lost its group membership (another worker may run this task): records not sent');
      }
      if (this.deps.exactlyOnce) {
        // In a transaction a failed send is not retried here: the transaction is aborted instead.
        const tx = await this.beginTransaction();
        await this.guardFenced(() => tx.sendBatch({ acks: -1, topicMessages }));
      } else {
        await this.untilReachable(() =>
          this.deps.errors.retry(() => this.deps.producer.sendBatch({ acks: -1, topicMessages }), { stage: 'KAFKA_PRODUCE', executingClass: 'KafkaProducer' }),
        );
      }
      for (const topic of byTopic.keys()) this.sawTopic(topic);
    }
    // Records of this batch skipped by errors.tolerance=all must be in the DLQ before their offsets count.
    await this.deps.errors.flush();
    this.writeTotal += written;
    this.doneTotal += batch.length;
    // Acknowledged (or dropped by a transform): these offsets may now be committed, in poll order.
    const connector = this.id.connector;
    // Tasks usually reuse one partition object for a whole batch: serialise its key once.
    let lastPartition: SourcePartition | undefined;
    let lastKey = '';
    for (const { record, message } of batch) {
      if (record.sourcePartition && record.sourceOffset) {
        if (record.sourcePartition !== lastPartition) {
          lastPartition = record.sourcePartition;
          lastKey = offsetKey(connector, lastPartition);
        }
        this.pendingOffsets.set(lastKey, JSON.stringify(record.sourceOffset));
      }
      try {
        this.deps.task.commitRecord(record, message ? { topic: message.topic, partition: message.partition ?? -1, offset: '-1' } : null);
      } catch (err) {
        this.deps.logger.warn({ err }, 'commitRecord threw; ignoring as Kafka Connect does');
      }
    }
  }

  private async drain(): Promise<void> {
    while (this.sending) await this.sending;
    if (this.buffer.length > 0 && this.sendError === undefined) {
      this.sending = this.sendLoop();
      await this.sending;
    }
    if (this.sendError !== undefined) throw this.sendError;
  }

  /** Writes the offsets of acknowledged records to the offset store, then tells the task. */
  commitOffsets(): Promise<void> {
    // KIP-618: offsets are committed with their records, by the task loop's transactions only.
    if (this.deps.exactlyOnce) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      if (this.pendingOffsets.size === 0) return;
      const snapshot = new Map(this.pendingOffsets);
      this.pendingOffsets.clear();
      const started = Date.now();
      try {
        await this.deps.writeOffsets(snapshot);
        this.deps.onStage?.('TASK_COMMIT');
        await this.deps.task.commit();
        this.counters.commitDone(started, true);
        this.deps.onStage?.('IDLE');
      } catch (err) {
        this.counters.commitDone(started, false);
        // Put them back unless newer offsets for the same partition arrived meanwhile.
        for (const [k, v] of snapshot) if (!this.pendingOffsets.has(k)) this.pendingOffsets.set(k, v);
        this.deps.logger.error({ err }, 'Failed to flush source offsets; will retry at the next flush');
      }
    });
    return this.flushing;
  }

  // ---- KIP-618: transactions ------------------------------------------------------------------

  private transactionContext(): TransactionContext {
    const request = (kind: TxRequest, record?: SourceRecord) => {
      if (record === undefined) this.batchRequest = kind;
      else this.recordRequests.set(record, kind);
    };
    return {
      commitTransaction: (record?: SourceRecord) => request('commit', record),
      abortTransaction: (record?: SourceRecord) => request('abort', record),
    };
  }

  /** What the final transaction of a stopping or pausing task does (Kafka's maybeCommitFinalTransaction). */
  private finalRequest(): TxRequest | undefined {
    if (this.deps.exactlyOnce?.boundary !== 'connector') return 'commit';
    return this.batchRequest;
  }

  /** Sends a polled batch in the open transaction and ends the transaction where the boundary says. */
  private async transactionBoundary(records: SourceRecord[]): Promise<void> {
    const eos = this.deps.exactlyOnce!;
    if (eos.boundary === 'connector') {
      // A record the connector named ends the transaction right after itself.
      let from = 0;
      for (let i = 0; i < records.length && this.recordRequests.size > 0; i++) {
        const kind = this.recordRequests.get(records[i]!);
        if (kind === undefined) continue;
        this.recordRequests.delete(records[i]!);
        await this.enqueue(records.slice(from, i + 1));
        await this.endTransaction(kind);
        from = i + 1;
      }
      if (from < records.length) await this.enqueue(from === 0 ? records : records.slice(from));
      const kind = this.batchRequest;
      this.batchRequest = undefined;
      if (kind) await this.endTransaction(kind);
      return;
    }
    if (records.length > 0) await this.enqueue(records);
    if (eos.boundary === 'poll') {
      if (records.length > 0) await this.endTransaction('commit');
    } else if (Date.now() >= this.nextIntervalCommit) {
      this.nextIntervalCommit = Date.now() + eos.intervalMs;
      await this.endTransaction('commit');
    }
  }

  private async beginTransaction(): Promise<Transaction> {
    if (this.txBroken) throw new Error('This task may not begin another transaction (it was fenced or a commit failed)');
    if (!this.tx) {
      const producer = this.deps.producer;
      this.tx = await this.guardFenced(() => this.untilReachable(() => producer.transaction()));
    }
    return this.tx;
  }

  /** Turns a fencing error into ProducerFencedError and marks the transaction unusable. */
  private async guardFenced<T>(fn: () => Promise<T>, fenced: (err: unknown) => boolean = isProducerFenced): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (fenced(err)) {
        this.txBroken = true;
        throw new ProducerFencedError(this.deps.exactlyOnce!.transactionalId, err);
      }
      throw err;
    }
  }

  /**
   * Ends the open transaction once every record sent so far is acknowledged. commit: the records'
   * offsets join the transaction and it commits. abort: the records are discarded, and their offsets
   * are committed alone (as Kafka does) so the task does not read the same records again. A failed
   * commit aborts and throws: the task fails, and nothing it sent is ever visible half-committed.
   */
  private async endTransaction(kind: TxRequest | undefined): Promise<void> {
    if (kind === undefined) return;
    await this.drain();
    if (!this.tx && this.pendingOffsets.size === 0) return;
    const eos = this.deps.exactlyOnce!;
    const started = Date.now();
    try {
      if (kind === 'abort') {
        if (this.tx) {
          this.deps.logger.info('Aborting the transaction as the connector requested');
          const tx = this.tx;
          this.tx = undefined;
          await this.guardFenced(() => tx.abort());
        }
        if (this.pendingOffsets.size === 0) return;
      }
      const tx = await this.beginTransaction();
      if (!(await this.untilMayWork())) {
        throw new Error('The worker may have lost its group membership (another worker may run this task): transaction not committed');
      }
      if (this.pendingOffsets.size > 0) {
        const messages = [...this.pendingOffsets].map(([key, value]) => ({ key, value }));
        await this.guardFenced(() => tx.send({ topic: eos.offsetsTopic, acks: -1, messages }));
      }
      this.deps.onStage?.('TASK_COMMIT');
      await this.guardFenced(() => tx.commit(), (err) => isProducerFenced(err) || isFencingUnderWay(err));
      this.tx = undefined;
      this.pendingOffsets.clear();
      this.counters.commitDone(started, true);
      await this.deps.task.commit();
      this.deps.onStage?.('IDLE');
    } catch (err) {
      this.counters.commitDone(started, false);
      this.txBroken = true;
      throw err;
    }
  }

  /** Aborts the open transaction, if any (a failing or fenced task); never throws. */
  private async abandonTransaction(): Promise<void> {
    const tx = this.tx;
    this.tx = undefined;
    this.pendingOffsets.clear();
    if (!tx) return;
    try {
      if (tx.isActive()) await tx.abort();
    } catch (err) {
      // A fenced producer cannot abort; the broker aborted its transaction when it fenced it.
      this.deps.logger.debug({ err }, 'Could not abort the open transaction');
    }
  }

  metrics(): TaskMetricsSnapshot {
    const snap = this.baseMetrics();
    snap.source = {
      pollTotal: this.pollTotal,
      writeTotal: this.writeTotal,
      activeCount: this.pollTotal - this.doneTotal,
      pollBatchMs: this.pollBatchMs.snapshot(),
    };
    return snap;
  }

  /** fail() set the state the loop checks at its next turn; wake it if it sleeps. */
  protected halt(): void {
    this.wakeup.wake();
  }

  override resume(): void {
    super.resume();
    this.wakeup.wake();
  }

  protected async stopTask(): Promise<void> {
    this.wakeup.wake();
    // Retry back-offs end now (Kafka's triggerStop); what cannot be delivered keeps its offsets uncommitted.
    this.deps.errors.triggerStop?.();
    const { logger } = this.deps;
    await this.stopPlugin();
    await this.loop;
    try {
      // Deliver what was already polled, so its offsets can be committed too.
      await this.drain();
    } catch (err) {
      logger.warn({ err }, 'Could not deliver the last polled records; their offsets are not committed');
    }
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.deps.exactlyOnce) {
      // Kafka's finalOffsetCommit: a task that did not fail commits what it delivered (poll and
      // interval boundaries; a connector-defined boundary only if the connector asked for one).
      try {
        if (!this.failed && !this.txBroken && this.sendError === undefined) await this.endTransaction(this.finalRequest());
      } catch (err) {
        logger.warn({ err }, 'The final transaction of the stopping task could not be committed; its records and offsets are discarded');
      }
      await this.abandonTransaction();
    }
    await this.commitOffsets();
    await this.deps.producer.disconnect().catch((err: unknown) => logger.warn({ err }, 'Producer disconnect failed'));
  }
}
