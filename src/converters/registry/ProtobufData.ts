// Confluent's ProtobufData, for the parts kconnect supports: Connect structs ↔ proto3 messages, and
// the message indexes of Confluent's Protobuf wire format. Codec: protobufjs.
//
// - A struct is a message named after the schema (package = its namespace), unnamed ones
//   ConnectDefault1, ConnectDefault2, …; nested structs are nested messages. Field numbers come from
//   the io.confluent.connect.protobuf.Tag parameter, else the field's position + 1.
// - INT8/INT16/INT32 are int32 (INT8/INT16 with a connect.type param in the confluent.field_meta
//   option, so they read back as INT8/INT16), INT64 int64, FLOAT32 float, FLOAT64 double; arrays are
//   repeated fields, maps with scalar keys map<K, V>.
// - Logical types are Confluent's message types: Decimal is confluent.type.Decimal (unscaled
//   two's-complement bytes, precision, scale; the schema's scale and connect.decimal.precision travel
//   as `precision`/`scale` params of the confluent.field_meta field option), Date google.type.Date,
//   Time google.type.TimeOfDay, Timestamp google.protobuf.Timestamp. Their files are "known types":
//   as Confluent's serializer does by default (skip.known.types=true), they are imported without
//   registry references, since the registry resolves them itself; reading, kconnect parses them from
//   its own copies of their definitions (KNOWN_FILES).
// - A oneof is a Struct field named after it (`<oneof>_<index>` with generate.index.for.unions) whose
//   schema is an optional struct named io.confluent.connect.protobuf.Union.<oneof>, one optional field
//   per member; exactly one is set. Written back, such a struct is a oneof again.
// - Read back, every field is optional and carries its tag (as Confluent's converter does); proto3
//   scalars absent on the wire read as their defaults; enums of other producers become strings with
//   io.confluent.connect.protobuf.Enum parameters.
// Not supported (a DataException says so): top-level non-struct values, arrays of arrays, Decimal as a
// map value, imports other than the known types (schema references).

import type protobuf from 'protobufjs';
import { BigDecimal } from '../../data/BigDecimal.js';
import { ConnectDate } from '../../data/Date.js';
import { Decimal, bigIntToBytes, bytesToBigInt } from '../../data/Decimal.js';
import { DataException } from '../../data/errors.js';
import {
  DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, type Schema,
} from '../../data/Schema.js';
import { SchemaBuilder } from '../../data/SchemaBuilder.js';
import { Struct } from '../../data/Struct.js';
import { Time } from '../../data/Time.js';
import { Timestamp } from '../../data/Timestamp.js';
import { lazyRequire } from './lazyRequire.js';

const protobufLib = lazyRequire<typeof protobuf>('protobufjs');

export const PROTOBUF_NAMESPACE = 'io.confluent.connect.protobuf';
const TAG_PROP = `${PROTOBUF_NAMESPACE}.Tag`;
const ENUM_PROP = `${PROTOBUF_NAMESPACE}.Enum`;
const DEFAULT_SCHEMA_NAME = 'ConnectDefault';
const UNION_PREFIX = `${PROTOBUF_NAMESPACE}.Union.`;
const TIMESTAMP_TYPE = 'google.protobuf.Timestamp';
const DECIMAL_TYPE = 'confluent.type.Decimal';
const DATE_TYPE = 'google.type.Date';
const TIME_TYPE = 'google.type.TimeOfDay';
const CONNECT_PRECISION_PROP = 'connect.decimal.precision';
const FIELD_META = '(confluent.field_meta)';

/**
 * The files of Confluent's and Google's type messages that kconnect's schemas import, as their
 * messages are defined (field names and numbers are the wire contract). confluent/meta.proto is
 * reduced to its Meta message: protobufjs reads custom options without their extension declarations.
 */
const KNOWN_FILES: Record<string, string> = {
  'confluent/type/decimal.proto': `syntax = "proto3";
package confluent.type;
message Decimal {
  bytes value = 1;
  uint32 precision = 2;
  int32 scale = 3;
}`,
  'confluent/meta.proto': `syntax = "proto3";
package confluent;
message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}`,
  'google/type/date.proto': `syntax = "proto3";
package google.type;
message Date {
  int32 year = 1;
  int32 month = 2;
  int32 day = 3;
}`,
  'google/type/timeofday.proto': `syntax = "proto3";
package google.type;
message TimeOfDay {
  int32 hours = 1;
  int32 minutes = 2;
  int32 seconds = 3;
  int32 nanos = 4;
}`,
};

export interface ProtobufDataConfig {
  /** generate.index.for.unions: a oneof's Connect field is `<oneof>_<index>` (true) or `<oneof>`. */
  generateIndexForUnions: boolean;
}

export const DEFAULT_PROTOBUF_DATA_CONFIG: ProtobufDataConfig = { generateIndexForUnions: true };

export function isUnionSchema(schema: Schema): boolean {
  return schema.type === 'STRUCT' && (schema.name?.startsWith(UNION_PREFIX) ?? false);
}

const SCALARS: Partial<Record<Schema['type'], string>> = {
  INT8: 'int32', INT16: 'int32', INT32: 'int32', INT64: 'int64', FLOAT32: 'float', FLOAT64: 'double',
  BOOLEAN: 'bool', STRING: 'string', BYTES: 'bytes',
};

function splitName(name: string): [string | undefined, string] {
  const i = name.lastIndexOf('.');
  return i < 0 ? [undefined, name] : [name.slice(0, i), name.slice(i + 1)];
}

interface FromContext {
  nameIndex: number;
  imports: Set<string>;
  /** Set by fieldType for the field being written: its `[...]` options text. */
  options: string;
}

export interface ProtoText {
  text: string;
  /** The top-level message's full name (RecordNameStrategy). */
  messageName: string;
}

/** The .proto text for a Connect struct schema. */
export function fromConnectSchema(schema: Schema): ProtoText {
  if (schema.type !== 'STRUCT') throw new DataException(`ProtobufConverter writes structs; the schema is ${schema.type}`);
  const ctx: FromContext = { nameIndex: 0, imports: new Set(), options: '' };
  const [pkg, name] = schema.name ? splitName(schema.name) : [undefined, DEFAULT_SCHEMA_NAME + ++ctx.nameIndex];
  const body = messageText(name, schema, ctx, '');
  let text = 'syntax = "proto3";\n';
  if (pkg) text += `package ${pkg};\n`;
  for (const i of [...ctx.imports].sort()) text += `\nimport "${i}";`;
  if (ctx.imports.size) text += '\n';
  text += '\n' + body;
  return { text, messageName: pkg ? `${pkg}.${name}` : name };
}

const tagOf = (s: Schema): number | undefined => {
  const t = s.parameters?.[TAG_PROP];
  return t === undefined ? undefined : Number(t);
};

function messageText(name: string, schema: Schema, ctx: FromContext, indent: string): string {
  const nested: string[] = [];
  const lines: string[] = [];
  // Tags: the Tag parameter, else the field's position + 1; oneof members without one take the
  // numbers after every tag in use, so no two fields share a number.
  const used = new Set<number>();
  for (const f of schema.fields) {
    if (isUnionSchema(f.schema)) for (const m of f.schema.fields) { const t = tagOf(m.schema); if (t !== undefined) used.add(t); }
    else used.add(tagOf(f.schema) ?? f.index + 1);
  }
  let next = Math.max(0, ...used) + 1;
  const line = (s: Schema, fieldName: string, tag: number, pad: string): string => {
    ctx.options = '';
    const type = fieldType(s, ctx, nested, indent + '  ', fieldName);
    return `${pad}${type} ${fieldName} = ${tag}${ctx.options};`;
  };
  for (const f of schema.fields) {
    if (isUnionSchema(f.schema)) {
      const oneof = f.schema.name!.slice(UNION_PREFIX.length);
      const members = f.schema.fields.map((m) => {
        if (m.schema.type === 'ARRAY' || m.schema.type === 'MAP') {
          throw new DataException(`A Protobuf oneof member cannot be repeated or a map (field ${f.name}.${m.name})`);
        }
        return line(m.schema, m.name, tagOf(m.schema) ?? next++, `${indent}    `);
      });
      lines.push(`${indent}  oneof ${oneof.slice(oneof.lastIndexOf('.') + 1)} {\n${members.join('\n')}\n${indent}  }`);
    } else {
      lines.push(line(f.schema, f.name, tagOf(f.schema) ?? f.index + 1, `${indent}  `));
    }
  }
  return `${indent}message ${name} {\n${nested.join('')}${lines.join('\n')}${lines.length ? '\n' : ''}${indent}}\n`;
}

function fieldType(schema: Schema, ctx: FromContext, nested: string[], indent: string, fieldName: string): string {
  switch (schema.name) {
    case TIMESTAMP_LOGICAL_NAME:
      ctx.imports.add('google/protobuf/timestamp.proto');
      return TIMESTAMP_TYPE;
    case DATE_LOGICAL_NAME:
      ctx.imports.add('google/type/date.proto');
      return DATE_TYPE;
    case TIME_LOGICAL_NAME:
      ctx.imports.add('google/type/timeofday.proto');
      return TIME_TYPE;
    case DECIMAL_LOGICAL_NAME: {
      ctx.imports.add('confluent/meta.proto');
      ctx.imports.add('confluent/type/decimal.proto');
      const params: string[] = [];
      const precision = schema.parameters?.[CONNECT_PRECISION_PROP];
      if (precision !== undefined) params.push(`{ key: "precision", value: ${JSON.stringify(precision)} }`);
      params.push(`{ key: "scale", value: ${JSON.stringify(String(Decimal.scale(schema)))} }`);
      ctx.options = ` [${FIELD_META} = { params: [ ${params.join(', ')} ] }]`;
      return DECIMAL_TYPE;
    }
  }
  if (schema.type === 'INT8' || schema.type === 'INT16') {
    // As Confluent: an int32 whose confluent.field_meta param connect.type says the Connect width.
    ctx.imports.add('confluent/meta.proto');
    ctx.options = ` [${FIELD_META} = { params: [ { key: "connect.type", value: "${schema.type.toLowerCase()}" } ] }]`;
    return 'int32';
  }
  const scalar = SCALARS[schema.type];
  if (scalar) return scalar;
  switch (schema.type) {
    case 'ARRAY': {
      if (schema.valueSchema!.type === 'ARRAY' || schema.valueSchema!.type === 'MAP') {
        throw new DataException(`Protobuf has no repeated ${schema.valueSchema!.type.toLowerCase()} (field ${fieldName})`);
      }
      return 'repeated ' + fieldType(schema.valueSchema!, ctx, nested, indent, fieldName);
    }
    case 'MAP': {
      const key = SCALARS[schema.keySchema!.type];
      if (!key || key === 'float' || key === 'double' || key === 'bytes') throw new DataException(`Protobuf map keys must be integers, strings or booleans (field ${fieldName})`);
      if (schema.valueSchema!.type === 'ARRAY' || schema.valueSchema!.type === 'MAP') throw new DataException(`Protobuf map values may not be ${schema.valueSchema!.type.toLowerCase()}s (field ${fieldName})`);
      // The scale would need options on the map entry's value field, which map<K, V> cannot carry.
      if (schema.valueSchema!.name === DECIMAL_LOGICAL_NAME) throw new DataException(`ProtobufConverter does not support Decimal map values (field ${fieldName})`);
      return `map<${key}, ${fieldType(schema.valueSchema!, ctx, nested, indent, fieldName)}>`;
    }
    case 'STRUCT': {
      const name = schema.name ? splitName(schema.name)[1] : DEFAULT_SCHEMA_NAME + ++ctx.nameIndex;
      nested.push(messageText(name, schema, ctx, indent));
      ctx.options = ''; // the nested message's last field set it
      return name;
    }
    default:
      throw new DataException(`Unsupported Connect type ${schema.type}`);
  }
}

// ------------------------------------------------------------------------------- reading schemas

/** Parses .proto text; google/protobuf well-known types resolve from protobufjs's bundled copies. */
export function parseProto(text: string, references: { name: string; schema: string }[] = []): protobuf.Root {
  const parsed = protobufLib().parse(text, { keepCase: true });
  const root = parsed.root;
  const byName = new Map(references.map((r) => [r.name, r.schema]));
  const loaded = new Set<string>();
  // Imports resolve to protobufjs's google/protobuf copies, the known type files, or the schema's
  // registry references (by import path = reference name), each file once; a reference's own imports too.
  const load = (imports: string[]): void => {
    for (const file of imports) {
      if (loaded.has(file)) continue;
      loaded.add(file);
      const common = protobufLib().common.get(file);
      if (common) root.addJSON(common.nested!);
      else if (KNOWN_FILES[file]) protobufLib().parse(KNOWN_FILES[file], root, { keepCase: true });
      else if (byName.has(file)) {
        const sub = protobufLib().parse(byName.get(file)!, root, { keepCase: true });
        load([...(sub.imports ?? []), ...(sub.weakImports ?? [])]);
      } else throw new DataException(`Protobuf import "${file}" is neither a known type nor one of the schema's references`);
    }
  };
  load([...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]);
  root.resolveAll();
  return root;
}

/** Top-level messages of the file, in order: what the first message index counts. */
function topLevelMessages(ns: protobuf.NamespaceBase): protobuf.Type[] {
  const out: protobuf.Type[] = [];
  for (const o of ns.nestedArray) {
    if (o instanceof protobufLib().Type) out.push(o);
    else if (o instanceof protobufLib().Namespace && !(o instanceof protobufLib().Service) && !(o instanceof protobufLib().Enum)) {
      // A package is a chain of namespaces: its messages are still the file's top-level ones.
      if (!o.fullName.startsWith('.google.protobuf')) out.push(...topLevelMessages(o));
    }
  }
  return out;
}

/** The message a record's message indexes point to (Confluent: [i] top-level, then nested positions). */
export function messageAt(root: protobuf.Root, indexes: number[]): protobuf.Type {
  let candidates = topLevelMessages(root);
  let t: protobuf.Type | undefined;
  for (const i of indexes) {
    t = candidates[i];
    if (!t) throw new DataException(`No message at index path [${indexes.join(', ')}]`);
    candidates = t.nestedArray.filter((o): o is protobuf.Type => o instanceof protobufLib().Type);
  }
  return t!;
}

export function firstMessageName(root: protobuf.Root): string | undefined {
  return topLevelMessages(root)[0]?.fullName.replace(/^\./, '');
}

/** The Connect schema of a message, as Confluent's ProtobufData.toConnectSchema gives it. */
export function toConnectSchema(type: protobuf.Type, version?: number, cfg: ProtobufDataConfig = DEFAULT_PROTOBUF_DATA_CONFIG): Schema {
  const b = structBuilder(type, new Set(), cfg);
  if (version !== undefined) b.version(version);
  return b.build();
}

/** Real oneofs (not proto3 `optional`'s synthetic ones), in order: their position is the union's index. */
export function realOneofs(type: protobuf.Type): protobuf.OneOf[] {
  return type.oneofsArray.filter((o) => !o.fieldsArray.every((f) => f.options?.['proto3_optional']));
}

export function unionFieldName(oneof: protobuf.OneOf, index: number, cfg: ProtobufDataConfig): string {
  return cfg.generateIndexForUnions ? `${oneof.name}_${index}` : oneof.name;
}

function structBuilder(type: protobuf.Type, converting: Set<string>, cfg: ProtobufDataConfig): SchemaBuilder {
  if (converting.has(type.fullName)) throw new DataException(`Recursive Protobuf messages are not supported (${type.fullName})`);
  converting.add(type.fullName);
  const b = SchemaBuilder.struct();
  const full = type.fullName.replace(/^\./, '');
  if (!splitName(full)[1].startsWith(DEFAULT_SCHEMA_NAME)) b.name(full);
  // As Confluent's ProtobufData: the oneofs first, each one optional union struct, then the other fields.
  const oneofs = realOneofs(type);
  const inOneof = new Set<protobuf.Field>();
  oneofs.forEach((o, i) => {
    const u = SchemaBuilder.struct().name(UNION_PREFIX + o.name).optional();
    for (const f of o.fieldsArray) {
      f.resolve();
      inOneof.add(f);
      u.field(f.name, fieldSchema(f, converting, cfg));
    }
    b.field(unionFieldName(o, i, cfg), u.build());
  });
  for (const f of type.fieldsArray) {
    if (inOneof.has(f)) continue;
    f.resolve();
    b.field(f.name, fieldSchema(f, converting, cfg));
  }
  converting.delete(type.fullName);
  return b;
}

/** The `params` of a field's confluent.field_meta option (Decimal's precision and scale). */
function fieldMetaParams(f: protobuf.Field): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of f.parsedOptions ?? []) {
    const meta = (o as Record<string, unknown>)[FIELD_META] as { params?: { key?: string; value?: string }[] | { key?: string; value?: string } } | undefined;
    const params = meta?.params;
    for (const p of Array.isArray(params) ? params : params ? [params] : []) if (p.key !== undefined && p.value !== undefined) out[p.key] = p.value;
  }
  return out;
}

function scalarBuilder(t: string): SchemaBuilder | undefined {
  switch (t) {
    case 'int32': case 'sint32': case 'sfixed32': return SchemaBuilder.int32();
    case 'uint32': case 'fixed32': case 'int64': case 'uint64': case 'sint64': case 'fixed64': case 'sfixed64': return SchemaBuilder.int64();
    case 'float': return SchemaBuilder.float32();
    case 'double': return SchemaBuilder.float64();
    case 'bool': return SchemaBuilder.bool();
    case 'string': return SchemaBuilder.string();
    case 'bytes': return SchemaBuilder.bytes();
    default: return undefined;
  }
}

function elementSchema(f: protobuf.Field, typeName: string, resolved: protobuf.Type | protobuf.Enum | null, converting: Set<string>, cfg: ProtobufDataConfig): Schema {
  if (typeName === 'int32' || typeName === 'sint32' || typeName === 'sfixed32') {
    const width = fieldMetaParams(f)['connect.type'];
    if (width === 'int8') return SchemaBuilder.int8().optional().build();
    if (width === 'int16') return SchemaBuilder.int16().optional().build();
  }
  const s = scalarBuilder(typeName);
  if (s) {
    if (!['int32', 'int64', 'float', 'double', 'bool', 'string', 'bytes'].includes(typeName)) s.parameter(`${PROTOBUF_NAMESPACE}.Type`, typeName);
    return s.optional().build();
  }
  if (resolved instanceof protobufLib().Enum) {
    const b = SchemaBuilder.string().name(resolved.name).parameter(ENUM_PROP, resolved.name);
    for (const [sym, num] of Object.entries(resolved.values)) b.parameter(`${ENUM_PROP}.${sym}`, String(num));
    return b.optional().build();
  }
  if (resolved instanceof protobufLib().Type) {
    switch (resolved.fullName.slice(1)) {
      case TIMESTAMP_TYPE: return Timestamp.builder().optional().build();
      case DATE_TYPE: return ConnectDate.builder().optional().build();
      case TIME_TYPE: return Time.builder().optional().build();
      case DECIMAL_TYPE: {
        const params = fieldMetaParams(f);
        const scale = /^-?\d+$/.test(params['scale'] ?? '') ? Number(params['scale']) : 0;
        const d = Decimal.builder(scale);
        if (/^\d+$/.test(params['precision'] ?? '')) d.parameter(CONNECT_PRECISION_PROP, params['precision']!);
        return d.optional().build();
      }
    }
    return structBuilder(resolved, converting, cfg).optional().build();
  }
  throw new DataException(`Unsupported Protobuf type ${typeName}`);
}

function fieldSchema(f: protobuf.Field, converting: Set<string>, cfg: ProtobufDataConfig): Schema {
  let schema: Schema;
  if (f instanceof protobufLib().MapField) {
    const key = scalarBuilder(f.keyType)!.optional().build();
    schema = SchemaBuilder.map(key, elementSchema(f, f.type, f.resolvedType, converting, cfg)).optional().build();
  } else if (f.repeated) {
    schema = SchemaBuilder.array(elementSchema(f, f.type, f.resolvedType, converting, cfg)).optional().build();
  } else {
    schema = elementSchema(f, f.type, f.resolvedType, converting, cfg);
  }
  return withTag(schema, f.id);
}

function withTag(s: Schema, tag: number): Schema {
  const b = s.type === 'STRUCT' ? SchemaBuilder.struct() : s.type === 'ARRAY' ? SchemaBuilder.array(s.valueSchema!)
    : s.type === 'MAP' ? SchemaBuilder.map(s.keySchema!, s.valueSchema!) : SchemaBuilder.type(s.type);
  if (s.type === 'STRUCT') for (const f of s.fields) b.field(f.name, f.schema);
  if (s.name !== undefined) b.name(s.name);
  if (s.version !== undefined) b.version(s.version);
  if (s.doc !== undefined) b.doc(s.doc);
  if (s.parameters) b.parameters(s.parameters);
  b.parameter(TAG_PROP, String(tag));
  if (s.optional) b.optional();
  return b.build();
}

// ---------------------------------------------------------------------------------------- values

type Conv = (v: unknown) => unknown;

/** Connect value → the plain object protobufjs's fromObject takes. */
export function toProtoObject(schema: Schema): Conv {
  switch (schema.name) {
    case TIMESTAMP_LOGICAL_NAME:
      return (v) => {
        const ms = Number(Timestamp.fromLogical(schema, v as Date));
        const seconds = Math.floor(ms / 1000);
        return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
      };
    case DATE_LOGICAL_NAME:
      return (v) => {
        const d = new Date(ConnectDate.fromLogical(schema, v as Date) * 86400000);
        return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
      };
    case TIME_LOGICAL_NAME:
      return (v) => {
        const ms = Time.fromLogical(schema, v as Date);
        return { hours: Math.floor(ms / 3600000), minutes: Math.floor(ms / 60000) % 60, seconds: Math.floor(ms / 1000) % 60, nanos: (ms % 1000) * 1e6 };
      };
    case DECIMAL_LOGICAL_NAME:
      // Confluent's DecimalUtils.fromBigDecimal: unscaled bytes, the value's precision and scale.
      return (v) => {
        const d = v as BigDecimal;
        Decimal.fromLogical(schema, d); // checks the scale matches the schema's
        return { value: Buffer.from(bigIntToBytes(d.unscaled)), precision: d.precision(), scale: d.scale };
      };
  }
  switch (schema.type) {
    case 'INT64': return (v) => (typeof v === 'bigint' ? v.toString() : v);
    case 'ARRAY': {
      const c = toProtoObject(schema.valueSchema!);
      return (v) => (v as unknown[]).map(c);
    }
    case 'MAP': {
      const c = toProtoObject(schema.valueSchema!);
      return (v) => {
        const out: Record<string, unknown> = {};
        for (const [k, x] of v instanceof Map ? v.entries() : Object.entries(v as object)) out[String(k)] = c(x);
        return out;
      };
    }
    case 'STRUCT': {
      const plan = schema.fields.map((f) => ({ f, c: toProtoObject(f.schema), union: isUnionSchema(f.schema) }));
      return (v) => {
        const s = v as Struct;
        const out: Record<string, unknown> = {};
        for (const { f, c, union } of plan) {
          const x = s.get(f);
          if (x === null || x === undefined) continue;
          // A union struct's set member is a field of the message itself (the oneof).
          if (union) Object.assign(out, c(x));
          else out[f.name] = c(x);
        }
        return out;
      };
    }
    default: return (v) => v;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** protobufjs's toObject output (longs as strings, bytes as Buffers, defaults filled) → Connect value. */
export function toConnectValue(schema: Schema): Conv {
  switch (schema.name) {
    case TIMESTAMP_LOGICAL_NAME:
      return (v) => {
        const t = v as { seconds: string | number; nanos: number };
        return Timestamp.toLogical(schema, Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
      };
    case DATE_LOGICAL_NAME:
      return (v) => {
        const d = v as { year: number; month: number; day: number };
        return new Date(Date.UTC(d.year, d.month - 1, d.day));
      };
    case TIME_LOGICAL_NAME:
      return (v) => {
        const t = v as { hours: number; minutes: number; seconds: number; nanos: number };
        return new Date(((t.hours * 60 + t.minutes) * 60 + t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6));
      };
    case DECIMAL_LOGICAL_NAME: {
      const scale = Decimal.scale(schema);
      return (v) => {
        const d = v as { value: Uint8Array; scale: number };
        const read = new BigDecimal(d.value && d.value.length ? bytesToBigInt(d.value) : 0n, d.scale ?? 0);
        // The message carries its own scale; Connect's Decimal has the schema's (exact, or an error).
        try {
          return read.scale === scale ? read : read.setScale(scale);
        } catch {
          throw new DataException(`Decimal ${read.toString()} does not fit the schema's scale ${scale}`);
        }
      };
    }
  }
  switch (schema.type) {
    case 'INT64':
      return (v) => {
        if (typeof v !== 'string') return v;
        const n = BigInt(v);
        return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : n;
      };
    case 'ARRAY': {
      const c = toConnectValue(schema.valueSchema!);
      return (v) => (v as unknown[]).map(c);
    }
    case 'MAP': {
      const c = toConnectValue(schema.valueSchema!);
      if (schema.keySchema!.type === 'STRING') {
        return (v) => Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, c(x)]));
      }
      const k = schema.keySchema!.type === 'BOOLEAN' ? (s: string) => s === 'true' : toConnectValue(schema.keySchema!);
      return (v) => new Map(Object.entries(v as object).map(([key, x]) => [schema.keySchema!.type === 'BOOLEAN' ? (k as (s: string) => boolean)(key) : (k as Conv)(schema.keySchema!.type === 'INT64' ? key : Number(key)), c(x)]));
    }
    case 'STRUCT': {
      const plan = schema.fields.map((f) => ({ f, c: toConnectValue(f.schema), union: isUnionSchema(f.schema) ? f.schema : undefined }));
      return (v) => {
        const s = new Struct(schema);
        const o = v as Record<string, unknown>;
        for (const { f, c, union } of plan) {
          if (union) {
            // The oneof's set member (protobufjs leaves unset members out, even with defaults).
            const set = union.fields.find((m) => o[m.name] !== null && o[m.name] !== undefined);
            if (set) s.put(f, c({ [set.name]: o[set.name] }));
            continue;
          }
          const x = o[f.name];
          if (x !== null && x !== undefined) s.put(f, c(x));
        }
        return s;
      };
    }
    default:
      return (v) => v;
  }
}

// ------------------------------------------------------------------------------- message indexes

/** Confluent's message indexes: [0] is the single byte 0, otherwise a zigzag-varint count and indexes. */
export function writeMessageIndexes(indexes: number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  const w = protobufLib().Writer.create();
  w.sint32(indexes.length);
  for (const i of indexes) w.sint32(i);
  return Buffer.from(w.finish());
}

export function readMessageIndexes(payload: Buffer): { indexes: number[]; offset: number } {
  const r = protobufLib().Reader.create(payload);
  const count = r.sint32();
  if (count === 0) return { indexes: [0], offset: r.pos };
  if (count < 0 || count > 100) throw new DataException(`Invalid message indexes count ${count}`);
  const indexes: number[] = [];
  for (let i = 0; i < count; i++) indexes.push(r.sint32());
  return { indexes, offset: r.pos };
}
