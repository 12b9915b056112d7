// Flatten: turn nested structs (with a schema) or maps (schemaless) into one level, joining the
// field names with `delimiter` (org.apache.kafka.connect.transforms.Flatten). Arrays are kept as they are.

import { ConfigDef, type ConnectRecord, type Field, type Schema, SchemaBuilder, Struct } from 'kconnect';
import { FieldError, KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { className, isPlainObject, type MapValue, requireMap, requireStruct, setEntry } from './util/requirements.js';
import { copySchemaBasics, SchemaCache } from './util/schemaUtil.js';

const PURPOSE = 'flattening';

const CONFIG_DEF = new ConfigDef()
  .define('delimiter', 'STRING', '.', 'MEDIUM',
    'Delimiter to insert between field names from the input record when generating field names for the output record');

/** How to copy one input struct: each field either goes to an output field or is a struct to descend into. */
interface StructPlan {
  items: { field: Field; out: Field | undefined; nested: StructPlan | undefined }[];
}

interface Plan {
  schema: Schema;
  root: StructPlan;
}

const KEEP_TYPES = new Set(['INT8', 'INT16', 'INT32', 'INT64', 'FLOAT32', 'FLOAT64', 'BOOLEAN', 'STRING', 'BYTES', 'ARRAY']);

abstract class Flatten<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Flatten a nested data structure, generating names for each field by concatenating the field names at each '
    + 'level with a configurable delimiter character. Applies to Struct when schema present, or a Map '
    + "in the case of schemaless data. Array fields and their contents are not modified. The default delimiter is '.'.";
  static readonly CONFIG_DEF = CONFIG_DEF;

  private delimiter = '.';
  private readonly plans = this.cache(new SchemaCache<Plan>((s) => this.makePlan(s)));

  constructor(side: Side) {
    super(side, 'Flatten');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.delimiter = c['delimiter'] as string;
  }

  private fieldName(prefix: string, name: string): string {
    return prefix.length === 0 ? name : prefix + this.delimiter + name;
  }

  protected transform(record: R): R | null {
    const value = this.side.value(record);
    if (value == null) return record;
    const schema = this.side.schema(record);
    if (schema === null) {
      const updated: MapValue = {};
      this.flattenMap(requireMap(value, PURPOSE), '', updated);
      return this.side.update(record, null, updated);
    }
    const struct = requireStruct(value, PURPOSE);
    const plan = this.plans.get(schema);
    const updated = new Struct(plan.schema);
    copyStruct(struct, plan.root, updated);
    return this.side.update(record, plan.schema, updated);
  }

  private flattenMap(map: MapValue, prefix: string, out: MapValue): void {
    for (const key in map) {
      const name = this.fieldName(prefix, key);
      const v = map[key];
      if (v == null) {
        setEntry(out, name, null);
      } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
        || v instanceof Uint8Array || Array.isArray(v)) {
        setEntry(out, name, v);
      } else if (isPlainObject(v) || v instanceof Map) {
        this.flattenMap(requireMap(v, PURPOSE), name, out);
      } else if (v instanceof Struct) {
        throw new FieldError(name, `Flatten transformation does not support class ${className(v)} for record without schemas (for field ${name}).`);
      } else {
        throw new FieldError(name, `Flatten transformation was passed a value of type class ${className(v)} which is not supported by Connect's data API`);
      }
    }
  }

  private makePlan(schema: Schema): Plan {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    const root = this.buildSchema(schema, '', builder, schema.optional, (schema.defaultValue as Struct | undefined) ?? null);
    const built = builder.build();
    // Point the plan's leaves at the built schema's fields, in the order they were added.
    const outFields = built.fields;
    let next = 0;
    const link = (p: StructPlan): void => {
      for (const item of p.items) {
        if (item.nested) link(item.nested);
        else item.out = outFields[next++];
      }
    };
    link(root);
    return { schema: built, root };
  }

  /** Kafka's buildUpdatedSchema: optionality and defaults of ancestors carry down to the flattened fields. */
  private buildSchema(schema: Schema, prefix: string, builder: SchemaBuilder, optional: boolean,
    defaultFromParent: Struct | null): StructPlan {
    const plan: StructPlan = { items: [] };
    for (const field of schema.fields) {
      const name = this.fieldName(prefix, field.name);
      const fieldOptional = optional || field.schema.optional;
      let fieldDefault: unknown = null;
      if (field.schema.defaultValue != null) fieldDefault = field.schema.defaultValue;
      else if (defaultFromParent !== null) fieldDefault = defaultFromParent.get(field);
      if (KEEP_TYPES.has(field.schema.type)) {
        const b = copySchemaBasics(field.schema);
        if (fieldOptional) b.optional();
        if (fieldDefault != null) b.defaultValue(fieldDefault);
        builder.field(name, b.build());
        plan.items.push({ field, out: undefined, nested: undefined });
      } else if (field.schema.type === 'STRUCT') {
        const nested = this.buildSchema(field.schema, name, builder, fieldOptional, (fieldDefault as Struct | null) ?? null);
        plan.items.push({ field, out: undefined, nested });
      } else {
        throw new FieldError(name, `Flatten transformation does not support ${field.schema.type} for record with schemas (for field ${name}).`);
      }
    }
    return plan;
  }
}

/** Kafka's buildWithSchema: leaves read with defaults, nested structs as set (a null one adds nothing). */
function copyStruct(struct: Struct, plan: StructPlan, out: Struct): void {
  for (const item of plan.items) {
    if (item.nested !== undefined) {
      const nested = struct.getWithoutDefault(item.field);
      if (nested != null) copyStruct(nested as Struct, item.nested, out);
    } else {
      out.put(item.out!, struct.get(item.field));
    }
  }
}

export class FlattenKey<R extends ConnectRecord<R>> extends Flatten<R> {
  constructor() {
    super(KEY);
  }
}

export class FlattenValue<R extends ConnectRecord<R>> extends Flatten<R> {
  constructor() {
    super(VALUE);
  }
}

