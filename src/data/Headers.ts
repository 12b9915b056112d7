// Record headers (org.apache.kafka.connect.header.*): an ordered list of (key, schema, value);
// keys may repeat. ConnectHeaders is mutable, like Java's.

import { BigDecimal } from './BigDecimal.js';
import { ConnectDate } from './Date.js';
import { Decimal } from './Decimal.js';
import { DataException } from './errors.js';
import {
  DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, Schema, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, matchesType,
} from './Schema.js';
import { Struct } from './Struct.js';
import { Time } from './Time.js';
import { Timestamp } from './Timestamp.js';
import { javaToString, valuesEqual } from './valueUtil.js';
import { schemaEquals } from './Schema.js';

export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

export class ConnectHeader implements Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;

  constructor(key: string, schema: Schema | null, value: unknown) {
    if (key == null) throw new TypeError('Null header keys are not permitted');
    this.key = key;
    this.value = value === undefined ? null : value;
    // Java: a Struct value without a schema carries its own
    this.schema = schema ?? (value instanceof Struct ? value.schema : null);
  }

  /** The same header with another key. */
  rename(key: string): ConnectHeader {
    if (key == null) throw new TypeError('Null header keys are not permitted');
    return key === this.key ? this : new ConnectHeader(key, this.schema, this.value);
  }

  /** A header with the same key and a new schema and value. */
  with(schema: Schema | null, value: unknown): ConnectHeader {
    return new ConnectHeader(this.key, schema, value);
  }

  equals(o: unknown): boolean {
    if (o === this) return true;
    if (typeof o !== 'object' || o === null) return false;
    const h = o as Header;
    return h.key === this.key && schemaEquals(h.schema, this.schema) && valuesEqual(h.value, this.value);
  }

  toString(): string {
    return `ConnectHeader(key=${this.key}, value=${javaToString(this.value, this.schema)}, schema=${String(this.schema)})`;
  }
}

/** A transform applied to headers by ConnectHeaders#apply: return the replacement, or null to remove. */
export type HeaderTransform = (header: Header) => Header | null | undefined;

export class ConnectHeaders implements Iterable<Header> {
  private headers: Header[] | null;

  constructor(original?: Iterable<Header> | null) {
    if (original == null) {
      this.headers = null;
    } else if (original instanceof ConnectHeaders) {
      this.headers = original.headers === null || original.headers.length === 0 ? null : original.headers.slice();
    } else {
      const list: Header[] = [];
      for (const h of original) {
        if (h == null) throw new TypeError('Unable to add a null header.');
        list.push(h);
      }
      this.headers = list;
    }
  }

  get size(): number {
    return this.headers === null ? 0 : this.headers.length;
  }

  isEmpty(): boolean {
    return this.headers === null || this.headers.length === 0;
  }

  clear(): this {
    if (this.headers !== null) this.headers.length = 0;
    return this;
  }

  /**
   * add(header) appends a header as is. add(key, value, schema?) appends after checking that the value
   * fits the schema (DataException otherwise); no schema means a schemaless header.
   */
  add(header: Header): this;
  add(key: string, value: unknown, schema?: Schema | null): this;
  add(keyOrHeader: string | Header, value?: unknown, schema?: Schema | null): this {
    if (typeof keyOrHeader !== 'string') {
      if (keyOrHeader == null) throw new TypeError('Unable to add a null header.');
      return this.push(keyOrHeader);
    }
    const s = schema ?? null;
    const v = value === undefined ? null : value;
    checkSchemaMatches(s, v);
    return this.push(new ConnectHeader(keyOrHeader, s, v));
  }

  private push(h: Header): this {
    if (this.headers === null) this.headers = [h];
    else this.headers.push(h);
    return this;
  }

  private addWithoutValidating(key: string, value: unknown, schema: Schema | null): this {
    return this.push(new ConnectHeader(key, schema, value));
  }

  addString(key: string, value: string | null): this {
    return this.addWithoutValidating(key, value, value != null ? Schema.STRING_SCHEMA : Schema.OPTIONAL_STRING_SCHEMA);
  }

  addBytes(key: string, value: Uint8Array | null): this {
    return this.addWithoutValidating(key, value, value != null ? Schema.BYTES_SCHEMA : Schema.OPTIONAL_BYTES_SCHEMA);
  }

  addBoolean(key: string, value: boolean): this { return this.addWithoutValidating(key, value, Schema.BOOLEAN_SCHEMA); }
  addByte(key: string, value: number): this { return this.addWithoutValidating(key, value, Schema.INT8_SCHEMA); }
  addShort(key: string, value: number): this { return this.addWithoutValidating(key, value, Schema.INT16_SCHEMA); }
  addInt(key: string, value: number): this { return this.addWithoutValidating(key, value, Schema.INT32_SCHEMA); }
  addLong(key: string, value: number | bigint): this { return this.addWithoutValidating(key, value, Schema.INT64_SCHEMA); }
  addFloat(key: string, value: number): this { return this.addWithoutValidating(key, value, Schema.FLOAT32_SCHEMA); }
  addDouble(key: string, value: number): this { return this.addWithoutValidating(key, value, Schema.FLOAT64_SCHEMA); }

  addList(key: string, value: unknown[] | null, schema: Schema): this {
    if (value == null) return this.add(key, null, null);
    checkSchemaType(schema, 'ARRAY');
    return this.addWithoutValidating(key, value, schema);
  }

  addMap(key: string, value: Map<unknown, unknown> | Record<string, unknown> | null, schema: Schema): this {
    if (value == null) return this.add(key, null, null);
    checkSchemaType(schema, 'MAP');
    return this.addWithoutValidating(key, value, schema);
  }

  addStruct(key: string, value: Struct | null): this {
    if (value == null) return this.add(key, null, null);
    checkSchemaType(value.schema, 'STRUCT');
    return this.addWithoutValidating(key, value, value.schema);
  }

  addDecimal(key: string, value: BigDecimal | null): this {
    if (value == null) return this.add(key, null, null);
    const schema = Decimal.schema(value.scale);
    Decimal.fromLogical(schema, value);
    return this.addWithoutValidating(key, value, schema);
  }

  addDate(key: string, value: Date | null): this {
    if (value != null) ConnectDate.fromLogical(ConnectDate.SCHEMA, value);
    return this.addWithoutValidating(key, value, ConnectDate.SCHEMA);
  }

  addTime(key: string, value: Date | null): this {
    if (value != null) Time.fromLogical(Time.SCHEMA, value);
    return this.addWithoutValidating(key, value, Time.SCHEMA);
  }

  addTimestamp(key: string, value: Date | null): this {
    if (value != null) Timestamp.fromLogical(Timestamp.SCHEMA, value);
    return this.addWithoutValidating(key, value, Timestamp.SCHEMA);
  }

  /** The last header with this key. */
  lastWithName(key: string): Header | undefined {
    checkKey(key);
    const hs = this.headers;
    if (hs !== null) {
      for (let i = hs.length - 1; i >= 0; i--) if (hs[i]!.key === key) return hs[i];
    }
    return undefined;
  }

  /** All headers with this key, in order. */
  allWithName(key: string): Header[] {
    checkKey(key);
    return this.headers === null ? [] : this.headers.filter((h) => h.key === key);
  }

  /** Removes every header with this key. */
  remove(key: string): this {
    checkKey(key);
    if (this.headers !== null) this.headers = this.headers.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of each key (or of the given key). */
  retainLatest(key?: string): this {
    const hs = this.headers;
    if (hs === null || hs.length === 0) return this;
    const kept: Header[] = [];
    if (key === undefined) {
      const seen = new Set<string>();
      for (let i = hs.length - 1; i >= 0; i--) {
        const h = hs[i]!;
        if (!seen.has(h.key)) {
          seen.add(h.key);
          kept.push(h);
        }
      }
    } else {
      checkKey(key);
      let found = false;
      for (let i = hs.length - 1; i >= 0; i--) {
        const h = hs[i]!;
        if (h.key === key) {
          if (found) continue;
          found = true;
        }
        kept.push(h);
      }
    }
    this.headers = kept.reverse();
    return this;
  }

  /** Replaces each header (or each with the given key) by the transform's result; null removes it. */
  apply(transform: HeaderTransform): this;
  apply(key: string, transform: HeaderTransform): this;
  apply(keyOrTransform: string | HeaderTransform, maybeTransform?: HeaderTransform): this {
    const key = typeof keyOrTransform === 'string' ? keyOrTransform : undefined;
    const transform = typeof keyOrTransform === 'string' ? maybeTransform! : keyOrTransform;
    const hs = this.headers;
    if (hs === null || hs.length === 0) return this;
    const out: Header[] = [];
    for (const h of hs) {
      if (key !== undefined && h.key !== key) {
        out.push(h);
        continue;
      }
      const updated = transform(h);
      if (updated != null) out.push(updated);
    }
    this.headers = out;
    return this;
  }

  [Symbol.iterator](): Iterator<Header> {
    return (this.headers ?? EMPTY)[Symbol.iterator]();
  }

  /** A copy with the same headers (the Header objects themselves are immutable and shared). */
  duplicate(): ConnectHeaders {
    return new ConnectHeaders(this);
  }

  equals(o: unknown): boolean {
    if (o === this) return true;
    if (!(o instanceof ConnectHeaders)) return false;
    const a = this.headers ?? EMPTY;
    const b = o.headers ?? EMPTY;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x.key !== y.key || !schemaEquals(x.schema, y.schema) || !valuesEqual(x.value, y.value)) return false;
    }
    return true;
  }

  toString(): string {
    return `ConnectHeaders(headers=${this.headers === null ? '' : '[' + this.headers.map(String).join(', ') + ']'})`;
  }
}

const EMPTY: readonly Header[] = Object.freeze([]);

function checkKey(key: string): void {
  if (key == null) throw new TypeError('Header key cannot be null');
}

function checkSchemaType(schema: Schema, type: string): void {
  if (schema.type !== type) throw new DataException(`Expecting ${type} but instead found ${schema.type}`);
}

/** Java's ConnectHeaders#checkSchemaMatches: the value must have the JS form of the schema's type. */
function checkSchemaMatches(schema: Schema | null, value: unknown): void {
  if (schema === null) return;
  if (value == null) {
    if (!schema.optional) throw new DataException(`A null value requires an optional schema but was ${String(schema)}`);
    return;
  }
  const name = schema.name;
  switch (schema.type) {
    case 'BYTES':
      if (value instanceof Uint8Array) return;
      if (value instanceof BigDecimal && name === DECIMAL_LOGICAL_NAME) return;
      break;
    case 'INT32':
      if (value instanceof Date && (name === DATE_LOGICAL_NAME || name === TIME_LOGICAL_NAME)) return;
      if (matchesType('INT32', value)) return;
      break;
    case 'INT64':
      if (value instanceof Date && name === TIMESTAMP_LOGICAL_NAME) return;
      if (matchesType('INT64', value)) return;
      break;
    default:
      if (matchesType(schema.type, value)) return;
      break;
  }
  throw new DataException(`The value ${javaToString(value, schema)} is not compatible with the schema ${String(schema)}`);
}
