// Kafka's org.apache.kafka.connect.transforms.util.Requirements, with the same messages.
// Schemaless maps are plain objects; a JS Map is accepted too and read as a plain object.

import {
  type ConnectRecord, DataException, type Schema, SinkRecord, Struct, javaClassName,
} from 'kconnect';

export type MapValue = Record<string, unknown>;

/** A plain object (object literal, JSON.parse output, Object.create(null)). */
export function isPlainObject(v: unknown): v is MapValue {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Java's getClass().getName() for a JS value ("java.lang.String", "null"). */
export function className(v: unknown): string {
  const n = javaClassName(v);
  return n.startsWith('class ') ? n.slice(6) : n;
}

export function requireSchema(schema: Schema | null | undefined, purpose: string): Schema {
  if (schema == null) throw new DataException(`Schema required for [${purpose}]`);
  return schema;
}

export function requireMap(value: unknown, purpose: string): MapValue {
  if (isPlainObject(value)) return value;
  if (value instanceof Map) return mapToObject(value);
  throw new DataException(`Only Map objects supported in absence of schema for [${purpose}], found: ${className(value)}`);
}

export function requireMapOrNull(value: unknown, purpose: string): MapValue | null {
  return value == null ? null : requireMap(value, purpose);
}

export function requireStruct(value: unknown, purpose: string): Struct {
  if (value instanceof Struct) return value;
  throw new DataException(`Only Struct objects supported for [${purpose}], found: ${className(value)}`);
}

export function requireStructOrNull(value: unknown, purpose: string): Struct | null {
  return value == null ? null : requireStruct(value, purpose);
}

export function requireSinkRecord(record: ConnectRecord<any>, purpose: string): SinkRecord {
  if (record instanceof SinkRecord) return record;
  const name = (record as object | null)?.constructor?.name ?? 'null';
  throw new DataException(`Only SinkRecord supported for [${purpose}], found: ${name}`);
}

/**
 * A shallow copy of a schemaless map to add fields to. Object.assign, not spread: V8 gives a spread
 * copy no room for more properties, and adding one then costs ~20x the copy.
 */
export function copyMap(map: MapValue): MapValue {
  if (!Object.hasOwn(map, '__proto__')) return Object.assign({}, map);
  const out: MapValue = {};
  for (const k in map) setEntry(out, k, map[k]);
  return out;
}

/** map[key] = value, where a key "__proto__" (JSON.parse makes such own properties) stays a plain key. */
export function setEntry(map: MapValue, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

function mapToObject(map: Map<unknown, unknown>): MapValue {
  const out: MapValue = {};
  for (const [k, v] of map) setEntry(out, String(k), v);
  return out;
}
