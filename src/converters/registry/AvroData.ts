// Confluent's AvroData: the mapping between Connect schemas/values and Avro schemas/values that
// io.confluent.connect.avro.AvroConverter uses, so that topics written by either read the same.
//
// - Unnamed structs become records io.confluent.connect.avro.ConnectDefault (ConnectDefault2, … for
//   further ones in the same schema).
// - Optional schemas become unions with null: ["null", T] with "default": null, or [T, "null"] when the
//   schema has a default (Avro requires a union's default to match its first branch).
// - Connect metadata travels as connect.name / connect.version / connect.doc / connect.parameters /
//   connect.default, and INT8/INT16 as "int" with connect.type (connect.meta.data=true, the default).
// - Decimal is bytes + logicalType decimal (precision from connect.decimal.precision, default 64);
//   Date, Time and Timestamp are int date, int time-millis and long timestamp-millis.
// - Maps whose keys are not strings are arrays of io.confluent.connect.avro.MapEntry {key, value}.
// - Read from other producers: enums become strings with io.confluent.connect.avro.Enum parameters,
//   unions other than [null, T] become structs io.confluent.connect.avro.Union with one optional
//   field per branch.
//
// Schemas are compiled once into avsc types and value converters (closures), so a record's way
// through is plain function calls.

import type avsc from 'avsc';
import type { BigDecimal } from '../../data/BigDecimal.js';
import { ConnectDate } from '../../data/Date.js';
import { Decimal } from '../../data/Decimal.js';
import { DataException } from '../../data/errors.js';
import {
  ConnectSchema, DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, schemaEquals, type Schema,
} from '../../data/Schema.js';
import { SchemaBuilder } from '../../data/SchemaBuilder.js';
import { Struct } from '../../data/Struct.js';
import { Time } from '../../data/Time.js';
import { lazyRequire } from './lazyRequire.js';
import { Timestamp } from '../../data/Timestamp.js';

export const NAMESPACE = 'io.confluent.connect.avro';
export const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
export const DEFAULT_SCHEMA_FULL_NAME = `${NAMESPACE}.${DEFAULT_SCHEMA_NAME}`;
export const MAP_ENTRY_TYPE_NAME = 'MapEntry';
export const AVRO_TYPE_UNION = `${NAMESPACE}.Union`;
export const AVRO_TYPE_ENUM = `${NAMESPACE}.Enum`;
const AVRO_RECORD_DOC_PROP = `${NAMESPACE}.record.doc`;
const AVRO_FIELD_DOC_PREFIX_PROP = `${NAMESPACE}.field.doc.`;
const AVRO_FIELD_DEFAULT_FLAG_PROP = `${NAMESPACE}.field.default`;
const CONNECT_AVRO_DECIMAL_PRECISION_PROP = 'connect.decimal.precision';
const CONNECT_AVRO_FIXED_SIZE_PROP = 'connect.fixed.size';
const DECIMAL_PRECISION_DEFAULT = 64;

export interface AvroDataConfig {
  /** connect.meta.data: carry Connect's name, version, doc, parameters and defaults in the Avro schema. */
  connectMetaData: boolean;
  /** enhanced.avro.schema.support: keep enums as enums and full names of union members. */
  enhancedSchemaSupport: boolean;
  /** scrub.invalid.names: replace characters Avro names may not contain. */
  scrubInvalidNames: boolean;
}

export const DEFAULT_AVRO_DATA_CONFIG: AvroDataConfig = Object.freeze({ connectMetaData: true, enhancedSchemaSupport: false, scrubInvalidNames: false });

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

// ------------------------------------------------------------------------------ Connect → Avro

interface FromConnectContext {
  nameIndex: number;
  /** Records already defined in this schema: later uses refer to them by full name. */
  records: Array<{ schema: Schema; fullName: string }>;
}

export function isUnionSchema(schema: Schema): boolean {
  return schema.type === 'STRUCT' && schema.name === AVRO_TYPE_UNION;
}

function nonOptional(s: Schema): Schema {
  if (!s.optional) return s;
  return new ConnectSchema(s.type, false, s.defaultValue, s.name, s.version, s.doc, s.parameters,
    s.type === 'STRUCT' ? s.fields : undefined, s.keySchema, s.valueSchema);
}

function splitName(name: string): [string | undefined, string] {
  const i = name.lastIndexOf('.');
  return i < 0 ? [undefined, name] : [name.slice(0, i), name.slice(i + 1)];
}

/** Confluent's doScrubName: URL-encode, then every character outside [A-Za-z0-9_] becomes '_'. */
export function scrubName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  let encoded = encodeURIComponent(name).replace(/%20/g, '+');
  if (/^[0-9]/.test(encoded)) encoded = 'x' + encoded;
  return encoded.replace(/[^A-Za-z0-9_]/g, '_');
}

function scrubFullName(name: string, cfg: AvroDataConfig): string {
  if (!cfg.scrubInvalidNames) return name;
  const [ns, n] = splitName(name);
  return ns === undefined ? scrubName(n) : `${ns.split('.').map(scrubName).join('.')}.${scrubName(n)}`;
}

function nameOrDefault(ctx: FromConnectContext, name: string | undefined, cfg: AvroDataConfig): { name: string; namespace?: string } {
  if (name !== undefined) {
    const [ns, n] = splitName(scrubFullName(name, cfg));
    return ns === undefined ? { name: n } : { name: n, namespace: ns };
  }
  const index = ++ctx.nameIndex;
  return { name: DEFAULT_SCHEMA_NAME + (index > 1 ? index : ''), namespace: NAMESPACE };
}

/** The Avro schema (as JSON) that Confluent's AvroData.fromConnectSchema builds for a Connect schema. */
export function fromConnectSchema(schema: Schema, cfg: AvroDataConfig = DEFAULT_AVRO_DATA_CONFIG): Json {
  return fromConnect(schema, { nameIndex: 0, records: [] }, false, cfg);
}

function fromConnect(schema: Schema, ctx: FromConnectContext, ignoreOptional: boolean, cfg: AvroDataConfig): Json {
  if (schema.type === 'STRUCT' && !schema.optional && !isUnionSchema(schema)) {
    const seen = ctx.records.find((r) => r.schema === schema || schemaEquals(r.schema, schema));
    if (seen) return seen.fullName;
  }
  let connectType: string | undefined;
  let base: JsonObject;
  const params = schema.parameters ?? {};
  switch (schema.type) {
    case 'INT8': connectType = 'int8'; base = { type: 'int' }; break;
    case 'INT16': connectType = 'int16'; base = { type: 'int' }; break;
    case 'INT32': base = { type: 'int' }; break;
    case 'INT64': base = { type: 'long' }; break;
    case 'FLOAT32': base = { type: 'float' }; break;
    case 'FLOAT64': base = { type: 'double' }; break;
    case 'BOOLEAN': base = { type: 'boolean' }; break;
    case 'STRING':
      if (cfg.enhancedSchemaSupport && params[AVRO_TYPE_ENUM] !== undefined) {
        const symbols = Object.keys(params).filter((k) => k.startsWith(AVRO_TYPE_ENUM + '.')).map((k) => k.slice(AVRO_TYPE_ENUM.length + 1));
        const [ns, n] = splitName(params[AVRO_TYPE_ENUM]!);
        base = { type: 'enum', name: n, ...(ns ? { namespace: ns } : {}), symbols };
      } else {
        base = { type: 'string' };
      }
      break;
    case 'BYTES':
      if (params[CONNECT_AVRO_FIXED_SIZE_PROP] !== undefined) {
        base = { type: 'fixed', ...nameOrDefault(ctx, schema.name, cfg), size: Number(params[CONNECT_AVRO_FIXED_SIZE_PROP]) };
      } else {
        base = { type: 'bytes' };
      }
      if (schema.name === DECIMAL_LOGICAL_NAME) {
        base.scale = Number(params.scale);
        base.precision = params[CONNECT_AVRO_DECIMAL_PRECISION_PROP] !== undefined ? Number(params[CONNECT_AVRO_DECIMAL_PRECISION_PROP]) : DECIMAL_PRECISION_DEFAULT;
      }
      break;
    case 'ARRAY':
      base = { type: 'array', items: fromConnect(schema.valueSchema!, ctx, false, cfg) };
      break;
    case 'MAP':
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
        base = { type: 'map', values: fromConnect(schema.valueSchema!, ctx, false, cfg) };
      } else {
        const entry: JsonObject = schema.name === undefined
          ? { type: 'record', name: MAP_ENTRY_TYPE_NAME, namespace: NAMESPACE }
          : { type: 'record', ...nameOrDefault(ctx, schema.name, cfg), 'connect.internal.type': MAP_ENTRY_TYPE_NAME };
        entry.fields = [recordField('key', schema.keySchema!, undefined, ctx, cfg), recordField('value', schema.valueSchema!, undefined, ctx, cfg)];
        base = { type: 'array', items: reorderRecord(entry) };
      }
      break;
    case 'STRUCT': {
      if (isUnionSchema(schema)) {
        const branches: Json[] = schema.optional ? ['null'] : [];
        for (const f of schema.fields) branches.push(fromConnect(nonOptional(f.schema), ctx, true, cfg));
        return branches;
      }
      if (schema.optional) return ['null', fromConnect(nonOptional(schema), ctx, false, cfg)];
      const names = nameOrDefault(ctx, schema.name, cfg);
      const fullName = names.namespace ? `${names.namespace}.${names.name}` : names.name;
      ctx.records.push({ schema, fullName });
      const record: JsonObject = { type: 'record', name: names.name };
      if (names.namespace) record.namespace = names.namespace;
      if (params[AVRO_RECORD_DOC_PROP] !== undefined) record.doc = params[AVRO_RECORD_DOC_PROP]!;
      record.fields = schema.fields.map((f) =>
        recordField(cfg.scrubInvalidNames ? scrubName(f.name) : f.name, f.schema, params[AVRO_FIELD_DOC_PREFIX_PROP + f.name], ctx, cfg));
      base = record;
      break;
    }
    default:
      throw new DataException(`Unknown schema type: ${String(schema.type)}`);
  }

  if (cfg.connectMetaData) {
    if (schema.doc !== undefined) base['connect.doc'] = schema.doc;
    if (schema.version !== undefined) base['connect.version'] = schema.version;
    if (schema.parameters !== undefined && Object.keys(schema.parameters).length > 0) base['connect.parameters'] = { ...schema.parameters };
    if (schema.defaultValue !== undefined && schema.defaultValue !== null && params[AVRO_FIELD_DEFAULT_FLAG_PROP] === undefined) {
      base['connect.default'] = defaultToJson(schema, schema.defaultValue);
    }
    if (schema.name !== undefined) base['connect.name'] = schema.name;
    if (connectType !== undefined) base['connect.type'] = connectType;
  }
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME: base.logicalType = 'decimal'; break;
    case TIME_LOGICAL_NAME: base.logicalType = 'time-millis'; break;
    case TIMESTAMP_LOGICAL_NAME: base.logicalType = 'timestamp-millis'; break;
    case DATE_LOGICAL_NAME: base.logicalType = 'date'; break;
  }
  const compact: Json = Object.keys(base).length === 1 ? (base.type as string) : base;
  if (ignoreOptional || !schema.optional) return compact;
  return schema.defaultValue !== undefined && schema.defaultValue !== null ? [compact, 'null'] : ['null', compact];
}

/** Avro's own property order for records: type, name, namespace, doc, fields, then the rest. */
function reorderRecord(r: JsonObject): JsonObject {
  const { type, name, namespace, doc, fields, ...rest } = r;
  const out: JsonObject = { type: type!, name: name! };
  if (namespace !== undefined) out.namespace = namespace;
  if (doc !== undefined) out.doc = doc;
  out.fields = fields!;
  return Object.assign(out, rest);
}

function recordField(name: string, schema: Schema, doc: string | undefined, ctx: FromConnectContext, cfg: AvroDataConfig): JsonObject {
  const field: JsonObject = { name, type: fromConnect(schema, ctx, false, cfg) };
  if (doc !== undefined) field.doc = doc;
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) field.default = defaultToJson(schema, schema.defaultValue);
  else if (schema.optional) field.default = null;
  return field;
}

/** A Connect default value as Avro's JSON encoding (bytes as ISO-8859-1 text). */
function defaultToJson(schema: Schema, value: unknown): Json {
  if (value === null || value === undefined) return null;
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME: return latin1(Decimal.fromLogical(schema, value as BigDecimal));
    case DATE_LOGICAL_NAME: return ConnectDate.fromLogical(schema, value as Date);
    case TIME_LOGICAL_NAME: return Time.fromLogical(schema, value as Date);
    case TIMESTAMP_LOGICAL_NAME: return Number(Timestamp.fromLogical(schema, value as Date));
  }
  switch (schema.type) {
    case 'INT64': return Number(value as number | bigint);
    case 'BYTES': return latin1(value as Uint8Array);
    case 'ARRAY': return (value as unknown[]).map((v) => defaultToJson(schema.valueSchema!, v));
    case 'MAP': {
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
      if (schema.keySchema!.type === 'STRING') return Object.fromEntries(entries.map(([k, v]) => [k, defaultToJson(schema.valueSchema!, v)]));
      return entries.map(([k, v]) => ({ key: defaultToJson(schema.keySchema!, k), value: defaultToJson(schema.valueSchema!, v) }));
    }
    case 'STRUCT': {
      const s = value as Struct;
      const out: JsonObject = {};
      for (const f of schema.fields) out[f.name] = defaultToJson(f.schema, s.get(f));
      return out;
    }
    default: return value as Json;
  }
}

function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

// ------------------------------------------------------------------------------ Avro → Connect

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

interface ToConnectContext {
  /** Named types by full name, filled as the schema is walked (definitions precede references). */
  named: Map<string, JsonObject>;
  /** Records being converted: a reference back to one of them is a recursive schema. */
  converting: Set<string>;
}

function fullNameOf(def: JsonObject, namespace: string | undefined): { fullName: string; namespace: string | undefined } {
  const name = String(def.name);
  if (name.includes('.')) return { fullName: name, namespace: splitName(name)[0] };
  const ns = typeof def.namespace === 'string' ? def.namespace || undefined : namespace;
  return { fullName: ns ? `${ns}.${name}` : name, namespace: ns };
}

/** Registers every named type of a schema (Avro lets a schema refer to a name defined earlier in it). */
function collectNamed(json: Json, ns: string | undefined, named: Map<string, JsonObject>): void {
  if (Array.isArray(json)) {
    for (const b of json) collectNamed(b, ns, named);
    return;
  }
  if (json === null || typeof json !== 'object') return;
  const t = json.type;
  if (t === 'record' || t === 'error' || t === 'enum' || t === 'fixed') {
    const { fullName, namespace } = fullNameOf(json, ns);
    named.set(fullName, { ...json, name: fullName.slice(fullName.lastIndexOf('.') + 1), ...(namespace ? { namespace } : {}), __fullName: fullName });
    if (t === 'record' || t === 'error') for (const f of (json.fields as JsonObject[]) ?? []) collectNamed(f.type!, namespace, named);
    return;
  }
  if (t === 'array') collectNamed(json.items!, ns, named);
  else if (t === 'map') collectNamed(json.values!, ns, named);
  else if (t !== null && typeof t === 'object') collectNamed(t, ns, named);
}

/** The Connect schema that Confluent's AvroData.toConnectSchema gives for an Avro schema (JSON). */
export function toConnectSchema(avroSchema: Json, cfg: AvroDataConfig = DEFAULT_AVRO_DATA_CONFIG, version?: number, references: Json[] = []): Schema {
  const named = new Map<string, JsonObject>();
  // Referenced schemas (registry references) define named types the schema uses by name.
  for (const r of references) collectNamed(r, undefined, named);
  collectNamed(avroSchema, undefined, named);
  return toConnect(avroSchema, { named, converting: new Set() }, undefined, false, undefined, version, cfg);
}

function resolve(json: Json, ctx: ToConnectContext, ns: string | undefined): JsonObject | Json[] {
  if (Array.isArray(json)) return json;
  if (typeof json === 'string') {
    if (PRIMITIVES.has(json)) return { type: json };
    const def = ctx.named.get(json) ?? (ns ? ctx.named.get(`${ns}.${json}`) : undefined);
    if (!def) throw new DataException(`Undefined Avro name: ${json}`);
    return def;
  }
  if (json !== null && typeof json === 'object') {
    const t = json.type;
    if (t !== null && typeof t === 'object') return resolve(t, ctx, ns);
    if (typeof t === 'string' && !PRIMITIVES.has(t) && !['record', 'error', 'enum', 'fixed', 'array', 'map'].includes(t)) return resolve(t, ctx, ns);
    if (t === 'record' || t === 'error' || t === 'enum' || t === 'fixed') {
      const full = typeof json.__fullName === 'string' ? json.__fullName : fullNameOf(json, ns).fullName;
      return ctx.named.get(full) ?? json;
    }
    return json;
  }
  throw new DataException(`Invalid Avro schema: ${JSON.stringify(json)}`);
}

function isNull(json: Json): boolean {
  return json === 'null' || (json !== null && typeof json === 'object' && !Array.isArray(json) && json.type === 'null');
}

function memberFieldName(def: JsonObject, cfg: AvroDataConfig): string {
  const t = String(def.type);
  if (t === 'record' || t === 'error' || t === 'enum' || t === 'fixed') {
    const full = String(def.__fullName ?? def.name);
    return cfg.enhancedSchemaSupport ? full : splitName(full)[1];
  }
  return t;
}

function toConnect(
  json: Json, ctx: ToConnectContext, ns: string | undefined, forceOptional: boolean, fieldDefault: Json | undefined,
  version: number | undefined, cfg: AvroDataConfig,
): Schema {
  const def = resolve(json, ctx, ns);
  if (Array.isArray(def)) {
    if (def.length === 1) return toConnect(def[0]!, ctx, ns, forceOptional, undefined, undefined, cfg);
    if (def.length === 2 && def.some(isNull)) {
      return toConnect(def.find((b) => !isNull(b))!, ctx, ns, true, undefined, undefined, cfg);
    }
    const builder = SchemaBuilder.struct().name(AVRO_TYPE_UNION);
    const names = new Set<string>();
    for (const member of def) {
      if (isNull(member)) {
        builder.optional();
        continue;
      }
      const m = resolve(member, ctx, ns);
      if (Array.isArray(m)) throw new DataException('Unions may not immediately contain other unions');
      const fieldName = memberFieldName(m, cfg);
      if (names.has(fieldName)) throw new DataException('Multiple union schemas map to the Connect union field name');
      names.add(fieldName);
      builder.field(fieldName, toConnect(m, ctx, ns, true, undefined, undefined, cfg));
    }
    return builder.build();
  }
  const type = String(def.type);
  const connectType = def['connect.type'];
  const logicalType = typeof def.logicalType === 'string' ? def.logicalType : undefined;
  const innerNs = def.__fullName !== undefined ? splitName(String(def.__fullName))[0] : ns;
  let builder: SchemaBuilder;
  switch (type) {
    case 'boolean': builder = SchemaBuilder.bool(); break;
    case 'bytes':
    case 'fixed':
      if (logicalType === 'decimal') {
        builder = Decimal.builder(typeof def.scale === 'number' ? def.scale : 0);
        if (typeof def.precision === 'number' && def.precision !== DECIMAL_PRECISION_DEFAULT) {
          builder.parameter(CONNECT_AVRO_DECIMAL_PRECISION_PROP, String(def.precision));
        }
      } else {
        builder = SchemaBuilder.bytes();
      }
      if (type === 'fixed') builder.parameter(CONNECT_AVRO_FIXED_SIZE_PROP, String(def.size));
      break;
    case 'double': builder = SchemaBuilder.float64(); break;
    case 'float': builder = SchemaBuilder.float32(); break;
    case 'int':
      if (logicalType === 'date') builder = ConnectDate.builder();
      else if (logicalType === 'time-millis') builder = Time.builder();
      else if (connectType === 'int8') builder = SchemaBuilder.int8();
      else if (connectType === 'int16') builder = SchemaBuilder.int16();
      else builder = SchemaBuilder.int32();
      break;
    case 'long':
      builder = logicalType === 'timestamp-millis' ? Timestamp.builder() : SchemaBuilder.int64();
      break;
    case 'string': builder = SchemaBuilder.string(); break;
    case 'array': {
      const items = resolve(def.items!, ctx, innerNs);
      if (!Array.isArray(items) && isMapEntry(items)) {
        const fields = (items.fields as JsonObject[]) ?? [];
        const k = fields.find((f) => f.name === 'key');
        const v = fields.find((f) => f.name === 'value');
        if (fields.length !== 2 || !k || !v) {
          throw new DataException('Found map encoded as array of key-value pairs, but array elements do not match the expected format.');
        }
        const entryNs = splitName(String(items.__fullName ?? items.name))[0];
        builder = SchemaBuilder.map(toConnect(k.type!, ctx, entryNs, false, undefined, undefined, cfg), toConnect(v.type!, ctx, entryNs, false, undefined, undefined, cfg));
      } else {
        builder = SchemaBuilder.array(toConnect(def.items!, ctx, innerNs, false, undefined, undefined, cfg));
      }
      break;
    }
    case 'map':
      builder = SchemaBuilder.map(SchemaBuilder.string().build(), toConnect(def.values!, ctx, innerNs, false, undefined, undefined, cfg));
      break;
    case 'record':
    case 'error': {
      const full = String(def.__fullName ?? def.name);
      if (ctx.converting.has(full)) throw new DataException(`Recursive Avro schemas are not supported (${full})`);
      ctx.converting.add(full);
      builder = SchemaBuilder.struct();
      if (cfg.connectMetaData && typeof def.doc === 'string') builder.parameter(AVRO_RECORD_DOC_PROP, def.doc);
      for (const f of (def.fields as JsonObject[]) ?? []) {
        if (cfg.connectMetaData && typeof f.doc === 'string') builder.parameter(AVRO_FIELD_DOC_PREFIX_PROP + String(f.name), f.doc);
        builder.field(String(f.name), toConnect(f.type!, ctx, innerNs, false, 'default' in f ? f.default! : undefined, undefined, cfg));
      }
      ctx.converting.delete(full);
      break;
    }
    case 'enum': {
      builder = SchemaBuilder.string();
      const full = String(def.__fullName ?? def.name);
      if (cfg.connectMetaData && typeof def.doc === 'string') builder.parameter(`${NAMESPACE}.enum.doc.${splitName(full)[1]}`, def.doc);
      if (cfg.connectMetaData && typeof def.default === 'string') builder.parameter(`${NAMESPACE}.enum.default.${splitName(full)[1]}`, def.default);
      builder.parameter(AVRO_TYPE_ENUM, full);
      for (const s of (def.symbols as string[]) ?? []) builder.parameter(`${AVRO_TYPE_ENUM}.${s}`, s);
      break;
    }
    case 'null':
      throw new DataException('Standalone null schemas are not supported by this converter');
    default:
      throw new DataException(`Couldn't translate unsupported schema type ${type}.`);
  }

  if (cfg.connectMetaData && typeof def['connect.doc'] === 'string') builder.doc(def['connect.doc']);
  const v = def['connect.version'];
  if (v !== undefined && v !== null) {
    if (typeof v !== 'number') throw new DataException(`Invalid Connect version found: ${JSON.stringify(v)}`);
    builder.version(v);
  } else if (version !== undefined) {
    builder.version(version);
  }
  const params = def['connect.parameters'];
  if (cfg.connectMetaData && params !== undefined && params !== null) {
    if (typeof params !== 'object' || Array.isArray(params)) throw new DataException(`Expected JSON object for schema parameters but found: ${JSON.stringify(params)}`);
    for (const [k, pv] of Object.entries(params)) {
      if (typeof pv !== 'string') throw new DataException(`Expected schema parameter values to be strings but found: ${JSON.stringify(pv)}`);
      builder.parameter(k, pv);
    }
  }
  const connectDefault = def['connect.default'];
  let defaultJson: Json | undefined = fieldDefault;
  if (defaultJson === undefined || defaultJson === null) defaultJson = connectDefault ?? undefined;
  else if (cfg.connectMetaData && connectDefault === undefined) builder.parameter(AVRO_FIELD_DEFAULT_FLAG_PROP, 'true');
  if (defaultJson !== undefined && defaultJson !== null) {
    try {
      builder.defaultValue(defaultFromJson(builder.build(), defaultJson));
    } catch {
      // Confluent logs and ignores a default that does not fit the schema.
    }
  }
  let name: string | undefined;
  if (typeof def['connect.name'] === 'string') name = def['connect.name'];
  else if (type === 'record' || type === 'error' || type === 'enum') name = String(def.__fullName ?? def.name);
  else if (type === 'fixed' && logicalType !== 'decimal') name = String(def.__fullName ?? def.name);
  if (name !== undefined && !name.startsWith(DEFAULT_SCHEMA_FULL_NAME) && builder.currentName === undefined) builder.name(name);
  if (forceOptional) builder.optional();
  return builder.build();
}

function isMapEntry(def: JsonObject): boolean {
  if (def.type !== 'record') return false;
  const full = String(def.__fullName ?? def.name);
  return full === `${NAMESPACE}.${MAP_ENTRY_TYPE_NAME}` || def['connect.internal.type'] === MAP_ENTRY_TYPE_NAME;
}

function defaultFromJson(schema: Schema, json: Json): unknown {
  if (json === null) return null;
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME: return Decimal.toLogical(schema, Buffer.from(String(json), 'latin1'));
    case DATE_LOGICAL_NAME: return ConnectDate.toLogical(schema, Number(json));
    case TIME_LOGICAL_NAME: return Time.toLogical(schema, Number(json));
    case TIMESTAMP_LOGICAL_NAME: return Timestamp.toLogical(schema, Number(json));
  }
  switch (schema.type) {
    case 'BYTES': return Buffer.from(String(json), 'latin1');
    case 'ARRAY': return (json as Json[]).map((v) => defaultFromJson(schema.valueSchema!, v));
    case 'MAP':
      if (Array.isArray(json)) return new Map(json.map((e) => [defaultFromJson(schema.keySchema!, (e as JsonObject).key!), defaultFromJson(schema.valueSchema!, (e as JsonObject).value!)]));
      return Object.fromEntries(Object.entries(json as JsonObject).map(([k, v]) => [k, defaultFromJson(schema.valueSchema!, v)]));
    case 'STRUCT': {
      const s = new Struct(schema);
      for (const f of schema.fields) {
        const v = (json as JsonObject)[f.name];
        if (v !== undefined) s.put(f, defaultFromJson(f.schema, v));
      }
      return s;
    }
    default: return json;
  }
}

// -------------------------------------------------------------------------------- avsc types

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** Avro longs as numbers while exact, bigints beyond 2^53 (Connect's INT64 takes either). */
const avscLib = lazyRequire<typeof avsc>('avsc');
let exactLongType: avsc.Type | undefined;
const exactLong = (): avsc.Type => (exactLongType ??= avscLib().types.LongType.__with({
  fromBuffer: (buf: Buffer) => {
    const n = buf.readBigInt64LE(0);
    return n <= MAX_SAFE && n >= MIN_SAFE ? Number(n) : n;
  },
  toBuffer: (n: number | bigint) => {
    const buf = Buffer.allocUnsafe(8);
    buf.writeBigInt64LE(typeof n === 'bigint' ? n : BigInt(n), 0);
    return buf;
  },
  fromJSON: (n: number) => n,
  toJSON: (n: number | bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' || (typeof n === 'number' && Number.isInteger(n)),
  compare: (a: number | bigint, b: number | bigint) => (a === b ? 0 : a < b ? -1 : 1),
}));

/** An avsc type for an Avro schema (JSON), with exact longs. Custom properties are ignored by avsc. */
export function avroType(schema: Json, references: Json[] = []): avsc.Type {
  const registry = { long: exactLong() } as unknown as Record<string, avsc.Type>;
  // Referenced schemas are parsed first into the same registry, so the schema's names resolve to them.
  for (const r of references) avscLib().Type.forSchema(r as avsc.Schema, { registry, wrapUnions: 'auto' });
  return avscLib().Type.forSchema(schema as avsc.Schema, { registry, wrapUnions: 'auto' });
}

// ------------------------------------------------------------------------ value conversion

type Conv = (v: unknown) => unknown;
const identity: Conv = (v) => v;

function isUnion(t: avsc.Type): t is avsc.types.WrappedUnionType | avsc.types.UnwrappedUnionType {
  return t.typeName === 'union:wrapped' || t.typeName === 'union:unwrapped';
}

/** Connect value → the value avsc writes with `type`, compiled once per (schema, type). */
export function toAvroValue(schema: Schema, type: avsc.Type): Conv {
  if (isUnion(type)) {
    const wrapped = type.typeName === 'union:wrapped';
    const members = (type as avsc.types.WrappedUnionType).types;
    const nonNull = members.filter((t) => t.typeName !== 'null');
    if (isUnionSchema(schema)) {
      const convs = schema.fields.map((f, i) => toAvroValue(nonOptional(f.schema), nonNull[i]!));
      const names = nonNull.map((t) => t.branchName!);
      return (v) => {
        if (v === null || v === undefined) return null;
        const s = v as Struct;
        for (let i = 0; i < convs.length; i++) {
          const fv = s.get(schema.fields[i]!);
          if (fv !== null && fv !== undefined) return wrapped ? { [names[i]!]: convs[i]!(fv) } : convs[i]!(fv);
        }
        throw new DataException('A union struct must have one non-null field');
      };
    }
    if (nonNull.length !== 1) throw new DataException(`Connect schema ${schema.type} does not match an Avro union of ${members.length} types`);
    const inner = toAvroValue(nonOptional(schema), nonNull[0]!);
    const branch = nonNull[0]!.branchName!;
    return wrapped
      ? (v) => (v === null || v === undefined ? null : { [branch]: inner(v) })
      : (v) => (v === null || v === undefined ? null : inner(v));
  }
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME: return (v) => asBuffer(Decimal.fromLogical(schema, v as BigDecimal));
    case DATE_LOGICAL_NAME: return (v) => ConnectDate.fromLogical(schema, v as Date);
    case TIME_LOGICAL_NAME: return (v) => Time.fromLogical(schema, v as Date);
    case TIMESTAMP_LOGICAL_NAME: return (v) => Timestamp.fromLogical(schema, v as Date);
  }
  switch (type.typeName) {
    case 'record': {
      const rt = type as avsc.types.RecordType;
      if (schema.type !== 'STRUCT') throw new DataException(`Connect ${schema.type} cannot be written as Avro record ${rt.name}`);
      const fields = schema.fields;
      // Per Avro field, in Avro's order: the Connect field it comes from, or undefined when the
      // Connect schema lacks it (use.latest.version with a newer schema): avsc writes its default.
      const plan = rt.fields.map((af) => {
        const cf = fields.find((f) => f.name === af.name) ?? fields.find((f) => scrubName(f.name) === af.name);
        return cf && { field: cf, conv: toAvroValue(cf.schema, af.type) };
      });
      // avsc's record class sets every field by name in one shape (a fresh object filled by varying
      // names would take a keyed store per field), and leaves undefined ones to their defaults.
      const Record = rt.recordConstructor as new (...values: unknown[]) => object;
      return (v) => {
        const s = v as Struct;
        const values = new Array<unknown>(plan.length);
        for (let i = 0; i < plan.length; i++) {
          const p = plan[i];
          if (p !== undefined) values[i] = p.conv(s.get(p.field));
        }
        return new Record(...values);
      };
    }
    case 'array': {
      const items = (type as avsc.types.ArrayType).itemsType;
      if (schema.type === 'MAP') {
        const rt = items as avsc.types.RecordType;
        const kc = toAvroValue(schema.keySchema!, rt.field('key').type);
        const vc = toAvroValue(schema.valueSchema!, rt.field('value').type);
        return (v) => {
          const entries = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
          return entries.map(([k, x]) => ({ key: kc(k), value: vc(x) }));
        };
      }
      const c = toAvroValue(schema.valueSchema!, items);
      return c === identity ? identity : (v) => (v as unknown[]).map(c);
    }
    case 'map': {
      const c = toAvroValue(schema.valueSchema!, (type as avsc.types.MapType).valuesType as avsc.Type);
      return (v) => {
        const out: Record<string, unknown> = {};
        if (v instanceof Map) for (const [k, x] of v) out[String(k)] = c(x);
        else for (const k in v as object) out[k] = c((v as Record<string, unknown>)[k]);
        return out;
      };
    }
    case 'bytes':
    case 'fixed':
      return (v) => asBuffer(v as Uint8Array);
    default:
      return identity;
  }
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** The value avsc read with `type` → Connect value of `schema`, compiled once per (type, schema). */
export function toConnectValue(type: avsc.Type, schema: Schema): Conv {
  if (isUnion(type)) {
    const wrapped = type.typeName === 'union:wrapped';
    const members = (type as avsc.types.WrappedUnionType).types;
    const nonNull = members.filter((t) => t.typeName !== 'null');
    if (isUnionSchema(schema)) {
      const convs = nonNull.map((t, i) => toConnectValue(t, schema.fields[i]!.schema));
      const byBranch = new Map(nonNull.map((t, i) => [t.branchName!, i]));
      return (v) => {
        if (v === null || v === undefined) return null;
        let i: number;
        let inner: unknown;
        if (wrapped) {
          const k = Object.keys(v as object)[0]!;
          i = byBranch.get(k) ?? -1;
          inner = (v as Record<string, unknown>)[k];
        } else {
          i = nonNull.findIndex((t) => t.isValid(v));
          inner = v;
        }
        if (i < 0) throw new DataException('Value matches no branch of the Avro union');
        return new Struct(schema).put(schema.fields[i]!, convs[i]!(inner));
      };
    }
    const inner = toConnectValue(nonNull[0]!, schema);
    const branch = nonNull[0]!.branchName!;
    return wrapped
      ? (v) => (v === null || v === undefined ? null : inner((v as Record<string, unknown>)[branch]))
      : (v) => (v === null || v === undefined ? null : inner(v));
  }
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME: return (v) => Decimal.toLogical(schema, v as Uint8Array);
    case DATE_LOGICAL_NAME: return (v) => ConnectDate.toLogical(schema, v as number);
    case TIME_LOGICAL_NAME: return (v) => Time.toLogical(schema, v as number);
    case TIMESTAMP_LOGICAL_NAME: return (v) => Timestamp.toLogical(schema, v as number);
  }
  switch (type.typeName) {
    case 'record': {
      const rt = type as avsc.types.RecordType;
      const plan = schema.fields.map((f, i) => ({ field: f, name: rt.fields[i]!.name, conv: toConnectValue(rt.fields[i]!.type, f.schema) }));
      return (v) => {
        const s = new Struct(schema);
        const rec = v as Record<string, unknown>;
        for (let i = 0; i < plan.length; i++) {
          const p = plan[i]!;
          s.put(p.field, p.conv(rec[p.name]));
        }
        return s;
      };
    }
    case 'array': {
      const items = (type as avsc.types.ArrayType).itemsType;
      if (schema.type === 'MAP') {
        const rt = items as avsc.types.RecordType;
        const kc = toConnectValue(rt.field('key').type, schema.keySchema!);
        const vc = toConnectValue(rt.field('value').type, schema.valueSchema!);
        return (v) => new Map((v as Array<{ key: unknown; value: unknown }>).map((e) => [kc(e.key), vc(e.value)]));
      }
      const c = toConnectValue(items, schema.valueSchema!);
      return c === identity ? identity : (v) => (v as unknown[]).map(c);
    }
    case 'map': {
      const c = toConnectValue((type as avsc.types.MapType).valuesType as avsc.Type, schema.valueSchema!);
      if (c === identity) return (v) => ({ ...(v as object) });
      return (v) => {
        const out: Record<string, unknown> = {};
        for (const k in v as object) out[k] = c((v as Record<string, unknown>)[k]);
        return out;
      };
    }
    default:
      return identity;
  }
}

