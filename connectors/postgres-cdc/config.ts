// Debezium's PostgresConnector configuration keys, declared once: validation, defaults, the REST
// config/validate answer and the parsed, serialisable settings the task works from.

import { ConfigDef, Validators, type ConfigValue, ConfigException } from 'kconnect';

export type SnapshotMode = 'initial' | 'initial_only' | 'no_data' | 'never' | 'when_needed' | 'always';
export type AutocreateMode = 'all_tables' | 'disabled' | 'filtered';
export type DecimalMode = 'precise' | 'double' | 'string';
export type TimePrecisionMode = 'adaptive' | 'adaptive_time_microseconds' | 'connect';
export type BinaryMode = 'bytes' | 'base64' | 'base64-url-safe' | 'hex';

export interface CdcConfig {
  name: string;
  hostname: string;
  port: number;
  user: string;
  password: string | null;
  dbname: string;
  sslmode: string;
  topicPrefix: string;
  tableInclude: RegExp[];
  tableExclude: RegExp[];
  schemaInclude: RegExp[];
  schemaExclude: RegExp[];
  columnInclude: RegExp[];
  columnExclude: RegExp[];
  slotName: string;
  slotDropOnStop: boolean;
  publicationName: string;
  publicationAutocreate: AutocreateMode;
  snapshotMode: SnapshotMode;
  snapshotFetchSize: number;
  heartbeatIntervalMs: number;
  heartbeatTopicsPrefix: string;
  tombstonesOnDelete: boolean;
  decimalMode: DecimalMode;
  timePrecisionMode: TimePrecisionMode;
  binaryMode: BinaryMode;
  includeUnknownDatatypes: boolean;
  maxBatchSize: number;
  maxQueueSize: number;
  pollIntervalMs: number;
  provideTransactionMetadata: boolean;
  /** Operations not emitted: c, u, d, t (Debezium's skipped.operations; default t). */
  skippedOperations: Set<string>;
  statusUpdateIntervalMs: number;
}

const ENUMS = {
  snapshot: ['initial', 'initial_only', 'no_data', 'never', 'when_needed', 'always'],
  autocreate: ['all_tables', 'disabled', 'filtered'],
  decimal: ['precise', 'double', 'string'],
  time: ['adaptive', 'adaptive_time_microseconds', 'connect'],
  binary: ['bytes', 'base64', 'base64-url-safe', 'hex'],
  plugin: ['pgoutput'],
  sslmode: ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'],
} as const;

const caseless = (values: readonly string[]) => Validators.lambda((name, value) => {
  if (value === null || value === undefined) return undefined;
  return values.includes(String(value).toLowerCase()) ? undefined : `Value must be one of ${values.join(', ')}`;
}, `[${values.join(', ')}]`);

const regexList = Validators.lambda((_name, value) => {
  for (const r of (value as string[] | null) ?? []) {
    try {
      new RegExp(r);
    } catch (e) {
      return `'${r}' is not a valid regular expression: ${(e as Error).message}`;
    }
  }
  return undefined;
}, 'a comma-separated list of regular expressions');

const G = 'Postgres';
export const CDC_CONFIG_DEF: ConfigDef = new ConfigDef()
  .define({ name: 'topic.prefix', type: 'STRING', importance: 'HIGH', group: G, validator: Validators.nonEmptyString(),
    documentation: 'Prefix of every topic name: <topic.prefix>.<schema>.<table>; also the source partition {"server": prefix}.' })
  .define({ name: 'database.hostname', type: 'STRING', importance: 'HIGH', group: G, documentation: 'Resolvable hostname or IP address of the database server.' })
  .define({ name: 'database.port', type: 'INT', defaultValue: 5432, importance: 'HIGH', group: G, documentation: 'Port of the database server.' })
  .define({ name: 'database.user', type: 'STRING', importance: 'HIGH', group: G, documentation: 'Name of the database user (needs REPLICATION and SELECT on the captured tables).' })
  .define({ name: 'database.password', type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group: G, documentation: 'Password of the database user.' })
  .define({ name: 'database.dbname', type: 'STRING', importance: 'HIGH', group: G, documentation: 'The database to capture.' })
  .define({ name: 'database.sslmode', type: 'STRING', defaultValue: 'prefer', validator: caseless(ENUMS.sslmode), importance: 'MEDIUM', group: G, documentation: 'disable, allow, prefer, require, verify-ca or verify-full.' })
  .define({ name: 'plugin.name', type: 'STRING', defaultValue: 'pgoutput', validator: caseless(ENUMS.plugin), importance: 'MEDIUM', group: G, documentation: 'Logical decoding plugin: only pgoutput (built into PostgreSQL 10+).' })
  .define({ name: 'slot.name', type: 'STRING', defaultValue: 'debezium', importance: 'MEDIUM', group: G, documentation: 'Name of the logical replication slot.' })
  .define({ name: 'slot.drop.on.stop', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: G, documentation: 'Drop the slot when the connector stops in an orderly way (WAL is then no longer retained for it).' })
  .define({ name: 'publication.name', type: 'STRING', defaultValue: 'dbz_publication', importance: 'MEDIUM', group: G, documentation: 'Name of the publication pgoutput streams.' })
  .define({ name: 'publication.autocreate.mode', type: 'STRING', defaultValue: 'all_tables', validator: caseless(ENUMS.autocreate), importance: 'MEDIUM', group: G, documentation: 'all_tables, disabled or filtered.' })
  .define({ name: 'table.include.list', type: 'LIST', defaultValue: null, validator: regexList, importance: 'HIGH', group: G, documentation: 'Regular expressions matched against schema.table of the tables to capture.' })
  .define({ name: 'table.exclude.list', type: 'LIST', defaultValue: null, validator: regexList, importance: 'HIGH', group: G, documentation: 'Regular expressions matched against schema.table of tables not to capture.' })
  .define({ name: 'schema.include.list', type: 'LIST', defaultValue: null, validator: regexList, importance: 'HIGH', group: G, documentation: 'Regular expressions of the schemas to capture.' })
  .define({ name: 'schema.exclude.list', type: 'LIST', defaultValue: null, validator: regexList, importance: 'HIGH', group: G, documentation: 'Regular expressions of schemas not to capture.' })
  .define({ name: 'column.include.list', type: 'LIST', defaultValue: null, validator: regexList, importance: 'MEDIUM', group: G, documentation: 'Regular expressions matched against schema.table.column of the columns to include.' })
  .define({ name: 'column.exclude.list', type: 'LIST', defaultValue: null, validator: regexList, importance: 'MEDIUM', group: G, documentation: 'Regular expressions matched against schema.table.column of the columns to leave out.' })
  .define({ name: 'snapshot.mode', type: 'STRING', defaultValue: 'initial', validator: caseless(ENUMS.snapshot), importance: 'MEDIUM', group: G, documentation: 'initial, initial_only, no_data, never, when_needed or always.' })
  .define({ name: 'snapshot.fetch.size', type: 'INT', defaultValue: 10240, validator: Validators.atLeast(1), importance: 'MEDIUM', group: G, documentation: 'Rows fetched at a time while snapshotting.' })
  .define({ name: 'heartbeat.interval.ms', type: 'INT', defaultValue: 0, validator: Validators.atLeast(0), importance: 'MEDIUM', group: G, documentation: 'Emit a heartbeat record this often (0: never), so that the slot advances even when captured tables are quiet.' })
  .define({ name: 'topic.heartbeat.prefix', type: 'STRING', defaultValue: '__debezium-heartbeat', importance: 'LOW', group: G, documentation: 'Heartbeat topic: <prefix>.<topic.prefix>.' })
  .define({ name: 'tombstones.on.delete', type: 'BOOLEAN', defaultValue: true, importance: 'MEDIUM', group: G, documentation: 'Follow each delete event by a tombstone (null value) with the same key.' })
  .define({ name: 'decimal.handling.mode', type: 'STRING', defaultValue: 'precise', validator: caseless(ENUMS.decimal), importance: 'MEDIUM', group: G, documentation: 'precise (Connect Decimal), double or string.' })
  .define({ name: 'time.precision.mode', type: 'STRING', defaultValue: 'adaptive', validator: caseless(ENUMS.time), importance: 'MEDIUM', group: G, documentation: 'adaptive, adaptive_time_microseconds or connect.' })
  .define({ name: 'binary.handling.mode', type: 'STRING', defaultValue: 'bytes', validator: caseless(ENUMS.binary), importance: 'LOW', group: G, documentation: 'bytes, base64, base64-url-safe or hex.' })
  .define({ name: 'include.unknown.datatypes', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: G, documentation: 'Include columns of types the connector does not know, as their text.' })
  .define({ name: 'max.batch.size', type: 'INT', defaultValue: 2048, validator: Validators.atLeast(1), importance: 'LOW', group: G, documentation: 'Records returned by one poll at most.' })
  .define({ name: 'max.queue.size', type: 'INT', defaultValue: 8192, validator: Validators.atLeast(1), importance: 'LOW', group: G, documentation: 'Change messages buffered before reading from the server pauses.' })
  .define({ name: 'poll.interval.ms', type: 'LONG', defaultValue: 500, validator: Validators.atLeast(0), importance: 'LOW', group: G, documentation: 'How long a poll waits for changes when there are none.' })
  .define({ name: 'provide.transaction.metadata', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: G, documentation: 'Fill the transaction block of each event (id, total_order, data_collection_order).' })
  .define({ name: 'skipped.operations', type: 'LIST', defaultValue: 't', importance: 'LOW', group: G, documentation: 'Operations not emitted: c, u, d, t, or none.' })
  .define({ name: 'status.update.interval.ms', type: 'INT', defaultValue: 10000, validator: Validators.atLeast(1), importance: 'LOW', group: G, documentation: 'How often the connector reports its position to the server.' });

/**
 * Debezium keys this connector accepts but does not act on; start-up names those a config sets in
 * one warning. Everything else unknown is passed over silently, as Kafka Connect does.
 */
export const ACCEPTED_NOT_IMPLEMENTED = [
  'message.key.columns', 'column.mask.hash', 'column.truncate.to', 'column.propagate.source.type', 'datatype.propagate.source.type',
  'hstore.handling.mode', 'interval.handling.mode', 'event.processing.failure.handling.mode', 'snapshot.select.statement.overrides',
  'snapshot.lock.timeout.ms', 'snapshot.include.collection.list', 'snapshot.max.threads', 'signal.data.collection', 'signal.enabled.channels',
  'incremental.snapshot.chunk.size', 'read.only', 'slot.stream.params', 'slot.max.retries', 'slot.retry.delay.ms', 'xmin.fetch.interval.ms',
  'converters', 'schema.name.adjustment.mode', 'field.name.adjustment.mode', 'money.fraction.digits', 'message.prefix.include.list',
  'message.prefix.exclude.list', 'database.initial.statements', 'publish.via.partition.root', 'replica.identity.autoset.values',
  'unavailable.value.placeholder', 'notification.enabled.channels', 'custom.metric.tags', 'errors.max.retries', 'lsn.flush.mode',
  'database.tcpKeepAlive',
];
const NOT_IMPLEMENTED = new Set(ACCEPTED_NOT_IMPLEMENTED);
/** Families of keys named per column, table or channel (column.mask.hash.SHA-256.with.salt.x, …). */
const NOT_IMPLEMENTED_PREFIXES = ['snapshot.select.statement.overrides.', 'column.mask.', 'column.truncate.to.', 'signal.', 'incremental.snapshot.', 'notification.'];

/** Keys of `props` that Debezium knows, we accept, and we ignore. */
export function unimplementedKeys(props: Record<string, string>): string[] {
  return Object.keys(props).filter((k) => NOT_IMPLEMENTED.has(k) || NOT_IMPLEMENTED_PREFIXES.some((p) => k.startsWith(p)));
}

function regexes(list: unknown): RegExp[] {
  return ((list as string[] | null) ?? []).map((r) => new RegExp(`^(?:${r.trim()})$`, 'i'));
}

export function validateCdcConfig(props: Record<string, string>): ConfigValue[] {
  return CDC_CONFIG_DEF.validate(props);
}

/** Parses a connector or task config; throws ConfigException naming the key. */
export function parseCdcConfig(props: Record<string, string>): CdcConfig {
  const v = CDC_CONFIG_DEF.parse(props);
  const lower = (k: string): string => String(v[k]).toLowerCase();
  const prefix = String(v['topic.prefix']);
  if (!/^[a-zA-Z0-9._-]+$/.test(prefix)) {
    throw new ConfigException('topic.prefix', prefix, 'Topic prefix may contain only letters, digits, \'.\', \'_\' and \'-\'');
  }
  const skipped = new Set(((v['skipped.operations'] as string[] | null) ?? []).map((s) => s.trim().toLowerCase()).filter((s) => s && s !== 'none'));
  for (const op of skipped) {
    if (!['c', 'u', 'd', 't'].includes(op)) throw new ConfigException('skipped.operations', String(props['skipped.operations']), `Unknown operation '${op}': use c, u, d, t or none`);
  }
  const password = v['database.password'] as { value(): string } | null;
  return {
    name: props['name'] ?? prefix,
    hostname: String(v['database.hostname']),
    port: Number(v['database.port']),
    user: String(v['database.user']),
    password: password ? password.value() : null,
    dbname: String(v['database.dbname']),
    sslmode: lower('database.sslmode'),
    topicPrefix: prefix,
    tableInclude: regexes(v['table.include.list']),
    tableExclude: regexes(v['table.exclude.list']),
    schemaInclude: regexes(v['schema.include.list']),
    schemaExclude: regexes(v['schema.exclude.list']),
    columnInclude: regexes(v['column.include.list']),
    columnExclude: regexes(v['column.exclude.list']),
    slotName: String(v['slot.name']),
    slotDropOnStop: v['slot.drop.on.stop'] === true,
    publicationName: String(v['publication.name']),
    publicationAutocreate: lower('publication.autocreate.mode') as AutocreateMode,
    snapshotMode: lower('snapshot.mode') as SnapshotMode,
    snapshotFetchSize: Number(v['snapshot.fetch.size']),
    heartbeatIntervalMs: Number(v['heartbeat.interval.ms']),
    heartbeatTopicsPrefix: String(v['topic.heartbeat.prefix']),
    tombstonesOnDelete: v['tombstones.on.delete'] === true,
    decimalMode: lower('decimal.handling.mode') as DecimalMode,
    timePrecisionMode: lower('time.precision.mode') as TimePrecisionMode,
    binaryMode: lower('binary.handling.mode') as BinaryMode,
    includeUnknownDatatypes: v['include.unknown.datatypes'] === true,
    maxBatchSize: Number(v['max.batch.size']),
    maxQueueSize: Number(v['max.queue.size']),
    pollIntervalMs: Number(v['poll.interval.ms']),
    provideTransactionMetadata: v['provide.transaction.metadata'] === true,
    skippedOperations: skipped,
    statusUpdateIntervalMs: Number(v['status.update.interval.ms']),
  };
}

/** True when schema.table is captured by the include/exclude lists (Debezium's table filter). */
export function tableCaptured(config: CdcConfig, schema: string, table: string): boolean {
  if (schema === 'pg_catalog' || schema === 'information_schema' || schema.startsWith('pg_')) return false;
  if (config.schemaInclude.length > 0 && !config.schemaInclude.some((r) => r.test(schema))) return false;
  if (config.schemaExclude.some((r) => r.test(schema))) return false;
  const fqn = `${schema}.${table}`;
  if (config.tableInclude.length > 0 && !config.tableInclude.some((r) => r.test(fqn))) return false;
  return !config.tableExclude.some((r) => r.test(fqn));
}

/** True when the column is kept by column.include.list / column.exclude.list. */
export function columnCaptured(config: CdcConfig, schema: string, table: string, column: string): boolean {
  const fqn = `${schema}.${table}.${column}`;
  if (config.columnInclude.length > 0) return config.columnInclude.some((r) => r.test(fqn));
  return !config.columnExclude.some((r) => r.test(fqn));
}
