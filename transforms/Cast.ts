// Cast: cast fields, or the whole key/value, to another primitive type
// (org.apache.kafka.connect.transforms.Cast). Java decides by the value's class; here the schema says
// which Java type a JS number stands for, and schemaless integral numbers count as Long, others as Double.
// Deviation: spec errors are worded `Invalid value <spec> for configuration spec: <Kafka's reason>`
// (Kafka gives the bare reason, and names the `renames` key for a mapping with two colons).

import {
  ConfigDef, displayValue, Validators, BigDecimal, NumberFormatException, type ConnectRecord,
  ConnectDate, ConfigException, DataException, formatJavaDouble, formatJavaFloat, type Field,
  type Schema, type SchemaType, SchemaBuilder, Struct, Time, Timestamp, Values,
} from 'kconnect';
import { FieldError, KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, fieldValue } from './util/fields.js';
import { narrowDouble, parseJavaDouble, parseJavaInteger, wrapIntegral, type IntBits } from './util/javaNumbers.js';
import { literalBuilder, read, ShapeCache } from './util/mapShapes.js';
import { className, copyMap, isPlainObject, requireMap, requireStruct, setEntry } from './util/requirements.js';
import { copySchemaBasics, SchemaCache } from './util/schemaUtil.js';

const PURPOSE = 'cast types';
const SPEC_CONFIG = 'spec';

const INPUT_TYPES: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES'];
const OUTPUT_TYPES: readonly SchemaType[] = ['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING'];
const ALL_TYPES = new Set<string>([...INPUT_TYPES, 'ARRAY', 'MAP', 'STRUCT']);
const INPUT_TYPE_SET = new Set<string>(INPUT_TYPES);

/** The parsed spec: per-field target types, or one type for the whole value. */
interface Casts {
  fields: Map<string, SchemaType>;
  whole: SchemaType | null;
}

/** A spec error: Kafka's reason, with the `spec` key and value in front. */
function specError(mappings: readonly string[], reason: string): ConfigException {
  return new ConfigException(SPEC_CONFIG, displayValue(mappings), reason);
}

function outputType(text: string, mappings: readonly string[]): SchemaType {
  const name = text.trim().toUpperCase();
  if (!ALL_TYPES.has(name)) throw specError(mappings, `Invalid type found in casting spec: ${text.trim()}`);
  if (!OUTPUT_TYPES.includes(name as SchemaType)) {
    throw specError(mappings, `Cast transformation does not support casting to ${name}; supported types are [${OUTPUT_TYPES.join(', ')}]`);
  }
  return name as SchemaType;
}

function parseFieldTypes(mappings: readonly string[]): Casts {
  const fields = new Map<string, SchemaType>();
  let whole: SchemaType | null = null;
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    if (parts.length > 2) throw specError(mappings, `Invalid rename mapping: ${mapping}`);
    if (parts.length <= 1) whole = outputType(parts[0] ?? '', mappings);
    else fields.set(parts[0]!.trim(), outputType(parts[1]!, mappings));
  }
  if (whole !== null && mappings.length > 1) {
    throw specError(mappings, 'Cast transformations that specify a type to cast the entire value to '
      + 'may only specify a single cast in their spec');
  }
  return { fields, whole };
}

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define(SPEC_CONFIG, 'LIST', ConfigDef.NO_DEFAULT_VALUE, Validators.lambda((name, value) => {
    const list = value as string[] | null;
    if (list == null || list.length === 0) throw new ConfigException(name, displayValue(list), 'Must specify at least one field to cast.');
    parseFieldTypes(list);
  }, 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>'), 'HIGH',
  'List of fields and the type to cast them to of the form field1:type,field2:type to cast fields of '
  + 'Maps or Structs. A single type to cast the entire value. Valid types are int8, int16, int32, '
  + 'int64, float32, float64, boolean, and string. Note that binary fields can only be cast to string.'));

// ---------------------------------------------------------------------------------------------
// Casting one value

/** Connect's type for a schemaless value (ConnectSchema.schemaType of its class), or null. */
function inferType(v: unknown): SchemaType | null {
  switch (typeof v) {
    case 'number': return Number.isInteger(v) ? 'INT64' : 'FLOAT64';
    case 'bigint': return 'INT64';
    case 'boolean': return 'BOOLEAN';
    case 'string': return 'STRING';
    default: break;
  }
  if (v instanceof Uint8Array) return 'BYTES';
  if (Array.isArray(v)) return 'ARRAY';
  if (v instanceof Map || isPlainObject(v)) return 'MAP';
  if (v instanceof Struct) return 'STRUCT';
  return null;
}

function unexpected(value: unknown): DataException {
  return new DataException(`Unexpected type in Cast transformation: class ${className(value)}`);
}

/** Date/Time/Timestamp values to their INT32/INT64 encodings (Cast's encodeLogicalType). */
function encodeLogicalType(schema: Schema, value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  switch (schema.name) {
    case ConnectDate.LOGICAL_NAME: return ConnectDate.fromLogical(schema, value);
    case Time.LOGICAL_NAME: return Time.fromLogical(schema, value);
    case Timestamp.LOGICAL_NAME: return Timestamp.fromLogical(schema, value);
    default: return value;
  }
}

const BITS: Partial<Record<SchemaType, IntBits>> = { INT8: 8, INT16: 16, INT32: 32, INT64: 64 };

function castToIntegral(value: unknown, bits: IntBits, fromFloat: boolean): number | bigint {
  switch (typeof value) {
    case 'number': return fromFloat || !Number.isInteger(value) ? narrowDouble(value, bits) : wrapIntegral(value, bits);
    case 'bigint': return wrapIntegral(value, bits);
    case 'boolean': return value ? 1 : 0;
    case 'string': return parseJavaInteger(value, bits);
    default: break;
  }
  if (value instanceof BigDecimal) return wrapIntegral(value.toBigInt(), bits);
  throw unexpected(value);
}

function castToFloating(value: unknown): number {
  switch (typeof value) {
    case 'number': return value;
    case 'bigint': return Number(value);
    case 'boolean': return value ? 1 : 0;
    case 'string': return parseJavaDouble(value);
    default: break;
  }
  if (value instanceof BigDecimal) return value.toNumber();
  throw unexpected(value);
}

function castToBoolean(value: unknown): boolean {
  switch (typeof value) {
    case 'number': return Math.trunc(value) !== 0 && value === value;
    case 'bigint': return BigInt.asIntN(64, value) !== 0n;
    case 'boolean': return value;
    case 'string': return value.toLowerCase() === 'true';
    default: break;
  }
  if (value instanceof BigDecimal) return BigInt.asIntN(64, value.toBigInt()) !== 0n;
  throw unexpected(value);
}

function castToString(value: unknown, sourceType: SchemaType): string {
  switch (typeof value) {
    case 'string': return value;
    case 'number':
      if (sourceType === 'FLOAT32') return formatJavaFloat(value);
      if (sourceType === 'FLOAT64' || !Number.isSafeInteger(value)) return formatJavaDouble(value);
      return String(value);
    case 'bigint': return value.toString();
    case 'boolean': return value ? 'true' : 'false';
    default: break;
  }
  if (value instanceof Date) return Values.formatDate(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return String(value);
}

function castValueToType(schema: Schema | null, value: unknown, target: SchemaType): unknown {
  if (value == null) return null;
  const inferred = schema !== null ? schema.type : inferType(value);
  if (inferred === null) {
    throw new DataException(`Cast transformation was passed a value of type class ${className(value)} which is not supported by Connect's data API`);
  }
  if (!INPUT_TYPE_SET.has(inferred)) {
    throw new DataException(`Cast transformation does not support casting from ${inferred}; supported types are [${INPUT_TYPES.join(', ')}]`);
  }
  let v: unknown = value;
  if (schema !== null && schema.name !== undefined && target !== 'STRING') v = encodeLogicalType(schema, v);
  try {
    switch (target) {
      case 'INT8': case 'INT16': case 'INT32': case 'INT64':
        return castToIntegral(v, BITS[target]!, inferred === 'FLOAT32' || inferred === 'FLOAT64');
      case 'FLOAT32': return Math.fround(castToFloating(v));
      case 'FLOAT64': return castToFloating(v);
      case 'BOOLEAN': return castToBoolean(v);
      case 'STRING': return castToString(v, inferred);
      default: throw new DataException(`${target} is not supported in the Cast transformation.`);
    }
  } catch (e) {
    if (e instanceof NumberFormatException) {
      throw new DataException(`Value (${String(v)}) was out of range for requested data type`, { cause: e });
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------

/** The derived schema and, per input field, the output field and the target type (undefined: copied). */
interface Plan {
  schema: Schema;
  out: Field[];
  targets: (SchemaType | undefined)[];
}

abstract class Cast<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Cast fields or the entire key or value to a specific type, e.g. to force an integer field to a smaller '
    + 'width. Cast from integers, floats, boolean and string to any other type, '
    + 'and cast binary to string (base64 encoded).';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private casts: Casts = { fields: new Map(), whole: null };
  // The field casts as two parallel arrays (the hot loop reads them by index).
  private castNames: string[] = [];
  private castTargets: SchemaType[] = [];
  private replaceNullWithDefault = true;
  private readonly plans = this.cache(new SchemaCache<Plan>((s) => this.makePlan(s)));
  /** Schemaless field casts: a compiled copy per input shape, casting through `a.castAt(i, value)`. */
  private readonly shapes = this.cache(new ShapeCache((keys) => {
    const entries: (readonly [string, string])[] = keys.map((k) => {
      const i = this.castNames.indexOf(k);
      return [k, i < 0 ? read(k) : `a.castAt(${i}, ${read(k)})`] as const;
    });
    for (const name of this.castNames) if (!keys.includes(name)) entries.push([name, 'null']);
    return literalBuilder(entries);
  }));

  constructor(side: Side) {
    super(side, 'Cast');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.casts = parseFieldTypes(c[SPEC_CONFIG] as string[]);
    this.castNames = [...this.casts.fields.keys()];
    this.castTargets = [...this.casts.fields.values()];
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
  }

  /** Casts a schemaless value to the i-th configured field cast. */
  castAt(i: number, value: unknown): unknown {
    return value == null ? null : castField(this.castNames[i]!, null, value, this.castTargets[i]!);
  }

  protected transform(record: R): R | null {
    const value = this.side.value(record);
    if (value == null) return record;
    const schema = this.side.schema(record);
    return schema === null ? this.applySchemaless(record, value) : this.applyWithSchema(record, schema, value);
  }

  private applySchemaless(record: R, value: unknown): R {
    const whole = this.casts.whole;
    if (whole !== null) return this.side.update(record, null, castValueToType(null, value, whole));
    const map = requireMap(value, PURPOSE);
    const build = this.shapes.builder(map);
    if (build !== null) return this.side.update(record, null, build(map, this, null, null, null, null));
    const updated = copyMap(map);
    const names = this.castNames;
    const targets = this.castTargets;
    for (let i = 0; i < names.length; i++) {
      const field = names[i]!;
      const v = map[field];
      setEntry(updated, field, v == null ? null : castField(field, null, v, targets[i]!));
    }
    return this.side.update(record, null, updated);
  }

  private applyWithSchema(record: R, schema: Schema, value: unknown): R {
    const plan = this.plans.get(schema);
    const whole = this.casts.whole;
    if (whole !== null) return this.side.update(record, plan.schema, castValueToType(schema, value, whole));
    const struct = requireStruct(value, PURPOSE);
    const updated = new Struct(plan.schema);
    const fields = schema.fields;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const orig = fieldValue(struct, field, this.replaceNullWithDefault);
      const target = plan.targets[i];
      updated.put(plan.out[i]!, target === undefined ? orig : castField(field.name, field.schema, orig, target));
    }
    return this.side.update(record, plan.schema, updated);
  }

  private makePlan(schema: Schema): Plan {
    const whole = this.casts.whole;
    let builder: SchemaBuilder;
    const targets: (SchemaType | undefined)[] = [];
    if (whole !== null) {
      builder = copySchemaBasics(schema, new SchemaBuilder(whole));
    } else {
      builder = copySchemaBasics(schema, SchemaBuilder.struct());
      for (const field of schema.fields) {
        const target = this.casts.fields.get(field.name);
        targets.push(target);
        if (target === undefined) {
          builder.field(field.name, field.schema);
          continue;
        }
        const fieldBuilder = new SchemaBuilder(target);
        if (field.schema.optional) fieldBuilder.optional();
        if (field.schema.defaultValue != null) {
          fieldBuilder.defaultValue(castField(field.name, field.schema, field.schema.defaultValue, target));
        }
        builder.field(field.name, fieldBuilder.build());
      }
    }
    if (schema.optional) builder.optional();
    if (schema.defaultValue != null) builder.defaultValue(castValueToType(schema, schema.defaultValue, builder.type));
    const built = builder.build();
    return { schema: built, out: whole === null ? [...built.fields] : [], targets };
  }
}

function castField(field: string, schema: Schema | null, value: unknown, target: SchemaType): unknown {
  try {
    return castValueToType(schema, value, target);
  } catch (e) {
    throw new FieldError(field, (e as Error).message, { cause: e });
  }
}

export class CastKey<R extends ConnectRecord<R>> extends Cast<R> {
  constructor() {
    super(KEY);
  }
}

export class CastValue<R extends ConnectRecord<R>> extends Cast<R> {
  constructor() {
    super(VALUE);
  }
}
