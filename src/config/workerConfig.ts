// The worker's configuration: Kafka's WorkerConfig (+ RestServerConfig's public keys), plus
// StandaloneConfig or DistributedConfig. Same keys, types and defaults as Kafka, so an existing
// connect-standalone.properties / connect-distributed.properties works unchanged.
//
// Keys no definition here claims are kept (Kafka warns about them, never fails): `raw` has them all,
// and prefixed sub-configs (`producer.*`, `consumer.*`, `admin.*`, `key.converter.*`, …) come from it.

import { ConfigDef, Validators, type ConfigProps } from '../api/ConfigDef.js';
import { AbstractConfig, originalsWithPrefix, toPropsMap, withSource, type RawProps } from './abstractConfig.js';
import { inGroup, type InGroup } from './configGroups.js';
import { loadPropertiesFile } from './properties.js';

export type WorkerMode = 'standalone' | 'distributed';
export type ConverterKind = 'key' | 'value' | 'header';

const COMMON = 'Common';
const REST = 'REST';
const SECURITY = 'Security';

const listenersValidator = Validators.schema(
  { type: 'array', minItems: 1, items: { type: 'string', pattern: '\\S' } },
  (value) => {
    if (!Array.isArray(value)) {
      return { message: 'Invalid value type for listeners (expected list of URLs , ex: http://localhost:8080,https://localhost:8443).' };
    }
    if (value.length === 0) {
      return { message: 'Invalid value for listeners, at least one URL is expected, ex: http://localhost:8080,https://localhost:8443.' };
    }
    return { message: 'Empty URL found when parsing listeners list.' };
  },
  'List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443.',
);

const adminListenersValidator = Validators.schema(
  { anyOf: [{ type: 'null' }, { type: 'array', items: { type: 'string', pattern: '\\S' } }] },
  () => ({ message: 'Empty URL found when parsing admin.listeners list.' }),
  'List of comma-separated URLs, ex: http://localhost:8080,https://localhost:8443.',
);

/** TopicCreationConfig's validators, used by the distributed worker's internal topics. */
export const REPLICATION_FACTOR_VALIDATOR = Validators.schema(
  { type: 'number', anyOf: [{ const: -1 }, { minimum: 1 }] },
  () => "Replication factor must be positive and not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
  "Positive number not larger than the number of brokers in the Kafka cluster, or -1 to use the broker's default",
);
export const PARTITIONS_VALIDATOR = Validators.schema(
  { type: 'number', anyOf: [{ const: -1 }, { minimum: 1 }] },
  () => "Number of partitions must be positive, or -1 to use the broker's default",
  "Positive number, or -1 to use the broker's default",
);

function buildWorkerConfigDef(): ConfigDef {
  const common = inGroup(COMMON);
  const def = new ConfigDef()
    .define(common({ name: 'bootstrap.servers', type: 'LIST', defaultValue: 'localhost:9092', importance: 'HIGH',
      documentation: 'A list of host/port pairs used to establish the initial connection to the Kafka cluster, in the form host1:port1,host2:port2,...' }))
    .define(common({ name: 'client.dns.lookup', type: 'STRING', defaultValue: 'use_all_dns_ips', importance: 'MEDIUM',
      validator: Validators.in('use_all_dns_ips', 'resolve_canonical_bootstrap_servers_only'),
      documentation: 'How clients use DNS lookups.' }))
    .define(common({ name: 'key.converter', type: 'CLASS', importance: 'HIGH',
      documentation: 'Converter class used to convert between Connect data and the serialized form of record keys written to or read from Kafka.' }))
    .define(common({ name: 'value.converter', type: 'CLASS', importance: 'HIGH',
      documentation: 'Converter class used to convert between Connect data and the serialized form of record values written to or read from Kafka.' }))
    .define(common({ name: 'header.converter', type: 'CLASS', defaultValue: 'org.apache.kafka.connect.storage.SimpleHeaderConverter', importance: 'LOW',
      documentation: 'HeaderConverter class used to convert between Connect data and the serialized form of header values. By default, SimpleHeaderConverter.' }))
    .define(common({ name: 'task.shutdown.graceful.timeout.ms', type: 'LONG', defaultValue: '5000', importance: 'LOW',
      documentation: 'Total time to wait for tasks to shut down gracefully.' }))
    .define(common({ name: 'offset.flush.interval.ms', type: 'LONG', defaultValue: 60000, importance: 'LOW',
      documentation: 'Interval at which to try committing offsets for tasks.' }))
    .define(common({ name: 'offset.flush.timeout.ms', type: 'LONG', defaultValue: 5000, importance: 'LOW',
      documentation: 'Maximum time to wait for records to flush and offsets to be committed before cancelling and retrying in a future attempt.' }))
    .define(common({ name: 'plugin.path', type: 'LIST', defaultValue: null, importance: 'LOW',
      documentation: 'Comma-separated list of directories that contain plugins (connectors, converters, transformations, predicates). Config provider variables are not resolved here.' }))
    .define(common({ name: 'plugin.discovery', type: 'STRING', defaultValue: 'hybrid_warn', importance: 'LOW',
      validator: Validators.caseInsensitiveIn('only_scan', 'hybrid_warn', 'hybrid_fail', 'service_load'),
      documentation: 'How plugins are discovered (accepted for compatibility with Kafka worker files).' }))
    .define(common({ name: 'metrics.sample.window.ms', type: 'LONG', defaultValue: 30000, validator: Validators.atLeast(0), importance: 'LOW',
      documentation: 'The window of time a metrics sample is computed over.' }))
    .define(common({ name: 'metrics.num.samples', type: 'INT', defaultValue: 2, validator: Validators.atLeast(1), importance: 'LOW',
      documentation: 'The number of samples maintained to compute metrics.' }))
    .define(common({ name: 'metrics.recording.level', type: 'STRING', defaultValue: 'INFO', validator: Validators.in('INFO', 'DEBUG'), importance: 'LOW',
      documentation: 'The highest recording level for metrics.' }))
    .define(common({ name: 'metric.reporters', type: 'LIST', defaultValue: 'org.apache.kafka.common.metrics.JmxReporter', importance: 'LOW',
      documentation: 'Classes to use as metrics reporters.' }))
    .define(common({ name: 'config.providers', type: 'LIST', defaultValue: [], importance: 'LOW',
      documentation: 'Comma-separated names of ConfigProviders, used in the order given, to replace ${provider:path:key} variables in connector configurations.' }))
    .define(common({ name: 'connector.client.config.override.policy', type: 'STRING', defaultValue: 'All', importance: 'MEDIUM',
      documentation: 'Which client configurations connectors may override: All, None or Principal (or a class name).' }))
    .define(common({ name: 'topic.creation.enable', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'Whether source connectors configured with topic.creation.* properties may create their topics.' }))
    .define(common({ name: 'topic.tracking.enable', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'Track the set of active topics per connector.' }))
    .define(common({ name: 'topic.tracking.allow.reset', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: 'Allow user requests to reset the set of active topics per connector.' }))
    .define(common({ name: 'client.id', type: 'STRING', defaultValue: '', importance: 'LOW',
      documentation: 'An id string passed to Kafka with requests, to tell this worker apart in broker logs.' }));

  // Security for the worker's own clients (Kafka: withClientSslSupport; SASL and security.protocol
  // are in DistributedConfig there, here in both modes so their secrets are typed PASSWORD).
  const security = inGroup(SECURITY);
  def
    .define(security({ name: 'security.protocol', type: 'STRING', defaultValue: 'PLAINTEXT', validator: Validators.in('PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'),
      importance: 'MEDIUM', documentation: 'Protocol used to communicate with brokers.' }))
    .define(security({ name: 'sasl.mechanism', type: 'STRING', defaultValue: 'GSSAPI', importance: 'MEDIUM',
      documentation: 'SASL mechanism used for client connections.' }))
    .define(security({ name: 'sasl.jaas.config', type: 'PASSWORD', defaultValue: null, importance: 'MEDIUM',
      documentation: 'JAAS login context parameters for SASL connections.' }))
    .define(security({ name: 'ssl.protocol', type: 'STRING', defaultValue: 'TLSv1.3', importance: 'MEDIUM',
      documentation: 'The SSL protocol used to generate the SSLContext.' }))
    .define(security({ name: 'ssl.enabled.protocols', type: 'LIST', defaultValue: 'TLSv1.2,TLSv1.3', importance: 'MEDIUM',
      documentation: 'The list of protocols enabled for SSL connections.' }))
    .define(security({ name: 'ssl.keystore.type', type: 'STRING', defaultValue: 'JKS', importance: 'MEDIUM',
      documentation: 'The file format of the key store file.' }))
    .define(security({ name: 'ssl.keystore.location', type: 'STRING', defaultValue: null, importance: 'HIGH',
      documentation: 'The location of the key store file.' }))
    .define(security({ name: 'ssl.keystore.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH',
      documentation: 'The store password for the key store file.' }))
    .define(security({ name: 'ssl.keystore.key', type: 'PASSWORD', defaultValue: null, importance: 'HIGH',
      documentation: 'Private key in PEM format.' }))
    .define(security({ name: 'ssl.keystore.certificate.chain', type: 'PASSWORD', defaultValue: null, importance: 'HIGH',
      documentation: 'Certificate chain in PEM format.' }))
    .define(security({ name: 'ssl.key.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH',
      documentation: 'The password of the private key.' }))
    .define(security({ name: 'ssl.truststore.type', type: 'STRING', defaultValue: 'JKS', importance: 'MEDIUM',
      documentation: 'The file format of the trust store file.' }))
    .define(security({ name: 'ssl.truststore.location', type: 'STRING', defaultValue: null, importance: 'HIGH',
      documentation: 'The location of the trust store file.' }))
    .define(security({ name: 'ssl.truststore.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH',
      documentation: 'The password for the trust store file.' }))
    .define(security({ name: 'ssl.truststore.certificates', type: 'PASSWORD', defaultValue: null, importance: 'HIGH',
      documentation: 'Trusted certificates in PEM format.' }))
    .define(security({ name: 'ssl.endpoint.identification.algorithm', type: 'STRING', defaultValue: 'https', importance: 'LOW',
      documentation: 'The endpoint identification algorithm used to validate the server hostname against its certificate.' }));

  // RestServerConfig.addPublicConfig
  const rest = inGroup(REST);
  def
    .define(rest({ name: 'listeners', type: 'LIST', defaultValue: ['http://:8083'], validator: listenersValidator, importance: 'LOW',
      documentation: 'Comma-separated URIs the REST API listens on, e.g. HTTP://myhost:8083,HTTPS://myhost:8084. An empty host binds the default interface.' }))
    .define(rest({ name: 'rest.advertised.host.name', type: 'STRING', defaultValue: null, importance: 'LOW',
      documentation: 'If set, the hostname given out to other workers to connect to.' }))
    .define(rest({ name: 'rest.advertised.port', type: 'INT', defaultValue: null, importance: 'LOW',
      documentation: 'If set, the port given out to other workers to connect to.' }))
    .define(rest({ name: 'rest.advertised.listener', type: 'STRING', defaultValue: null, importance: 'LOW',
      documentation: 'The advertised listener (HTTP or HTTPS) given to other workers.' }))
    .define(rest({ name: 'access.control.allow.origin', type: 'STRING', defaultValue: '', importance: 'LOW',
      documentation: "Value of the Access-Control-Allow-Origin header for REST API requests; '*' allows any origin. Empty allows only the REST API's own origin." }))
    .define(rest({ name: 'access.control.allow.methods', type: 'STRING', defaultValue: '', importance: 'LOW',
      documentation: 'Methods allowed for cross-origin requests (Access-Control-Allow-Methods). Empty allows GET, POST and HEAD.' }))
    .define(rest({ name: 'response.http.headers.config', type: 'STRING', defaultValue: '', importance: 'LOW',
      documentation: "Rules for REST API HTTP response headers: '[action] [header name]:[header value]', comma-separated." }))
    .define(rest({ name: 'ssl.client.auth', type: 'STRING', defaultValue: 'none', validator: Validators.in('required', 'requested', 'none'), importance: 'LOW',
      documentation: 'Whether the REST server requires client authentication over HTTPS.' }))
    .define(rest({ name: 'rest.extension.classes', type: 'LIST', defaultValue: '', importance: 'LOW',
      documentation: 'Comma-separated names of REST extension classes, loaded and called in the order given.' }))
    .define(rest({ name: 'rest.readonly.users', type: 'LIST', defaultValue: '', importance: 'MEDIUM',
      documentation: 'kconnect: authenticated REST users who may read everything and change nothing (403 on every write); they see secret config values as [hidden].' }))
    .define(rest({ name: 'rest.config.masked.keys', type: 'LIST', defaultValue: '', importance: 'LOW',
      documentation: 'kconnect: connector config keys whose values read-only users see as [hidden], besides those the plugins declare PASSWORD.' }))
    .define(rest({ name: 'admin.listeners', type: 'LIST', defaultValue: null, validator: adminListenersValidator, importance: 'LOW',
      documentation: "Comma-separated URIs the admin REST API listens on. Empty disables it; unset uses 'listeners'." }));
  return def;
}

function buildStandaloneConfigDef(): ConfigDef {
  return new ConfigDef(WORKER_CONFIG_DEF)
    .define({ name: 'offset.storage.file.filename', type: 'STRING', importance: 'HIGH', group: COMMON,
      documentation: 'File to store source connector offsets in.' });
}

/**
 * The keys of one of the distributed worker's internal topics: its name, its partition count (not
 * for the config topic, which always has one partition) and its replication factor.
 */
function defineInternalTopic(def: ConfigDef, d: InGroup,
  kind: 'offset' | 'config' | 'status', holds: string, topic: string, partitions?: number): void {
  def.define(d({ name: `${kind}.storage.topic`, type: 'STRING', importance: 'HIGH', documentation: `The name of the Kafka topic where ${holds}.` }));
  if (partitions !== undefined) {
    def.define(d({ name: `${kind}.storage.partitions`, type: 'INT', defaultValue: partitions, validator: PARTITIONS_VALIDATOR, importance: 'LOW',
      documentation: `Partitions used when creating the ${topic}.` }));
  }
  def.define(d({ name: `${kind}.storage.replication.factor`, type: 'SHORT', defaultValue: 3, validator: REPLICATION_FACTOR_VALIDATOR, importance: 'LOW',
    documentation: `Replication factor used when creating the ${topic}.` }));
}

function buildDistributedConfigDef(): ConfigDef {
  const d = inGroup('Distributed');
  const def = new ConfigDef(WORKER_CONFIG_DEF)
    .define(d({ name: 'group.id', type: 'STRING', importance: 'HIGH',
      documentation: 'A unique string naming the Connect cluster group this worker belongs to. Must not clash with consumer group ids.' }))
    .define(d({ name: 'session.timeout.ms', type: 'INT', defaultValue: 10000, importance: 'HIGH',
      documentation: 'Timeout used to detect worker failures.' }))
    .define(d({ name: 'rebalance.timeout.ms', type: 'INT', defaultValue: 60000, importance: 'HIGH',
      documentation: 'Maximum time each worker may take to join the group once a rebalance has begun.' }))
    .define(d({ name: 'heartbeat.interval.ms', type: 'INT', defaultValue: 3000, importance: 'HIGH',
      documentation: 'Expected time between heartbeats to the group coordinator.' }))
    .define(d({ name: 'exactly.once.source.support', type: 'STRING', defaultValue: 'disabled', importance: 'HIGH',
      validator: Validators.in('disabled', 'preparing', 'enabled'),
      documentation: 'Whether to enable exactly-once support for source connectors in the cluster.' }))
    .define(d({ name: 'metadata.max.age.ms', type: 'LONG', defaultValue: 300000, validator: Validators.atLeast(0), importance: 'LOW',
      documentation: 'Period after which metadata is refreshed.' }))
    .define(d({ name: 'send.buffer.bytes', type: 'INT', defaultValue: 131072, validator: Validators.atLeast(-1), importance: 'MEDIUM',
      documentation: 'TCP send buffer size; -1 uses the OS default.' }))
    .define(d({ name: 'receive.buffer.bytes', type: 'INT', defaultValue: 32768, validator: Validators.atLeast(-1), importance: 'MEDIUM',
      documentation: 'TCP receive buffer size; -1 uses the OS default.' }))
    .define(d({ name: 'reconnect.backoff.ms', type: 'LONG', defaultValue: 50, validator: Validators.atLeast(0), importance: 'LOW',
      documentation: 'Base wait before reconnecting to a broker.' }))
    .define(d({ name: 'reconnect.backoff.max.ms', type: 'LONG', defaultValue: 1000, validator: Validators.atLeast(0), importance: 'LOW',
      documentation: 'Maximum wait before reconnecting to a broker.' }))
    .define(d({ name: 'retry.backoff.ms', type: 'LONG', defaultValue: 100, validator: Validators.atLeast(0), importance: 'LOW',
      documentation: 'Base wait before retrying a failed request.' }))
    .define(d({ name: 'retry.backoff.max.ms', type: 'LONG', defaultValue: 1000, validator: Validators.atLeast(0), importance: 'LOW',
      documentation: 'Maximum wait before retrying a failed request.' }))
    .define(d({ name: 'request.timeout.ms', type: 'INT', defaultValue: 40000, validator: Validators.atLeast(0), importance: 'MEDIUM',
      documentation: 'Maximum time to wait for the response to a request.' }))
    .define(d({ name: 'connections.max.idle.ms', type: 'LONG', defaultValue: 540000, importance: 'MEDIUM',
      documentation: 'Close idle connections after this many milliseconds.' }))
    .define(d({ name: 'worker.sync.timeout.ms', type: 'INT', defaultValue: 3000, importance: 'MEDIUM',
      documentation: 'How long a worker out of sync with the others waits before giving up its work and rejoining.' }))
    .define(d({ name: 'worker.unsync.backoff.ms', type: 'INT', defaultValue: 300000, importance: 'MEDIUM',
      documentation: 'How long to wait before rejoining when a worker could not catch up within worker.sync.timeout.ms.' }));
  defineInternalTopic(def, d, 'offset', 'source connector offsets are stored', 'offset storage topic', 25);
  defineInternalTopic(def, d, 'config', 'connector configurations are stored', 'configuration storage topic');
  defineInternalTopic(def, d, 'status', 'connector and task status is stored', 'status storage topic', 5);
  return def
    .define(d({ name: 'connect.protocol', type: 'STRING', defaultValue: 'sessioned', importance: 'LOW',
      validator: Validators.schema({ type: 'string', pattern: '^(?:[eE][aA][gG][eE][rR]|[cC][oO][mM][pP][aA][tT][iI][bB][lL][eE]|[sS][eE][sS][sS][iI][oO][nN][eE][dD])$' },
        () => 'Invalid Connect protocol compatibility', '[eager, compatible, sessioned]'),
      documentation: 'Compatibility mode for the Connect group protocol.' }))
    .define(d({ name: 'scheduled.rebalance.max.delay.ms', type: 'INT', defaultValue: 300000, validator: Validators.between(0, 2147483647), importance: 'LOW',
      documentation: 'Maximum delay scheduled to wait for departed workers to return before rebalancing their connectors and tasks.' }))
    .define(d({ name: 'inter.worker.key.ttl.ms', type: 'INT', defaultValue: 3600000, validator: Validators.between(0, 2147483647), importance: 'LOW',
      documentation: 'Time to live of the key used to sign and verify internal requests.' }))
    .define(d({ name: 'inter.worker.key.generation.algorithm', type: 'STRING', defaultValue: 'HmacSHA256', importance: 'LOW',
      documentation: 'Algorithm used to generate internal request keys.' }))
    .define(d({ name: 'inter.worker.key.size', type: 'INT', defaultValue: null, importance: 'LOW',
      documentation: 'Size in bits of the internal request signing key; unset uses the algorithm default.' }))
    .define(d({ name: 'inter.worker.signature.algorithm', type: 'STRING', defaultValue: 'HmacSHA256', importance: 'LOW',
      documentation: 'Algorithm used to sign internal requests.' }))
    .define(d({ name: 'inter.worker.verification.algorithms', type: 'LIST', defaultValue: 'HmacSHA256', importance: 'LOW',
      documentation: 'Algorithms permitted to verify internal requests.' }))
    .define(d({ name: 'metadata.recovery.strategy', type: 'STRING', defaultValue: 'none', importance: 'LOW',
      validator: Validators.caseInsensitiveIn('none', 'rebootstrap'),
      documentation: 'What clients do when no broker of the known metadata is reachable.' }));
}

/** The keys common to both worker modes (Kafka's WorkerConfig.baseConfigDef). Do not mutate. */
export const WORKER_CONFIG_DEF: ConfigDef = buildWorkerConfigDef();
/** WorkerConfig + StandaloneConfig (`offset.storage.file.filename`, required). Do not mutate. */
export const STANDALONE_CONFIG_DEF: ConfigDef = buildStandaloneConfigDef();
/** WorkerConfig + DistributedConfig (`group.id` and the three storage topics, required). Do not mutate. */
export const DISTRIBUTED_CONFIG_DEF: ConfigDef = buildDistributedConfigDef();

export function workerConfigDef(mode?: WorkerMode): ConfigDef {
  return mode === 'standalone' ? STANDALONE_CONFIG_DEF : mode === 'distributed' ? DISTRIBUTED_CONFIG_DEF : WORKER_CONFIG_DEF;
}

/** Prefixes of worker keys that are passed on rather than defined here. */
export const WORKER_PASSTHROUGH_PREFIXES: readonly string[] = [
  'producer.', 'consumer.', 'admin.', 'key.converter.', 'value.converter.', 'header.converter.',
  'config.providers.', 'listeners.https.', 'admin.listeners.https.', 'ssl.', 'sasl.', 'metrics.context.',
];

// ---------------------------------------------------------------------------------------------
// Sub-configs from the raw properties

/**
 * The settings for one converter: `key.converter.schemas.enable=true` → `{ 'schemas.enable': 'true' }`
 * for kind `key`. (Kafka also adds `converter.type`; our Converter.configure takes isKey instead.)
 */
export function converterConfig(props: RawProps, kind: ConverterKind): Record<string, string> {
  return originalsWithPrefix(props, `${kind}.converter.`);
}

/**
 * What the worker's Kafka clients are built with (src/kafka/KafkaClients), worked out here once:
 * the connection settings every client shares (bootstrap.servers, client.id, security.*, ssl.*,
 * sasl.*), then each client's own `producer.*`, `consumer.*`, `admin.*` keys, prefix stripped, as
 * Kafka's Worker does. `admin.listeners*` configure the REST admin endpoint, not the admin client.
 */
export interface WorkerClientProps {
  common: Record<string, string>;
  producer: Record<string, string>;
  consumer: Record<string, string>;
  admin: Record<string, string>;
}

export function workerClientProps(props: RawProps): WorkerClientProps {
  const common: Record<string, string> = {};
  for (const [k, v] of toPropsMap(props)) {
    if (k === 'bootstrap.servers' || k === 'client.id' || k.startsWith('security.') || k.startsWith('ssl.') || k.startsWith('sasl.')) common[k] = v;
  }
  const admin = originalsWithPrefix(props, 'admin.');
  for (const k of Object.keys(admin)) if (k.startsWith('listeners')) delete admin[k];
  return { common, producer: originalsWithPrefix(props, 'producer.'), consumer: originalsWithPrefix(props, 'consumer.'), admin };
}

// ---------------------------------------------------------------------------------------------
// WorkerConfig

export class WorkerConfig extends AbstractConfig {
  readonly mode: WorkerMode;

  /** Parses `props` for `mode`; throws ConfigException naming the first bad key. */
  constructor(props: RawProps | ConfigProps, mode: WorkerMode = 'standalone') {
    super(workerConfigDef(mode), props);
    this.mode = mode;
  }

  get bootstrapServers(): string[] { return this.getList('bootstrap.servers')!; }
  get keyConverter(): string { return this.getClass('key.converter')!; }
  get valueConverter(): string { return this.getClass('value.converter')!; }
  get headerConverter(): string { return this.getClass('header.converter')!; }
  get offsetFlushIntervalMs(): number { return this.getLong('offset.flush.interval.ms')!; }
  get offsetFlushTimeoutMs(): number { return this.getLong('offset.flush.timeout.ms')!; }
  get taskShutdownGracefulTimeoutMs(): number { return this.getLong('task.shutdown.graceful.timeout.ms')!; }
  /** null when unset. */
  get pluginPath(): string[] | null { return this.getList('plugin.path'); }
  get listeners(): string[] { return this.getList('listeners')!; }
  get restAdvertisedHostName(): string | null { return this.getString('rest.advertised.host.name'); }
  get restAdvertisedPort(): number | null { return this.getInt('rest.advertised.port'); }
  get restAdvertisedListener(): string | null { return this.getString('rest.advertised.listener'); }
  get accessControlAllowOrigin(): string { return this.getString('access.control.allow.origin')!; }
  get accessControlAllowMethods(): string { return this.getString('access.control.allow.methods')!; }
  get configProviders(): string[] { return this.getList('config.providers')!; }
  get clientId(): string { return this.getString('client.id')!; }
  get connectorClientConfigOverridePolicy(): string { return this.getString('connector.client.config.override.policy')!; }
  get topicCreationEnable(): boolean { return this.getBoolean('topic.creation.enable')!; }
  /** Standalone only. */
  get offsetStorageFileFilename(): string | null {
    return this.mode === 'standalone' ? this.getString('offset.storage.file.filename') : null;
  }
  /** Distributed only. */
  get groupId(): string | null { return this.mode === 'distributed' ? this.getString('group.id') : null; }

  converterConfig(kind: ConverterKind): Record<string, string> { return converterConfig(this.raw, kind); }
  clientProps(): WorkerClientProps { return workerClientProps(this.raw); }

  /** Supplied keys nothing here uses (Kafka logs them as "supplied but not used"). */
  override unknownKeys(knownPrefixes: readonly string[] = WORKER_PASSTHROUGH_PREFIXES): string[] {
    return super.unknownKeys(knownPrefixes);
  }
}

/**
 * Parses worker properties. With `source` (the file name), errors read
 * `<source>: Invalid value abc for configuration offset.flush.interval.ms: Not a number of type LONG`.
 */
export function parseWorkerConfig(props: RawProps, mode: WorkerMode = 'standalone', source?: string): WorkerConfig {
  try {
    return new WorkerConfig(props, mode);
  } catch (e) {
    throw withSource(e, source);
  }
}

/** Reads a worker properties file and parses it; every error names the file (and key or line). */
export async function loadWorkerConfig(path: string, mode: WorkerMode = 'standalone'): Promise<WorkerConfig> {
  const raw = await loadPropertiesFile(path);
  return parseWorkerConfig(raw, mode, path);
}
