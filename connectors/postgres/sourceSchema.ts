// Result columns to a Connect schema and row values, the way Confluent's JDBC source maps them
// (GenericDatabaseDialect / PostgreSqlDatabaseDialect over pgjdbc's type info): int2 → INT16,
// int4 → INT32, int8 → INT64, float4 → FLOAT32, float8 → FLOAT64, numeric → Decimal (or a best fit
// per numeric.mapping), bool → BOOLEAN, text types, uuid, json, jsonb, xml, enums → STRING, bytea →
// BYTES, date → Date, time(tz) → Time, timestamp(tz) → Timestamp (per timestamp.granularity).
// A column that may hold NULL becomes an optional field. Types with no mapping are left out.

import type pg from 'pg';
import {
  BigDecimal, ConnectDate, Decimal, DataException, Schema, type Field, type Schema as SchemaT,
  SchemaBuilder, Struct, Time, Timestamp,
} from 'kconnect';
import type { NumericMapping, TimestampGranularity } from './config.js';
import { formatWallMicros, microsToMillis, parseTimeMillis, parseTimestampMicros, zoneOffsetMillis } from './temporal.js';

/** Type OIDs of the built-in types this module knows. */
export const Oid = {
  BOOL: 16, BYTEA: 17, CHAR: 18, NAME: 19, INT8: 20, INT2: 21, INT4: 23, TEXT: 25, OID: 26, JSON: 114, XML: 142,
  FLOAT4: 700, FLOAT8: 701, BPCHAR: 1042, VARCHAR: 1043, DATE: 1082, TIME: 1083, TIMESTAMP: 1114, TIMESTAMPTZ: 1184,
  TIMETZ: 1266, BIT: 1560, NUMERIC: 1700, UUID: 2950, JSONB: 3802,
} as const;

const STRING_OIDS = new Set<number>([Oid.CHAR, Oid.NAME, Oid.TEXT, Oid.BPCHAR, Oid.VARCHAR, Oid.JSON, Oid.JSONB, Oid.UUID, Oid.XML]);

/** Confluent's limits for mapping NUMERIC to primitives. */
const MAX_INTEGER_TYPE_PRECISION = 18;
const NUMERIC_TYPE_SCALE_LOW = -84;
const NUMERIC_TYPE_SCALE_HIGH = 127;
export const PRECISION_PARAMETER = 'connect.decimal.precision';

/** One result column, with what the catalog says about it. */
export interface ColumnInfo {
  name: string;
  typeOid: number;
  typmod: number;
  /** False when the column is a table column declared NOT NULL; true otherwise (also when unknown). */
  nullable: boolean;
  /** pg_type.typtype: 'b' base, 'e' enum, 'd' domain, … */
  typtype: string;
}

/**
 * Describes the columns of a result: nullability from pg_attribute (computed columns and query
 * results without a table column are nullable) and the kind of any type this module does not know.
 */
export async function describeResultColumns(client: pg.Client, fields: readonly pg.FieldDef[]): Promise<ColumnInfo[]> {
  const tables = [...new Set(fields.filter((f) => f.tableID !== 0).map((f) => f.tableID))];
  const notNull = new Set<string>();
  if (tables.length > 0) {
    const r = await client.query<{ attrelid: number; attnum: number }>(
      'SELECT attrelid::int8 AS attrelid, attnum FROM pg_catalog.pg_attribute WHERE attrelid = ANY($1::oid[]) AND attnum > 0 AND attnotnull',
      [tables]);
    for (const row of r.rows) notNull.add(`${row.attrelid}.${row.attnum}`);
  }
  const unknown = [...new Set(fields.map((f) => f.dataTypeID).filter((o) => !KNOWN_OIDS.has(o)))];
  const typtypes = new Map<number, string>();
  if (unknown.length > 0) {
    const r = await client.query<{ oid: string; typtype: string }>(
      'SELECT oid::int8::text AS oid, typtype FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])', [unknown]);
    for (const row of r.rows) typtypes.set(Number(row.oid), row.typtype);
  }
  return fields.map((f) => ({
    name: f.name,
    typeOid: f.dataTypeID,
    typmod: f.dataTypeModifier,
    nullable: !(f.tableID !== 0 && notNull.has(`${f.tableID}.${f.columnID}`)),
    typtype: typtypes.get(f.dataTypeID) ?? 'b',
  }));
}

const KNOWN_OIDS = new Set<number>(Object.values(Oid));

/** How one column's text becomes a Connect value. */
type Converter = (text: string) => unknown;

interface MappedColumn {
  schema: SchemaT;
  convert: Converter;
}

export interface MappingOptions {
  numericMapping: NumericMapping;
  timestampGranularity: TimestampGranularity;
  /** db.timezone: the zone of timestamp (without time zone) values. */
  timeZone: string;
}

/** A result's Connect schema and the function turning its rows (text or null per column) into Structs. */
export class RowMapper {
  readonly schema: SchemaT;
  /** Columns (by result index) with no Connect mapping: left out of the struct. */
  readonly skipped: string[];
  private readonly columns: { index: number; field: Field; convert: Converter }[];

  constructor(columns: readonly ColumnInfo[], structName: string | undefined, options: MappingOptions) {
    const builder = SchemaBuilder.struct();
    if (structName !== undefined) builder.name(structName);
    const mapped: { index: number; name: string; convert: Converter }[] = [];
    const skipped: string[] = [];
    const seen = new Set<string>();
    columns.forEach((col, index) => {
      const m = mapColumn(col, options);
      if (m === undefined || seen.has(col.name)) {
        skipped.push(col.name);
        return;
      }
      seen.add(col.name);
      builder.field(col.name, m.schema);
      mapped.push({ index, name: col.name, convert: m.convert });
    });
    this.schema = builder.build();
    this.skipped = skipped;
    this.columns = mapped.map((m) => ({ index: m.index, field: this.schema.field(m.name)!, convert: m.convert }));
  }

  /** The row as a Struct; a value that cannot be converted fails with DataException naming the column. */
  toStruct(row: readonly (string | null)[]): Struct {
    const struct = new Struct(this.schema);
    for (const c of this.columns) {
      const text = row[c.index];
      if (text === null || text === undefined) continue;
      let value: unknown;
      try {
        value = c.convert(text);
      } catch (e) {
        throw new DataException(`Cannot convert value of column ${c.field.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      struct.put(c.field, value);
    }
    return struct;
  }
}

function optionalIf(nullable: boolean, builder: SchemaBuilder): SchemaT {
  return (nullable ? builder.optional() : builder).build();
}

function primitive(nullable: boolean, required: SchemaT, optional: SchemaT, convert: Converter): MappedColumn {
  return { schema: nullable ? optional : required, convert };
}

const toInt: Converter = (t) => Number(t);
const toInt64: Converter = (t) => {
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : BigInt(t);
};
const toFloat: Converter = (t) => Number(t);
const toText: Converter = (t) => t;

function integerSchema(nullable: boolean, precision: number): MappedColumn {
  if (precision > 9) return primitive(nullable, Schema.INT64_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA, toInt64);
  if (precision > 4) return primitive(nullable, Schema.INT32_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA, toInt);
  if (precision > 2) return primitive(nullable, Schema.INT16_SCHEMA, Schema.OPTIONAL_INT16_SCHEMA, toInt);
  return primitive(nullable, Schema.INT8_SCHEMA, Schema.OPTIONAL_INT8_SCHEMA, toInt);
}

/** Precision and scale of a numeric typmod (pgjdbc's reading; -1 = unconstrained → 0, 0). */
export function numericPrecisionScale(typmod: number): { precision: number; scale: number } {
  if (typmod < 4) return { precision: 0, scale: 0 };
  const t = typmod - 4;
  let scale = t & 0x7ff;
  if (scale & 0x400) scale -= 0x800; // PostgreSQL 15 allows negative scales
  return { precision: (t >> 16) & 0xffff, scale };
}

function mapNumeric(col: ColumnInfo, mapping: NumericMapping): MappedColumn {
  const { precision, scale } = numericPrecisionScale(col.typmod);
  const constrained = precision > 0;
  const isInteger = scale < 1 && scale >= NUMERIC_TYPE_SCALE_LOW;
  const float = (): MappedColumn => primitive(col.nullable, Schema.FLOAT64_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA, toFloat);
  if (constrained) {
    if (mapping === 'precision_only' && scale === 0 && precision <= MAX_INTEGER_TYPE_PRECISION) return integerSchema(col.nullable, precision);
    if (mapping === 'best_fit' && precision <= MAX_INTEGER_TYPE_PRECISION) {
      if (isInteger) return integerSchema(col.nullable, precision);
      if (scale > 0) return float();
    }
    if (mapping === 'best_fit_eager_double') {
      if (isInteger && precision <= MAX_INTEGER_TYPE_PRECISION) return integerSchema(col.nullable, precision);
      if (scale > 0) return float();
    }
  }
  // Confluent's PostgreSQL dialect gives an unconstrained NUMERIC the scale 127.
  const decimalScale = constrained ? scale : NUMERIC_TYPE_SCALE_HIGH;
  const schema = optionalIf(col.nullable, Decimal.builder(decimalScale).parameter(PRECISION_PARAMETER, String(precision)));
  return {
    schema,
    convert: (t) => {
      if (t === 'NaN' || t.endsWith('Infinity')) throw new Error(`Bad value for type BigDecimal : ${t}`);
      const d = BigDecimal.fromString(t);
      return d.scale === decimalScale ? d : d.setScale(decimalScale, 'HALF_UP');
    },
  };
}

function timestampConverter(g: TimestampGranularity, zone: string): MappedColumn['convert'] {
  const micros = (t: string): number => {
    const v = parseTimestampMicros(t, zone);
    if (v === undefined) throw new Error(`Bad value for type timestamp : ${t}`);
    return v;
  };
  const wall = (m: number): number => m + zoneOffsetMillis(zone, microsToMillis(m)) * 1000;
  switch (g) {
    case 'connect_logical': return (t) => new Date(microsToMillis(micros(t)));
    case 'micros_long': return (t) => micros(t);
    case 'micros_string': return (t) => String(micros(t));
    case 'nanos_long': return (t) => {
      const n = micros(t) * 1000;
      return Number.isSafeInteger(n) ? n : BigInt(micros(t)) * 1000n;
    };
    case 'nanos_string': return (t) => (BigInt(micros(t)) * 1000n).toString();
    case 'micros_iso_datetime_string': return (t) => formatWallMicros(wall(micros(t)), 'T', 6);
    case 'nanos_iso_datetime_string': return (t) => formatWallMicros(wall(micros(t)), 'T', 9);
  }
}

function timestampSchema(g: TimestampGranularity, nullable: boolean): SchemaT {
  if (g === 'connect_logical') return optionalIf(nullable, Timestamp.builder());
  if (g === 'micros_long' || g === 'nanos_long') return nullable ? Schema.OPTIONAL_INT64_SCHEMA : Schema.INT64_SCHEMA;
  return nullable ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
}

const toDate: Converter = (t) => {
  const micros = parseTimestampMicros(t);
  if (micros === undefined) throw new Error(`Bad value for type date : ${t}`);
  const days = Math.floor(micros / 86_400_000_000);
  return new Date(days * 86_400_000);
};

const toTime: Converter = (t) => {
  const ms = parseTimeMillis(t);
  if (ms === undefined) throw new Error(`Bad value for type time : ${t}`);
  return new Date(ms);
};

const toBytes: Converter = (t) => (t.startsWith('\\x') ? Buffer.from(t.slice(2), 'hex') : Buffer.from(t, 'latin1'));

function mapBit(col: ColumnInfo): MappedColumn {
  const bits = col.typmod;
  if (bits <= 1) return primitive(col.nullable, Schema.BOOLEAN_SCHEMA, Schema.OPTIONAL_BOOLEAN_SCHEMA, (t) => t === '1');
  if (bits <= 8) return primitive(col.nullable, Schema.INT8_SCHEMA, Schema.OPTIONAL_INT8_SCHEMA, (t) => (parseInt(t, 2) << 24) >> 24);
  return primitive(col.nullable, Schema.BYTES_SCHEMA, Schema.OPTIONAL_BYTES_SCHEMA, (t) => {
    const out = Buffer.alloc(Math.ceil(t.length / 8));
    for (let i = 0; i < t.length; i++) if (t[i] === '1') out[i >> 3]! |= 0x80 >> (i & 7);
    return out;
  });
}

/** The schema and converter of one column, or undefined when its type has no mapping. */
export function mapColumn(col: ColumnInfo, options: MappingOptions): MappedColumn | undefined {
  const n = col.nullable;
  switch (col.typeOid) {
    case Oid.BOOL: return primitive(n, Schema.BOOLEAN_SCHEMA, Schema.OPTIONAL_BOOLEAN_SCHEMA, (t) => t === 't');
    case Oid.INT2: return primitive(n, Schema.INT16_SCHEMA, Schema.OPTIONAL_INT16_SCHEMA, toInt);
    case Oid.INT4: return primitive(n, Schema.INT32_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA, toInt);
    case Oid.INT8:
    case Oid.OID: return primitive(n, Schema.INT64_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA, toInt64);
    case Oid.FLOAT4: return primitive(n, Schema.FLOAT32_SCHEMA, Schema.OPTIONAL_FLOAT32_SCHEMA, toFloat);
    case Oid.FLOAT8: return primitive(n, Schema.FLOAT64_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA, toFloat);
    case Oid.NUMERIC: return mapNumeric(col, options.numericMapping);
    case Oid.BYTEA: return primitive(n, Schema.BYTES_SCHEMA, Schema.OPTIONAL_BYTES_SCHEMA, toBytes);
    case Oid.DATE: return { schema: optionalIf(n, ConnectDate.builder()), convert: toDate };
    case Oid.TIME:
    case Oid.TIMETZ: return { schema: optionalIf(n, Time.builder()), convert: toTime };
    case Oid.TIMESTAMP:
      return { schema: timestampSchema(options.timestampGranularity, n), convert: timestampConverter(options.timestampGranularity, options.timeZone) };
    case Oid.TIMESTAMPTZ:
      return { schema: timestampSchema(options.timestampGranularity, n), convert: timestampConverter(options.timestampGranularity, 'UTC') };
    case Oid.BIT: return mapBit(col);
    default:
      if (STRING_OIDS.has(col.typeOid) || col.typtype === 'e') {
        return primitive(n, Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA, toText);
      }
      return undefined;
  }
}

/** Finds a result column by name: exactly, else the one column matching case-insensitively. */
export function findColumn(columns: readonly ColumnInfo[], name: string): number {
  const exact = columns.findIndex((c) => c.name === name);
  if (exact !== -1) return exact;
  const lower = name.toLowerCase();
  const matches = columns.map((c, i) => (c.name.toLowerCase() === lower ? i : -1)).filter((i) => i !== -1);
  return matches.length === 1 ? matches[0]! : -1;
}
