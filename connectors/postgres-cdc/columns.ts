// PostgreSQL column types to Connect schemas and values, as Debezium's PostgresValueConverter maps
// them by default: every value arrives as PostgreSQL's text form (pgoutput and the snapshot's text
// results alike), so one converter per column serves both phases and keeps every digit and
// microsecond. A type with no mapping leaves its column out (include.unknown.datatypes=false).

import { BigDecimal, type Schema, SchemaBuilder, Struct } from 'kconnect';
import type { CdcConfig } from './config.js';
import type { PgType, TypeRegistry } from './catalog.js';
import { civilFromMicros, clockText, fractionMicros, fractionText, MICROS_PER_DAY, pad, readTimeMicros, readTimestampText, secondsOfDay } from '../postgres-common/pgTime.js';

export type Convert = (text: string) => unknown;

export interface ColumnMapping {
  /** The field schema without optionality or default (columnSchema adds those). */
  builder: () => SchemaBuilder;
  convert: Convert;
  /** Placeholder Debezium uses as the default of a column whose default is a function call. */
  generatedDefault: string | null;
}

type Settings = Pick<CdcConfig, 'decimalMode' | 'timePrecisionMode' | 'binaryMode' | 'includeUnknownDatatypes'>;

const DAYS_PER_MONTH_AVG = 365.25 / 12;

// ------------------------------------------------------------------------------------ parsing

/** Epoch microseconds of a timestamp[tz] text (UTC when it has no offset); null for ±infinity or junk. */
export function timestampMicros(text: string): number | null {
  const read = readTimestampText(text);
  if (read === undefined) return null;
  return read.wallMicros - (read.offsetSeconds ?? 0) * 1_000_000;
}

/** Days since the epoch of a date text; null for ±infinity. */
function dateDays(text: string): number | null {
  const read = readTimestampText(text);
  return read === undefined ? null : Math.floor(read.wallMicros / MICROS_PER_DAY);
}

/** Microseconds since midnight of a time text; timetz moved to UTC. */
function timeMicros(text: string): number | null {
  return readTimeMicros(text) ?? null;
}

/** ISO-8601 in UTC with exactly `digits` fractional digits (none when 0), as Debezium's ZonedTimestamp. */
function isoUtc(micros: number, digits: number): string {
  const t = civilFromMicros(micros);
  const year = t.year > 9999 ? `+${t.year}` : t.year < 0 ? `-${pad(-t.year, 4)}` : pad(t.year, 4);
  return `${year}-${pad(t.month, 2)}-${pad(t.day, 2)}T${clockText(t)}${fractionText(t.micros, digits)}Z`;
}

/** Java's ISO_OFFSET_TIME of a UTC time: fraction without trailing zeros. */
function isoTimeUtc(micros: number): string {
  const secs = Math.floor(micros / 1_000_000);
  const frac = micros - secs * 1_000_000;
  const fraction = frac > 0 ? `.${pad(frac, 6).replace(/0+$/, '')}` : '';
  return `${clockText(secondsOfDay(secs))}${fraction}Z`;
}

const INTERVAL_UNITS: Record<string, number> = {
  year: 12 * DAYS_PER_MONTH_AVG * MICROS_PER_DAY, years: 12 * DAYS_PER_MONTH_AVG * MICROS_PER_DAY,
  mon: DAYS_PER_MONTH_AVG * MICROS_PER_DAY, mons: DAYS_PER_MONTH_AVG * MICROS_PER_DAY,
  day: MICROS_PER_DAY, days: MICROS_PER_DAY,
};

/** io.debezium.time.MicroDuration of an interval in IntervalStyle postgres: a month is 30.4375 days. */
function intervalMicros(text: string): number {
  let total = 0;
  const parts = text.trim().split(/\s+/);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const unit = parts[i + 1];
    if (unit !== undefined && INTERVAL_UNITS[unit] !== undefined) {
      total += Number(p) * INTERVAL_UNITS[unit]!;
      i++;
    } else {
      const m = /^([+-])?(\d+):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(p);
      if (m === null) throw new Error(`Unexpected interval '${text}'`);
      const us = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1_000_000 + fractionMicros(m[5]);
      total += m[1] === '-' ? -us : us;
    }
  }
  return Math.round(total);
}

/** Elements of a one-dimensional array literal: `{1,2,NULL}`, `{"a b",c}`. */
export function parseArray(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = text.indexOf('{') + 1;
  if (text[i] === '}') return out;
  while (i < text.length) {
    let value: string | null;
    if (text[i] === '"') {
      let s = '';
      i++;
      while (text[i] !== '"') {
        if (text[i] === '\\') i++;
        s += text[i];
        i++;
      }
      i++;
      value = s;
    } else {
      let j = i;
      while (text[j] !== ',' && text[j] !== '}') j++;
      const raw = text.slice(i, j);
      value = raw === 'NULL' ? null : raw;
      i = j;
    }
    out.push(value);
    if (text[i] === '}') break;
    i++; // ','
  }
  return out;
}

function int64(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

function bytesFromHex(text: string): Buffer {
  return Buffer.from(text.startsWith('\\x') ? text.slice(2) : text, 'hex');
}

/** Bits of a bit string, little-endian bytes (Java's BitSet.toByteArray), padded to `minBytes`. */
function bitsToBytes(text: string, minBytes: number): Buffer {
  const len = text.length;
  const bytes = Buffer.alloc(Math.max(minBytes, Math.ceil(len / 8)));
  for (let i = 0; i < len; i++) {
    if (text.charCodeAt(i) === 49 /* 1 */) {
      const bit = len - 1 - i;
      bytes[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  let end = bytes.length;
  while (end > minBytes && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}

/** Java's BigInteger.toByteArray: minimal big-endian two's complement. */
function twosComplement(v: bigint): Buffer {
  let hex = (v < 0n ? -v : v).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (v < 0n) {
    for (let i = 0; i < bytes.length; i++) bytes[i] = ~bytes[i]! & 0xff;
    for (let i = bytes.length - 1; i >= 0; i--) {
      bytes[i] = (bytes[i]! + 1) & 0xff;
      if (bytes[i] !== 0) break;
    }
    if ((bytes[0]! & 0x80) === 0) bytes = Buffer.concat([Buffer.from([0xff]), bytes]);
  } else if (bytes.length === 0 || (bytes[0]! & 0x80) !== 0) {
    bytes = Buffer.concat([Buffer.from([0]), bytes]);
  }
  return bytes;
}

function unscaledBytes(text: string): { scale: number; value: Uint8Array } {
  const d = BigDecimal.fromString(text);
  return { scale: d.scale, value: twosComplement(d.unscaled) };
}

// ------------------------------------------------------------------------------------ mapping

const POINT_SCHEMA = SchemaBuilder.struct().name('io.debezium.data.geometry.Point').version(1).doc('Geometry (POINT)')
  .field('x', SchemaBuilder.float64().build()).field('y', SchemaBuilder.float64().build())
  .field('wkb', SchemaBuilder.bytes().optional().build()).field('srid', SchemaBuilder.int32().optional().build());

const VARIABLE_DECIMAL = (): SchemaBuilder => SchemaBuilder.struct().name('io.debezium.data.VariableScaleDecimal').version(1).doc('Variable scaled decimal')
  .field('scale', SchemaBuilder.int32().build()).field('value', SchemaBuilder.bytes().build());

function named(base: () => SchemaBuilder, name: string): () => SchemaBuilder {
  return () => base().name(name).version(1);
}

function m(builder: () => SchemaBuilder, convert: Convert, generatedDefault: string | null = null): ColumnMapping {
  return { builder, convert, generatedDefault };
}

/** Fractional digits of a time/timestamp typmod; -1 (unspecified) means 6. */
function timePrecision(typmod: number): number {
  return typmod < 0 ? 6 : typmod;
}

function numericMapping(typmod: number, s: Settings): ColumnMapping {
  if (s.decimalMode === 'double') return m(SchemaBuilder.float64, (t) => (t === 'NaN' ? Number.NaN : Number(t)), '0.0');
  if (s.decimalMode === 'string') return m(SchemaBuilder.string, (t) => t, '0.0');
  if (typmod < 0) {
    return m(VARIABLE_DECIMAL, (t) => {
      if (t === 'NaN' || t.endsWith('Infinity')) return null;
      const { scale, value } = unscaledBytes(t);
      return new Struct(VARIABLE_DECIMAL_SCHEMA).put('scale', scale).put('value', value);
    }, '0.0');
  }
  const precision = ((typmod - 4) >> 16) & 0xffff;
  const scale = (typmod - 4) & 0xffff;
  return m(() => SchemaBuilder.bytes().name('org.apache.kafka.connect.data.Decimal').version(1).parameter('scale', String(scale)).parameter('connect.decimal.precision', String(precision)),
    (t) => (t === 'NaN' || t.endsWith('Infinity') ? null : BigDecimal.fromString(t).setScale(scale, 'HALF_UP')), '0.0');
}
const VARIABLE_DECIMAL_SCHEMA: Schema = VARIABLE_DECIMAL().optional().build();

function binaryMapping(s: Settings): ColumnMapping {
  switch (s.binaryMode) {
    case 'base64': return m(SchemaBuilder.string, (t) => bytesFromHex(t).toString('base64'));
    case 'base64-url-safe': return m(SchemaBuilder.string, (t) => bytesFromHex(t).toString('base64url'));
    case 'hex': return m(SchemaBuilder.string, (t) => bytesFromHex(t).toString('hex'));
    default: return m(SchemaBuilder.bytes, bytesFromHex);
  }
}

function timestampMapping(typmod: number, s: Settings): ColumnMapping {
  const p = timePrecision(typmod);
  if (s.timePrecisionMode === 'connect') {
    return m(() => SchemaBuilder.int64().name('org.apache.kafka.connect.data.Timestamp').version(1), (t) => new Date(Math.floor((timestampMicros(t) ?? 0) / 1000)), '1970-01-01');
  }
  if (p <= 3) return m(named(SchemaBuilder.int64, 'io.debezium.time.Timestamp'), (t) => Math.floor((timestampMicros(t) ?? infinityMicros(t)) / 1000), '1970-01-01');
  return m(named(SchemaBuilder.int64, 'io.debezium.time.MicroTimestamp'), (t) => timestampMicros(t) ?? infinityMicros(t), '1970-01-01');
}

/** Debezium's stand-ins for ±infinity timestamps: the extreme instants a Java Instant keeps as micros. */
function infinityMicros(t: string): number {
  if (t === 'infinity') return 9_223_372_036_825_200_000;
  if (t === '-infinity') return -9_223_372_036_832_400_000;
  throw new Error(`Unexpected timestamp '${t}'`);
}

function timeMapping(typmod: number, s: Settings): ColumnMapping {
  const p = timePrecision(typmod);
  if (s.timePrecisionMode === 'connect') {
    return m(() => SchemaBuilder.int32().name('org.apache.kafka.connect.data.Time').version(1), (t) => new Date(Math.floor((timeMicros(t) ?? 0) / 1000)), '00:00');
  }
  if (s.timePrecisionMode === 'adaptive' && p <= 3) return m(named(SchemaBuilder.int32, 'io.debezium.time.Time'), (t) => Math.floor((timeMicros(t) ?? 0) / 1000), '00:00');
  return m(named(SchemaBuilder.int64, 'io.debezium.time.MicroTime'), (t) => timeMicros(t) ?? 0, '00:00');
}

function elementMapping(type: PgType, typmod: number, s: Settings, types: TypeRegistry): ColumnMapping | undefined {
  return mappingFor(type.oid, typmod, s, types, true);
}

/** The mapping of a column of type `oid`, or undefined when the column is left out. */
export function mappingFor(oid: number, typmod: number, s: Settings, types: TypeRegistry, inArray = false): ColumnMapping | undefined {
  let type = types.get(oid);
  if (type === undefined) return undefined;
  while (type.kind === 'd') {
    const base = types.get(type.baseOid);
    if (base === undefined) return undefined;
    type = base;
  }
  if (type.kind === 'e') {
    const labels = type.enumLabels ?? [];
    return m(() => SchemaBuilder.string().name('io.debezium.data.Enum').version(1).parameter('allowed', labels.join(',')), (t) => t);
  }
  if (type.elemOid !== 0 && type.name.startsWith('_') && !inArray) {
    const elem = types.get(type.elemOid);
    const em = elem ? elementMapping(elem, typmod, s, types) : undefined;
    if (em === undefined) return undefined;
    const elemSchema = em.builder().optional().build();
    return m(() => SchemaBuilder.array(elemSchema), (t) => parseArray(t).map((e) => (e === null ? null : em.convert(e))));
  }
  if (type.schema !== 'pg_catalog') {
    if (type.name === 'citext') return m(SchemaBuilder.string, (t) => t, '');
    if (type.name === 'ltree') return m(named(SchemaBuilder.string, 'io.debezium.data.Ltree'), (t) => t);
    return unknown(s);
  }
  switch (type.name) {
    case 'bool': return m(SchemaBuilder.bool, (t) => t === 't' || t === 'true', 'false');
    case 'int2': return m(SchemaBuilder.int16, Number, '0');
    case 'int4': return m(SchemaBuilder.int32, Number, '0');
    case 'int8': return m(SchemaBuilder.int64, int64, '0');
    case 'oid': return m(SchemaBuilder.int64, Number, '0');
    case 'float4': return m(SchemaBuilder.float32, Number, '0.0');
    case 'float8': return m(SchemaBuilder.float64, Number, '0.0');
    case 'numeric': return numericMapping(typmod, s);
    case 'money':
      if (s.decimalMode === 'double') return m(SchemaBuilder.float64, (t) => Number(t.replace(/[^0-9.-]/g, '')));
      if (s.decimalMode === 'string') return m(SchemaBuilder.string, (t) => t.replace(/[^0-9.-]/g, ''));
      return m(() => SchemaBuilder.bytes().name('org.apache.kafka.connect.data.Decimal').version(1).parameter('scale', '2'),
        (t) => BigDecimal.fromString(t.replace(/[^0-9.-]/g, '')).setScale(2, 'HALF_UP'));
    case 'text': case 'varchar': case 'bpchar': case 'name': case 'char':
      return m(SchemaBuilder.string, (t) => t, '');
    case 'inet': case 'cidr': case 'macaddr': case 'macaddr8':
      return m(SchemaBuilder.string, (t) => t);
    case 'json': case 'jsonb': return m(named(SchemaBuilder.string, 'io.debezium.data.Json'), (t) => t, '{}');
    case 'xml': return m(named(SchemaBuilder.string, 'io.debezium.data.Xml'), (t) => t, '');
    case 'uuid': return m(named(SchemaBuilder.string, 'io.debezium.data.Uuid'), (t) => t, '00000000-0000-0000-0000-000000000000');
    case 'bytea': return binaryMapping(s);
    case 'date':
      if (s.timePrecisionMode === 'connect') return m(() => SchemaBuilder.int32().name('org.apache.kafka.connect.data.Date').version(1), (t) => new Date((dateDays(t) ?? 0) * 86_400_000), '1970-01-01');
      return m(named(SchemaBuilder.int32, 'io.debezium.time.Date'), (t) => dateDays(t) ?? (t === 'infinity' ? 2147483647 : -2147483648), '1970-01-01');
    case 'timestamp': return timestampMapping(typmod, s);
    case 'timestamptz': {
      const digits = timePrecision(typmod);
      return m(named(SchemaBuilder.string, 'io.debezium.time.ZonedTimestamp'), (t) => {
        const us = timestampMicros(t);
        return us === null ? t : isoUtc(us, digits);
      }, '1970-01-01');
    }
    case 'time': return timeMapping(typmod, s);
    case 'timetz': return m(named(SchemaBuilder.string, 'io.debezium.time.ZonedTime'), (t) => isoTimeUtc(timeMicros(t) ?? 0));
    case 'interval': return m(named(SchemaBuilder.int64, 'io.debezium.time.MicroDuration'), intervalMicros, 'epoch');
    case 'bit': {
      const len = typmod;
      if (len === 1) return m(SchemaBuilder.bool, (t) => t === '1', '00');
      return m(() => SchemaBuilder.bytes().name('io.debezium.data.Bits').version(1).parameter('length', String(len)), (t) => bitsToBytes(t, Math.ceil(len / 8)), '00');
    }
    case 'varbit':
      return m(() => SchemaBuilder.bytes().name('io.debezium.data.Bits').version(1).parameter('length', String(typmod < 0 ? 2147483647 : typmod)), (t) => bitsToBytes(t, 1), '0');
    case 'point':
      return m(() => copyBuilder(POINT_SCHEMA), (t) => {
        const [x, y] = t.replace(/[()]/g, '').split(',').map(Number) as [number, number];
        const wkb = Buffer.alloc(21);
        wkb[0] = 1;
        wkb.writeUInt32LE(1, 1);
        wkb.writeDoubleLE(x, 5);
        wkb.writeDoubleLE(y, 13);
        return new Struct(POINT_OPTIONAL).put('x', x).put('y', y).put('wkb', wkb).put('srid', null);
      });
    default:
      return unknown(s);
  }
}

const POINT_OPTIONAL: Schema = POINT_SCHEMA.optional().build();

/** Struct values are built against the optional schema; the field's own copy differs only in that flag. */
function copyBuilder(b: SchemaBuilder): SchemaBuilder {
  const out = SchemaBuilder.struct().name(b.build().name!).version(1).doc('Geometry (POINT)');
  for (const f of b.build().fields) out.field(f.name, f.schema);
  return out;
}

function unknown(s: Settings): ColumnMapping | undefined {
  return s.includeUnknownDatatypes ? m(SchemaBuilder.string, (t) => t) : undefined;
}

// ------------------------------------------------------------------------------------ defaults

const LITERAL = /'([^']*(?:''[^']*)*)'/;
const FUNCTION_DEFAULT = /^[(]?[A-Za-z0-9_.]+\((?:.+(?:, ?.+)*)?\)/;
const CURRENT_DATE_TIMES = new Set(['current_timestamp', 'current_time', 'current_date', 'localtime', 'localtimestamp']);

/**
 * The Connect default of a column, as Debezium's PostgresDefaultValueConverter reads pg_get_expr:
 * a literal (`'abc'::text`, `42`), a type placeholder for a function call (nextval, now()), nothing
 * when the expression cannot be read.
 */
export function defaultValue(expr: string | null, mapping: ColumnMapping): unknown {
  if (expr === null) return undefined;
  let text: string | null;
  if (FUNCTION_DEFAULT.test(expr) || CURRENT_DATE_TIMES.has(expr.toLowerCase())) {
    if (mapping.generatedDefault === null) return undefined;
    text = mapping.generatedDefault;
  } else if (!expr.includes("'")) {
    text = expr.startsWith('NULL::') ? null : expr.trim().replace(/^\((.*)\)$/, '$1');
  } else {
    const mm = LITERAL.exec(expr);
    text = mm ? mm[1]!.replace(/''/g, "'") : null;
  }
  if (text === null) return undefined;
  try {
    const v = mapping.convert(text);
    if (v === null || v instanceof Struct || (typeof v === 'number' && Number.isNaN(v))) return undefined;
    return v;
  } catch {
    return undefined;
  }
}
