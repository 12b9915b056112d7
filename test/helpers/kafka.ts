/**
 * Test helpers for the real Kafka broker that `npm test` (scripts/test.sh) starts for the whole run.
 *
 *   const topic = uniqueTopic('sink');                        // every test gets its own topics
 *   await createTopic(topic, { partitions: 3, config: { 'cleanup.policy': 'compact' } });
 *   await produce(topic, [{ key: 'k', value: Buffer.from([1, 2]), headers: { h: 'v' } }]);
 *   const records = await consumeAll(topic, { expected: 1 });  // Buffers: key, value, headers
 *
 * Built on kafkajs directly (through src/kafka/kafkajs.ts, the one door that installs kconnect's
 * replacements first, so a test may load this and src/kafka in either order), with kafkajs's own
 * logging silenced. Every helper
 * connects and disconnects its own client, so a test file leaves no open socket behind and its
 * `node --test` subprocess can exit.
 */
import { randomBytes } from 'node:crypto';
import {
  Kafka,
  Partitioners,
  logLevel,
  type Consumer,
  type IHeaders,
  type KafkaConfig,
  type Message,
  type RecordMetadata,
} from '../../src/kafka/kafkajs.js';
import { waitForLeaders } from '../../src/kafka/topicLeaders.js';
import { requiredEnv } from './env.js';

/** The broker's bootstrap address, `host:port[,host:port]`, from env KAFKA_BOOTSTRAP. */
export function bootstrapServers(): string {
  return requiredEnv('KAFKA_BOOTSTRAP', 'Integration tests need a real Kafka broker: run them with '
    + '`npm test` (scripts/test.sh starts one on 127.0.0.1:19092 and sets KAFKA_BOOTSTRAP), or start '
    + 'one yourself with `npm run kafka -- start` and `export KAFKA_BOOTSTRAP=127.0.0.1:9092`.');
}

/** A kafkajs client for the test broker, with kafkajs's logging off. */
export function kafkaClient(clientId = 'kconnect-test', extra: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId,
    brokers: bootstrapServers().split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 5_000,
    requestTimeout: 15_000,
    ...extra,
  });
}

/** `prefix-<16 hex chars>`, a legal topic name (characters outside [a-zA-Z0-9._-] become '_'). */
export function uniqueTopic(prefix = 'test'): string {
  const safe = prefix.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 200);
  return `${safe}-${randomBytes(8).toString('hex')}`;
}

export interface CreateTopicOptions {
  /** default 1 */
  partitions?: number;
  /** topic configs, e.g. { 'cleanup.policy': 'compact', 'segment.ms': '100' } */
  config?: Record<string, string | number>;
}

/** Creates the topic and waits for its partition leaders. Returns the name. Fails if it exists. */
export async function createTopic(name: string, options: CreateTopicOptions = {}): Promise<string> {
  const admin = kafkaClient('kconnect-test-admin').admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic: name,
          numPartitions: options.partitions ?? 1,
          replicationFactor: 1,
          configEntries: Object.entries(options.config ?? {}).map(([k, v]) => ({ name: k, value: String(v) })),
        },
      ],
    });
    if (!created) throw new Error(`createTopic: topic ${name} already exists`);
    await waitForLeaders(admin, name);
    return name;
  } finally {
    await admin.disconnect();
  }
}

export type HeaderInput = Record<string, Buffer | string | Array<Buffer | string>>;

export interface TestMessage {
  key?: Buffer | string | null;
  /** null is a tombstone */
  value: Buffer | string | null;
  /** repeated header keys: give an array */
  headers?: HeaderInput;
  partition?: number;
  /** ms since epoch */
  timestamp?: number | string;
}

/**
 * Sends the messages, in order, in one batch with an idempotent producer and acks=all.
 * Returns the broker's acknowledgements (one per partition written).
 */
export async function produce(topic: string, messages: TestMessage[]): Promise<RecordMetadata[]> {
  const producer = kafkaClient('kconnect-test-producer').producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const batch: Message[] = messages.map((m) => {
      const msg: Message = { key: m.key ?? null, value: m.value };
      if (m.headers !== undefined) msg.headers = m.headers as IHeaders;
      if (m.partition !== undefined) msg.partition = m.partition;
      if (m.timestamp !== undefined) msg.timestamp = String(m.timestamp);
      return msg;
    });
    return await producer.send({ topic, acks: -1, messages: batch });
  } finally {
    await producer.disconnect();
  }
}

export interface ConsumedRecord {
  key: Buffer | null;
  value: Buffer | null;
  /** header values as Buffers; a key that occurs more than once gives an array, in order */
  headers: Record<string, Buffer | Buffer[]>;
  partition: number;
  offset: number;
  /** ms since epoch */
  timestamp: number;
}

export interface ConsumeOptions {
  /**
   * Return as soon as this many records have arrived (waiting for them to be produced if need be).
   * Without it: read every record that is in the topic when consumeAll is called (up to the high
   * watermark of each partition at that moment).
   */
  expected?: number;
  /** default 20 000 ms; on timeout consumeAll fails, telling how many records it got */
  timeoutMs?: number;
}

/**
 * Reads the topic from the beginning with a fresh, throwaway consumer group (read_committed).
 * Records come back sorted by partition, then offset.
 */
export async function consumeAll(topic: string, options: ConsumeOptions = {}): Promise<ConsumedRecord[]> {
  const { expected, timeoutMs = 20_000 } = options;
  const kafka = kafkaClient('kconnect-test-consumer');

  // A connector creates its topic with its first record, which may not have happened yet:
  // subscribing to a missing topic fails with UNKNOWN_TOPIC_OR_PARTITION.
  // Without `expected`, the target is each partition's high watermark right now.
  let lastWanted: Map<number, number> | undefined;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitForLeaders(admin, topic, timeoutMs);
    if (expected === undefined) {
      lastWanted = new Map();
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (Number(p.high) > Number(p.low)) lastWanted.set(p.partition, Number(p.high) - 1);
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (lastWanted?.size === 0) return [];

  const consumer: Consumer = kafka.consumer({
    groupId: `kconnect-test-${randomBytes(6).toString('hex')}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    // a short long-poll: disconnect() waits for the fetch in flight
    maxWaitTimeInMs: 200,
    retry: { retries: 5 },
  });
  const records: ConsumedRecord[] = [];
  const reached = new Map<number, number>(); // partition -> last offset processed (incl. control records)

  let finish!: () => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const isDone = (): boolean => {
    if (expected !== undefined) return records.length >= expected;
    for (const [partition, last] of lastWanted!) if ((reached.get(partition) ?? -1) < last) return false;
    return true;
  };

  // END_BATCH_PROCESS also fires for batches that held only transaction markers or aborted records
  const removeListener = consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const { partition, lastOffset } = event.payload as { partition: number; lastOffset: string };
    reached.set(partition, Math.max(reached.get(partition) ?? -1, Number(lastOffset)));
    if (isDone()) finish();
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) fail(event.payload.error);
  });

  const timer = setTimeout(() => {
    const want = expected !== undefined ? `${expected} records` : `offsets ${JSON.stringify([...lastWanted!])}`;
    fail(new Error(`consumeAll(${topic}): got ${records.length} records, wanted ${want}, within ${timeoutMs} ms`));
  }, timeoutMs);

  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          records.push({
            key: m.key ?? null,
            value: m.value ?? null,
            headers: toBufferHeaders(m.headers),
            partition: batch.partition,
            offset: Number(m.offset),
            timestamp: Number(m.timestamp),
          });
        }
      },
    });
    await done;
  } finally {
    clearTimeout(timer);
    removeListener();
    await consumer.disconnect().catch(() => undefined);
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

function toBuffer(v: Buffer | string): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v);
}

function toBufferHeaders(headers: IHeaders | undefined): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(toBuffer) : toBuffer(v);
  }
  return out;
}
