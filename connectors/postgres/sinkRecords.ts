// What a sink record means for a table, as Confluent's JDBC sink reads it (FieldsMetadata,
// RecordValidator, PostgreSqlDatabaseDialect.getSqlType): which fields are the primary key and which
// are the other columns, each field's value as PostgreSQL text, and the column type auto.create uses.

import {
  BigDecimal, ConnectException, DataException, Schema, isPrimitiveType, schemaEquals,
  type Schema as SchemaT, type SinkRecord, Struct, Decimal, Timestamp, ConnectDate, Time,
} from 'kconnect';
import { DEFAULT_KAFKA_PK_NAMES, type SinkConfig } from './config.js';
import { formatDays, formatTimeMillis, formatTimestamptz } from './temporal.js';

/** Where a column's value comes from. */
export type FieldSource = 'topic' | 'partition' | 'offset' | 'key' | 'keyField' | 'valueField' | 'value';

export interface SinkField {
  name: string;
  schema: SchemaT;
  isPrimaryKey: boolean;
  source: FieldSource;
}

/** The columns of one (key schema, value schema) pair: keys first, then the others. */
export interface FieldsMetadata {
  keyFields: SinkField[];
  nonKeyFields: SinkField[];
  /** Every field in CREATE TABLE order: Kafka coordinates, value field order, then the rest by name. */
  allFields: SinkField[];
}

/**
 * FieldsMetadata.extract: the primary key per pk.mode / pk.fields, the other columns from the value
 * (struct fields, filtered by fields.whitelist; a STRING value is one column). Throws ConnectException.
 */
export function extractFields(tableName: string, config: SinkConfig, keySchema: SchemaT | null, valueSchema: SchemaT | null): FieldsMetadata {
  if (valueSchema !== null && valueSchema.type !== 'STRUCT' && valueSchema.type !== 'STRING') {
    throw new ConnectException('Value schema must be of type Struct or String');
  }
  const isStringValue = valueSchema?.type === 'STRING';
  const all = new Map<string, SinkField>();
  const keyNames: string[] = [];
  const pkFields = config.pkFields;
  switch (config.pkMode) {
    case 'none':
      break;
    case 'kafka': {
      const names = pkFields.length === 0 ? [...DEFAULT_KAFKA_PK_NAMES] : pkFields;
      if (names.length !== 3) {
        throw new ConnectException(`PK mode for table '${tableName}' is KAFKA so there should either be no field names defined for `
          + `defaults ${DEFAULT_KAFKA_PK_NAMES.join(',')} to be applicable, or exactly 3, defined fields are: ${pkFields.join(',')}`);
      }
      const [t, p, o] = names as [string, string, string];
      all.set(t, { name: t, schema: Schema.STRING_SCHEMA, isPrimaryKey: true, source: 'topic' });
      all.set(p, { name: p, schema: Schema.INT32_SCHEMA, isPrimaryKey: true, source: 'partition' });
      all.set(o, { name: o, schema: Schema.INT64_SCHEMA, isPrimaryKey: true, source: 'offset' });
      keyNames.push(t, p, o);
      break;
    }
    case 'record_key': {
      if (keySchema === null) throw new ConnectException(`PK mode for table '${tableName}' is RECORD_KEY, but record key schema is missing`);
      if (isPrimitiveType(keySchema.type)) {
        if (pkFields.length !== 1) {
          throw new ConnectException('Need exactly one PK column defined since the key schema for records is a primitive type, '
            + `defined columns are: [${pkFields.join(', ')}]`);
        }
        all.set(pkFields[0]!, { name: pkFields[0]!, schema: keySchema, isPrimaryKey: true, source: 'key' });
        keyNames.push(pkFields[0]!);
      } else if (keySchema.type === 'STRUCT') {
        keyNames.push(...structKeyFields(tableName, 'RECORD_KEY', pkFields, keySchema, 'keyField', all));
      } else {
        throw new ConnectException(`Key schema must be primitive type or Struct, but is of type: ${keySchema.type}`);
      }
      break;
    }
    case 'record_value': {
      if (isStringValue) throw new ConnectException('pk.mode record_value is not supported with String value schemas');
      if (valueSchema === null) throw new ConnectException(`PK mode for table '${tableName}' is RECORD_VALUE, but record value schema is missing`);
      keyNames.push(...structKeyFields(tableName, 'RECORD_VALUE', pkFields, valueSchema, 'valueField', all));
      break;
    }
  }
  const nonKeyNames: string[] = [];
  if (isStringValue) {
    const name = config.stringValueColumn;
    if (keyNames.includes(name)) {
      throw new ConnectException(`Configured string.output.value.column.name '${name}' conflicts with a primary key column for table '${tableName}'`);
    }
    all.set(name, { name, schema: Schema.OPTIONAL_STRING_SCHEMA, isPrimaryKey: false, source: 'value' });
    nonKeyNames.push(name);
  } else if (valueSchema !== null) {
    for (const f of valueSchema.fields) {
      if (keyNames.includes(f.name)) continue;
      if (config.fieldsWhitelist.size > 0 && !config.fieldsWhitelist.has(f.name)) continue;
      all.set(f.name, { name: f.name, schema: f.schema, isPrimaryKey: false, source: 'valueField' });
      nonKeyNames.push(f.name);
    }
  }
  if (all.size === 0) throw new ConnectException(`No fields found using key and value schemas for table: ${tableName}`);
  const ordered = new Map<string, SinkField>();
  for (const n of DEFAULT_KAFKA_PK_NAMES) if (all.has(n)) ordered.set(n, all.get(n)!);
  if (isStringValue) ordered.set(config.stringValueColumn, all.get(config.stringValueColumn)!);
  else if (valueSchema !== null) for (const f of valueSchema.fields) if (all.has(f.name)) ordered.set(f.name, all.get(f.name)!);
  for (const n of [...all.keys()].sort()) if (!ordered.has(n)) ordered.set(n, all.get(n)!);
  return {
    keyFields: keyNames.map((n) => all.get(n)!),
    nonKeyFields: nonKeyNames.map((n) => all.get(n)!),
    allFields: [...ordered.values()],
  };
}

/** The primary key fields taken from a struct schema (all its fields, or those of pk.fields), added to `all`. */
function structKeyFields(tableName: string, mode: 'RECORD_KEY' | 'RECORD_VALUE', pkFields: readonly string[], schema: SchemaT,
  source: FieldSource, all: Map<string, SinkField>): string[] {
  const names = pkFields.length === 0 ? schema.fields.map((f) => f.name) : [...pkFields];
  const which = mode === 'RECORD_KEY' ? 'key' : 'value';
  for (const name of names) {
    const f = schema.field(name);
    if (f === undefined) {
      throw new ConnectException(`PK mode for table '${tableName}' is ${mode} with configured PK fields [${pkFields.join(', ')}], `
        + `but record ${which} schema does not contain field: ${name}`);
    }
    all.set(name, { name, schema: f.schema, isPrimaryKey: true, source });
  }
  return names;
}

function describeRecord(r: SinkRecord): string {
  return `(topic='${r.topic}',partition=${r.kafkaPartition},offset=${r.kafkaOffset},timestamp=${r.timestamp})`;
}

function typeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Struct) return 'Struct';
  return typeof v;
}

/** RecordValidator: the key and value the configuration needs are there. Throws ConnectException. */
export function validateRecord(record: SinkRecord, config: SinkConfig, connector: string): void {
  const needsKey = config.pkMode === 'record_key' || config.deleteEnabled;
  const needsValue = (config.pkMode === 'record_value' || config.pkMode === 'none') || !config.deleteEnabled;
  const settings = `'delete.enabled=${config.deleteEnabled}' and 'pk.mode=${config.pkMode}'`;
  if (needsKey) {
    const ks = record.keySchema;
    if (record.key === null || ks === null || !(ks.type === 'STRUCT' || isPrimitiveType(ks.type))) {
      throw new ConnectException(`Sink connector '${connector}' is configured with ${settings} and therefore requires records with a non-null key `
        + `and non-null Struct or primitive key schema, but found record at ${describeRecord(record)} with a ${typeOf(record.key)} key and `
        + `${ks?.type ?? 'null'} key schema.`);
    }
  }
  if (needsValue) {
    const vs = record.valueSchema;
    if (record.value === null || vs === null || !(vs.type === 'STRUCT' || vs.type === 'STRING')) {
      throw new ConnectException(`Sink connector '${connector}' is configured with ${settings} and therefore requires records with a non-null `
        + `Struct or String value and non-null Struct or String schema, but found record at ${describeRecord(record)} with a `
        + `${typeOf(record.value)} value and ${vs?.type ?? 'null'} value schema.`);
    }
  }
}

/** True for a record the sink deletes by key (a tombstone, with delete.enabled). */
export function isDelete(record: SinkRecord, config: SinkConfig): boolean {
  return config.deleteEnabled && record.value === null;
}

/** The value of one field of a record, before conversion to text. */
export function fieldValue(record: SinkRecord, field: SinkField, replaceNullWithDefault: boolean): unknown {
  switch (field.source) {
    case 'topic': return record.topic;
    case 'partition': return record.kafkaPartition;
    case 'offset': return record.kafkaOffset;
    case 'key': return record.key;
    case 'keyField': return (record.key as Struct).get(field.name);
    case 'value': return record.value;
    case 'valueField': {
      const s = record.value as Struct;
      return replaceNullWithDefault ? s.get(field.name) : s.getWithoutDefault(field.name);
    }
  }
}

/** A Connect value as PostgreSQL input text (null stays null). Timestamps carry +00: see formatTimestamptz. */
export function toPgText(schema: SchemaT, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case Decimal.LOGICAL_NAME:
      return value instanceof BigDecimal ? value.toPlainString() : String(value);
    case ConnectDate.LOGICAL_NAME:
      return formatDays(Math.floor(asMillis(value) / 86_400_000));
    case Time.LOGICAL_NAME: {
      const ms = asMillis(value);
      return formatTimeMillis(((ms % 86_400_000) + 86_400_000) % 86_400_000);
    }
    case Timestamp.LOGICAL_NAME:
      return formatTimestamptz(asMillis(value) * 1000);
    default:
      break;
  }
  switch (schema.type) {
    case 'INT8': case 'INT16': case 'INT32': case 'INT64': case 'FLOAT32': case 'FLOAT64':
      return String(value);
    case 'BOOLEAN':
      return value ? 't' : 'f';
    case 'STRING':
      return typeof value === 'string' ? value : String(value);
    case 'BYTES':
      if (value instanceof Uint8Array) return '\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
      throw new DataException(`Invalid value for BYTES: ${typeof value}`);
    default:
      throw new DataException(`${schema.name ?? ''} (${schema.type}) type doesn't have a mapping to the SQL database column type`);
  }
}

function asMillis(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new DataException(`Expected a Date, got ${typeof v}`);
}

/** The column type auto.create and auto.evolve use (PostgreSqlDatabaseDialect.getSqlType). */
export function sqlType(field: SinkField): string {
  switch (field.schema.name) {
    case Decimal.LOGICAL_NAME: return 'DECIMAL';
    case ConnectDate.LOGICAL_NAME: return 'DATE';
    case Time.LOGICAL_NAME: return 'TIME';
    case Timestamp.LOGICAL_NAME: return 'TIMESTAMP';
    default: break;
  }
  switch (field.schema.type) {
    case 'INT8': case 'INT16': return 'SMALLINT';
    case 'INT32': return 'INT';
    case 'INT64': return 'BIGINT';
    case 'FLOAT32': return 'REAL';
    case 'FLOAT64': return 'DOUBLE PRECISION';
    case 'BOOLEAN': return 'BOOLEAN';
    case 'STRING': return 'TEXT';
    case 'BYTES': return 'BYTEA';
    default:
      throw new ConnectException(`${field.schema.name ?? 'null'} (${field.schema.type}) type doesn't have a mapping to the SQL database column type`);
  }
}

/** Remembers the FieldsMetadata of the schema pairs seen last (records of one topic share them). */
export class FieldsCache {
  private readonly entries: { table: string; key: SchemaT | null; value: SchemaT | null; meta: FieldsMetadata }[] = [];

  get(table: string, config: SinkConfig, key: SchemaT | null, value: SchemaT | null): FieldsMetadata {
    for (const e of this.entries) {
      if (e.table === table && (e.key === key || schemaEquals(e.key, key)) && (e.value === value || schemaEquals(e.value, value))) return e.meta;
    }
    const meta = extractFields(table, config, key, value);
    this.entries.unshift({ table, key, value, meta });
    if (this.entries.length > 32) this.entries.pop();
    return meta;
  }
}
