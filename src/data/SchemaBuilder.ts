// Fluent schema construction, as Java's SchemaBuilder:
//   SchemaBuilder.struct().name('com.example.User').version(1).doc('a user')
//     .field('id', Schema.INT64_SCHEMA).field('email', SchemaBuilder.string().optional())
//     .optional().build()
// Unlike Java, a SchemaBuilder is not itself a Schema (its setters share names with Schema's
// properties); builders passed where a schema is expected (field(), array(), map()) are built there.

import { DataException } from './errors.js';
import { ConnectSchema, Field, validateValue, type Schema, type SchemaType } from './Schema.js';

/** Thrown for invalid builder calls (a property set twice, an invalid default, …), as in Java. */
export class SchemaBuilderException extends DataException {}

export type SchemaLike = Schema | SchemaBuilder;

function resolve(s: SchemaLike): Schema {
  return s instanceof SchemaBuilder ? s.build() : s;
}

export class SchemaBuilder {
  readonly type: SchemaType;
  private _optional: boolean | undefined = undefined;
  private _defaultValue: unknown = undefined;
  private _name: string | undefined = undefined;
  private _version: number | undefined = undefined;
  private _doc: string | undefined = undefined;
  private _parameters: Record<string, string> | undefined = undefined;
  private _fields: Map<string, Field> | undefined = undefined;
  private _keySchema: Schema | undefined = undefined;
  private _valueSchema: Schema | undefined = undefined;

  constructor(type: SchemaType) {
    if (type == null) throw new SchemaBuilderException('type cannot be null');
    this.type = type;
    if (type === 'STRUCT') this._fields = new Map();
  }

  // ----- factories -------------------------------------------------------------------------

  static type(type: SchemaType): SchemaBuilder { return new SchemaBuilder(type); }
  static int8(): SchemaBuilder { return new SchemaBuilder('INT8'); }
  static int16(): SchemaBuilder { return new SchemaBuilder('INT16'); }
  static int32(): SchemaBuilder { return new SchemaBuilder('INT32'); }
  static int64(): SchemaBuilder { return new SchemaBuilder('INT64'); }
  static float32(): SchemaBuilder { return new SchemaBuilder('FLOAT32'); }
  static float64(): SchemaBuilder { return new SchemaBuilder('FLOAT64'); }
  static bool(): SchemaBuilder { return new SchemaBuilder('BOOLEAN'); }
  static string(): SchemaBuilder { return new SchemaBuilder('STRING'); }
  static bytes(): SchemaBuilder { return new SchemaBuilder('BYTES'); }
  static struct(): SchemaBuilder { return new SchemaBuilder('STRUCT'); }

  static array(valueSchema: SchemaLike): SchemaBuilder {
    if (valueSchema == null) throw new SchemaBuilderException('valueSchema cannot be null.');
    const b = new SchemaBuilder('ARRAY');
    b._valueSchema = resolve(valueSchema);
    return b;
  }

  static map(keySchema: SchemaLike, valueSchema: SchemaLike): SchemaBuilder {
    if (keySchema == null) throw new SchemaBuilderException('keySchema cannot be null.');
    if (valueSchema == null) throw new SchemaBuilderException('valueSchema cannot be null.');
    const b = new SchemaBuilder('MAP');
    b._keySchema = resolve(keySchema);
    b._valueSchema = resolve(valueSchema);
    return b;
  }

  // ----- setters ---------------------------------------------------------------------------

  optional(): this {
    checkCanSet('optional', this._optional, true);
    this._optional = true;
    return this;
  }

  required(): this {
    checkCanSet('optional', this._optional, false);
    this._optional = false;
    return this;
  }

  /** Validated against the schema built so far (type, optional, name…); throws SchemaBuilderException("Invalid default value"). */
  defaultValue(value: unknown): this {
    checkCanSet('default', this._defaultValue, value);
    try {
      validateValue(this.build(), value);
    } catch (e) {
      if (e instanceof DataException) throw new SchemaBuilderException('Invalid default value', { cause: e });
      throw e;
    }
    this._defaultValue = value ?? undefined;
    return this;
  }

  name(name: string): this {
    checkCanSet('name', this._name, name);
    this._name = name ?? undefined;
    return this;
  }

  version(version: number): this {
    checkCanSet('version', this._version, version);
    this._version = version ?? undefined;
    return this;
  }

  doc(doc: string): this {
    checkCanSet('doc', this._doc, doc);
    this._doc = doc ?? undefined;
    return this;
  }

  parameter(propertyName: string, propertyValue: string): this {
    if (this._parameters === undefined) this._parameters = {};
    this._parameters[propertyName] = propertyValue;
    return this;
  }

  /** Additive, as Java; an empty object leaves parameters unset. */
  parameters(props: Readonly<Record<string, string>> | ReadonlyMap<string, string>): this {
    const entries = props instanceof Map ? [...props.entries()] : Object.entries(props);
    if (entries.length === 0) return this;
    if (this._parameters === undefined) this._parameters = {};
    for (const [k, v] of entries) this._parameters[k] = v;
    return this;
  }

  field(fieldName: string, fieldSchema: SchemaLike): this {
    if (this._fields === undefined) throw new SchemaBuilderException(`Cannot create fields on type ${this.type}`);
    if (fieldName == null || fieldName === '') throw new SchemaBuilderException('fieldName cannot be null.');
    if (fieldSchema == null) throw new SchemaBuilderException(`fieldSchema for field ${fieldName} cannot be null.`);
    if (this._fields.has(fieldName)) {
      throw new SchemaBuilderException(`Cannot create field because of field name duplication ${fieldName}`);
    }
    this._fields.set(fieldName, new Field(fieldName, this._fields.size, resolve(fieldSchema)));
    return this;
  }

  // ----- introspection (read the state so far) -----------------------------------------------

  get isOptional(): boolean { return this._optional === true; }
  get currentName(): string | undefined { return this._name; }
  get currentDefaultValue(): unknown { return this._defaultValue; }
  get currentFields(): Field[] {
    if (this._fields === undefined) throw new DataException('Cannot list fields on non-struct type');
    return [...this._fields.values()];
  }

  // ----- build -----------------------------------------------------------------------------

  build(): ConnectSchema {
    return new ConnectSchema(
      this.type,
      this._optional === true,
      this._defaultValue,
      this._name,
      this._version,
      this._doc,
      this._parameters === undefined ? undefined : Object.freeze({ ...this._parameters }),
      this._fields === undefined ? undefined : [...this._fields.values()],
      this._keySchema,
      this._valueSchema,
    );
  }

  /** Alias of build(), as Java's SchemaBuilder#schema(). */
  schema(): ConnectSchema {
    return this.build();
  }
}

function checkCanSet(fieldName: string, current: unknown, value: unknown): void {
  if (current != null && current !== value) {
    throw new SchemaBuilderException(`Invalid SchemaBuilder call: ${fieldName} has already been set.`);
  }
}
