// A structured record value with a STRUCT schema (org.apache.kafka.connect.data.Struct).
// Values are kept in an array indexed by Field.index; unset fields are null.

import { DataException } from './errors.js';
import { schemaEquals, validateValue, type Field, type Schema, type SchemaType } from './Schema.js';
import { javaToString, valuesEqual } from './valueUtil.js';

export class Struct {
  readonly schema: Schema;
  /** @internal Raw values by field index (no defaults applied). Read-only outside this module. */
  readonly _values: unknown[];

  constructor(schema: Schema) {
    if (schema.type !== 'STRUCT') throw new DataException(`Not a struct schema: ${String(schema)}`);
    this.schema = schema;
    const n = schema.fields.length;
    const values = new Array<unknown>(n);
    for (let i = 0; i < n; i++) values[i] = null;
    this._values = values;
  }

  /** The field's value, or its schema default when the value is null (Java's get). */
  get(fieldOrName: string | Field): unknown {
    const field = typeof fieldOrName === 'string' ? this.lookupField(fieldOrName) : fieldOrName;
    const val = this._values[field.index];
    if (val == null) {
      const def = field.schema.defaultValue;
      return def != null ? def : null;
    }
    return val;
  }

  /** The field's value as set, ignoring schema defaults. */
  getWithoutDefault(fieldOrName: string | Field): unknown {
    const field = typeof fieldOrName === 'string' ? this.lookupField(fieldOrName) : fieldOrName;
    return this._values[field.index] ?? null;
  }

  // Typed getters: check the field's schema type (DataException "Field 'x' is not of type INT8") and
  // return the value as set (no default), as Java's getInt8() etc.
  getInt8(name: string): number | null { return this.getCheckType(name, 'INT8') as number | null; }
  getInt16(name: string): number | null { return this.getCheckType(name, 'INT16') as number | null; }
  getInt32(name: string): number | null { return this.getCheckType(name, 'INT32') as number | null; }
  getInt64(name: string): number | bigint | null { return this.getCheckType(name, 'INT64') as number | bigint | null; }
  getFloat32(name: string): number | null { return this.getCheckType(name, 'FLOAT32') as number | null; }
  getFloat64(name: string): number | null { return this.getCheckType(name, 'FLOAT64') as number | null; }
  getBoolean(name: string): boolean | null { return this.getCheckType(name, 'BOOLEAN') as boolean | null; }
  getString(name: string): string | null { return this.getCheckType(name, 'STRING') as string | null; }
  getBytes(name: string): Uint8Array | null { return this.getCheckType(name, 'BYTES') as Uint8Array | null; }
  getArray<T = unknown>(name: string): T[] | null { return this.getCheckType(name, 'ARRAY') as T[] | null; }
  getMap<K = unknown, V = unknown>(name: string): Map<K, V> | Record<string, V> | null {
    return this.getCheckType(name, 'MAP') as Map<K, V> | Record<string, V> | null;
  }
  getStruct(name: string): Struct | null { return this.getCheckType(name, 'STRUCT') as Struct | null; }

  /** Sets a field after validating the value against the field's schema (DataException names the field). */
  put(fieldOrName: string | Field, value: unknown): this {
    const field = typeof fieldOrName === 'string' ? this.lookupField(fieldOrName) : fieldOrName;
    if (field == null) throw new DataException('field cannot be null.');
    validateValue(field.schema, value, field.name);
    this._values[field.index] = value === undefined ? null : value;
    return this;
  }

  /** Checks that every required field without a default has a valid value. */
  validate(): void {
    const fields = this.schema.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const fs = field.schema;
      const value = this._values[field.index];
      if (value == null && (fs.optional || fs.defaultValue != null)) continue;
      validateValue(fs, value, field.name);
    }
  }

  equals(other: unknown): boolean {
    if (this === other) return true;
    if (!(other instanceof Struct) || !schemaEquals(this.schema, other.schema)) return false;
    const a = this._values;
    const b = other._values;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }

  /** "Struct{a=1,b=x}" listing the non-null fields, as Java. */
  toString(): string {
    let s = 'Struct{';
    let first = true;
    const fields = this.schema.fields;
    for (let i = 0; i < this._values.length; i++) {
      const v = this._values[i];
      if (v == null) continue;
      const f = fields[i]!;
      if (!first) s += ',';
      first = false;
      s += f.name + '=' + javaToString(v, f.schema);
    }
    return s + '}';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  private lookupField(name: string): Field {
    const field = this.schema.field(name);
    if (field === undefined) throw new DataException(`${name} is not a valid field name`);
    return field;
  }

  private getCheckType(name: string, type: SchemaType): unknown {
    const field = this.lookupField(name);
    if (field.schema.type !== type) throw new DataException(`Field '${name}' is not of type ${type}`);
    return this._values[field.index] ?? null;
  }
}
