// String forms of Connect values and conversions between types, as Java's
// org.apache.kafka.connect.data.Values (used by SimpleHeaderConverter, InsertHeader, Cast…).
//
// parseString(s) infers a schema and value from text, Java's rules exactly: "true"/"false" → BOOLEAN,
// integral numbers → the smallest of INT8/INT16/INT32/INT64 that fits, other numbers → FLOAT32 (or
// FLOAT64 / Decimal when FLOAT32 overflows), "[…]" → ARRAY, "{…}" → MAP, ISO-8601 texts
// ("2019-08-23", "14:34:54.346Z", "2019-08-23T14:34:54.346Z") → Date/Time/Timestamp, anything else the
// original string. Quoted strings inside arrays and maps keep their backslash escapes, as in Java.
//
// Deviation: Java formats and parses the ISO-8601 forms in the JVM's default time zone (normally UTC on
// Connect workers); here they are always UTC.

import { BigDecimal, NumberFormatException } from './BigDecimal.js';
import { ConnectDate } from './Date.js';
import { Decimal } from './Decimal.js';
import { DataException } from './errors.js';
import { formatJavaDouble, formatJavaFloat } from './JavaFormat.js';
import {
  ConnectSchema, DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, Schema, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, matchesType,
  type SchemaType,
} from './Schema.js';
import type { SchemaAndValue } from './SchemaAndValue.js';
import { SchemaBuilder } from './SchemaBuilder.js';
import { Struct } from './Struct.js';
import { Time } from './Time.js';
import { Timestamp } from './Timestamp.js';
import { isPlainObject, javaClassName, javaToString, mapEntries } from './valueUtil.js';

const MILLIS_PER_DAY = 86400000;
const NULL_VALUE = 'null';
const ARRAY_SELECTOR_SCHEMA = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
const MAP_SELECTOR_SCHEMA = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build();
const STRUCT_SELECTOR_SCHEMA = SchemaBuilder.struct().build();
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

type MapValue = Map<unknown, unknown> | Record<string, unknown>;

// =============================================================================================
// Conversions to a type

export function convertToBoolean(schema: Schema | null, value: unknown): boolean | null {
  if (value == null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const parsed = parseString(value);
    if (typeof parsed.value === 'boolean') return parsed.value;
  }
  return asLong(value, schema, undefined) !== 0n;
}

export function convertToByte(schema: Schema | null, value: unknown): number | null {
  if (value == null) return null;
  if (matchesType('INT8', value)) return value as number;
  return Number(BigInt.asIntN(8, asLong(value, schema, undefined)));
}

export function convertToShort(schema: Schema | null, value: unknown): number | null {
  if (value == null) return null;
  if (matchesType('INT16', value)) return value as number;
  return Number(BigInt.asIntN(16, asLong(value, schema, undefined)));
}

export function convertToInteger(schema: Schema | null, value: unknown): number | null {
  if (value == null) return null;
  if (matchesType('INT32', value)) return value as number;
  return Number(BigInt.asIntN(32, asLong(value, schema, undefined)));
}

/** INT64 as a number, or a bigint beyond Number.MAX_SAFE_INTEGER. */
export function convertToLong(schema: Schema | null, value: unknown): number | bigint | null {
  if (value == null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value >= LONG_MIN && value <= LONG_MAX) return normalizeLong(value);
  return normalizeLong(asLong(value, schema, undefined));
}

export function convertToFloat(schema: Schema | null, value: unknown): number | null {
  if (value == null) return null;
  return Math.fround(asDouble(value, schema, undefined));
}

export function convertToDouble(schema: Schema | null, value: unknown): number | null {
  if (value == null) return null;
  if (typeof value === 'number') return value;
  return asDouble(value, schema, undefined);
}

/** The string form (Java's Values.convertToString). The schema decides how JS numbers print (FLOAT → "1.0"). */
export function convertToString(schema: Schema | null | undefined, value: unknown): string | null {
  if (value == null) return null;
  return append(value, false, schema ?? undefined);
}

export function convertToList(schema: Schema | null, value: unknown): unknown[] {
  return convertToArray(ARRAY_SELECTOR_SCHEMA, value);
}

export function convertToMap(schema: Schema | null, value: unknown): MapValue {
  return convertToMapInternal(MAP_SELECTOR_SCHEMA, value);
}

export function convertToStruct(schema: Schema | null, value: unknown): Struct {
  return convertToStructInternal(STRUCT_SELECTOR_SCHEMA, value);
}

export function convertToTime(schema: Schema | null, value: unknown): Date {
  if (value == null) throw new DataException('Unable to convert a null value to a schema that requires a value');
  return convertToTimeWith(Time.SCHEMA, schema, value)!;
}

export function convertToDate(schema: Schema | null, value: unknown): Date {
  if (value == null) throw new DataException('Unable to convert a null value to a schema that requires a value');
  return convertToDateWith(ConnectDate.SCHEMA, schema, value)!;
}

export function convertToTimestamp(schema: Schema | null, value: unknown): Date {
  if (value == null) throw new DataException('Unable to convert a null value to a schema that requires a value');
  return convertToTimestampWith(Timestamp.SCHEMA, schema, value)!;
}

export function convertToDecimal(schema: Schema | null, value: unknown, scale: number): BigDecimal {
  if (value == null) throw new DataException('Unable to convert a null value to a schema that requires a value');
  return convertToDecimalWith(Decimal.schema(scale), value);
}

/** The schema of a value when it can be inferred from its JS form alone (null otherwise, e.g. for Dates). */
export function inferSchema(value: unknown): Schema | null {
  switch (typeof value) {
    case 'string': return Schema.STRING_SCHEMA;
    case 'boolean': return Schema.BOOLEAN_SCHEMA;
    case 'number':
      if (Number.isInteger(value)) {
        if ((value | 0) === value) return Schema.INT32_SCHEMA;
        if (Number.isSafeInteger(value)) return Schema.INT64_SCHEMA;
      }
      return Schema.FLOAT64_SCHEMA;
    case 'bigint': return Schema.INT64_SCHEMA;
    default: break;
  }
  if (value instanceof Uint8Array) return Schema.BYTES_SCHEMA;
  if (Array.isArray(value)) return inferListSchema(value);
  if (value instanceof Map || isPlainObject(value)) return inferMapSchema(value as MapValue);
  if (value instanceof Struct) return value.schema;
  return null;
}

function inferListSchema(list: unknown[]): Schema | null {
  if (list.length === 0) return null;
  const detector = new SchemaDetector();
  for (const e of list) if (!detector.canDetect(e)) return null;
  return SchemaBuilder.array(detector.schema()).build();
}

function inferMapSchema(map: MapValue): Schema | null {
  const entries = [...mapEntries(map as Map<unknown, unknown>)];
  if (entries.length === 0) return null;
  const kd = new SchemaDetector();
  const vd = new SchemaDetector();
  for (const [k, v] of entries) if (!kd.canDetect(k) || !vd.canDetect(v)) return null;
  return SchemaBuilder.map(kd.schema(), vd.schema()).build();
}

class SchemaDetector {
  private knownType: SchemaType | null = null;
  private optional = false;

  canDetect(value: unknown): boolean {
    if (value == null) {
      this.optional = true;
      return true;
    }
    const schema = inferSchema(value);
    if (schema === null) return false;
    if (this.knownType === null) this.knownType = schema.type;
    else if (this.knownType !== schema.type) return false;
    return true;
  }

  schema(): Schema {
    const b = SchemaBuilder.type(this.knownType!);
    if (this.optional) b.optional();
    return b.build();
  }
}

/**
 * Infers a schema and value from a string (see the file comment). The literal "null" (and a null input)
 * gives { schema: null, value: null } (Java returns a null SchemaAndValue for "null").
 */
export function parseString(value: string | null | undefined): SchemaAndValue {
  if (value == null) return { schema: null, value: null };
  if (value.length === 0) return { schema: Schema.STRING_SCHEMA, value };
  return new ValueParser(new Parser(value)).parse(false) ?? { schema: null, value: null };
}

// =============================================================================================
// Conversion to a given schema

/** Converts a value to the given schema's type (Java's Values.convertTo). */
export function convertTo(toSchema: Schema, fromSchema: Schema | null, value: unknown): unknown {
  if (value == null) {
    if (toSchema.optional) return null;
    throw new DataException('Unable to convert a null value to a schema that requires a value');
  }
  switch (toSchema.type) {
    case 'BYTES': return toSchema.name === DECIMAL_LOGICAL_NAME ? convertToDecimalWith(toSchema, value) : convertToBytes(toSchema, value);
    case 'STRING': return convertToString(fromSchema, value);
    case 'BOOLEAN': return convertToBoolean(fromSchema, value);
    case 'INT8': return convertToByte(fromSchema, value);
    case 'INT16': return convertToShort(fromSchema, value);
    case 'INT32':
      if (toSchema.name === DATE_LOGICAL_NAME) return convertToDateWith(toSchema, fromSchema, value);
      if (toSchema.name === TIME_LOGICAL_NAME) return convertToTimeWith(toSchema, fromSchema, value);
      return convertToInteger(fromSchema, value);
    case 'INT64':
      if (toSchema.name === TIMESTAMP_LOGICAL_NAME) return convertToTimestampWith(toSchema, fromSchema, value);
      return convertToLong(fromSchema, value);
    case 'FLOAT32': return convertToFloat(fromSchema, value);
    case 'FLOAT64': return convertToDouble(fromSchema, value);
    case 'ARRAY': return convertToArray(toSchema, value);
    case 'MAP': return convertToMapInternal(toSchema, value);
    case 'STRUCT': return convertToStructInternal(toSchema, value);
    default: break;
  }
  throw unableToConvert(value, String(toSchema));
}

function unableToConvert(value: unknown, target: string, cause?: unknown): DataException {
  return new DataException(`Unable to convert ${javaToString(value)} (${javaClassName(value)}) to ${target}`,
    cause === undefined ? undefined : { cause });
}

function convertToDecimalWith(toSchema: Schema, value: unknown): BigDecimal {
  if (value instanceof Uint8Array) return Decimal.toLogical(toSchema, value);
  if (value instanceof BigDecimal) return value;
  if (typeof value === 'number') return BigDecimal.fromString(formatJavaDouble(value)); // BigDecimal.valueOf(double)
  if (typeof value === 'bigint') return BigDecimal.fromString(formatJavaDouble(Number(value)));
  if (typeof value === 'string') return BigDecimal.fromString(value);
  throw unableToConvert(value, String(toSchema));
}

function convertToBytes(toSchema: Schema, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof BigDecimal) return Decimal.fromLogical(toSchema, value);
  throw unableToConvert(value, String(toSchema));
}

function convertToDateWith(toSchema: Schema, fromSchema: Schema | null, value: unknown): Date | null {
  if (value == null) return null;
  if (typeof value === 'string') value = parseString(value).value;
  if (value instanceof Date) {
    if (fromSchema != null) {
      if (fromSchema.name === DATE_LOGICAL_NAME) return value;
      if (fromSchema.name === TIMESTAMP_LOGICAL_NAME) {
        return ConnectDate.toLogical(toSchema, Math.trunc(value.getTime() / MILLIS_PER_DAY));
      }
    } else {
      return value;
    }
  }
  return ConnectDate.toLogical(toSchema, Number(BigInt.asIntN(32, asLong(value, fromSchema, undefined))));
}

function convertToTimeWith(toSchema: Schema, fromSchema: Schema | null, value: unknown): Date | null {
  if (value == null) return null;
  if (typeof value === 'string') value = parseString(value).value;
  if (value instanceof Date) {
    if (fromSchema != null) {
      if (fromSchema.name === TIME_LOGICAL_NAME) return value;
      if (fromSchema.name === TIMESTAMP_LOGICAL_NAME) {
        const ms = value.getTime();
        return Time.toLogical(toSchema, ((ms % MILLIS_PER_DAY) + MILLIS_PER_DAY) % MILLIS_PER_DAY);
      }
    } else {
      return value;
    }
  }
  return Time.toLogical(toSchema, Number(BigInt.asIntN(32, asLong(value, fromSchema, undefined))));
}

function convertToTimestampWith(toSchema: Schema, fromSchema: Schema | null, value: unknown): Date | null {
  if (value == null) return null;
  if (typeof value === 'string') value = parseString(value).value;
  if (value instanceof Date) {
    if (fromSchema != null) {
      if (fromSchema.name === DATE_LOGICAL_NAME) {
        return Timestamp.toLogical(toSchema, ConnectDate.fromLogical(fromSchema, value) * MILLIS_PER_DAY);
      }
      if (fromSchema.name === TIME_LOGICAL_NAME) return Timestamp.toLogical(toSchema, Time.fromLogical(fromSchema, value));
      if (fromSchema.name === TIMESTAMP_LOGICAL_NAME) return value;
    } else {
      return value;
    }
  }
  return Timestamp.toLogical(toSchema, asLong(value, fromSchema, undefined));
}

function convertToArray(toSchema: Schema, value: unknown): unknown[] {
  if (value == null) throw new DataException('Unable to convert a null value to a schema that requires a value');
  if (typeof value === 'string') value = parseString(value).value;
  if (Array.isArray(value)) return value;
  throw unableToConvert(value, String(toSchema));
}

function convertToMapInternal(toSchema: Schema, value: unknown): MapValue {
  if (value == null) throw new DataException('Unable to convert a null value to a schema that requires a value');
  if (typeof value === 'string') value = parseString(value).value;
  if (value instanceof Map || isPlainObject(value)) return value as MapValue;
  throw unableToConvert(value, String(toSchema));
}

function convertToStructInternal(toSchema: Schema, value: unknown): Struct {
  if (value == null) throw new DataException('Unable to convert a null value to a schema that requires a value');
  if (value instanceof Struct) return value;
  throw unableToConvert(value, String(toSchema));
}

/** Java's Number#longValue (or the logical encoding of a Date), as a 64-bit bigint. */
function asLong(value: unknown, fromSchema: Schema | null, error: unknown): bigint {
  try {
    if (typeof value === 'number') return doubleToLong(value);
    if (typeof value === 'bigint') return BigInt.asIntN(64, value);
    if (value instanceof BigDecimal) return value.longValue();
    if (typeof value === 'string') return BigDecimal.fromString(value).longValue();
  } catch (e) {
    if (!(e instanceof NumberFormatException)) throw e;
    error = e;
  }
  if (fromSchema != null) {
    if (value instanceof Date) {
      if (fromSchema.name === DATE_LOGICAL_NAME) return BigInt(ConnectDate.fromLogical(fromSchema, value));
      if (fromSchema.name === TIME_LOGICAL_NAME) return BigInt(Time.fromLogical(fromSchema, value));
      if (fromSchema.name === TIMESTAMP_LOGICAL_NAME) return BigInt(Timestamp.fromLogical(fromSchema, value));
    }
    throw unableToConvert(value, String(fromSchema), error);
  }
  throw unableToConvert(value, 'a number', error);
}

function asDouble(value: unknown, schema: Schema | null, error: unknown): number {
  try {
    if (typeof value === 'number') return value;
    if (typeof value === 'bigint') return Number(value);
    if (value instanceof BigDecimal) return value.toNumber();
    if (typeof value === 'string') return BigDecimal.fromString(value).toNumber();
  } catch (e) {
    if (!(e instanceof NumberFormatException)) throw e;
    error = e;
  }
  return Number(asLong(value, schema, error));
}

/** Java's (long) cast of a double: truncation, NaN → 0, saturation at the long range. */
function doubleToLong(d: number): bigint {
  if (d !== d) return 0n;
  if (d >= 9223372036854775807) return LONG_MAX;
  if (d <= -9223372036854775808) return LONG_MIN;
  return BigInt(Math.trunc(d));
}

function normalizeLong(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

// =============================================================================================
// String form

function append(value: unknown, embedded: boolean, schema: Schema | undefined): string {
  if (value == null) return NULL_VALUE;
  switch (typeof value) {
    case 'number': {
      const t = schema?.type;
      if (t === 'FLOAT32') return formatJavaFloat(value);
      if (t === 'FLOAT64' || !Number.isSafeInteger(value)) return formatJavaDouble(value);
      return String(value);
    }
    case 'bigint': return value.toString();
    case 'boolean': return value ? 'true' : 'false';
    case 'string': return embedded ? '"' + escape(value) + '"' : value;
    default: break;
  }
  if (value instanceof BigDecimal) return value.toString();
  if (value instanceof Uint8Array) {
    const b64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    return embedded ? '"' + b64 + '"' : b64;
  }
  if (Array.isArray(value)) {
    const es = schema?.type === 'ARRAY' ? schema.valueSchema : undefined;
    let s = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) s += ',';
      s += append(value[i], true, es);
    }
    return s + ']';
  }
  if (value instanceof Struct) {
    let s = '{';
    let first = true;
    for (const field of value.schema.fields) {
      if (!first) s += ',';
      first = false;
      s += append(field.name, true, undefined) + ':' + append(value.get(field), true, field.schema);
    }
    return s + '}';
  }
  if (value instanceof Map || isPlainObject(value)) {
    const ks = schema?.type === 'MAP' ? schema.keySchema : undefined;
    const vs = schema?.type === 'MAP' ? schema.valueSchema : undefined;
    let s = '{';
    let first = true;
    for (const [k, v] of mapEntries(value as Map<unknown, unknown>)) {
      if (!first) s += ',';
      first = false;
      s += append(k, true, ks) + ':' + append(v, true, vs);
    }
    return s + '}';
  }
  if (value instanceof Date) return formatDate(value);
  const typeName = javaClassName(value).replace(/^class /, '');
  throw new DataException(`Failed to serialize unexpected value type ${typeName}: ${String(value)}`);
}

/** Escapes backslashes and double quotes (Java's Values.escape). */
export function escape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** ISO-8601 text of a Date in UTC, picked as Java's dateFormatFor: time of day when before
 * 1970-01-02, date when at midnight, else full timestamp. */
export function formatDate(value: Date): string {
  const ms = value.getTime();
  const time = (): string =>
    `${pad(value.getUTCHours(), 2)}:${pad(value.getUTCMinutes(), 2)}:${pad(value.getUTCSeconds(), 2)}.${pad(value.getUTCMilliseconds(), 3)}Z`;
  const date = (): string => `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1, 2)}-${pad(value.getUTCDate(), 2)}`;
  if (ms < MILLIS_PER_DAY) return time();
  if (ms % MILLIS_PER_DAY === 0) return date();
  return date() + 'T' + time();
}

// =============================================================================================
// Parsing

function isJavaWhitespace(c: number): boolean {
  return c <= 0x20;
}

function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isJavaWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isJavaWhitespace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.substring(start, end);
}

function isBlank(s: string | null): boolean {
  return s === null || javaTrim(s).length === 0;
}

/** Java's Values.Parser: a tokenizer splitting on unescaped , : { } [ ] " */
class Parser {
  readonly original: string;
  private index = 0;
  private readonly end: number;
  private nextToken: string | null = null;
  private previousToken: string | null = null;

  constructor(original: string) {
    this.original = original;
    this.end = original.length;
  }

  position(): number { return this.index; }

  mark(): number { return this.index - (this.nextToken !== null ? this.nextToken.length : 0); }

  rewindTo(position: number): void {
    this.index = position;
    this.nextToken = null;
    this.previousToken = null;
  }

  hasNext(): boolean { return this.nextToken !== null || this.canConsumeNextToken(); }

  private canConsumeNextToken(): boolean { return this.end > this.index; }

  next(): string {
    if (this.nextToken !== null) {
      this.previousToken = this.nextToken;
      this.nextToken = null;
    } else {
      this.previousToken = this.consumeNextToken();
    }
    return this.previousToken;
  }

  nextN(n: number): string | null {
    const current = this.mark();
    const start = this.mark();
    for (let i = 0; i !== n; ++i) {
      if (!this.hasNext()) {
        this.rewindTo(start);
        return null;
      }
      this.next();
    }
    return this.original.substring(current, this.position());
  }

  private consumeNextToken(): string {
    let escaped = false;
    const s = this.original;
    const start = this.index;
    while (this.index < this.end) {
      const c = s.charCodeAt(this.index);
      switch (c) {
        case 0x5c: // backslash
          escaped = !escaped;
          break;
        case 0x3a: case 0x2c: case 0x7b: case 0x7d: case 0x5b: case 0x5d: case 0x22: // : , { } [ ] "
          if (!escaped) {
            if (start < this.index) return s.substring(start, this.index);
            this.index++;
            return s.substring(start, start + 1);
          }
          escaped = false;
          break;
        default:
          escaped = false;
          break;
      }
      this.index++;
    }
    return s.substring(start, this.index);
  }

  previous(): string | null { return this.previousToken; }

  canConsume(expected: string, ignoreWhitespace = true): boolean {
    if (this.isNext(expected, ignoreWhitespace)) {
      this.nextToken = null;
      return true;
    }
    return false;
  }

  private isNext(expected: string, ignoreWhitespace: boolean): boolean {
    if (this.nextToken === null) {
      if (!this.hasNext()) return false;
      this.nextToken = this.consumeNextToken();
    }
    if (ignoreWhitespace) {
      while (isBlank(this.nextToken) && this.canConsumeNextToken()) this.nextToken = this.consumeNextToken();
    }
    return ignoreWhitespace ? javaTrim(this.nextToken) === expected : this.nextToken === expected;
  }
}

const TRUE_SAV: SchemaAndValue = Object.freeze({ schema: Schema.BOOLEAN_SCHEMA, value: true }) as SchemaAndValue;
const FALSE_SAV: SchemaAndValue = Object.freeze({ schema: Schema.BOOLEAN_SCHEMA, value: false }) as SchemaAndValue;
const DIGIT_RE = /^\p{Nd}/u;

class ValueParser {
  constructor(private readonly parser: Parser) {}

  private canParseSingleTokenLiteral(embedded: boolean, literal: string): boolean {
    const start = this.parser.mark();
    if (this.parser.canConsume(literal)) {
      if (embedded || !this.parser.hasNext()) return true;
    }
    this.parser.rewindTo(start);
    return false;
  }

  parse(embedded: boolean): SchemaAndValue | null {
    const p = this.parser;
    if (!p.hasNext()) return null;
    if (embedded && p.canConsume('"')) return this.parseQuotedString();
    if (this.canParseSingleTokenLiteral(embedded, NULL_VALUE)) return null;
    if (this.canParseSingleTokenLiteral(embedded, 'true')) return { ...TRUE_SAV };
    if (this.canParseSingleTokenLiteral(embedded, 'false')) return { ...FALSE_SAV };

    const start = p.mark();
    try {
      if (p.canConsume('[')) return this.parseArray();
      if (p.canConsume('{')) return this.parseMap();
    } catch (e) {
      if (!(e instanceof DataException)) throw e;
      p.rewindTo(start);
    }
    const token = p.next();
    if (isBlank(token)) return { schema: Schema.STRING_SCHEMA, value: token };
    return this.parseNextToken(embedded, javaTrim(token));
  }

  private parseNextToken(embedded: boolean, token: string): SchemaAndValue {
    const first = token[0]!;
    const firstIsDigit = DIGIT_RE.test(token);
    if (firstIsDigit) {
      const temporal = this.parseMultipleTokensAsTemporal(token);
      if (temporal !== null) return temporal;
    }
    if (firstIsDigit || first === '+' || first === '-') {
      try {
        return parseAsNumber(token);
      } catch (e) {
        if (!(e instanceof NumberFormatException)) throw e;
      }
    }
    if (embedded) throw new DataException('Failed to parse embedded value');
    return { schema: Schema.STRING_SCHEMA, value: this.parser.original };
  }

  private parseQuotedString(): SchemaAndValue {
    const p = this.parser;
    let sb = '';
    while (p.hasNext()) {
      if (p.canConsume('"')) break;
      sb += p.next();
    }
    return parseAsTemporal(sb) ?? { schema: Schema.STRING_SCHEMA, value: sb };
  }

  private parseArray(): SchemaAndValue {
    const p = this.parser;
    let result: unknown[] = [];
    const elementSchema = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume(']')) {
        let listSchema: Schema;
        if (elementSchema.hasCommonSchema()) {
          listSchema = SchemaBuilder.array(elementSchema.schema()!).build();
          result = result.map((v) => convertTo(listSchema.valueSchema!, null, v));
        } else {
          listSchema = new ConnectSchema('ARRAY'); // every element null: no element schema
        }
        return { schema: listSchema, value: result };
      }
      if (p.canConsume(',')) throw new DataException(`Unable to parse an empty array element: ${p.original}`);
      const element = this.parse(true);
      elementSchema.merge(element);
      result.push(element !== null ? element.value : null);
      const current = p.mark();
      if (p.canConsume(']')) p.rewindTo(current);
      else if (!p.canConsume(',')) throw new DataException("Array elements missing ',' delimiter");
    }
    if (p.previous() === ',') throw new DataException(`Array is missing element after ',': ${p.original}`);
    throw new DataException(`Array is missing terminating ']': ${p.original}`);
  }

  private parseMap(): SchemaAndValue {
    const p = this.parser;
    let result = new Map<unknown, unknown>();
    const keySchema = new SchemaMerger();
    const valueSchema = new SchemaMerger();
    while (p.hasNext()) {
      if (p.canConsume('}')) {
        let mapSchema: Schema;
        if (keySchema.hasCommonSchema() && valueSchema.hasCommonSchema()) {
          mapSchema = SchemaBuilder.map(keySchema.schema()!, valueSchema.schema()!).build();
          const aligned = new Map<unknown, unknown>();
          for (const [k, v] of result) aligned.set(convertTo(mapSchema.keySchema!, null, k), convertTo(mapSchema.valueSchema!, null, v));
          result = aligned;
        } else if (keySchema.hasCommonSchema()) {
          mapSchema = new ConnectSchema('MAP', false, undefined, undefined, undefined, undefined, undefined, undefined, keySchema.schema()!);
          const aligned = new Map<unknown, unknown>();
          for (const [k, v] of result) aligned.set(convertTo(mapSchema.keySchema!, null, k), v);
          result = aligned;
        } else {
          mapSchema = new ConnectSchema('MAP');
        }
        return { schema: mapSchema, value: toMapValue(result, mapSchema) };
      }
      if (p.canConsume(',')) throw new DataException(`Unable to parse a map entry with no key or value: ${p.original}`);
      const key = this.parse(true);
      if (key === null || key.value == null) throw new DataException(`Map entry may not have a null key: ${p.original}`);
      if (!p.canConsume(':')) throw new DataException(`Map entry is missing ':' at ${p.position()} in ${p.original}`);
      const value = this.parse(true);
      result.set(key.value, value !== null ? value.value : null);
      p.canConsume(',');
      keySchema.merge(key);
      valueSchema.merge(value);
    }
    if (p.previous() === ',') throw new DataException(`Map is missing element after ',': ${p.original}`);
    throw new DataException(`Map is missing terminating '}': ${p.original}`);
  }

  private parseMultipleTokensAsTemporal(token: string): SchemaAndValue | null {
    // times and timestamps are split into 5 tokens by their unescaped colons
    const p = this.parser;
    const position = p.mark();
    const remainder = p.nextN(4);
    if (remainder !== null) {
      const temporal = parseAsTemporal(token + remainder);
      if (temporal !== null) return temporal;
    }
    p.rewindTo(position);
    return parseAsTemporal(token);
  }
}

/** A string-keyed map becomes a plain object; any other map stays a JS Map. */
function toMapValue(m: Map<unknown, unknown>, schema: Schema): MapValue {
  if (schema.keySchema?.type !== 'STRING') return m;
  const obj: Record<string, unknown> = {};
  for (const [k, v] of m) {
    if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
    else obj[k as string] = v;
  }
  return obj;
}

function parseAsNumber(token: string): SchemaAndValue {
  const decimal = BigDecimal.fromString(token);
  const exact = parseAsExactDecimal(decimal);
  if (exact !== null) return exact;
  const d = decimal.toNumber();
  const f = Math.fround(d);
  if (Number.isFinite(f) && decimal.scale !== 0) return { schema: Schema.FLOAT32_SCHEMA, value: f };
  if (Number.isFinite(d) && decimal.scale !== 0) return { schema: Schema.FLOAT64_SCHEMA, value: d };
  return { schema: Decimal.schema(decimal.scale), value: decimal };
}

function parseAsExactDecimal(decimal: BigDecimal): SchemaAndValue | null {
  let integral: bigint;
  if (decimal.scale <= 0) {
    integral = decimal.toBigInt();
  } else {
    const ceil = decimal.setScale(0, 'CEILING');
    const floor = decimal.setScale(0, 'FLOOR');
    if (!ceil.equals(floor)) return null;
    integral = ceil.unscaled;
  }
  if (integral < LONG_MIN || integral > LONG_MAX) return null;
  const n = Number(integral);
  if (n >= -128 && n <= 127) return { schema: Schema.INT8_SCHEMA, value: n };
  if (n >= -32768 && n <= 32767) return { schema: Schema.INT16_SCHEMA, value: n };
  if (n >= -2147483648 && n <= 2147483647) return { schema: Schema.INT32_SCHEMA, value: n };
  return { schema: Schema.INT64_SCHEMA, value: normalizeLong(integral) };
}

const TIME_RE = /^(\d+):(\d+):(\d+)\.(\d+)Z/;
const DATE_RE = /^(\d+)-(\d+)-(\d+)/;
const TIMESTAMP_RE = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)\.(\d+)Z/;

/** ISO-8601 date (10 chars), time (13) or timestamp (24), leniently like Java's SimpleDateFormat, in UTC. */
function parseAsTemporal(token: string | null): SchemaAndValue | null {
  if (token === null) return null;
  token = token.replaceAll('\\:', ':');
  let m: RegExpExecArray | null;
  switch (token.length) {
    case 13:
      m = TIME_RE.exec(token);
      if (m === null) return null;
      return { schema: Time.SCHEMA, value: utc(1970, 1, 1, +m[1]!, +m[2]!, +m[3]!, +m[4]!) };
    case 24:
      m = TIMESTAMP_RE.exec(token);
      if (m === null) return null;
      return { schema: Timestamp.SCHEMA, value: utc(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) };
    case 10:
      m = DATE_RE.exec(token);
      if (m === null) return null;
      return { schema: ConnectDate.SCHEMA, value: utc(+m[1]!, +m[2]!, +m[3]!, 0, 0, 0, 0) };
    default:
      return null;
  }
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // (Date.UTC would map years 0-99 to 19xx)
  date.setUTCHours(h, mi, s, ms);
  return date;
}

class SchemaMerger {
  private common: Schema | null = null;
  private compatible = true;

  merge(latest: SchemaAndValue | null): void {
    if (latest !== null && latest.schema != null && this.compatible) {
      if (this.common === null) {
        this.common = latest.schema;
      } else {
        this.common = mergeSchemas(this.common, latest.schema);
        this.compatible = this.common !== null;
      }
    }
  }

  hasCommonSchema(): boolean { return this.common !== null; }
  schema(): Schema | null { return this.common; }
}

const NUMERIC_ORDER: Partial<Record<SchemaType, number>> = { INT8: 0, INT16: 1, INT32: 2, INT64: 3, FLOAT32: 4, FLOAT64: 5 };

function mergeSchemas(previous: Schema, newSchema: Schema): Schema | null {
  if (previous.type !== newSchema.type) {
    // numeric types widen to the wider of the two
    const a = NUMERIC_ORDER[previous.type];
    const b = NUMERIC_ORDER[newSchema.type];
    if (a === undefined || b === undefined) return null;
    return b > a ? newSchema : previous;
  }
  if (previous.optional === newSchema.optional) return previous.optional ? previous : newSchema;
  // differing optionality: never equal
  return null;
}

/** Java's Values, as one object. */
export const Values = Object.freeze({
  parseString,
  convertToString,
  convertToBoolean,
  convertToByte,
  convertToShort,
  convertToInteger,
  convertToLong,
  convertToFloat,
  convertToDouble,
  convertToList,
  convertToMap,
  convertToStruct,
  convertToTime,
  convertToDate,
  convertToTimestamp,
  convertToDecimal,
  convertTo,
  inferSchema,
  escape,
  formatDate,
});
