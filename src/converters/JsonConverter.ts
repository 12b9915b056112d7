// org.apache.kafka.connect.json.JsonConverter: byte-for-byte the JSON Kafka's converter writes, and the
// same reading rules and error messages.
//
// Configs: schemas.enable (true), decimal.format (BASE64 | NUMERIC), replace.null.with.default (true),
// schemas.cache.size (1000).
//
// Writing builds the output text directly (no intermediate tree). Each schema's JSON text is cached per
// schema object (WeakMap, so equal-but-distinct schema objects are serialized again, with the same result).
// Field order within a schema object is Java's: type, items | keys,values | fields, optional, name,
// version, doc, parameters, default — and "field" last for struct fields.
//
// Reading: envelopes written compactly as `{"schema":…,"payload":…}` (what every JsonConverter writes)
// take a fast path: the schema text is the cache key (no re-parse) and the payload goes through
// JSON.parse. Anything else, and payloads where JSON.parse would lose precision (integers beyond 2^53,
// numeric decimals), go through an exact parser.

import { BigDecimal } from '../data/BigDecimal.js';
import { ConnectDate } from '../data/Date.js';
import { Decimal } from '../data/Decimal.js';
import { DataException } from '../data/errors.js';
import type { ConnectHeaders } from '../data/Headers.js';
import { formatJavaDouble, formatJavaFloat } from '../data/JavaFormat.js';
import {
  DATE_LOGICAL_NAME, DECIMAL_LOGICAL_NAME, TIME_LOGICAL_NAME, TIMESTAMP_LOGICAL_NAME, schemaEquals, type Schema,
} from '../data/Schema.js';
import { SchemaAndValue } from '../data/SchemaAndValue.js';
import { SchemaBuilder } from '../data/SchemaBuilder.js';
import { Struct } from '../data/Struct.js';
import { Time } from '../data/Time.js';
import { Timestamp } from '../data/Timestamp.js';
import { asBuffer, isPlainObject, javaClassName } from '../data/valueUtil.js';
import {
  JsonFloat, MISSING, canonicalJson, decodeBase64, isObjectNode, nodeType, parseJson, quote,
} from './jsonText.js';
import { encodeUtf8 } from './bufferOut.js';
import type { ConfigDef } from '../api/ConfigDef.js';
import type { Converter, HeaderConverter } from '../api/Converter.js';
import { JSON_CONVERTER_CONFIG, parseConverterConfig } from './converterConfigs.js';

export type DecimalFormat = 'BASE64' | 'NUMERIC';

const ENVELOPE_ERROR = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
  'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';
const DESERIALIZE_ERROR = 'Converting byte[] to Kafka Connect data failed due to serialization error: ';

const TYPE_NAMES: Record<string, string> = {
  BOOLEAN: 'boolean', BYTES: 'bytes', FLOAT64: 'double', FLOAT32: 'float', INT8: 'int8', INT16: 'int16',
  INT32: 'int32', INT64: 'int64', STRING: 'string', ARRAY: 'array', MAP: 'map', STRUCT: 'struct',
};

/** Thrown inside toConnect when a JSON.parse'd payload lost information; the payload is re-parsed exactly. */
const NEED_EXACT = Symbol('NEED_EXACT');
/** A run of 16+ digits: an integer that may not fit a double exactly. */
const LONG_DIGITS = /\d{16}/;
const ENVELOPE_PREFIX = '{"schema":';
const PAYLOAD_SEPARATOR = ',"payload":';
const NULL_SCHEMA_PREFIX = Buffer.from(ENVELOPE_PREFIX + 'null' + PAYLOAD_SEPARATOR);
const CLOSE_BRACE = 0x7d;

interface CachedSchema {
  readonly schema: Schema | null;
  /** Set once a payload for this schema needed the exact parser; later payloads go there directly. */
  exact: boolean;
}

/** Struct field key prefixes: ['{"a":', ',"b":', …] per struct schema. */
const fieldPrefixCache = new WeakMap<Schema, string[]>();

function fieldPrefixes(schema: Schema): string[] {
  let p = fieldPrefixCache.get(schema);
  if (p === undefined) {
    p = schema.fields.map((f, i) => (i === 0 ? '{' : ',') + quote(f.name) + ':');
    fieldPrefixCache.set(schema, p);
  }
  return p;
}

/** '"key":' texts of object keys seen in schemaless values (keys repeat from record to record). */
const keyTextCache = new Map<string, string>();

function quoteKey(k: string): string {
  let t = keyTextCache.get(k);
  if (t === undefined) {
    t = quote(k) + ':';
    if (keyTextCache.size >= 10000) keyTextCache.clear();
    keyTextCache.set(k, t);
  }
  return t;
}

class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  private last: K | undefined = undefined;
  constructor(private readonly maxSize: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined && key !== this.last) {
      this.map.delete(key);
      this.map.set(key, v);
      this.last = key;
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    this.last = key;
    if (this.map.size > this.maxSize) this.map.delete(this.map.keys().next().value as K);
  }

  get size(): number {
    return this.map.size;
  }
}

export class JsonConverter implements Converter, HeaderConverter {
  private schemasEnabled = true;
  private decimalFormat: DecimalFormat = 'BASE64';
  private replaceNullWithDefault = true;
  private schemaCacheSize = 1000;
  private fromConnectSchemaCache = new WeakMap<Schema, string>();
  /** '{"schema":<schema json>,"payload":' encoded, per schema object. */
  private envelopePrefixCache = new WeakMap<Schema, Buffer>();
  private toConnectSchemaCache = new LruCache<string, CachedSchema>(1000);
  /** The schema text and entry of the last envelope read (consecutive records usually share it). */
  private lastSchemaText = '';
  private lastEntry: CachedSchema | undefined = undefined;

  config(): ConfigDef {
    return JSON_CONVERTER_CONFIG;
  }

  configure(configs: Record<string, unknown>, isKey = false): void {
    const c = parseConverterConfig(JSON_CONVERTER_CONFIG, configs, isKey ? 'key' : 'value');
    this.schemasEnabled = c['schemas.enable'] as boolean;
    this.schemaCacheSize = c['schemas.cache.size'] as number;
    this.decimalFormat = (c['decimal.format'] as string).toUpperCase() as DecimalFormat;
    this.replaceNullWithDefault = c['replace.null.with.default'] as boolean;
    this.fromConnectSchemaCache = new WeakMap();
    this.envelopePrefixCache = new WeakMap();
    this.toConnectSchemaCache = new LruCache(this.schemaCacheSize);
    this.lastSchemaText = '';
    this.lastEntry = undefined;
  }

  close(): void {}

  /** Number of JSON schemas cached for reading (as Java's sizeOfToConnectSchemaCache). */
  get toConnectSchemaCacheSize(): number {
    return this.toConnectSchemaCache.size;
  }

  // ===========================================================================================
  // Connect → bytes

  fromConnectData(topic: string, headers: ConnectHeaders | undefined, schema: Schema | null, value: unknown): Buffer | null {
    if (schema == null && value == null) return null;
    if (!this.schemasEnabled) return encodeUtf8(null, this.toJson(schema ?? null, value), -1);
    let prefix: Buffer | undefined;
    if (schema == null) {
      prefix = NULL_SCHEMA_PREFIX;
    } else {
      prefix = this.envelopePrefixCache.get(schema);
      if (prefix === undefined) {
        prefix = Buffer.from(ENVELOPE_PREFIX + this.asJsonSchema(schema) + PAYLOAD_SEPARATOR, 'utf8');
        this.envelopePrefixCache.set(schema, prefix);
      }
    }
    return encodeUtf8(prefix, this.toJson(schema ?? null, value), CLOSE_BRACE);
  }

  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, undefined, schema, value);
  }

  /** The JSON text of a schema, as Java's asJsonSchema serializes it. */
  asJsonSchema(schema: Schema | null): string {
    if (schema == null) return 'null';
    const cached = this.fromConnectSchemaCache.get(schema);
    if (cached !== undefined) return cached;

    let s = '{"type":"' + TYPE_NAMES[schema.type] + '"';
    switch (schema.type) {
      case 'ARRAY':
        s += ',"items":' + this.asJsonSchema(schema.valueSchema ?? null);
        break;
      case 'MAP':
        s += ',"keys":' + this.asJsonSchema(schema.keySchema ?? null) + ',"values":' + this.asJsonSchema(schema.valueSchema ?? null);
        break;
      case 'STRUCT': {
        s += ',"fields":[';
        const fields = schema.fields;
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i]!;
          const fs = this.asJsonSchema(f.schema);
          if (i > 0) s += ',';
          s += fs.slice(0, -1) + ',"field":' + quote(f.name) + '}';
        }
        s += ']';
        break;
      }
      default:
        if (TYPE_NAMES[schema.type] === undefined) {
          throw new DataException(`Couldn't translate unsupported schema type ${String(schema)}.`);
        }
    }
    s += schema.optional ? ',"optional":true' : ',"optional":false';
    if (schema.name != null) s += ',"name":' + quote(schema.name);
    if (schema.version != null) s += ',"version":' + String(schema.version);
    if (schema.doc != null) s += ',"doc":' + quote(schema.doc);
    const params = schema.parameters;
    if (params != null) {
      s += ',"parameters":{';
      let first = true;
      for (const k of Object.keys(params)) {
        if (!first) s += ',';
        first = false;
        s += quote(k) + ':' + (params[k] == null ? 'null' : quote(params[k]!));
      }
      s += '}';
    }
    if (schema.defaultValue != null) s += ',"default":' + this.toJson(schema, schema.defaultValue);
    s += '}';
    this.fromConnectSchemaCache.set(schema, s);
    return s;
  }

  /** JSON text of a value under a schema (null schema: inferred from the JS value), as Java's convertToJson. */
  private toJson(schema: Schema | null, value: unknown): string {
    if (value == null) {
      if (schema == null) return 'null';
      if (schema.defaultValue != null && this.replaceNullWithDefault) return this.toJson(schema, schema.defaultValue);
      if (schema.optional) return 'null';
      throw new DataException('Conversion error: null value for field that is required and has no default value');
    }
    if (schema == null) return this.toJsonSchemaless(value);

    const name = schema.name;
    if (name !== undefined && name.length > 30 && name.startsWith('org.apache.kafka.connect.data.')) {
      const logical = this.logicalToJson(schema, name, value);
      if (logical !== undefined) return logical;
    }

    switch (schema.type) {
      case 'INT8':
        if (typeof value === 'number' && ((value << 24) >> 24) === value) return String(value);
        break;
      case 'INT16':
        if (typeof value === 'number' && ((value << 16) >> 16) === value) return String(value);
        break;
      case 'INT32':
        if (typeof value === 'number' && (value | 0) === value) return String(value);
        break;
      case 'INT64':
        if (typeof value === 'number') {
          if (Number.isInteger(value) && value >= -9223372036854775808 && value < 9223372036854775808) return String(value);
        } else if (typeof value === 'bigint') {
          if (value >= -9223372036854775808n && value <= 9223372036854775807n) return value.toString();
        }
        break;
      case 'FLOAT32':
        if (typeof value === 'number') return Number.isFinite(value) ? formatJavaFloat(value) : '"' + formatJavaFloat(value) + '"';
        break;
      case 'FLOAT64':
        if (typeof value === 'number') return Number.isFinite(value) ? formatJavaDouble(value) : '"' + formatJavaDouble(value) + '"';
        break;
      case 'BOOLEAN':
        if (typeof value === 'boolean') return value ? 'true' : 'false';
        break;
      case 'STRING':
        if (typeof value === 'string') return quote(value);
        break;
      case 'BYTES':
        if (value instanceof Uint8Array) return '"' + asBuffer(value).toString('base64') + '"';
        throw new DataException(`Invalid type for bytes type: ${javaClassName(value)}`);
      case 'ARRAY': {
        if (!Array.isArray(value)) break;
        const vs = schema.valueSchema ?? null;
        let s = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) s += ',';
          s += vs === null ? this.toJsonSchemaless(value[i]) : this.toJson(vs, value[i]);
        }
        return s + ']';
      }
      case 'MAP': {
        if (!(value instanceof Map) && !isPlainObject(value)) break;
        const ks = schema.keySchema ?? null;
        const vs = schema.valueSchema ?? null;
        if (ks === null) return this.toJsonSchemaless(value);
        return this.mapToJson(ks.type === 'STRING', ks, vs, value as Map<unknown, unknown> | Record<string, unknown>);
      }
      case 'STRUCT': {
        if (!(value instanceof Struct)) break;
        if (value.schema !== schema && !schemaEquals(value.schema, schema)) throw new DataException('Mismatching schema.');
        const fields = schema.fields;
        if (fields.length === 0) return '{}';
        const prefixes = fieldPrefixes(schema);
        const vals = value._values;
        let s = '';
        for (let i = 0; i < fields.length; i++) s += prefixes[i] + this.toJson(fields[i]!.schema, vals[i]);
        return s + '}';
      }
      default:
        throw new DataException(`Couldn't convert ${String(value)} to JSON.`);
    }
    throw new DataException(`Invalid type for ${schema.type}: ${javaClassName(value)}`);
  }

  private logicalToJson(schema: Schema, name: string, value: unknown): string | undefined {
    switch (name) {
      case DECIMAL_LOGICAL_NAME: {
        if (!(value instanceof BigDecimal)) throw new DataException(`Invalid type for Decimal, expected BigDecimal but was ${javaClassName(value)}`);
        if (this.decimalFormat === 'NUMERIC') return value.toString();
        return '"' + asBuffer(Decimal.fromLogical(schema, value)).toString('base64') + '"';
      }
      case DATE_LOGICAL_NAME:
        if (!(value instanceof Date)) throw new DataException(`Invalid type for Date, expected Date but was ${javaClassName(value)}`);
        return String(ConnectDate.fromLogical(schema, value));
      case TIME_LOGICAL_NAME:
        if (!(value instanceof Date)) throw new DataException(`Invalid type for Time, expected Date but was ${javaClassName(value)}`);
        return String(Time.fromLogical(schema, value));
      case TIMESTAMP_LOGICAL_NAME:
        if (!(value instanceof Date)) throw new DataException(`Invalid type for Timestamp, expected Date but was ${javaClassName(value)}`);
        return String(Timestamp.fromLogical(schema, value));
      default:
        return undefined;
    }
  }

  /** Java's object mode (string keys → JSON object) or array-of-pairs mode ([[k,v],…]). */
  private mapToJson(objectMode: boolean, ks: Schema | null, vs: Schema | null, value: Map<unknown, unknown> | Record<string, unknown>): string {
    let s = objectMode ? '{' : '[';
    let first = true;
    const put = (k: unknown, v: unknown): void => {
      const kj = ks === null ? this.toJsonSchemaless(k) : this.toJson(ks, k);
      const vj = vs === null ? this.toJsonSchemaless(v) : this.toJson(vs, v);
      if (!first) s += ',';
      first = false;
      if (objectMode) s += (kj.charCodeAt(0) === 0x22 ? kj : quote(kj)) + ':' + vj;
      else s += '[' + kj + ',' + vj + ']';
    };
    if (value instanceof Map) {
      for (const [k, v] of value) put(k, v);
    } else {
      for (const k of Object.keys(value)) put(k, value[k]);
    }
    return s + (objectMode ? '}' : ']');
  }

  /** Schemaless values: the type comes from the JS value (Java's ConnectSchema.schemaType(value.getClass())). */
  private toJsonSchemaless(value: unknown): string {
    switch (typeof value) {
      case 'string': return quote(value);
      case 'boolean': return value ? 'true' : 'false';
      case 'number':
        if (Number.isSafeInteger(value)) return value === 0 ? '0' : String(value);
        return Number.isFinite(value) ? formatJavaDouble(value) : '"' + formatJavaDouble(value) + '"';
      case 'bigint': return value.toString();
      case 'undefined': return 'null';
      default: break;
    }
    if (value === null) return 'null';
    if (value instanceof Uint8Array) return '"' + asBuffer(value).toString('base64') + '"';
    if (Array.isArray(value)) {
      let s = '[';
      for (let i = 0; i < value.length; i++) {
        if (i > 0) s += ',';
        s += this.toJsonSchemaless(value[i]);
      }
      return s + ']';
    }
    if (value instanceof Map) {
      let objectMode = true;
      for (const k of value.keys()) {
        if (typeof k !== 'string') {
          objectMode = false;
          break;
        }
      }
      return this.mapToJson(objectMode, null, null, value);
    }
    if (isPlainObject(value)) {
      let s = '{';
      let first = true;
      for (const k of Object.keys(value)) {
        if (!first) s += ',';
        first = false;
        s += quoteKey(k) + this.toJsonSchemaless(value[k]);
      }
      return s + '}';
    }
    if (value instanceof Struct) throw new DataException('Mismatching schema.');
    throw new DataException(`Java class ${javaClassName(value)} does not have corresponding schema type.`);
  }

  // ===========================================================================================
  // bytes → Connect

  toConnectData(topic: string, headers: ConnectHeaders | undefined, value: Buffer | null): SchemaAndValue {
    if (value == null) return SchemaAndValue.NULL;
    let text = asBuffer(value).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!this.schemasEnabled) return { schema: null, value: this.readSchemaless(text) };
    return this.readEnvelopeFast(text) ?? this.readEnvelope(text);
  }

  toConnectHeader(topic: string, headerKey: string, value: Buffer | null): SchemaAndValue {
    return this.toConnectData(topic, undefined, value);
  }

  private readSchemaless(text: string): unknown {
    if (!LONG_DIGITS.test(text)) {
      try {
        return JSON.parse(text);
      } catch {
        // leading zeros, trailing content, empty input, errors: the exact parser decides
      }
    }
    const v = this.parse(text, false);
    return v === MISSING ? null : v;
  }

  private parse(text: string, keepFloatText: boolean): unknown {
    try {
      return parseJson(text, keepFloatText);
    } catch (e) {
      throw new DataException(DESERIALIZE_ERROR + (e instanceof Error ? e.message : String(e)), { cause: e });
    }
  }

  /** `{"schema":S,"payload":P}` exactly: S looked up by its text, P through JSON.parse. undefined = use the general path. */
  private readEnvelopeFast(text: string): SchemaAndValue | undefined {
    if (!text.startsWith(ENVELOPE_PREFIX) || text.charCodeAt(text.length - 1) !== CLOSE_BRACE) return undefined;
    // Only a complete JSON value can be a cache key, so a cached schema text followed by the payload
    // separator proves where the schema ends (a JSON object or null is never a prefix of another value).
    let entry: CachedSchema | undefined;
    let idx: number;
    const last = this.lastSchemaText;
    const end = ENVELOPE_PREFIX.length + last.length;
    if (this.lastEntry !== undefined && text.length > end + PAYLOAD_SEPARATOR.length &&
        text.substring(ENVELOPE_PREFIX.length, end) === last && text.startsWith(PAYLOAD_SEPARATOR, end)) {
      entry = this.lastEntry;
      idx = ENVELOPE_PREFIX.length + last.length;
    } else {
      idx = text.indexOf(PAYLOAD_SEPARATOR, ENVELOPE_PREFIX.length);
      if (idx < 0) return undefined;
      // (a copy, so the cache does not keep the whole message text alive through a sliced string)
      const schemaText = (' ' + text.slice(ENVELOPE_PREFIX.length, idx)).slice(1);
      entry = this.toConnectSchemaCache.get(schemaText);
      if (entry === undefined) {
        let node: unknown;
        try {
          node = parseJson(schemaText, true, true);
          if (node === MISSING) return undefined;
          entry = { schema: this.asConnectSchema(node), exact: false };
        } catch {
          return undefined; // let the general path report errors in Java's order
        }
        this.toConnectSchemaCache.set(schemaText, entry);
      }
      this.lastSchemaText = schemaText;
      this.lastEntry = entry;
    }
    const payloadText = text.slice(idx + PAYLOAD_SEPARATOR.length, text.length - 1);
    // Typed conversion notices lost precision itself (NEED_EXACT); untyped payloads are screened here.
    if (!entry.exact && (entry.schema !== null || !LONG_DIGITS.test(payloadText))) {
      let payload: unknown;
      try {
        payload = JSON.parse(payloadText);
      } catch {
        return undefined;
      }
      try {
        return { schema: entry.schema, value: this.toConnect(entry.schema, payload, false) };
      } catch (e) {
        if (e !== NEED_EXACT) throw e;
        entry.exact = true;
      }
    }
    let payload: unknown;
    try {
      payload = parseJson(payloadText, true, true);
    } catch {
      return undefined;
    }
    if (payload === MISSING) return undefined;
    return { schema: entry.schema, value: this.toConnect(entry.schema, payload, true) };
  }

  private readEnvelope(text: string): SchemaAndValue {
    const node = this.parse(text, true);
    if (!isObjectNode(node)) throw new DataException(ENVELOPE_ERROR);
    const keys = Object.keys(node);
    if (keys.length !== 2 || !Object.hasOwn(node, 'schema') || !Object.hasOwn(node, 'payload')) {
      throw new DataException(ENVELOPE_ERROR);
    }
    const schemaNode = node['schema'];
    const key = canonicalJson(schemaNode);
    let entry = this.toConnectSchemaCache.get(key);
    if (entry === undefined) {
      entry = { schema: this.asConnectSchema(schemaNode), exact: false };
      this.toConnectSchemaCache.set(key, entry);
    }
    return { schema: entry.schema, value: this.toConnect(entry.schema, node['payload'], true) };
  }

  /** A Connect schema from its parsed JSON form (Java's asConnectSchema). null for a JSON null. */
  asConnectSchema(jsonSchema: unknown): Schema | null {
    if (jsonSchema === null || jsonSchema === undefined) return null;
    const obj = isObjectNode(jsonSchema) ? jsonSchema : {};
    const get = (k: string): unknown => (Object.hasOwn(obj, k) ? obj[k] : undefined);

    const typeNode = get('type');
    if (typeof typeNode !== 'string') throw new DataException("Schema must contain 'type' field");
    let builder: SchemaBuilder;
    switch (typeNode) {
      case 'boolean': builder = SchemaBuilder.bool(); break;
      case 'int8': builder = SchemaBuilder.int8(); break;
      case 'int16': builder = SchemaBuilder.int16(); break;
      case 'int32': builder = SchemaBuilder.int32(); break;
      case 'int64': builder = SchemaBuilder.int64(); break;
      case 'float': builder = SchemaBuilder.float32(); break;
      case 'double': builder = SchemaBuilder.float64(); break;
      case 'bytes': builder = SchemaBuilder.bytes(); break;
      case 'string': builder = SchemaBuilder.string(); break;
      case 'array': {
        const elem = get('items');
        if (elem == null) throw new DataException('Array schema did not specify the element type');
        builder = SchemaBuilder.array(this.asConnectSchema(elem)!);
        break;
      }
      case 'map': {
        const keys = get('keys');
        if (keys === undefined) throw new DataException('Map schema did not specify the key type');
        const values = get('values');
        if (values === undefined) throw new DataException('Map schema did not specify the value type');
        builder = SchemaBuilder.map(this.asConnectSchema(keys)!, this.asConnectSchema(values)!);
        break;
      }
      case 'struct': {
        builder = SchemaBuilder.struct();
        const fields = get('fields');
        if (!Array.isArray(fields)) throw new DataException('Struct schema\'s "fields" argument is not an array.');
        for (const field of fields) {
          const fieldName = isObjectNode(field) && Object.hasOwn(field, 'field') ? field['field'] : undefined;
          if (typeof fieldName !== 'string') throw new DataException("Struct schema's field name not specified properly");
          builder.field(fieldName, this.asConnectSchema(field)!);
        }
        break;
      }
      default:
        throw new DataException(`Unknown schema type: ${typeNode}`);
    }

    if (get('optional') === true) builder.optional();
    else builder.required();

    const name = get('name');
    if (typeof name === 'string') builder.name(name);

    const version = get('version');
    if (typeof version === 'number' && Number.isInteger(version)) builder.version(version | 0);
    else if (typeof version === 'bigint') builder.version(Number(BigInt.asIntN(32, version)));

    const doc = get('doc');
    if (typeof doc === 'string') builder.doc(doc);

    const params = get('parameters');
    if (isObjectNode(params)) {
      for (const k of Object.keys(params)) {
        const pv = params[k];
        if (typeof pv !== 'string') throw new DataException('Schema parameters must have string values.');
        builder.parameter(k, pv);
      }
    }

    if (Object.hasOwn(obj, 'default')) {
      // converted against the schema as built so far (no default yet), as Java converts against the builder
      builder.defaultValue(this.toConnect(builder.build(), obj['default'], true));
    }
    return builder.build();
  }

  /** Java's convertToConnect over a parsed node. `exact`: numbers may be bigint/JsonFloat (exact parser);
   * otherwise they come from JSON.parse and NEED_EXACT is thrown where that lost information. */
  private toConnect(schema: Schema | null, v: unknown, exact: boolean): unknown {
    if (schema === null) return exact ? schemaless(v) : v === undefined ? null : v;
    if (v == null) {
      if (schema.defaultValue != null && this.replaceNullWithDefault) return schema.defaultValue;
      if (schema.optional) return null;
      throw new DataException(`Invalid null value for required ${schema.type} field`);
    }
    const name = schema.name;
    if (name !== undefined && name.length > 30 && name.startsWith('org.apache.kafka.connect.data.')) {
      switch (name) {
        case DECIMAL_LOGICAL_NAME: return this.decimalToConnect(schema, v, exact);
        case DATE_LOGICAL_NAME:
          if (!isInt(v)) throw new DataException(`Invalid type for Date, underlying representation should be integer but was ${nodeType(v)}`);
          return ConnectDate.toLogical(schema, v as number);
        case TIME_LOGICAL_NAME:
          if (!isInt(v)) throw new DataException(`Invalid type for Time, underlying representation should be integer but was ${nodeType(v)}`);
          return Time.toLogical(schema, v as number);
        case TIMESTAMP_LOGICAL_NAME:
          if (!(typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) {
            throw new DataException(`Invalid type for Timestamp, underlying representation should be integral but was ${nodeType(v)}`);
          }
          return Timestamp.toLogical(schema, longValue(v, exact));
        default:
          break;
      }
    }
    switch (schema.type) {
      case 'BOOLEAN': return typeof v === 'boolean' ? v : false;
      case 'INT8': return (intValue(v, exact) << 24) >> 24;
      case 'INT16': return (intValue(v, exact) << 16) >> 16;
      case 'INT32': return intValue(v, exact);
      case 'INT64': return longValue(v, exact);
      case 'FLOAT32': return Math.fround(numberValue(v));
      case 'FLOAT64': return numberValue(v);
      case 'STRING': return typeof v === 'string' ? v : null;
      case 'BYTES': {
        if (typeof v !== 'string') return null;
        const bytes = decodeBase64(v);
        if (bytes === null) throw new DataException('Invalid bytes field');
        return bytes;
      }
      case 'ARRAY': {
        const es = schema.valueSchema ?? null;
        const elems = Array.isArray(v) ? v : isObjectNode(v) ? Object.values(v) : [];
        const out = new Array<unknown>(elems.length);
        for (let i = 0; i < elems.length; i++) out[i] = this.toConnect(es, elems[i], exact);
        return out;
      }
      case 'MAP': {
        const ks = schema.keySchema ?? null;
        const vs = schema.valueSchema ?? null;
        if (ks === null || ks.type === 'STRING') {
          if (!isObjectNode(v)) throw new DataException(`Maps with string fields should be encoded as JSON objects, but found ${nodeType(v)}`);
          const out: Record<string, unknown> = {};
          for (const k of Object.keys(v)) {
            const cv = this.toConnect(vs, v[k], exact);
            if (k === '__proto__') Object.defineProperty(out, k, { value: cv, enumerable: true, writable: true, configurable: true });
            else out[k] = cv;
          }
          return out;
        }
        if (!Array.isArray(v)) throw new DataException(`Maps with non-string fields should be encoded as JSON array of tuples, but found ${nodeType(v)}`);
        const out = new Map<unknown, unknown>();
        for (const entry of v) {
          if (!Array.isArray(entry)) throw new DataException(`Found invalid map entry instead of array tuple: ${nodeType(entry)}`);
          if (entry.length !== 2) throw new DataException(`Found invalid map entry, expected length 2 but found :${entry.length}`);
          out.set(this.toConnect(ks, entry[0], exact), this.toConnect(vs, entry[1], exact));
        }
        return out;
      }
      case 'STRUCT': {
        if (!isObjectNode(v)) throw new DataException(`Structs should be encoded as JSON objects, but found ${nodeType(v)}`);
        const struct = new Struct(schema);
        const fields = schema.fields;
        for (let i = 0; i < fields.length; i++) {
          const f = fields[i]!;
          const fname = f.name;
          let fv = v[fname];
          if (fv !== undefined && (typeof fv === 'function' || fname === '__proto__') && !Object.hasOwn(v, fname)) fv = undefined;
          struct.put(f, this.toConnect(f.schema, fv, exact));
        }
        return struct;
      }
      default:
        throw new DataException(`Unknown schema type: ${String(schema.type)}`);
    }
  }

  private decimalToConnect(schema: Schema, v: unknown, exact: boolean): BigDecimal {
    if (typeof v === 'number') {
      if (!exact) throw NEED_EXACT; // JSON.parse dropped the number's text (1.50 → 1.5)
      return new BigDecimal(BigInt(v), 0);
    }
    if (typeof v === 'bigint') return new BigDecimal(v, 0);
    if (v instanceof JsonFloat) return BigDecimal.fromString(v.text);
    if (typeof v === 'string') {
      try {
        const bytes = decodeBase64(v);
        if (bytes === null) throw new DataException('Invalid base64');
        return Decimal.toLogical(schema, bytes);
      } catch (e) {
        throw new DataException('Invalid bytes for Decimal field', { cause: e });
      }
    }
    throw new DataException(`Invalid type for Decimal, underlying representation should be numeric or bytes but was ${nodeType(v)}`);
  }
}

// Jackson's JsonNode numeric accessors: non-numeric nodes give 0, longs narrow to their low bits,
// decimals truncate toward zero.

function isInt(v: unknown): boolean {
  return typeof v === 'number' && (v | 0) === v;
}

function intValue(v: unknown, exact: boolean): number {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v | 0;
    if (!exact && Math.abs(v) >= 9007199254740992) throw NEED_EXACT;
    return Number.isFinite(v) ? Math.trunc(v) | 0 : 0;
  }
  if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
  if (v instanceof JsonFloat) return BigDecimal.fromString(v.text).intValue();
  return 0;
}

function longValue(v: unknown, exact: boolean): number | bigint {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
    if (!exact && Math.abs(v) >= 9007199254740992) throw NEED_EXACT;
    return Number.isFinite(v) ? Math.trunc(v) : 0;
  }
  if (typeof v === 'bigint') return normalizeLong(BigInt.asIntN(64, v));
  if (v instanceof JsonFloat) return normalizeLong(BigDecimal.fromString(v.text).longValue());
  return 0;
}

function numberValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof JsonFloat) return Number(v.text);
  return 0;
}

function normalizeLong(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Schemaless values from the exact parser: JsonFloat → number, everything else as parsed. */
function schemaless(v: unknown): unknown {
  if (v === undefined || v === MISSING) return null;
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof JsonFloat) return Number(v.text);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = schemaless(v[i]);
    return v;
  }
  const obj = v as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    const x = obj[k];
    if (typeof x === 'object' && x !== null) obj[k] = schemaless(x);
  }
  return obj;
}
