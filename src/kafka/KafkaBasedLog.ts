import { randomUUID } from 'node:crypto';
import kafkajs, { Kafka, logLevel, type Admin, type Consumer, type Producer } from './kafkajs.js';
import { consumerSettings, kafkaSettings, producerSettings } from './clientConfig.js';
import { countingSocketFactory, type ClientKind } from './clientMetrics.js';
import { kafkajsLogCreator, type BridgeLogger } from './logBridge.js';
import { OutageLog, attachOutageSlot, keepConsuming, outageSlot, retryTransient, type OutageSlot } from './outage.js';
import { waitForLeaders } from './topicLeaders.js';

// A CommonJS export Node's ESM loader does not see as named.
const { ConfigResourceTypes } = kafkajs;

/**
 * Reader and writer of one of the worker's internal compacted topics (configs, offsets, statuses),
 * as Kafka Connect's KafkaBasedLog: every record of the topic is handed to `onRecord` in partition
 * order, from the beginning; `readToEnd()` resolves once everything written before the call has
 * been handed over. kafkajs has no consumer without a group, so the reader is a consumer group of
 * its own (a fresh id per process, offsets never committed): it always holds every partition.
 */
export interface LogRecord {
  key: string | null;
  value: Buffer | null;
  partition: number;
  offset: number;
  timestamp: number;
  headers: Record<string, string>;
}

export interface LogMessage {
  key: string | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

/** How to create the topic when it is missing, and what to call it in errors. */
export interface InternalTopicSpec {
  /** -1: the broker's num.partitions. */
  partitions: number;
  /** -1: the broker's default.replication.factor. */
  replicationFactor: number;
  /** The worker setting naming the topic (`config.storage.topic`), for messages. */
  configKey: string;
  /** What the topic holds ("connector configurations"), for messages. */
  purpose: string;
  /** The config topic must have exactly one partition. */
  singlePartition?: boolean;
}

export interface KafkaClientSettings {
  /** bootstrap.servers, security.*, ssl.*, sasl.*, client.id */
  common: Record<string, string>;
  logger: BridgeLogger;
}

/** A kafkajs client for the worker's own internal clients (Kafka Connect gives them the worker's top-level settings). */
export function kafkaFor(settings: KafkaClientSettings, clientId: string, kind: ClientKind, consumerSlot?: OutageSlot): Kafka {
  const { kafka } = kafkaSettings(settings.common, clientId, { consumer: consumerSlot !== undefined });
  const noise = consumerSlot && ((reason: string) => consumerSlot.listener?.(reason));
  return new Kafka({
    ...kafka,
    logLevel: logLevel.INFO,
    logCreator: kafkajsLogCreator(settings.logger, noise),
    socketFactory: countingSocketFactory(kind, kafka.clientId ?? clientId),
  });
}

export interface KafkaBasedLogOptions extends KafkaClientSettings {
  topic: string;
  clientId: string;
  spec: InternalTopicSpec;
  onRecord(record: LogRecord): void;
  /** A log only read (no producer). */
  readOnly?: boolean;
  /**
   * Read committed records only (KIP-618: the offsets topics, which exactly-once source tasks write
   * in transactions). Records of aborted transactions are never handed over.
   */
  readCommitted?: boolean;
}

/** Thrown when an internal topic exists in a shape the worker must not use. */
export class InternalTopicException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalTopicException';
  }
}

export class KafkaBasedLog {
  private admin: Admin | undefined;
  private producer: Producer | undefined;
  private consumer: Consumer | undefined;
  /** Next offset to read, per partition. */
  private readonly positions = new Map<number, number>();
  private waiters: Array<{ ends: Map<number, number>; resolve: () => void }> = [];
  private partitions = 0;
  private stopped = false;
  private crash: Error | undefined;
  private readonly outage: OutageLog;

  constructor(private readonly options: KafkaBasedLogOptions) {
    this.outage = new OutageLog(options.logger, `reader of topic ${options.topic}`);
  }

  get topic(): string {
    return this.options.topic;
  }

  get partitionCount(): number {
    return this.partitions;
  }

  /** Creates the topic if missing (compacted), checks it, and reads it to the end. */
  async start(): Promise<void> {
    const { options } = this;
    this.admin = kafkaFor(options, `${options.clientId}-admin`, 'admin').admin();
    await this.admin.connect();
    await ensureInternalTopic(this.admin, options.topic, options.spec, options.logger);
    this.partitions = await waitForLeaders(this.admin, options.topic).catch((err: Error) => {
      throw new InternalTopicException(err.message);
    });
    if (options.spec.singlePartition && this.partitions > 1) {
      throw new InternalTopicException(
        `Topic '${options.topic}' supplied via the '${options.spec.configKey}' property is required to have a single partition in order to ` +
          `guarantee consistency of ${options.spec.purpose}, but found ${this.partitions} partitions.`,
      );
    }
    if (!options.readOnly) {
      this.producer = kafkaFor(options, `${options.clientId}-producer`, 'producer').producer({
        ...producerSettings({}),
        allowAutoTopicCreation: false,
      });
      await this.producer.connect();
    }
    const groupId = `${options.clientId}-reader-${randomUUID()}`;
    const slot = outageSlot();
    this.consumer = kafkaFor(options, `${options.clientId}-reader`, 'consumer', slot).consumer({
      ...consumerSettings({}, groupId),
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      readUncommitted: options.readCommitted !== true,
    });
    const consumer = attachOutageSlot(this.consumer, slot);
    // A restarted reader joins its group afresh and, with no committed offsets, starts over from
    // the beginning: it is put back where it was, and anything already handed over is skipped.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      for (const [partition, offset] of this.positions) consumer.seek({ topic: options.topic, partition, offset: String(offset) });
    });
    const run = () =>
      consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: 1,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          const from = this.positions.get(batch.partition) ?? 0;
          for (const m of batch.messages) {
            if (Number(m.offset) < from) continue;
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(m.headers ?? {})) if (v !== undefined) headers[k] = String(Array.isArray(v) ? v[v.length - 1] : v);
            try {
              options.onRecord({
                key: m.key === null ? null : m.key.toString('utf8'),
                value: m.value,
                partition: batch.partition,
                offset: Number(m.offset),
                timestamp: Number(m.timestamp),
                headers,
              });
            } catch (err) {
              options.logger.error({ topic: options.topic, offset: m.offset, err }, 'Failed to apply a record of an internal topic; skipping it');
            }
          }
          // lastOffset() counts a trailing transaction marker too, so readToEnd's high watermark is reached.
          if (batch.messages.length > 0) this.advance(batch.partition, Number(batch.lastOffset()) + 1);
        },
      });
    keepConsuming(consumer, {
      outage: this.outage,
      run,
      stopped: () => this.stopped,
      onFatal: (err) => {
        this.crash = err;
        options.logger.error({ topic: options.topic, err }, 'The reader of an internal topic crashed');
      },
    });
    // A fetch of nothing but transaction markers or aborted records skips eachBatch; it still moves the position.
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      if (e.payload.topic === options.topic) this.advance(e.payload.partition, Number(e.payload.lastOffset) + 1);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await run();
    await this.readToEnd();
  }

  private advance(partition: number, next: number): void {
    if ((this.positions.get(partition) ?? 0) >= next) return;
    this.positions.set(partition, next);
    this.waiters = this.waiters.filter((w) => {
      if (!this.caughtUp(w.ends)) return true;
      w.resolve();
      return false;
    });
  }

  private caughtUp(ends: Map<number, number>): boolean {
    for (const [p, end] of ends) if ((this.positions.get(p) ?? 0) < end) return false;
    return true;
  }

  /** Resolves once every record written before the call has been handed to onRecord. */
  async readToEnd(timeoutMs = 60000): Promise<void> {
    if (!this.admin) throw new Error(`The log of ${this.options.topic} is not started`);
    if (this.crash) throw this.crash;
    const deadline = Date.now() + timeoutMs;
    const offsets = await retryTransient(() => this.admin!.fetchTopicOffsets(this.options.topic), { outage: this.outage, timeoutMs });
    const ends = new Map<number, number>();
    for (const o of offsets) {
      const high = Number(o.high);
      // An empty partition (or one whose records were all deleted) has nothing to wait for.
      if (high > Number(o.low)) ends.set(o.partition, high);
    }
    if (this.caughtUp(ends)) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms reading topic ${this.options.topic} to its end`));
      }, Math.max(0, deadline - Date.now()));
      const waiter = { ends, resolve: () => (clearTimeout(timer), resolve()) };
      this.waiters.push(waiter);
    });
  }

  /** Writes the messages (in order, acks=all) and resolves once the broker has them. */
  async send(messages: LogMessage[]): Promise<void> {
    if (!this.producer) throw new Error(`The log of ${this.options.topic} is ${this.options.readOnly ? 'read-only' : 'not started'}`);
    if (this.stopped) throw new Error(`The log of ${this.options.topic} is stopped`);
    await this.producer.send({ topic: this.options.topic, acks: -1, messages });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect(), this.admin?.disconnect()]);
  }
}

/**
 * Creates an internal topic with cleanup.policy=compact unless it exists; an existing one must be
 * compacted only (Kafka Connect's TopicAdmin.verifyTopicCleanupPolicyOnlyCompact).
 */
export async function ensureInternalTopic(admin: Admin, topic: string, spec: InternalTopicSpec, logger: BridgeLogger): Promise<boolean> {
  const existing = await admin.listTopics();
  let created = false;
  if (!existing.includes(topic)) {
    const partitions = spec.partitions === -1 ? Number(await brokerDefault(admin, 'num.partitions', '1')) : spec.partitions;
    const replication =
      spec.replicationFactor === -1 ? Number(await brokerDefault(admin, 'default.replication.factor', '1')) : spec.replicationFactor;
    try {
      created = await admin.createTopics({
        topics: [
          {
            topic,
            numPartitions: spec.singlePartition ? 1 : partitions,
            replicationFactor: replication,
            configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
          },
        ],
        // kafkajs waits by default and fails on a busy broker's UNKNOWN_TOPIC_OR_PARTITION; waitForLeaders below retries.
        waitForLeaders: false,
      });
    } catch (err) {
      if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS' && !/already exists/i.test((err as Error).message)) {
        throw new InternalTopicException(`Could not create topic '${topic}' (${spec.configKey}): ${(err as Error).message}`);
      }
    }
    if (created) logger.info({ topic, partitions, replicationFactor: replication }, `Created topic '${topic}' for ${spec.purpose}`);
  }
  if (!created) {
    const policies = await cleanupPolicy(admin, topic);
    if (policies !== undefined && (policies.length !== 1 || policies[0] !== 'compact')) {
      const found = policies.join(',');
      throw new InternalTopicException(
        `Topic '${topic}' supplied via the '${spec.configKey}' property is required to have 'cleanup.policy=compact' to guarantee ` +
          `consistency and durability of ${spec.purpose}, but found the topic currently has 'cleanup.policy=${found}'. Continuing would ` +
          `likely result in eventually losing ${spec.purpose} and problems restarting this Connect cluster in the future. Change the ` +
          `'${spec.configKey}' property in the Connect worker configurations to use a topic with 'cleanup.policy=compact'.`,
      );
    }
  }
  return created;
}

async function cleanupPolicy(admin: Admin, topic: string): Promise<string[] | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
      });
      const entry = res.resources[0]?.configEntries.find((e) => e.configName === 'cleanup.policy');
      if (!entry) return undefined;
      return entry.configValue
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
        .sort();
    } catch (err) {
      // No permission to describe configs: Kafka Connect logs and carries on; so do we. Anything
      // else (a busy broker) is asked again: the check must not be skipped by accident.
      if (/authoriz/i.test((err as Error).message) || attempt >= 20) return undefined;
      await new Promise((r) => setTimeout(r, 250 * Math.min(attempt, 4)));
    }
  }
}

async function brokerDefault(admin: Admin, name: string, fallback: string): Promise<string> {
  try {
    const cluster = await admin.describeCluster();
    const broker = cluster.brokers[0];
    if (!broker) return fallback;
    const res = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: String(broker.nodeId), configNames: [name] }],
    });
    return res.resources[0]?.configEntries.find((e) => e.configName === name)?.configValue ?? fallback;
  } catch {
    return fallback;
  }
}
