import type { Producer } from '../kafka/index.js';
import type { SourceTask, OffsetStorageReader, SourcePartition } from '../api/tasks.js';
import type { SourceRecord } from '../data/SourceRecord.js';
import { TransformationError } from './TransformationChain.js';
import type { ConnectorTaskId, State } from './status.js';
import { traceOf } from './status.js';
import { Wakeup, type WorkerTask, type WorkerTaskDeps } from './WorkerTask.js';
import { RecordFailure, type Stage } from './errorHandling.js';
import type { OffsetBackingStore } from '../storage/OffsetBackingStore.js';
import { offsetKey } from './offsets.js';

export interface SourceTaskDeps extends WorkerTaskDeps<SourceRecord> {
  task: SourceTask;
  producer: Producer;
  offsetStore: OffsetBackingStore;
  offsetReader: OffsetStorageReader;
  /** producer max.request.size: one produce request never carries more (the broker refuses larger batches). */
  maxRequestBytes?: number;
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
export class WorkerSourceTask implements WorkerTask {
  readonly id: ConnectorTaskId;
  private _state: State = 'UNASSIGNED';
  private stopping = false;
  private paused = false;
  private readonly wakeup = new Wakeup();
  private loop: Promise<void> = Promise.resolve();
  private buffer: InFlight[] = [];
  private bufferedBytes = 0;
  private readonly requestBytes: number;
  private sending: Promise<void> | undefined;
  private sendError: unknown;
  private readonly pendingOffsets = new Map<string, string | null>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly seenTopics = new Set<string>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly d: SourceTaskDeps) {
    this.id = d.id;
    this.requestBytes = Math.max(64 * 1024, (d.maxRequestBytes ?? 1048576) - REQUEST_OVERHEAD);
  }

  get state(): State {
    return this._state;
  }

  private setState(state: State, err?: unknown): void {
    this._state = state;
    this.d.onStatus(this.id, err === undefined ? { state } : { state, trace: traceOf(err) });
  }

  async start(): Promise<void> {
    const { task, logger } = this.d;
    try {
      await this.d.producer.connect();
      task.initialize({ configs: () => this.d.taskConfig, offsetStorageReader: () => this.d.offsetReader });
      await task.start(this.d.taskConfig);
    } catch (err) {
      logger.error({ err }, 'Task failed to start');
      this.setState('FAILED', err);
      return;
    }
    this.setState(this.paused ? 'PAUSED' : 'RUNNING');
    logger.info('Source task started');
    this.flushTimer = setInterval(() => void this.commitOffsets(), this.d.offsetFlushIntervalMs);
    this.flushTimer.unref();
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    const { task, logger } = this.d;
    try {
      while (!this.stopping) {
        if (this.paused) {
          await this.wakeup.wait(1000);
          continue;
        }
        if (this.sendError !== undefined) throw this.sendError;
        let records: SourceRecord[] | null;
        try {
          records = await task.poll();
        } catch (err) {
          if (this.stopping) break;
          await this.d.errors.tolerate(err, { stage: 'TASK_POLL', executingClass: task.constructor.name });
          continue;
        }
        if (!records || records.length === 0) {
          // A task that returns at once with nothing must not starve the event loop.
          await new Promise((r) => setImmediate(r));
          continue;
        }
        await this.enqueue(records);
      }
      await this.drain();
    } catch (err) {
      if (this.stopping) return;
      logger.error({ err }, 'Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted');
      this.setState('FAILED', err);
    }
  }

  /** Transforms and converts a polled batch, then hands it to the sender. */
  private async enqueue(records: SourceRecord[]): Promise<void> {
    for (const record of records) {
      const message = this.toMessage(record);
      if (message instanceof RecordFailure) {
        // Only a failure awaits: tolerated records are skipped, their offsets still count as handled.
        await this.d.errors.tolerate(message.error, message.context);
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
      const transformed = this.d.chain.isEmpty ? record : this.d.chain.apply(record);
      if (transformed === null) return null;
      const topic = transformed.topic;
      stage = 'KEY_CONVERTER';
      executing = this.d.keyConverter.constructor.name;
      const key = this.d.keyConverter.fromConnectData(topic, transformed.headers, transformed.keySchema, transformed.key);
      stage = 'VALUE_CONVERTER';
      executing = this.d.valueConverter.constructor.name;
      const value = this.d.valueConverter.fromConnectData(topic, transformed.headers, transformed.valueSchema, transformed.value);
      stage = 'HEADER_CONVERTER';
      executing = this.d.headerConverter.constructor.name;
      let headers: Record<string, Buffer | Buffer[]> | undefined;
      if (!transformed.headers.isEmpty()) {
        headers = {};
        for (const h of transformed.headers) {
          const bytes = this.d.headerConverter.fromConnectHeader(topic, h.key, h.schema, h.value) ?? Buffer.alloc(0);
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
    for (const { message } of batch) {
      if (!message) continue;
      let list = byTopic.get(message.topic);
      if (!list) byTopic.set(message.topic, (list = []));
      list.push(message);
    }
    if (byTopic.size > 0) {
      await this.d.errors.retry(
        () => this.d.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) }),
        { stage: 'KAFKA_PRODUCE', executingClass: 'KafkaProducer' },
      );
      for (const topic of byTopic.keys()) {
        if (!this.seenTopics.has(topic)) {
          this.seenTopics.add(topic);
          this.d.onTopic(topic);
        }
      }
    }
    // Records of this batch skipped by errors.tolerance=all must be in the DLQ before their offsets count.
    await this.d.errors.flush();
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
        this.d.task.commitRecord(record, message ? { topic: message.topic, partition: message.partition ?? -1, offset: '-1' } : null);
      } catch (err) {
        this.d.logger.warn({ err }, 'commitRecord threw; ignoring as Kafka Connect does');
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
    this.flushing = this.flushing.then(async () => {
      if (this.pendingOffsets.size === 0) return;
      const snapshot = new Map(this.pendingOffsets);
      this.pendingOffsets.clear();
      try {
        await this.d.offsetStore.set(snapshot);
        await this.d.task.commit();
      } catch (err) {
        // Put them back unless newer offsets for the same partition arrived meanwhile.
        for (const [k, v] of snapshot) if (!this.pendingOffsets.has(k)) this.pendingOffsets.set(k, v);
        this.d.logger.error({ err }, 'Failed to flush source offsets; will retry at the next flush');
      }
    });
    return this.flushing;
  }

  pause(): void {
    this.paused = true;
    if (this._state === 'RUNNING') this.setState('PAUSED');
  }

  resume(): void {
    this.paused = false;
    if (this._state === 'PAUSED') this.setState('RUNNING');
    this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.wake();
    // Retry back-offs end now (Kafka's triggerStop); what cannot be delivered keeps its offsets uncommitted.
    this.d.errors.triggerStop?.();
    const { task, logger } = this.d;
    try {
      await task.stop();
    } catch (err) {
      logger.warn({ err }, 'Task stop() threw');
    }
    await this.loop;
    try {
      // Deliver what was already polled, so its offsets can be committed too.
      await this.drain();
    } catch (err) {
      logger.warn({ err }, 'Could not deliver the last polled records; their offsets are not committed');
    }
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.commitOffsets();
    await this.d.producer.disconnect().catch((err: unknown) => logger.warn({ err }, 'Producer disconnect failed'));
    this.d.chain.close();
    await this.d.errors.close().catch(() => {});
    if (this._state !== 'FAILED') this.setState('UNASSIGNED');
    logger.info('Source task stopped');
  }
}
