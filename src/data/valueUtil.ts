// Small helpers over Connect values in their JS form, shared by the data model and the converters.

import { BigDecimal } from './BigDecimal.js';
import { formatJavaDouble, formatJavaFloat } from './JavaFormat.js';
import type { Schema } from './Schema.js';
import { Struct } from './Struct.js';

/** A plain JS object (object literal, JSON.parse output or Object.create(null)), i.e. a string-keyed MAP value. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Entries of a MAP value (a JS Map or a plain object). */
export function mapEntries(v: Map<unknown, unknown> | Record<string, unknown>): Iterable<[unknown, unknown]> {
  return v instanceof Map ? v.entries() : Object.entries(v);
}

export function mapSize(v: Map<unknown, unknown> | Record<string, unknown>): number {
  return v instanceof Map ? v.size : Object.keys(v).length;
}

/** Deep value equality with Java semantics for Connect values (Objects.deepEquals / Struct.equals):
 * bytes by content, arrays element-wise, maps by entries regardless of order, Dates by time,
 * BigDecimal by value and scale, INT64 number/bigint by numeric value. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == b; // null and undefined both mean "no value"
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== 'object' || tb !== 'object') {
    if ((ta === 'bigint' || ta === 'number') && (tb === 'bigint' || tb === 'number')) {
      // 5 and 5n are the same INT64 value
      if (ta === 'number' && !Number.isInteger(a)) return false;
      if (tb === 'number' && !Number.isInteger(b)) return false;
      return BigInt(a as number | bigint) === BigInt(b as number | bigint);
    }
    if (ta === 'number' && tb === 'number') return Number.isNaN(a) && Number.isNaN(b);
    return false;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Struct) return a.equals(b);
  if (a instanceof BigDecimal) return a.equals(b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  const aMap = a instanceof Map || isPlainObject(a);
  const bMap = b instanceof Map || isPlainObject(b);
  if (aMap && bMap) return mapsEqual(a as Map<unknown, unknown> | Record<string, unknown>, b as Map<unknown, unknown> | Record<string, unknown>);
  return false;
}

function mapsEqual(a: Map<unknown, unknown> | Record<string, unknown>, b: Map<unknown, unknown> | Record<string, unknown>): boolean {
  const am = toMap(a);
  const bm = toMap(b);
  if (am.size !== bm.size) return false;
  for (const [k, v] of am) {
    if (bm.has(k)) {
      if (!valuesEqual(v, bm.get(k))) return false;
      continue;
    }
    // keys that are equal by value but not identity (e.g. 5 vs 5n, Struct keys)
    let found = false;
    for (const [k2, v2] of bm) {
      if (valuesEqual(k, k2)) {
        if (!valuesEqual(v, v2)) return false;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

function toMap(v: Map<unknown, unknown> | Record<string, unknown>): Map<unknown, unknown> {
  return v instanceof Map ? v : new Map(Object.entries(v));
}

/** Java's `value.getClass()` text ("class java.lang.String") for a JS value, used in Java-identical messages. */
export function javaClassName(v: unknown): string {
  switch (typeof v) {
    case 'string': return 'class java.lang.String';
    case 'boolean': return 'class java.lang.Boolean';
    case 'number':
      if (Number.isInteger(v)) return (v as number) >= -2147483648 && (v as number) <= 2147483647 ? 'class java.lang.Integer' : 'class java.lang.Long';
      return 'class java.lang.Double';
    case 'bigint':
      return (v as bigint) >= -9223372036854775808n && (v as bigint) <= 9223372036854775807n ? 'class java.lang.Long' : 'class java.math.BigInteger';
    case 'undefined': return 'null';
    case 'function': return 'class function';
    case 'symbol': return 'class symbol';
    default: break;
  }
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return 'class [B';
  if (Array.isArray(v)) return 'class java.util.ArrayList';
  if (v instanceof Map || isPlainObject(v)) return 'class java.util.HashMap';
  if (v instanceof Struct) return 'class org.apache.kafka.connect.data.Struct';
  if (v instanceof Date) return 'class java.util.Date';
  if (v instanceof BigDecimal) return 'class java.math.BigDecimal';
  const name = (v as object).constructor?.name;
  return `class ${name ?? 'Object'}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Java's java.util.Date#toString in UTC: "Thu Jan 01 00:00:00 UTC 1970". */
export function javaDateString(d: Date): string {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * Java's `String.valueOf(value)` for a Connect value, used by Struct#toString and StringConverter.
 * The schema, when given, decides how a JS number prints (FLOAT32/FLOAT64 as Java float/double, "1.0");
 * without one, integral numbers print as integers. Lists print "[a, b]", maps "{k=v, k2=v2}".
 */
export function javaToString(v: unknown, schema?: Schema | null): string {
  if (v == null) return 'null';
  switch (typeof v) {
    case 'string': return v;
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return v.toString();
    case 'number': {
      const t = schema?.type;
      if (t === 'FLOAT32') return formatJavaFloat(v);
      if (t === 'FLOAT64' || !Number.isSafeInteger(v)) return formatJavaDouble(v);
      return String(v);
    }
    default: break;
  }
  if (v instanceof Struct) return v.toString();
  if (v instanceof BigDecimal) return v.toString();
  if (v instanceof Date) return javaDateString(v);
  if (v instanceof Uint8Array) return '[' + Array.prototype.join.call(new Int8Array(v.buffer, v.byteOffset, v.byteLength), ', ') + ']';
  if (Array.isArray(v)) {
    const es = schema?.type === 'ARRAY' ? schema.valueSchema : undefined;
    return '[' + v.map((e) => javaToString(e, es)).join(', ') + ']';
  }
  if (v instanceof Map || isPlainObject(v)) {
    const ks = schema?.type === 'MAP' ? schema.keySchema : undefined;
    const vs = schema?.type === 'MAP' ? schema.valueSchema : undefined;
    const parts: string[] = [];
    for (const [k, val] of mapEntries(v as Map<unknown, unknown>)) parts.push(javaToString(k, ks) + '=' + javaToString(val, vs));
    return '{' + parts.join(', ') + '}';
  }
  return String(v);
}

/** A Buffer view over the bytes of a Uint8Array, without copying. */
export function asBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}
