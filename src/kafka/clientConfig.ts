import { RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MS } from './outage.js';
import { Partitioners, type KafkaConfig, type ProducerConfig, type ConsumerConfig, type SASLOptions } from './kafkajs.js';

/**
 * Maps the Java client settings users put in worker files (`bootstrap.servers`, `producer.*`,
 * `consumer.*`, `security.protocol`, …) onto kafkajs options. Settings kafkajs has no equivalent
 * for are reported back so the caller can warn about them once instead of dropping them silently.
 */
export interface ClientSettings {
  kafka: KafkaConfig;
  unsupported: string[];
}

const IGNORED_JAVA_ONLY = new Set([
  'key.serializer', 'value.serializer', 'key.deserializer', 'value.deserializer',
  'enable.auto.commit', 'auto.offset.reset', 'max.poll.records', 'max.poll.interval.ms',
  'linger.ms', 'batch.size', 'buffer.memory', 'acks', 'enable.idempotence', 'max.in.flight.requests.per.connection',
  'retries', 'delivery.timeout.ms', 'compression.type', 'fetch.max.bytes', 'max.partition.fetch.bytes',
  'fetch.min.bytes', 'fetch.max.wait.ms', 'session.timeout.ms', 'heartbeat.interval.ms', 'group.id',
  'isolation.level', 'partition.assignment.strategy', 'allow.auto.create.topics', 'client.id', 'bootstrap.servers',
  'request.timeout.ms', 'retry.backoff.ms', 'retry.backoff.max.ms', 'max.block.ms', 'reconnect.backoff.ms', 'reconnect.backoff.max.ms', 'security.protocol', 'sasl.mechanism', 'sasl.jaas.config',
  'ssl.truststore.location', 'ssl.keystore.location', 'ssl.truststore.password', 'ssl.keystore.password',
]);

export function brokersFrom(bootstrapServers: string): string[] {
  return bootstrapServers
    .split(',')
    .map((s) => s.trim().replace(/^[A-Za-z_]+:\/\//, ''))
    .filter((s) => s.length > 0);
}

function jaasOption(jaas: string, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*"([^"]*)"`).exec(jaas);
  return m?.[1];
}

/**
 * `consumer`: a client for a consumer, whose retries never run out. Java's consumer keeps its group
 * member id through a coordinator outage and carries on at once when it returns; a kafkajs consumer
 * that runs out of retries crashes and rejoins as a new member, which waits for the old one's
 * session to expire (45 s by default) before it gets any partition.
 */
export function kafkaSettings(props: Record<string, string>, clientId: string, opts: { consumer?: boolean } = {}): ClientSettings {
  const unsupported: string[] = [];
  const protocol = (props['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  const kafka: KafkaConfig = {
    clientId: props['client.id'] ?? clientId,
    brokers: brokersFrom(props['bootstrap.servers'] ?? 'localhost:9092'),
    requestTimeout: num(props['request.timeout.ms']) ?? 30000,
    connectionTimeout: 10000,
    // Java's exponential backoff (retry.backoff.ms up to retry.backoff.max.ms): a client waits at most
    // about a second once the broker is back. Giving up after the retries is handled in outage.ts.
    retry: { retries: opts.consumer ? Number.MAX_SAFE_INTEGER : 8, ...retryBackoff(props) },
  };
  if (protocol === 'SSL' || protocol === 'SASL_SSL') kafka.ssl = true;
  if (protocol.startsWith('SASL_')) {
    const mechanism = (props['sasl.mechanism'] ?? 'PLAIN').toLowerCase();
    const jaas = props['sasl.jaas.config'] ?? '';
    const username = jaasOption(jaas, 'username') ?? '';
    const password = jaasOption(jaas, 'password') ?? '';
    if (mechanism === 'plain' || mechanism === 'scram-sha-256' || mechanism === 'scram-sha-512') {
      kafka.sasl = { mechanism, username, password } as SASLOptions;
    } else {
      unsupported.push(`sasl.mechanism=${props['sasl.mechanism']}`);
    }
  }
  for (const key of Object.keys(props)) {
    if (!IGNORED_JAVA_ONLY.has(key) && !key.startsWith('ssl.') && !key.startsWith('sasl.')) unsupported.push(key);
  }
  return { kafka, unsupported };
}

export function producerSettings(props: Record<string, string>): ProducerConfig {
  const idempotent = (props['enable.idempotence'] ?? 'true') !== 'false';
  return {
    idempotent,
    // Java's default partitioner (murmur2), so keyed records land where Kafka Connect puts them.
    createPartitioner: Partitioners.DefaultPartitioner,
    // An idempotent producer keeps its sequence only if it never gives up on a retriable error.
    ...(idempotent ? { retry: { retries: Number.MAX_SAFE_INTEGER, ...retryBackoff(props) } } : {}),
    // kafkajs only keeps idempotent ordering with one request in flight per broker.
    maxInFlightRequests: 1,
    allowAutoTopicCreation: (props['allow.auto.create.topics'] ?? 'true') !== 'false',
    transactionTimeout: num(props['transaction.timeout.ms']) ?? 60000,
  };
}

export function consumerSettings(props: Record<string, string>, groupId: string): ConsumerConfig {
  return {
    groupId,
    sessionTimeout: num(props['session.timeout.ms']) ?? 45000,
    heartbeatInterval: num(props['heartbeat.interval.ms']) ?? 3000,
    rebalanceTimeout: num(props['max.poll.interval.ms']) ?? 300000,
    maxBytes: num(props['fetch.max.bytes']) ?? 52428800,
    maxBytesPerPartition: num(props['max.partition.fetch.bytes']) ?? 1048576,
    minBytes: num(props['fetch.min.bytes']) ?? 1,
    maxWaitTimeInMs: num(props['fetch.max.wait.ms']) ?? 500,
    // As Java's consumer: subscribing to a missing topic lets the broker create it (auto.create.topics.enable).
    allowAutoTopicCreation: (props['allow.auto.create.topics'] ?? 'true') !== 'false',
    readUncommitted: (props['isolation.level'] ?? 'read_uncommitted') === 'read_uncommitted',
    retry: { retries: Number.MAX_SAFE_INTEGER, ...retryBackoff(props) },
  };
}

function retryBackoff(props: Record<string, string>): { initialRetryTime: number; maxRetryTime: number } {
  const initialRetryTime = num(props['retry.backoff.ms']) ?? RETRY_BACKOFF_MS;
  return { initialRetryTime, maxRetryTime: Math.max(initialRetryTime, num(props['retry.backoff.max.ms']) ?? RETRY_BACKOFF_MAX_MS) };
}

function num(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
