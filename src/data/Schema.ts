// Connect's schema model (org.apache.kafka.connect.data.Schema / ConnectSchema / Field).
//
// JS representation of values per schema type:
//   INT8/INT16/INT32  number (integral, in range)
//   INT64             number, or bigint (needed beyond Number.MAX_SAFE_INTEGER); both accepted
//   FLOAT32/FLOAT64   number
//   BOOLEAN boolean · STRING string · BYTES Uint8Array (Buffer is one)
//   ARRAY             unknown[]
//   MAP               a plain object when the key schema is STRING, otherwise a JS Map (both accepted)
//   STRUCT            Struct
//   logical types     Decimal → BigDecimal; Date, Time, Timestamp → JS Date

import { BigDecimal } from './BigDecimal.js';
import { DataException } from './errors.js';
import { Struct } from './Struct.js';
import { isPlainObject, javaClassName, valuesEqual } from './valueUtil.js';

export type SchemaType =
  | 'INT8' | 'INT16' | 'INT32' | 'INT64' | 'FLOAT32' | 'FLOAT64'
  | 'BOOLEAN' | 'STRING' | 'BYTES' | 'ARRAY' | 'MAP' | 'STRUCT';

export const SCHEMA_TYPES: readonly SchemaType[] = Object.freeze([
  'INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY', 'MAP', 'STRUCT',
] as SchemaType[]);

/** True for every type but ARRAY, MAP and STRUCT (Java's Schema.Type#isPrimitive). */
export function isPrimitiveType(t: SchemaType): boolean {
  return t !== 'ARRAY' && t !== 'MAP' && t !== 'STRUCT';
}

/** A field of a STRUCT schema. */
export class Field {
  constructor(readonly name: string, readonly index: number, readonly schema: Schema) {}

  equals(o: unknown): boolean {
    return o instanceof Field && o.index === this.index && o.name === this.name && schemaEquals(o.schema, this.schema);
  }

  toString(): string {
    return `Field{name=${this.name}, index=${this.index}, schema=${String(this.schema)}}`;
  }
}

export interface Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  /** undefined = no default (never null). */
  readonly defaultValue: unknown;
  readonly name: string | undefined;
  readonly version: number | undefined;
  readonly doc: string | undefined;
  readonly parameters: Readonly<Record<string, string>> | undefined;
  /** STRUCT: its fields in order. Other types: throws DataException("Cannot list fields on non-struct type"). */
  readonly fields: readonly Field[];
  /** STRUCT only (others throw DataException); undefined when there is no such field. */
  field(name: string): Field | undefined;
  /** MAP: the key schema; undefined for other types. */
  readonly keySchema: Schema | undefined;
  /** MAP and ARRAY: the value/element schema; undefined for other types. */
  readonly valueSchema: Schema | undefined;
}

/** An immutable schema. Build them with SchemaBuilder; the constructor mirrors Java's. */
export class ConnectSchema implements Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue: unknown;
  readonly name: string | undefined;
  readonly version: number | undefined;
  readonly doc: string | undefined;
  readonly parameters: Readonly<Record<string, string>> | undefined;
  readonly keySchema: Schema | undefined;
  readonly valueSchema: Schema | undefined;
  private readonly _fields: readonly Field[] | undefined;
  private readonly _fieldsByName: ReadonlyMap<string, Field> | undefined;

  constructor(
    type: SchemaType,
    optional = false,
    defaultValue?: unknown,
    name?: string,
    version?: number,
    doc?: string,
    parameters?: Readonly<Record<string, string>>,
    fields?: readonly Field[],
    keySchema?: Schema,
    valueSchema?: Schema,
  ) {
    this.type = type;
    this.optional = optional;
    this.defaultValue = defaultValue ?? undefined;
    this.name = name ?? undefined;
    this.version = version ?? undefined;
    this.doc = doc ?? undefined;
    this.parameters = parameters == null ? undefined : Object.isFrozen(parameters) ? parameters : Object.freeze({ ...parameters });
    if (type === 'STRUCT') {
      const fs = Object.freeze(fields ? [...fields] : []);
      const byName = new Map<string, Field>();
      for (const f of fs) byName.set(f.name, f);
      this._fields = fs;
      this._fieldsByName = byName;
    } else {
      this._fields = undefined;
      this._fieldsByName = undefined;
    }
    this.keySchema = keySchema ?? undefined;
    this.valueSchema = valueSchema ?? undefined;
  }

  get fields(): readonly Field[] {
    if (this._fields === undefined) throw new DataException('Cannot list fields on non-struct type');
    return this._fields;
  }

  field(name: string): Field | undefined {
    if (this._fieldsByName === undefined) throw new DataException('Cannot look up fields on non-struct type');
    return this._fieldsByName.get(name);
  }

  /** Throws DataException if the value does not fit this schema. */
  validateValue(value: unknown): void {
    validateValue(this, value);
  }

  equals(o: unknown): boolean {
    return schemaEquals(this, o as Schema | null | undefined);
  }

  toString(): string {
    return this.name !== undefined ? `Schema{${this.name}:${this.type}}` : `Schema{${this.type}}`;
  }
}

/** The predefined schemas, same names as Java's Schema constants. */
export const Schema = Object.freeze({
  INT8_SCHEMA: new ConnectSchema('INT8'),
  INT16_SCHEMA: new ConnectSchema('INT16'),
  INT32_SCHEMA: new ConnectSchema('INT32'),
  INT64_SCHEMA: new ConnectSchema('INT64'),
  FLOAT32_SCHEMA: new ConnectSchema('FLOAT32'),
  FLOAT64_SCHEMA: new ConnectSchema('FLOAT64'),
  BOOLEAN_SCHEMA: new ConnectSchema('BOOLEAN'),
  STRING_SCHEMA: new ConnectSchema('STRING'),
  BYTES_SCHEMA: new ConnectSchema('BYTES'),

  OPTIONAL_INT8_SCHEMA: new ConnectSchema('INT8', true),
  OPTIONAL_INT16_SCHEMA: new ConnectSchema('INT16', true),
  OPTIONAL_INT32_SCHEMA: new ConnectSchema('INT32', true),
  OPTIONAL_INT64_SCHEMA: new ConnectSchema('INT64', true),
  OPTIONAL_FLOAT32_SCHEMA: new ConnectSchema('FLOAT32', true),
  OPTIONAL_FLOAT64_SCHEMA: new ConnectSchema('FLOAT64', true),
  OPTIONAL_BOOLEAN_SCHEMA: new ConnectSchema('BOOLEAN', true),
  OPTIONAL_STRING_SCHEMA: new ConnectSchema('STRING', true),
  OPTIONAL_BYTES_SCHEMA: new ConnectSchema('BYTES', true),
});

// ---------------------------------------------------------------------------------------------
// Equality

// Positive results of deep comparisons between distinct ConnectSchema objects (immutable, so safe to remember).
const knownEqual = new WeakMap<object, WeakSet<object>>();

/** Deep structural equality, as Java's ConnectSchema#equals. */
export function schemaEquals(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  const cacheable = a instanceof ConnectSchema && b instanceof ConnectSchema;
  if (cacheable && knownEqual.get(a)?.has(b)) return true;
  if (
    a.type !== b.type || a.optional !== b.optional || a.version !== b.version || a.name !== b.name ||
    a.doc !== b.doc || !valuesEqual(a.defaultValue, b.defaultValue) || !paramsEqual(a.parameters, b.parameters) ||
    !schemaEquals(a.keySchema, b.keySchema) || !schemaEquals(a.valueSchema, b.valueSchema)
  ) return false;
  if (a.type === 'STRUCT') {
    const fa = a.fields;
    const fb = b.fields;
    if (fa.length !== fb.length) return false;
    for (let i = 0; i < fa.length; i++) {
      const x = fa[i]!;
      const y = fb[i]!;
      if (x.name !== y.name || x.index !== y.index || !schemaEquals(x.schema, y.schema)) return false;
    }
  }
  if (cacheable) {
    let set = knownEqual.get(a);
    if (set === undefined) knownEqual.set(a, (set = new WeakSet()));
    set.add(b);
  }
  return true;
}

function paramsEqual(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Validation

export const DECIMAL_LOGICAL_NAME = 'org.apache.kafka.connect.data.Decimal';
export const DATE_LOGICAL_NAME = 'org.apache.kafka.connect.data.Date';
export const TIME_LOGICAL_NAME = 'org.apache.kafka.connect.data.Time';
export const TIMESTAMP_LOGICAL_NAME = 'org.apache.kafka.connect.data.Timestamp';

const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;

/**
 * Throws DataException if `value` does not fit `schema` (type, nullability, nested contents), with
 * Java's messages: `Invalid value: null used for required field: "f", schema type: INT32`,
 * `Invalid Java object for schema with type INT32: class java.lang.String for field: "f"`.
 * `fieldName` names the field in the message (Java's validateValue(field, schema, value)).
 */
export function validateValue(schema: Schema, value: unknown, fieldName?: string): void {
  validateAt(schema, value, fieldName == null ? 'value' : `field: "${fieldName}"`);
}

function validateAt(schema: Schema, value: unknown, location: string): void {
  if (value == null) {
    if (!schema.optional) {
      throw new DataException(`Invalid value: null used for required ${location}, schema type: ${schema.type}`);
    }
    return;
  }
  if (!matchesClass(schema, value)) {
    let msg = 'Invalid Java object for schema';
    if (schema.name !== undefined) msg += ` "${schema.name}"`;
    msg += ` with type ${schema.type}: ${javaClassName(value)} for ${location}`;
    throw new DataException(msg);
  }
  switch (schema.type) {
    case 'STRUCT': {
      const struct = value as Struct;
      if (!schemaEquals(struct.schema, schema)) throw new DataException('Struct schemas do not match.');
      struct.validate();
      break;
    }
    case 'ARRAY': {
      const entryLocation = `element of array ${location}`;
      const vs = schema.valueSchema;
      if (vs == null) throw new DataException(`No schema defined for ${entryLocation}`);
      for (const e of value as unknown[]) validateAt(vs, e, entryLocation);
      break;
    }
    case 'MAP': {
      const keyLocation = `key of map ${location}`;
      const valueLocation = `value of map ${location}`;
      const ks = schema.keySchema;
      if (ks == null) throw new DataException(`No schema defined for ${keyLocation}`);
      const vs = schema.valueSchema;
      if (vs == null) throw new DataException(`No schema defined for ${valueLocation}`);
      if (value instanceof Map) {
        for (const [k, v] of value) {
          validateAt(ks, k, keyLocation);
          validateAt(vs, v, valueLocation);
        }
      } else {
        const obj = value as Record<string, unknown>;
        for (const k in obj) {
          if (!Object.hasOwn(obj, k)) continue;
          validateAt(ks, k, keyLocation);
          validateAt(vs, obj[k], valueLocation);
        }
      }
      break;
    }
    default:
      break;
  }
}

/** Whether the (non-null) value has the JS form of the schema's type, or of its logical type. */
function matchesClass(schema: Schema, v: unknown): boolean {
  const name = schema.name;
  if (name !== undefined && name.length > 30 && name.startsWith('org.apache.kafka.connect.data.')) {
    if (name === DECIMAL_LOGICAL_NAME) return v instanceof BigDecimal;
    if (name === DATE_LOGICAL_NAME || name === TIME_LOGICAL_NAME || name === TIMESTAMP_LOGICAL_NAME) return v instanceof Date;
  }
  return matchesType(schema.type, v);
}

/** Whether the (non-null) value has the JS form of the given type. */
export function matchesType(type: SchemaType, v: unknown): boolean {
  switch (type) {
    case 'INT8': return typeof v === 'number' && ((v << 24) >> 24) === v;
    case 'INT16': return typeof v === 'number' && ((v << 16) >> 16) === v;
    case 'INT32': return typeof v === 'number' && (v | 0) === v;
    case 'INT64':
      if (typeof v === 'number') return Number.isInteger(v) && v >= -9223372036854775808 && v < 9223372036854775808;
      return typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX;
    case 'FLOAT32':
    case 'FLOAT64': return typeof v === 'number';
    case 'BOOLEAN': return typeof v === 'boolean';
    case 'STRING': return typeof v === 'string';
    case 'BYTES': return v instanceof Uint8Array;
    case 'ARRAY': return Array.isArray(v);
    case 'MAP': return v instanceof Map || isPlainObject(v);
    case 'STRUCT': return v instanceof Struct;
    default: return false;
  }
}
