// The source's and the sink's configuration, declared once with Confluent's JDBC connector key
// names, defaults and groups, so existing connector configs carry over. Checks that span keys live
// in `crossChecks` and feed both validate() (REST config/validate) and parse() (start).

import {
  ConfigDef, Password, Validators, compileJavaRegex, type ConfigValue, type Validator, ConfigException,
} from 'kconnect';
import { describeUrlProblem, type ConnectionSettings } from './connection.js';

// ---------------------------------------------------------------------------------------------
// Keys shared by source and sink

export const CONNECTION_URL = 'connection.url';
export const CONNECTION_USER = 'connection.user';
export const CONNECTION_PASSWORD = 'connection.password';
export const CONNECTION_ATTEMPTS = 'connection.attempts';
export const CONNECTION_BACKOFF = 'connection.backoff.ms';
export const DIALECT_NAME = 'dialect.name';
export const DB_TIMEZONE = 'db.timezone';
export const QUOTE_SQL_IDENTIFIERS = 'quote.sql.identifiers';
export const TABLE_TYPES = 'table.types';
export const DATE_CALENDAR_SYSTEM = 'date.calendar.system';

// Source
export const TABLE_WHITELIST = 'table.whitelist';
export const TABLE_BLACKLIST = 'table.blacklist';
export const TABLE_INCLUDE_LIST = 'table.include.list';
export const TABLE_EXCLUDE_LIST = 'table.exclude.list';
export const SCHEMA_PATTERN = 'schema.pattern';
export const CATALOG_PATTERN = 'catalog.pattern';
export const NUMERIC_PRECISION_MAPPING = 'numeric.precision.mapping';
export const NUMERIC_MAPPING = 'numeric.mapping';
export const MODE = 'mode';
export const INCREMENTING_COLUMN_NAME = 'incrementing.column.name';
export const TIMESTAMP_COLUMN_NAME = 'timestamp.column.name';
export const TIMESTAMP_COLUMNS_MAPPING = 'timestamp.columns.mapping';
export const INCREMENTING_COLUMN_MAPPING = 'incrementing.column.mapping';
export const TIMESTAMP_INITIAL = 'timestamp.initial';
export const TIMESTAMP_GRANULARITY = 'timestamp.granularity';
export const VALIDATE_NON_NULL = 'validate.non.null';
export const QUERY = 'query';
export const QUERY_SUFFIX = 'query.suffix';
export const QUERY_RETRIES = 'query.retry.attempts';
export const TRANSACTION_ISOLATION_MODE = 'transaction.isolation.mode';
export const POLL_INTERVAL_MS = 'poll.interval.ms';
export const BATCH_MAX_ROWS = 'batch.max.rows';
export const TABLE_POLL_INTERVAL_MS = 'table.poll.interval.ms';
export const TOPIC_PREFIX = 'topic.prefix';
export const TIMESTAMP_DELAY_INTERVAL_MS = 'timestamp.delay.interval.ms';
/** Task-only key: the tables one task reads, as a comma-separated list of quoted names. */
export const TABLES = 'tables';

// Sink
export const INSERT_MODE = 'insert.mode';
export const BATCH_SIZE = 'batch.size';
export const DELETE_ENABLED = 'delete.enabled';
export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default';
export const TABLE_NAME_FORMAT = 'table.name.format';
export const PK_MODE = 'pk.mode';
export const PK_FIELDS = 'pk.fields';
export const FIELDS_WHITELIST = 'fields.whitelist';
export const DATE_TIMEZONE = 'date.timezone';
export const TIMESTAMP_FIELDS_LIST = 'timestamp.fields.list';
export const TIMESTAMP_PRECISION_MODE = 'timestamp.precision.mode';
export const STRING_OUTPUT_VALUE_COLUMN_NAME = 'string.output.value.column.name';
export const AUTO_CREATE = 'auto.create';
export const AUTO_EVOLVE = 'auto.evolve';
export const MAX_RETRIES = 'max.retries';
export const RETRY_BACKOFF_MS = 'retry.backoff.ms';

export const MODES = ['bulk', 'timestamp', 'incrementing', 'timestamp+incrementing'] as const;
export type Mode = (typeof MODES)[number];
export type NumericMapping = 'none' | 'precision_only' | 'best_fit' | 'best_fit_eager_double';
export const TIMESTAMP_GRANULARITIES = ['connect_logical', 'micros_long', 'micros_string', 'micros_iso_datetime_string',
  'nanos_long', 'nanos_string', 'nanos_iso_datetime_string'] as const;
export type TimestampGranularity = (typeof TIMESTAMP_GRANULARITIES)[number];
export type InsertMode = 'insert' | 'upsert' | 'update';
export type PkMode = 'none' | 'kafka' | 'record_key' | 'record_value';
export const DEFAULT_KAFKA_PK_NAMES = ['__connect_topic', '__connect_partition', '__connect_offset'] as const;

const DATABASE_GROUP = 'Database';
const MODE_GROUP = 'Mode';
const CONNECTOR_GROUP = 'Connector';
const CONNECTION_GROUP = 'Connection';
const WRITES_GROUP = 'Writes';
const DATAMAPPING_GROUP = 'Data Mapping';
const DDL_GROUP = 'DDL Support';
const RETRIES_GROUP = 'Retries';

// ---------------------------------------------------------------------------------------------
// Validators

const postgresUrl: Validator = Validators.lambda((_name, value) => {
  if (value === null || value === undefined) return undefined;
  return describeUrlProblem(String(value));
}, 'a PostgreSQL URL: jdbc:postgresql://host:port/database or postgresql://host:port/database');

const timeZone: Validator = Validators.lambda((_name, value) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: String(value) });
    return undefined;
  } catch {
    return 'Invalid time zone identifier';
  }
}, 'Any valid JDK time zone');

const regexList: Validator = Validators.lambda((_name, value) => {
  for (const r of (value as string[] | null) ?? []) {
    try {
      compileJavaRegex(r.trim());
    } catch (e) {
      return `Must be a valid comma-separated list of regular expression patterns: ${(e as Error).message}`;
    }
  }
  return undefined;
}, 'a valid comma-separated list of regular expressions');

function caseInsensitive(...values: string[]): Validator {
  return Validators.lambda((_name, value) => {
    if (value === null || value === undefined) return undefined;
    return values.includes(String(value).toLowerCase()) ? undefined : `Invalid enumerator; must be one of ${values.join(', ')}`;
  }, `[${values.join(', ')}]`);
}

const dialectName: Validator = Validators.lambda((_name, value) => {
  const v = String(value ?? '').trim();
  return v === '' || v === 'PostgreSqlDatabaseDialect' ? undefined
    : 'Only PostgreSqlDatabaseDialect is available (or leave it empty)';
}, '"" or PostgreSqlDatabaseDialect');

const tableTypes: Validator = Validators.lambda((_name, value) => {
  const valid = ['TABLE', 'VIEW', 'PARTITIONED TABLE', 'MATERIALIZED VIEW', 'FOREIGN TABLE'];
  for (const t of (value as string[] | null) ?? []) {
    if (!valid.includes(t.trim().toUpperCase())) return `Unknown table type ${t}; use ${valid.join(', ')}`;
  }
  return undefined;
}, 'TABLE, VIEW, PARTITIONED TABLE, MATERIALIZED VIEW, FOREIGN TABLE');

const topicPrefix: Validator = Validators.lambda((_name, value) => {
  const v = String(value ?? '').trim();
  if (v.length > 249) return 'Topic prefix length must not exceed max topic name length, 249 chars';
  if (/[^a-zA-Z0-9._-]/.test(v)) return 'Topic prefix must not contain any character other than ASCII alphanumerics, \'.\', \'_\' and \'-\'.';
  return undefined;
}, 'a valid topic name prefix');

// ---------------------------------------------------------------------------------------------
// Definitions

function defineConnection(def: ConfigDef, group: string): ConfigDef {
  return def
    .define({ name: CONNECTION_URL, type: 'STRING', validator: postgresUrl, importance: 'HIGH', group, orderInGroup: 1, width: 'LONG',
      displayName: 'JDBC URL',
      documentation: 'JDBC connection URL of the PostgreSQL database: jdbc:postgresql://host:port/database (or postgresql://host:port/database). URL parameters user, password, ssl, sslmode, ApplicationName, currentSchema, connectTimeout and options are honoured.' })
    .define({ name: CONNECTION_USER, type: 'STRING', defaultValue: null, importance: 'HIGH', group, orderInGroup: 2, displayName: 'JDBC User',
      documentation: 'JDBC connection user.' })
    .define({ name: CONNECTION_PASSWORD, type: 'PASSWORD', defaultValue: null, importance: 'HIGH', group, orderInGroup: 3, displayName: 'JDBC Password',
      documentation: 'JDBC connection password.' })
    .define({ name: CONNECTION_ATTEMPTS, type: 'INT', defaultValue: 3, validator: Validators.atLeast(1), importance: 'LOW', group, orderInGroup: 4,
      displayName: 'JDBC connection attempts', documentation: 'Maximum number of attempts to retrieve a valid JDBC connection. Must be a positive integer.' })
    .define({ name: CONNECTION_BACKOFF, type: 'LONG', defaultValue: 10000, importance: 'LOW', group, orderInGroup: 5,
      displayName: 'JDBC connection backoff in milliseconds', documentation: 'Backoff time in milliseconds between connection attempts.' })
    .define({ name: DIALECT_NAME, type: 'STRING', defaultValue: '', validator: dialectName, importance: 'LOW', group, orderInGroup: 6,
      displayName: 'Database Dialect', documentation: 'The database dialect. Only PostgreSqlDatabaseDialect exists here; empty picks it from the URL.' });
}

export const SOURCE_CONFIG_DEF: ConfigDef = (() => {
  const def = defineConnection(new ConfigDef(), DATABASE_GROUP);
  let o = 10;
  def
    .define({ name: TABLE_WHITELIST, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: o++, displayName: 'Table Whitelist',
      documentation: 'List of tables to include in copying (table, schema.table or "schema"."table"). If specified, table.blacklist may not be set.' })
    .define({ name: TABLE_BLACKLIST, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: o++, displayName: 'Table Blacklist',
      documentation: 'List of tables to exclude from copying. If specified, table.whitelist may not be set.' })
    .define({ name: TABLE_INCLUDE_LIST, type: 'LIST', defaultValue: '', validator: regexList, importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: o++,
      displayName: 'Tables Included (Regex)', documentation: 'Regular expressions matching the fully-qualified names (schema.table) of the tables to copy. Cannot be combined with table.whitelist / table.blacklist.' })
    .define({ name: TABLE_EXCLUDE_LIST, type: 'LIST', defaultValue: '', validator: regexList, importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: o++,
      displayName: 'Tables Excluded (Regex)', documentation: 'Regular expressions matching the fully-qualified names of tables not to copy, among those table.include.list matches. Requires table.include.list.' })
    .define({ name: CATALOG_PATTERN, type: 'STRING', defaultValue: null, importance: 'MEDIUM', group: DATABASE_GROUP, orderInGroup: o++, displayName: 'Catalog pattern',
      documentation: 'Accepted for compatibility; a PostgreSQL connection sees one database (catalog).' })
    .define({ name: SCHEMA_PATTERN, type: 'STRING', defaultValue: null, importance: 'HIGH', group: DATABASE_GROUP, orderInGroup: o++, displayName: 'Schema pattern',
      documentation: 'Schema pattern (SQL LIKE) to fetch table metadata from the database; null (default) searches every schema except the system ones.' })
    .define({ name: NUMERIC_PRECISION_MAPPING, type: 'BOOLEAN', defaultValue: false, importance: 'LOW', group: DATABASE_GROUP, orderInGroup: o++,
      displayName: 'Map Numeric Values By Precision (deprecated)', documentation: 'Deprecated: numeric.mapping=precision_only.' })
    .define({ name: NUMERIC_MAPPING, type: 'STRING', defaultValue: null, validator: caseInsensitive('none', 'precision_only', 'best_fit', 'best_fit_eager_double'),
      importance: 'LOW', group: DATABASE_GROUP, orderInGroup: o++, displayName: 'Map Numeric Values, Integral or Decimal, By Precision and Scale',
      documentation: 'How NUMERIC columns map: none (Decimal), best_fit (INT8..INT64 or FLOAT64 when that loses nothing), best_fit_eager_double (also FLOAT64 for every NUMERIC with a scale), precision_only (integers by precision when the scale is 0).' })
    .define({ name: DATE_CALENDAR_SYSTEM, type: 'STRING', defaultValue: 'LEGACY', validator: Validators.in('LEGACY', 'PROLEPTIC_GREGORIAN'), importance: 'LOW',
      group: DATABASE_GROUP, orderInGroup: o++, displayName: 'Date Calendar System',
      documentation: 'Accepted for compatibility; dates are always read in the proleptic Gregorian calendar.' });
  o = 1;
  def
    .define({ name: MODE, type: 'STRING', defaultValue: '', validator: Validators.in('', ...MODES), importance: 'HIGH', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Table Loading Mode',
      documentation: 'How each table is polled: bulk (the whole table every poll), incrementing (new rows by a strictly incrementing column), timestamp (new and modified rows by timestamp columns), timestamp+incrementing (both, so rows sharing a timestamp get unique offsets).' })
    .define({ name: INCREMENTING_COLUMN_NAME, type: 'STRING', defaultValue: '', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Incrementing Column Name', documentation: 'The strictly incrementing column that detects new rows. Empty picks the table\'s auto-incrementing (serial or identity) column. Must not be nullable.' })
    .define({ name: TIMESTAMP_COLUMN_NAME, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Timestamp Column Name', documentation: 'One or more timestamp columns that detect new or modified rows, combined with COALESCE. At least one should not be nullable.' })
    .define({ name: TIMESTAMP_COLUMNS_MAPPING, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Table to timestamp columns mappings', documentation: 'Per-table timestamp columns: regex1:[col1|col2],regex2:[col3]; regexes match schema.table.' })
    .define({ name: INCREMENTING_COLUMN_MAPPING, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Table to incrementing column mappings', documentation: 'Per-table incrementing column: regex1:col1,regex2:col2; regexes match schema.table.' })
    .define({ name: TIMESTAMP_INITIAL, type: 'LONG', defaultValue: null, importance: 'LOW', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Unix time value of initial timestamp', documentation: 'The epoch ms timestamp the first timestamp query starts from when no offset is stored; -1 is the database\'s current time. Unset reads everything since 1970.' })
    .define({ name: VALIDATE_NON_NULL, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Validate Non Null', documentation: 'Fail the task when the incrementing column, or every timestamp column, is nullable.' })
    .define({ name: QUERY, type: 'STRING', defaultValue: '', importance: 'MEDIUM', group: MODE_GROUP, orderInGroup: o++, displayName: 'Query',
      documentation: 'A SELECT to run instead of copying whole tables; the incremental modes append their WHERE clause to it. Records go to the topic named by topic.prefix.' })
    .define({ name: QUOTE_SQL_IDENTIFIERS, type: 'STRING', defaultValue: 'always', validator: caseInsensitive('always', 'never'), importance: 'MEDIUM', group: MODE_GROUP,
      orderInGroup: o++, displayName: 'Quote Identifiers', documentation: 'always: names keep their case; never: names are folded to lower case, as unquoted SQL identifiers are.' })
    .define({ name: QUERY_SUFFIX, type: 'STRING', defaultValue: '', importance: 'LOW', group: MODE_GROUP, orderInGroup: o++, displayName: 'Query suffix',
      documentation: 'Suffix to append at the end of the generated query.' })
    .define({ name: TRANSACTION_ISOLATION_MODE, type: 'STRING', defaultValue: 'DEFAULT',
      validator: Validators.in('DEFAULT', 'READ_UNCOMMITTED', 'READ_COMMITTED', 'REPEATABLE_READ', 'SERIALIZABLE'), importance: 'LOW', group: MODE_GROUP,
      orderInGroup: o++, displayName: 'Transaction Isolation Mode', documentation: 'Isolation level of the read transactions.' })
    .define({ name: QUERY_RETRIES, type: 'INT', defaultValue: -1, importance: 'LOW', group: MODE_GROUP, orderInGroup: o++,
      displayName: 'Query Retry Attempts', documentation: 'How many times in a row a failing query is retried (at the next poll) before the task fails; -1 retries forever.' });
  o = 1;
  def
    .define({ name: TABLE_TYPES, type: 'LIST', defaultValue: 'TABLE', validator: tableTypes, importance: 'LOW', group: CONNECTOR_GROUP, orderInGroup: o++,
      displayName: 'Table Types', documentation: 'Types of tables to read: TABLE (includes partitioned tables), VIEW, MATERIALIZED VIEW, FOREIGN TABLE.' })
    .define({ name: POLL_INTERVAL_MS, type: 'INT', defaultValue: 5000, validator: Validators.atLeast(0), importance: 'HIGH', group: CONNECTOR_GROUP, orderInGroup: o++,
      displayName: 'Poll Interval (ms)', documentation: 'Frequency in ms to poll for new data in each table.' })
    .define({ name: BATCH_MAX_ROWS, type: 'INT', defaultValue: 1000, validator: Validators.atLeast(1), importance: 'LOW', group: CONNECTOR_GROUP, orderInGroup: o++,
      displayName: 'Max Rows Per Batch', documentation: 'Maximum number of rows in one poll; larger results are read in batches of this size through a server-side cursor.' })
    .define({ name: TABLE_POLL_INTERVAL_MS, type: 'LONG', defaultValue: 60000, validator: Validators.atLeast(0), importance: 'LOW', group: CONNECTOR_GROUP, orderInGroup: o++,
      displayName: 'Metadata Change Monitoring Interval (ms)', documentation: 'Frequency in ms to look for new or removed tables, which reconfigures the tasks.' })
    .define({ name: TOPIC_PREFIX, type: 'STRING', defaultValue: '', validator: topicPrefix, importance: 'HIGH', group: CONNECTOR_GROUP, orderInGroup: o++,
      displayName: 'Topic Prefix', documentation: 'Prefix prepended to table names to name the topics, or with query the whole topic name.' })
    .define({ name: TIMESTAMP_DELAY_INTERVAL_MS, type: 'LONG', defaultValue: 0, validator: Validators.atLeast(0), importance: 'HIGH', group: CONNECTOR_GROUP,
      orderInGroup: o++, displayName: 'Delay Interval (ms)',
      documentation: 'How long after a row\'s timestamp (by the database clock) to wait before reading it, so transactions with earlier timestamps can commit.' })
    .define({ name: DB_TIMEZONE, type: 'STRING', defaultValue: 'UTC', validator: timeZone, importance: 'MEDIUM', group: CONNECTOR_GROUP, orderInGroup: o++,
      displayName: 'DB time zone', documentation: 'The time zone of timestamp (without time zone) columns, used to read them and to compare them with offsets.' })
    .define({ name: TIMESTAMP_GRANULARITY, type: 'STRING', defaultValue: 'connect_logical', validator: caseInsensitive(...TIMESTAMP_GRANULARITIES), importance: 'LOW',
      group: CONNECTOR_GROUP, orderInGroup: o++, displayName: 'Timestamp granularity for timestamp columns',
      documentation: 'connect_logical (Timestamp), micros_long, micros_string, micros_iso_datetime_string, nanos_long, nanos_string or nanos_iso_datetime_string.' });
  return def;
})();

export const SINK_CONFIG_DEF: ConfigDef = (() => {
  const def = defineConnection(new ConfigDef(), CONNECTION_GROUP);
  def
    .define({ name: INSERT_MODE, type: 'STRING', defaultValue: 'insert', validator: caseInsensitive('insert', 'upsert', 'update'), importance: 'HIGH',
      group: WRITES_GROUP, orderInGroup: 1, displayName: 'Insert Mode',
      documentation: 'insert: INSERT; upsert: INSERT … ON CONFLICT (primary key) DO UPDATE, so redelivered records leave the table as it was; update: UPDATE by primary key.' })
    .define({ name: BATCH_SIZE, type: 'INT', defaultValue: 3000, validator: Validators.atLeast(0), importance: 'MEDIUM', group: WRITES_GROUP, orderInGroup: 2,
      displayName: 'Batch Size', documentation: 'Rows per multi-row statement.' })
    .define({ name: DELETE_ENABLED, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: WRITES_GROUP, orderInGroup: 3, displayName: 'Enable deletes',
      documentation: 'Treat null record values (tombstones) as deletes by key. Requires pk.mode record_key.' })
    .define({ name: TABLE_TYPES, type: 'LIST', defaultValue: 'TABLE', validator: tableTypes, importance: 'LOW', group: WRITES_GROUP, orderInGroup: 4,
      displayName: 'Table Types', documentation: 'Types of tables the sink may write to: TABLE (includes partitioned tables), VIEW, FOREIGN TABLE.' })
    .define({ name: REPLACE_NULL_WITH_DEFAULT, type: 'BOOLEAN', defaultValue: true, importance: 'LOW', group: WRITES_GROUP, orderInGroup: 5,
      displayName: 'Replace null value with default value', documentation: 'Write a field\'s schema default when its value is null.' })
    .define({ name: TABLE_NAME_FORMAT, type: 'STRING', defaultValue: '${topic}', validator: Validators.nonEmptyString(), importance: 'MEDIUM',
      group: DATAMAPPING_GROUP, orderInGroup: 1, displayName: 'Table Name Format',
      documentation: 'Destination table name, with ${topic} standing for the record\'s topic; may be schema-qualified.' })
    .define({ name: PK_MODE, type: 'STRING', defaultValue: 'none', validator: caseInsensitive('none', 'kafka', 'record_key', 'record_value'), importance: 'HIGH',
      group: DATAMAPPING_GROUP, orderInGroup: 2, displayName: 'Primary Key Mode',
      documentation: 'none; kafka (__connect_topic, __connect_partition, __connect_offset); record_key (fields of the key, or the primitive key); record_value (fields of the value).' })
    .define({ name: PK_FIELDS, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 3, displayName: 'Primary Key Fields',
      documentation: 'Primary key field names; meaning depends on pk.mode (empty = all key or value fields; a primitive key needs exactly one name).' })
    .define({ name: FIELDS_WHITELIST, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 4, displayName: 'Fields Whitelist',
      documentation: 'Value fields to write; empty = all. Primary key fields are chosen by pk.fields independently.' })
    .define({ name: DB_TIMEZONE, type: 'STRING', defaultValue: 'UTC', validator: timeZone, importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 5,
      displayName: 'DB Time Zone', documentation: 'The time zone timestamps are written in to timestamp (without time zone) columns.' })
    .define({ name: DATE_TIMEZONE, type: 'STRING', defaultValue: 'DB_TIMEZONE', validator: caseInsensitive('db_timezone', 'utc'), importance: 'LOW',
      group: DATAMAPPING_GROUP, orderInGroup: 6, displayName: 'Time Zone used for Date', documentation: 'Accepted for compatibility; Connect Dates are UTC days and are written as such.' })
    .define({ name: TIMESTAMP_FIELDS_LIST, type: 'LIST', defaultValue: '', importance: 'MEDIUM', group: DATAMAPPING_GROUP, orderInGroup: 7,
      displayName: 'Timestamp Fields Whitelist', documentation: 'Not supported by this connector; must stay empty.' })
    .define({ name: TIMESTAMP_PRECISION_MODE, type: 'STRING', defaultValue: 'MICROSECONDS', validator: caseInsensitive('microseconds', 'nanoseconds'),
      importance: 'LOW', group: DATAMAPPING_GROUP, orderInGroup: 8, displayName: 'Sink Timestamp Precision mode', documentation: 'Accepted for compatibility.' })
    .define({ name: DATE_CALENDAR_SYSTEM, type: 'STRING', defaultValue: 'LEGACY', validator: Validators.in('LEGACY', 'PROLEPTIC_GREGORIAN'), importance: 'LOW',
      group: DATAMAPPING_GROUP, orderInGroup: 9, displayName: 'Date Calendar System', documentation: 'Accepted for compatibility; dates are written in the proleptic Gregorian calendar.' })
    .define({ name: STRING_OUTPUT_VALUE_COLUMN_NAME, type: 'STRING', defaultValue: 'record_value', validator: Validators.nonEmptyString(), importance: 'LOW',
      group: DATAMAPPING_GROUP, orderInGroup: 10, displayName: 'String Value Column Name', documentation: 'The column a STRING record value is written to.' })
    .define({ name: AUTO_CREATE, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: DDL_GROUP, orderInGroup: 1, displayName: 'Auto-Create',
      documentation: 'Create a missing destination table from the record schema (CREATE TABLE).' })
    .define({ name: AUTO_EVOLVE, type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: DDL_GROUP, orderInGroup: 2, displayName: 'Auto-Evolve',
      documentation: 'Add columns missing from the table relative to the record schema (ALTER TABLE … ADD); added fields must be optional or have a default.' })
    .define({ name: QUOTE_SQL_IDENTIFIERS, type: 'STRING', defaultValue: 'always', validator: caseInsensitive('always', 'never'), importance: 'MEDIUM', group: DDL_GROUP,
      orderInGroup: 3, displayName: 'Quote Identifiers', documentation: 'always: names keep their case; never: names are folded to lower case.' })
    .define({ name: MAX_RETRIES, type: 'INT', defaultValue: 10, validator: Validators.atLeast(0), importance: 'MEDIUM', group: RETRIES_GROUP, orderInGroup: 1,
      displayName: 'Maximum Retries', documentation: 'How many times in a row a write that lost its connection is retried before the task fails.' })
    .define({ name: RETRY_BACKOFF_MS, type: 'INT', defaultValue: 3000, validator: Validators.atLeast(0), importance: 'MEDIUM', group: RETRIES_GROUP, orderInGroup: 2,
      displayName: 'Retry Backoff (millis)', documentation: 'Wait before a retry.' });
  return def;
})();

// ---------------------------------------------------------------------------------------------
// Parsed forms

export interface SourceConfig {
  connection: ConnectionSettings;
  tableWhitelist: string[];
  tableBlacklist: string[];
  tableIncludeList: RegExp[];
  tableExcludeList: RegExp[];
  schemaPattern: string | null;
  tableTypes: string[];
  numericMapping: NumericMapping;
  mode: Mode;
  incrementingColumn: string;
  timestampColumns: string[];
  timestampColumnsMapping: { regex: RegExp; columns: string[] }[];
  incrementingColumnMapping: { regex: RegExp; column: string }[];
  timestampInitial: number | null;
  validateNonNull: boolean;
  query: string;
  querySuffix: string;
  lowerCaseIdentifiers: boolean;
  isolation: string;
  queryRetries: number;
  pollIntervalMs: number;
  batchMaxRows: number;
  tablePollIntervalMs: number;
  topicPrefix: string;
  timestampDelayMs: number;
  timeZone: string;
  timestampGranularity: TimestampGranularity;
}

export interface SinkConfig {
  connection: ConnectionSettings;
  insertMode: InsertMode;
  batchSize: number;
  deleteEnabled: boolean;
  tableTypes: string[];
  replaceNullWithDefault: boolean;
  tableNameFormat: string;
  pkMode: PkMode;
  pkFields: string[];
  fieldsWhitelist: Set<string>;
  stringValueColumn: string;
  autoCreate: boolean;
  autoEvolve: boolean;
  lowerCaseIdentifiers: boolean;
  maxRetries: number;
  retryBackoffMs: number;
  timeZone: string;
}

interface CrossCheck {
  key: string;
  message: string;
}

function connectionSettings(v: Record<string, unknown>): ConnectionSettings {
  const password = v[CONNECTION_PASSWORD];
  return {
    url: v[CONNECTION_URL] as string,
    user: (v[CONNECTION_USER] as string | null) || null,
    password: password instanceof Password ? password.value() : null,
    timeZone: v[DB_TIMEZONE] as string,
    attempts: v[CONNECTION_ATTEMPTS] as number,
    backoffMs: Number(v[CONNECTION_BACKOFF]),
  };
}

const strings = (v: unknown): string[] => ((v as string[] | null) ?? []).map((s) => s.trim()).filter((s) => s.length > 0);

function sourceCrossChecks(v: Record<string, unknown>): CrossCheck[] {
  const out: CrossCheck[] = [];
  const mode = v[MODE] as string;
  const query = (v[QUERY] as string) ?? '';
  const white = strings(v[TABLE_WHITELIST]);
  const black = strings(v[TABLE_BLACKLIST]);
  const include = strings(v[TABLE_INCLUDE_LIST]);
  const exclude = strings(v[TABLE_EXCLUDE_LIST]);
  if (mode === '') out.push({ key: MODE, message: `Query mode must be specified: one of ${MODES.join(', ')}` });
  if (white.length > 0 && black.length > 0) {
    out.push({ key: TABLE_WHITELIST, message: `${TABLE_WHITELIST} and ${TABLE_BLACKLIST} may not both be set` });
  }
  if ((include.length > 0 || exclude.length > 0) && (white.length > 0 || black.length > 0)) {
    out.push({ key: TABLE_INCLUDE_LIST, message: `${TABLE_INCLUDE_LIST} / ${TABLE_EXCLUDE_LIST} cannot be combined with ${TABLE_WHITELIST} / ${TABLE_BLACKLIST}` });
  }
  if (exclude.length > 0 && include.length === 0) {
    out.push({ key: TABLE_EXCLUDE_LIST, message: `${TABLE_EXCLUDE_LIST} requires ${TABLE_INCLUDE_LIST}` });
  }
  if (query !== '') {
    if (white.length + black.length + include.length + exclude.length > 0) {
      out.push({ key: QUERY, message: 'Do not specify table filtering configs with \'query\'' });
    }
    if (!/^\s*(SELECT|WITH)\b/i.test(query)) {
      out.push({ key: QUERY, message: 'Only SELECT statements are supported for \'query\'. Please provide a statement that starts with SELECT.' });
    }
    if ((mode === 'incrementing' || mode === 'timestamp+incrementing') && !(v[INCREMENTING_COLUMN_NAME] as string)) {
      out.push({ key: INCREMENTING_COLUMN_NAME, message: `'${INCREMENTING_COLUMN_NAME}' must be provided when using mode '${mode}' with a custom query` });
    }
  }
  if ((mode === 'timestamp' || mode === 'timestamp+incrementing')
    && strings(v[TIMESTAMP_COLUMN_NAME]).length === 0 && strings(v[TIMESTAMP_COLUMNS_MAPPING]).length === 0) {
    out.push({ key: TIMESTAMP_COLUMN_NAME, message: `At least one timestamp column must be named when mode is '${mode}'` });
  }
  for (const m of strings(v[TIMESTAMP_COLUMNS_MAPPING])) {
    if (!/^[^:]+:\s*\[[^\]]*[^\s|\]][^\]]*\]$/.test(m)) out.push({ key: TIMESTAMP_COLUMNS_MAPPING, message: `Invalid format ${m}. Expected 'regex:[col1|col2|...]'` });
  }
  for (const m of strings(v[INCREMENTING_COLUMN_MAPPING])) {
    if (!/^[^:]+:\s*\S+$/.test(m)) out.push({ key: INCREMENTING_COLUMN_MAPPING, message: `Invalid format ${m}. Expected 'regex:columnName'` });
  }
  return out;
}

function sinkCrossChecks(v: Record<string, unknown>): CrossCheck[] {
  const out: CrossCheck[] = [];
  const pkMode = String(v[PK_MODE] ?? 'none').toLowerCase();
  const insertMode = String(v[INSERT_MODE] ?? 'insert').toLowerCase();
  if (v[DELETE_ENABLED] === true && pkMode !== 'record_key') {
    out.push({ key: DELETE_ENABLED, message: 'Deletes are only supported for pk.mode record_key' });
  }
  if ((insertMode === 'upsert' || insertMode === 'update') && pkMode === 'none') {
    out.push({ key: PK_MODE, message: `insert.mode ${insertMode} needs primary key columns; pk.mode must not be none` });
  }
  const pkFields = strings(v[PK_FIELDS]);
  if (pkMode === 'kafka' && pkFields.length !== 0 && pkFields.length !== 3) {
    out.push({ key: PK_FIELDS, message: `pk.mode kafka needs no field names (the defaults ${DEFAULT_KAFKA_PK_NAMES.join(',')}) or exactly 3` });
  }
  if (strings(v[TIMESTAMP_FIELDS_LIST]).length > 0) {
    out.push({ key: TIMESTAMP_FIELDS_LIST, message: 'timestamp.fields.list is not supported by this connector; send Timestamp-typed fields instead' });
  }
  return out;
}

/** ConfigDef.validate plus the checks across keys, each reported on the key it is about. */
function validateWith(def: ConfigDef, checks: (v: Record<string, unknown>) => CrossCheck[], props: Record<string, string>): ConfigValue[] {
  const values = def.validate(props);
  if (values.some((cv) => cv.errorMessages.length > 0)) return values;
  const parsed: Record<string, unknown> = {};
  for (const cv of values) parsed[cv.name] = cv.value;
  for (const c of checks(parsed)) {
    const cv = values.find((x) => x.name === c.key);
    if (cv) cv.errorMessages.push(new ConfigException(c.key, displayRaw(props[c.key]), c.message).message);
  }
  return values;
}

function parseWith(def: ConfigDef, checks: (v: Record<string, unknown>) => CrossCheck[], props: Record<string, string>): Record<string, unknown> {
  const v = def.parse(props);
  const problems = checks(v);
  if (problems.length > 0) throw new ConfigException(problems[0]!.key, displayRaw(props[problems[0]!.key]), problems[0]!.message);
  return v;
}

function displayRaw(value: string | undefined): string {
  return value === undefined ? '' : value;
}

export function validateSourceConfig(props: Record<string, string>): ConfigValue[] {
  return validateWith(SOURCE_CONFIG_DEF, sourceCrossChecks, props);
}

export function validateSinkConfig(props: Record<string, string>): ConfigValue[] {
  return validateWith(SINK_CONFIG_DEF, sinkCrossChecks, props);
}

function compileRegexes(list: unknown): RegExp[] {
  return strings(list).map((r) => compileJavaRegex(r, true));
}

/** Parses and checks a source connector or task config; throws ConfigException naming the key. */
export function parseSourceConfig(props: Record<string, string>): SourceConfig {
  const v = parseWith(SOURCE_CONFIG_DEF, sourceCrossChecks, props);
  let numericMapping = ((v[NUMERIC_MAPPING] as string | null) ?? '').toLowerCase() as NumericMapping | '';
  if (numericMapping === '') numericMapping = v[NUMERIC_PRECISION_MAPPING] === true ? 'precision_only' : 'none';
  const initial = v[TIMESTAMP_INITIAL];
  return {
    connection: connectionSettings(v),
    tableWhitelist: strings(v[TABLE_WHITELIST]),
    tableBlacklist: strings(v[TABLE_BLACKLIST]),
    tableIncludeList: compileRegexes(v[TABLE_INCLUDE_LIST]),
    tableExcludeList: compileRegexes(v[TABLE_EXCLUDE_LIST]),
    schemaPattern: (v[SCHEMA_PATTERN] as string | null) ?? null,
    tableTypes: strings(v[TABLE_TYPES]).map((t) => t.toUpperCase()),
    numericMapping,
    mode: v[MODE] as Mode,
    incrementingColumn: v[INCREMENTING_COLUMN_NAME] as string,
    timestampColumns: strings(v[TIMESTAMP_COLUMN_NAME]),
    timestampColumnsMapping: strings(v[TIMESTAMP_COLUMNS_MAPPING]).map((m) => {
      const i = m.lastIndexOf(':');
      const cols = m.slice(i + 1).trim().replace(/^\[|\]$/g, '');
      return { regex: compileJavaRegex(m.slice(0, i).trim(), true), columns: cols.split('|').map((c) => c.trim()) };
    }),
    incrementingColumnMapping: strings(v[INCREMENTING_COLUMN_MAPPING]).map((m) => {
      const i = m.lastIndexOf(':');
      return { regex: compileJavaRegex(m.slice(0, i).trim(), true), column: m.slice(i + 1).trim() };
    }),
    timestampInitial: initial === null || initial === undefined ? null : Number(initial),
    validateNonNull: v[VALIDATE_NON_NULL] as boolean,
    query: v[QUERY] as string,
    querySuffix: (v[QUERY_SUFFIX] as string).trim(),
    lowerCaseIdentifiers: String(v[QUOTE_SQL_IDENTIFIERS]).toLowerCase() === 'never',
    isolation: v[TRANSACTION_ISOLATION_MODE] as string,
    queryRetries: v[QUERY_RETRIES] as number,
    pollIntervalMs: v[POLL_INTERVAL_MS] as number,
    batchMaxRows: v[BATCH_MAX_ROWS] as number,
    tablePollIntervalMs: Number(v[TABLE_POLL_INTERVAL_MS]),
    topicPrefix: (v[TOPIC_PREFIX] as string).trim(),
    timestampDelayMs: Number(v[TIMESTAMP_DELAY_INTERVAL_MS]),
    timeZone: v[DB_TIMEZONE] as string,
    timestampGranularity: String(v[TIMESTAMP_GRANULARITY]).toLowerCase() as TimestampGranularity,
  };
}

/** Parses and checks a sink connector or task config; throws ConfigException naming the key. */
export function parseSinkConfig(props: Record<string, string>): SinkConfig {
  const v = parseWith(SINK_CONFIG_DEF, sinkCrossChecks, props);
  const batchSize = v[BATCH_SIZE] as number;
  return {
    connection: connectionSettings(v),
    insertMode: String(v[INSERT_MODE]).toLowerCase() as InsertMode,
    batchSize: batchSize <= 0 ? Number.MAX_SAFE_INTEGER : batchSize,
    deleteEnabled: v[DELETE_ENABLED] as boolean,
    tableTypes: strings(v[TABLE_TYPES]).map((t) => t.toUpperCase()),
    replaceNullWithDefault: v[REPLACE_NULL_WITH_DEFAULT] as boolean,
    tableNameFormat: (v[TABLE_NAME_FORMAT] as string).trim(),
    pkMode: String(v[PK_MODE]).toLowerCase() as PkMode,
    pkFields: strings(v[PK_FIELDS]),
    fieldsWhitelist: new Set(strings(v[FIELDS_WHITELIST])),
    stringValueColumn: v[STRING_OUTPUT_VALUE_COLUMN_NAME] as string,
    autoCreate: v[AUTO_CREATE] as boolean,
    autoEvolve: v[AUTO_EVOLVE] as boolean,
    lowerCaseIdentifiers: String(v[QUOTE_SQL_IDENTIFIERS]).toLowerCase() === 'never',
    maxRetries: v[MAX_RETRIES] as number,
    retryBackoffMs: v[RETRY_BACKOFF_MS] as number,
    timeZone: v[DB_TIMEZONE] as string,
  };
}
