// Confluent's JsonSchemaData: Connect schemas ↔ JSON Schemas and Connect values ↔ JSON text, as
// io.confluent.connect.json.JsonSchemaConverter maps them.
//
// - Integers are {"type":"integer","connect.type":"int8|int16|int32|int64"}, floats
//   {"type":"number","connect.type":"float32|float64"}, bytes {"type":"string","connect.type":"bytes"}
//   (base64); a struct is an object whose properties carry "connect.index" (field order).
// - A name is the schema's "title", a doc its "description"; versions and parameters travel as
//   connect.version / connect.parameters.
// - Optional schemas are {"oneOf":[{"type":"null"},{…}]}; maps with string keys are objects with
//   "connect.type":"map" and additionalProperties, other maps arrays of {key, value}.
// - Read from other producers: integers without connect.type are INT64, numbers FLOAT64, enums strings
//   with io.confluent.connect.json.Enum parameters, other oneOf/anyOf structs
//   io.confluent.connect.json.OneOf; "type": [..] lists are anyOf; local $refs and $refs to registry
//   references (by reference name or $id) are followed.

import { BigDecimal } from '../../data/BigDecimal.js';
import { ConnectDate } from '../../data/Date.js';
import { Decimal } from '../../data/Decimal.js';
import { DataException } from '../../data/errors.js';
import { formatJavaDouble, formatJavaFloat } from '../../data/JavaFormat.js';
import { JsonFloat, MISSING, parseJson } from '../jsonText.js';
import {
  ConnectSchema, DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, type Schema,
} from '../../data/Schema.js';
import { SchemaBuilder } from '../../data/SchemaBuilder.js';
import { Struct } from '../../data/Struct.js';
import { Time } from '../../data/Time.js';
import { Timestamp } from '../../data/Timestamp.js';

export const JSON_NAMESPACE = 'io.confluent.connect.json';
const JSON_TYPE_ENUM = `${JSON_NAMESPACE}.Enum`;
const JSON_TYPE_ONE_OF = `${JSON_NAMESPACE}.OneOf`;

export type DecimalFormat = 'BASE64' | 'NUMERIC';

export interface JsonSchemaDataConfig {
  decimalFormat: DecimalFormat;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const CONNECT_TYPES: Partial<Record<Schema['type'], string>> = {
  INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64', FLOAT32: 'float32', FLOAT64: 'float64', BYTES: 'bytes',
};

function nonOptional(s: Schema): Schema {
  if (!s.optional) return s;
  return new ConnectSchema(s.type, false, s.defaultValue, s.name, s.version, s.doc, s.parameters,
    s.type === 'STRUCT' ? s.fields : undefined, s.keySchema, s.valueSchema);
}

const isOneOfSchema = (s: Schema) => s.type === 'STRUCT' && s.name === JSON_TYPE_ONE_OF;

/** The JSON Schema Confluent's JsonSchemaData.fromConnectSchema builds. */
export function fromConnectSchema(schema: Schema, cfg: JsonSchemaDataConfig, index?: number, ignoreOptional = false): JsonObject {
  let out: JsonObject;
  const params = schema.parameters ?? {};
  switch (schema.type) {
    case 'INT8': case 'INT16': case 'INT32': case 'INT64':
      out = { type: 'integer', 'connect.type': CONNECT_TYPES[schema.type]! };
      break;
    case 'FLOAT32': case 'FLOAT64':
      out = { type: 'number', 'connect.type': CONNECT_TYPES[schema.type]! };
      break;
    case 'BOOLEAN': out = { type: 'boolean' }; break;
    case 'STRING':
      if (params[JSON_TYPE_ENUM] !== undefined) {
        out = { type: 'string', enum: Object.keys(params).filter((k) => k.startsWith(JSON_TYPE_ENUM + '.')).map((k) => k.slice(JSON_TYPE_ENUM.length + 1)) };
      } else {
        out = { type: 'string' };
      }
      break;
    case 'BYTES':
      out = { type: schema.name === DECIMAL_LOGICAL_NAME && cfg.decimalFormat === 'NUMERIC' ? 'number' : 'string', 'connect.type': 'bytes' };
      break;
    case 'ARRAY':
      out = { type: 'array', items: fromConnectSchema(schema.valueSchema!, cfg) };
      break;
    case 'MAP':
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
        out = { type: 'object', additionalProperties: fromConnectSchema(schema.valueSchema!, cfg), 'connect.type': 'map' };
      } else {
        out = {
          type: 'array',
          items: { type: 'object', properties: { key: fromConnectSchema(schema.keySchema!, cfg, 0), value: fromConnectSchema(schema.valueSchema!, cfg, 1) } },
          'connect.type': 'map',
        };
      }
      break;
    case 'STRUCT':
      if (isOneOfSchema(schema)) {
        const branches: Json[] = schema.optional ? [{ type: 'null' }] : [];
        for (const f of schema.fields) branches.push(fromConnectSchema(nonOptional(f.schema), cfg, f.index, true));
        out = { oneOf: branches };
        if (index !== undefined) out['connect.index'] = index;
        return out;
      }
      if (schema.optional && !ignoreOptional) {
        out = { oneOf: [{ type: 'null' }, fromConnectSchema(nonOptional(schema), cfg)] };
        if (index !== undefined) out['connect.index'] = index;
        return out;
      }
      {
        const properties: JsonObject = {};
        for (const f of schema.fields) properties[f.name] = fromConnectSchema(f.schema, cfg, f.index);
        out = { type: 'object', properties };
      }
      break;
    default:
      throw new DataException(`Unsupported type ${String(schema.type)}`);
  }
  if (schema.name !== undefined) out.title = schema.name;
  if (schema.version !== undefined) out['connect.version'] = schema.version;
  if (schema.doc !== undefined) out.description = schema.doc;
  const own = Object.entries(params).filter(([k]) => !k.startsWith(JSON_NAMESPACE));
  if (own.length > 0) out['connect.parameters'] = Object.fromEntries(own);
  if (schema.defaultValue !== undefined && schema.defaultValue !== null) out.default = JSON.parse(toJsonText(schema, schema.defaultValue, cfg)) as Json;
  if (schema.optional && !ignoreOptional) {
    const wrapped: JsonObject = { oneOf: [{ type: 'null' }, out] };
    if (index !== undefined) wrapped['connect.index'] = index;
    return wrapped;
  }
  if (index !== undefined) out['connect.index'] = index;
  return out;
}

// ------------------------------------------------------------------------- JSON Schema → Connect

interface ToConnectContext {
  /** The document `#…` pointers resolve in: the schema, or the referenced one being read. */
  root: JsonObject;
  /** Referenced documents (registry references) by reference name, and by their `$id`. */
  documents: Map<string, JsonObject>;
  resolving: Set<string>;
}

/** The Connect schema Confluent's JsonSchemaData.toConnectSchema gives for a JSON Schema. */
export function toConnectSchema(json: Json, version?: number, references: { name: string; schema: Json }[] = []): Schema {
  if (json === true || json === false || json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new DataException('Unsupported JSON Schema: the schema must be an object');
  }
  const documents = new Map<string, JsonObject>();
  for (const r of references) {
    if (r.schema === null || typeof r.schema !== 'object' || Array.isArray(r.schema)) continue;
    documents.set(r.name, r.schema);
    if (typeof r.schema.$id === 'string') documents.set(r.schema.$id, r.schema);
  }
  return toConnect(json, { root: json, documents, resolving: new Set() }, version, false);
}

/** A $ref's target and the context to read it in: `#/…` in the current document, `name#/…` in a referenced one. */
function deref(ref: string, ctx: ToConnectContext): { node: JsonObject; ctx: ToConnectContext } {
  const hash = ref.indexOf('#');
  const docName = hash < 0 ? ref : ref.slice(0, hash);
  let root = ctx.root;
  if (docName) {
    const doc = ctx.documents.get(docName);
    if (!doc) throw new DataException(`Unsupported $ref ${ref}: ${docName} is not one of the schema's references`);
    root = doc;
  }
  let node: Json = root;
  for (const part of (hash < 0 ? '' : ref.slice(hash + 1)).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    node = node !== null && typeof node === 'object' && !Array.isArray(node) ? (node[key] ?? null) : null;
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new DataException(`Unresolvable $ref ${ref}`);
  return { node, ctx: root === ctx.root ? ctx : { ...ctx, root } };
}

function toConnect(json: JsonObject, ctx: ToConnectContext, version: number | undefined, forceOptional: boolean): Schema {
  if (typeof json.$ref === 'string') {
    const ref = json.$ref;
    const key = ref.startsWith('#') ? `${String(ctx.root.$id ?? '')}${ref}` : ref;
    if (ctx.resolving.has(key)) throw new DataException(`Recursive JSON Schemas are not supported (${ref})`);
    ctx.resolving.add(key);
    try {
      const target = deref(ref, ctx);
      return toConnect(target.node, target.ctx, version, forceOptional);
    } finally {
      ctx.resolving.delete(key);
    }
  }
  let builder: SchemaBuilder;
  const connectType = json['connect.type'];
  const combined = (json.oneOf ?? json.anyOf ?? (Array.isArray(json.type) ? json.type.map((t) => ({ type: t })) : undefined)) as JsonObject[] | undefined;
  if (combined) {
    if (combined.length === 1) return toConnect(combined[0]!, ctx, version, forceOptional);
    const isNullSchema = (s: JsonObject) => s.type === 'null';
    if (combined.length === 2 && combined.some(isNullSchema)) {
      return toConnect(combined.find((s) => !isNullSchema(s))!, ctx, version, true);
    }
    builder = SchemaBuilder.struct().name(JSON_TYPE_ONE_OF);
    let i = 0;
    for (const sub of combined) {
      if (isNullSchema(sub)) builder.optional();
      else builder.field(`${JSON_TYPE_ONE_OF}.field.${i++}`, toConnect(sub, ctx, undefined, true));
    }
  } else if (Array.isArray(json.enum) || json.const !== undefined) {
    builder = SchemaBuilder.string().parameter(JSON_TYPE_ENUM, '');
    for (const v of Array.isArray(json.enum) ? json.enum : [json.const!]) {
      const symbol = v === null ? '<NULL>' : String(v);
      builder.parameter(`${JSON_TYPE_ENUM}.${symbol}`, symbol);
    }
  } else {
    switch (json.type) {
      case 'boolean': builder = SchemaBuilder.bool(); break;
      case 'integer':
      case 'number': {
        const byType: Record<string, () => SchemaBuilder> = {
          int8: SchemaBuilder.int8, int16: SchemaBuilder.int16, int32: SchemaBuilder.int32, int64: SchemaBuilder.int64,
          float32: SchemaBuilder.float32, float64: SchemaBuilder.float64, bytes: SchemaBuilder.bytes,
        };
        if (typeof connectType === 'string') {
          const make = byType[connectType];
          if (!make) throw new DataException(`Unsupported type ${connectType}`);
          builder = make();
        } else {
          builder = json.type === 'integer' ? SchemaBuilder.int64() : SchemaBuilder.float64();
        }
        break;
      }
      case 'string':
        builder = connectType === 'bytes' ? SchemaBuilder.bytes() : SchemaBuilder.string();
        break;
      case 'array': {
        const items = json.items;
        if (items === undefined || items === null || typeof items !== 'object' || Array.isArray(items)) {
          throw new DataException('Array schema did not specify the items type');
        }
        const props = (items as JsonObject).properties as JsonObject | undefined;
        if (connectType === 'map' && props?.key && props.value) {
          builder = SchemaBuilder.map(toConnect(props.key as JsonObject, ctx, undefined, false), toConnect(props.value as JsonObject, ctx, undefined, false));
        } else {
          builder = SchemaBuilder.array(toConnect(items as JsonObject, ctx, undefined, false));
        }
        break;
      }
      case 'object':
      case undefined: {
        if (connectType === 'map') {
          const values = json.additionalProperties;
          builder = SchemaBuilder.map(SchemaBuilder.string().build(),
            toConnect(values !== null && typeof values === 'object' && !Array.isArray(values) ? values : {}, ctx, undefined, false));
          break;
        }
        if (json.type === undefined && json.properties === undefined) throw new DataException(`Unsupported JSON Schema: ${JSON.stringify(json).slice(0, 200)}`);
        builder = SchemaBuilder.struct();
        const props = Object.entries((json.properties as JsonObject | undefined) ?? {});
        const ordered = props
          .map(([name, sub], i) => ({ name, sub: sub as JsonObject, index: typeof (sub as JsonObject)['connect.index'] === 'number' ? (sub as JsonObject)['connect.index'] as number : i }))
          .sort((a, b) => a.index - b.index);
        for (const p of ordered) builder.field(p.name, toConnect(p.sub, ctx, undefined, false));
        break;
      }
      default:
        throw new DataException(`Unsupported schema type ${JSON.stringify(json.type)}`);
    }
  }
  if (typeof json.title === 'string' && builder.currentName === undefined) builder.name(json.title);
  const v = json['connect.version'];
  if (typeof v === 'number') builder.version(v);
  else if (version !== undefined) builder.version(version);
  if (typeof json.description === 'string') builder.doc(json.description);
  const params = json['connect.parameters'];
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    for (const [k, pv] of Object.entries(params)) builder.parameter(k, String(pv));
  }
  if (json.default !== undefined) {
    try {
      builder.defaultValue(compileToConnect(builder.build())(json.default));
    } catch {
      // A default that does not fit the schema is ignored, as Confluent does (with a warning).
    }
  }
  if (forceOptional) builder.optional();
  return builder.build();
}

// --------------------------------------------------------------------------------------- values

type Writer = (v: unknown) => string;

const cache = new WeakMap<Schema, Writer>();

/** A Connect value as the JSON text Confluent's converter writes (exact for int64 beyond 2^53). */
export function toJsonText(schema: Schema, value: unknown, cfg: JsonSchemaDataConfig): string {
  return compileToJson(schema, cfg)(value);
}

export function compileToJson(schema: Schema, cfg: JsonSchemaDataConfig): Writer {
  const hit = cache.get(schema);
  if (hit) return hit;
  const inner = compile(schema, cfg);
  const w: Writer = (v) => {
    if (v !== null && v !== undefined) return inner(v);
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) return inner(schema.defaultValue);
    if (schema.optional) return 'null';
    throw new DataException('Conversion error: null value for field that is required and has no default value');
  };
  cache.set(schema, w);
  return w;
}

function compile(schema: Schema, cfg: JsonSchemaDataConfig): Writer {
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME:
      return cfg.decimalFormat === 'NUMERIC'
        ? (v) => (v as BigDecimal).toPlainString()
        : (v) => JSON.stringify(Buffer.from(Decimal.fromLogical(schema, v as BigDecimal)).toString('base64'));
    case DATE_LOGICAL_NAME: return (v) => String(ConnectDate.fromLogical(schema, v as Date));
    case TIME_LOGICAL_NAME: return (v) => String(Time.fromLogical(schema, v as Date));
    case TIMESTAMP_LOGICAL_NAME: return (v) => String(Timestamp.fromLogical(schema, v as Date));
  }
  switch (schema.type) {
    case 'INT8': case 'INT16': case 'INT32': case 'INT64': return (v) => String(v);
    case 'FLOAT32': return (v) => jsonNumber(v as number, formatJavaFloat);
    case 'FLOAT64': return (v) => jsonNumber(v as number, formatJavaDouble);
    case 'BOOLEAN': return (v) => (v ? 'true' : 'false');
    case 'STRING': return (v) => JSON.stringify(v);
    case 'BYTES': return (v) => JSON.stringify(Buffer.from(v as Uint8Array).toString('base64'));
    case 'ARRAY': {
      const item = compileToJson(schema.valueSchema!, cfg);
      return (v) => '[' + (v as unknown[]).map(item).join(',') + ']';
    }
    case 'MAP': {
      const kw = compileToJson(schema.keySchema!, cfg);
      const vw = compileToJson(schema.valueSchema!, cfg);
      const entries = (v: unknown) => (v instanceof Map ? [...v.entries()] : Object.entries(v as object));
      if (schema.keySchema!.type === 'STRING' && !schema.keySchema!.optional) {
        return (v) => '{' + entries(v).map(([k, x]) => JSON.stringify(String(k)) + ':' + vw(x)).join(',') + '}';
      }
      return (v) => '[' + entries(v).map(([k, x]) => `{"key":${kw(k)},"value":${vw(x)}}`).join(',') + ']';
    }
    case 'STRUCT': {
      if (isOneOfSchema(schema)) {
        const ws = schema.fields.map((f) => compileToJson(f.schema, cfg));
        return (v) => {
          const s = v as Struct;
          for (let i = 0; i < ws.length; i++) {
            const x = s.get(schema.fields[i]!);
            if (x !== null && x !== undefined) return ws[i]!(x);
          }
          return 'null';
        };
      }
      const fields = schema.fields;
      const prefixes = fields.map((f, i) => (i === 0 ? '{' : ',') + JSON.stringify(f.name) + ':');
      const ws = fields.map((f) => compileToJson(f.schema, cfg));
      return (v) => {
        const s = v as Struct;
        let out = fields.length === 0 ? '{' : '';
        for (let i = 0; i < fields.length; i++) out += prefixes[i]! + ws[i]!(s.get(fields[i]!));
        return out + '}';
      };
    }
    default:
      throw new DataException(`Unsupported type ${String(schema.type)}`);
  }
}

function jsonNumber(n: number, fmt: (n: number) => string): string {
  if (!Number.isFinite(n)) throw new DataException(`${n} cannot be written as JSON`);
  return fmt(n);
}

type Reader = (v: unknown) => unknown;

/**
 * A payload's JSON as compileToConnect reads it: integers beyond ±2^53 as bigint and non-integral
 * numbers as their text (JsonFloat), so INT64 values and NUMERIC decimals come back exact (as
 * Jackson's BigInteger/BigDecimal nodes give Confluent's converter); JSON.parse would round them.
 */
export function parsePayload(text: string): unknown {
  const v = parseJson(text, true);
  if (v === MISSING) throw new DataException('Empty JSON payload');
  return v;
}

/** A parsed number (number, bigint beyond 2^53, or JsonFloat text) as a JS number. */
const toNumber = (v: unknown): unknown => (v instanceof JsonFloat ? Number(v.text) : typeof v === 'bigint' ? Number(v) : v);

/** Parsed JSON → Connect value of `schema`. */
export function compileToConnect(schema: Schema): Reader {
  const inner = compileRead(schema);
  return (v) => (v === null || v === undefined ? (schema.defaultValue ?? null) : inner(v));
}

function compileRead(schema: Schema): Reader {
  switch (schema.name) {
    case DECIMAL_LOGICAL_NAME:
      return (v) => (typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonFloat
        ? BigDecimal.fromString(v instanceof JsonFloat ? v.text : String(v)).setScale(Decimal.scale(schema), 'HALF_UP')
        : Decimal.toLogical(schema, Buffer.from(String(v), 'base64')));
    case DATE_LOGICAL_NAME: return (v) => ConnectDate.toLogical(schema, Number(toNumber(v)));
    case TIME_LOGICAL_NAME: return (v) => Time.toLogical(schema, Number(toNumber(v)));
    case TIMESTAMP_LOGICAL_NAME: return (v) => Timestamp.toLogical(schema, Number(toNumber(v)));
  }
  switch (schema.type) {
    case 'BYTES': return (v) => Buffer.from(String(v), 'base64');
    case 'INT8': case 'INT16': case 'INT32': return toNumber;
    case 'FLOAT32': case 'FLOAT64': return toNumber;
    case 'INT64': return (v) => {
      if (v instanceof JsonFloat) v = Number(v.text);
      return typeof v === 'number' && !Number.isSafeInteger(v) ? BigInt(Math.trunc(v)) : v;
    };
    case 'ARRAY': {
      const item = compileToConnect(schema.valueSchema!);
      return (v) => (v as unknown[]).map(item);
    }
    case 'MAP': {
      const vr = compileToConnect(schema.valueSchema!);
      if (schema.keySchema!.type === 'STRING') {
        return (v) => {
          if (Array.isArray(v)) return Object.fromEntries(v.map((e: { key: string; value: unknown }) => [e.key, vr(e.value)]));
          const out: Record<string, unknown> = {};
          for (const k in v as object) out[k] = vr((v as Record<string, unknown>)[k]);
          return out;
        };
      }
      const kr = compileToConnect(schema.keySchema!);
      return (v) => new Map((v as Array<{ key: unknown; value: unknown }>).map((e) => [kr(e.key), vr(e.value)]));
    }
    case 'STRUCT': {
      if (isOneOfSchema(schema)) {
        const branches = schema.fields.map((f) => ({ f, r: compileToConnect(f.schema), ok: jsonTypeCheck(f.schema) }));
        return (v) => {
          const b = branches.find((x) => x.ok(v));
          if (!b) throw new DataException('Value matches no branch of the oneOf');
          return new Struct(schema).put(b.f, b.r(v));
        };
      }
      const plan = schema.fields.map((f) => ({ f, r: compileToConnect(f.schema) }));
      return (v) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new DataException(`Expected a JSON object for struct ${schema.name ?? ''}`.trim());
        const s = new Struct(schema);
        const o = v as Record<string, unknown>;
        for (let i = 0; i < plan.length; i++) {
          const p = plan[i]!;
          s.put(p.f, p.r(o[p.f.name]));
        }
        return s;
      };
    }
    default:
      return (v) => v;
  }
}

function jsonTypeCheck(schema: Schema): (v: unknown) => boolean {
  switch (schema.type) {
    case 'INT8': case 'INT16': case 'INT32': case 'INT64': return (v) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';
    case 'FLOAT32': case 'FLOAT64': return (v) => typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonFloat;
    case 'BOOLEAN': return (v) => typeof v === 'boolean';
    case 'STRING': case 'BYTES': return (v) => typeof v === 'string';
    case 'ARRAY': return (v) => Array.isArray(v);
    default: return (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  }
}
