// HeaderFrom: copy or move fields of the key or value into headers
// (org.apache.kafka.connect.transforms.HeaderFrom).

import {
  ConfigDef, Validators, type ConnectRecord, ConfigException, type Field, type Schema,
  SchemaBuilder,
} from 'kconnect';
import { FieldError, KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, fieldValue, projectStruct, type FieldPlan } from './util/fields.js';
import { copyMap, requireMap, requireStruct } from './util/requirements.js';
import { copySchemaBasics, SchemaCache } from './util/schemaUtil.js';
import { nonEmptyList } from './util/validators.js';

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define('fields', 'LIST', ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), 'HIGH',
    'Field names in the record whose values are to be copied or moved to headers.')
  .define('headers', 'LIST', ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), 'HIGH',
    'Header names, in the same order as the field names listed in the fields configuration property.')
  .define('operation', 'STRING', ConfigDef.NO_DEFAULT_VALUE, Validators.in('move', 'copy'), 'HIGH',
    'Either <code>move</code> if the fields are to be moved to the headers (removed from the key/value), '
    + 'or <code>copy</code> if the fields are to be copied to the headers (retained in the key/value).'));

abstract class HeaderFrom<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = "Moves or copies fields in the key/value of a record into that record's headers. "
    + 'Corresponding elements of <code>fields</code> and <code>headers</code> together identify a field and the header it should be '
    + 'moved or copied to.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private fields: string[] = [];
  private headers: string[] = [];
  private move = false;
  private purpose = 'header copy';
  private replaceNullWithDefault = true;
  private readonly movePlans = this.cache(new SchemaCache<FieldPlan>((s) => this.makeMovePlan(s)));

  constructor(side: Side) {
    super(side, 'HeaderFrom');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.fields = c['fields'] as string[];
    this.headers = c['headers'] as string[];
    if (this.headers.length !== this.fields.length) {
      throw new ConfigException("'fields' config must have the same number of elements as 'headers' config.");
    }
    const operation = c['operation'] as string;
    this.move = operation === 'move';
    this.purpose = `header ${operation}`;
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
  }

  protected transform(record: R): R | null {
    const schema = this.side.schema(record);
    return schema === null ? this.applySchemaless(record) : this.applyWithSchema(record, schema);
  }

  private applyWithSchema(record: R, schema: Schema): R {
    const headers = record.headers.duplicate();
    const value = requireStruct(this.side.value(record), this.purpose);
    let updatedSchema = schema;
    let updatedValue = value;
    if (this.move) {
      const plan = this.movePlans.get(schema);
      updatedSchema = plan.schema;
      updatedValue = projectStruct(plan, value, this.replaceNullWithDefault);
    }
    for (let i = 0; i < this.fields.length; i++) {
      const name = this.fields[i]!;
      const field = value.schema.field(name);
      if (field === undefined) throw new FieldError(name, `Field does not exist: ${name}`);
      try {
        headers.add(this.headers[i]!, fieldValue(value, field, this.replaceNullWithDefault), field.schema);
      } catch (e) {
        throw new FieldError(name, (e as Error).message, { cause: e });
      }
    }
    return this.side.updateWithHeaders(record, updatedSchema, updatedValue, headers);
  }

  /** For `move`: the schema without the moved fields. */
  private makeMovePlan(schema: Schema): FieldPlan {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    const sources: Field[] = [];
    for (const field of schema.fields) {
      if (!this.fields.includes(field.name)) {
        builder.field(field.name, field.schema);
        sources.push(field);
      }
    }
    return { schema: builder.build(), sources };
  }

  private applySchemaless(record: R): R {
    const headers = record.headers.duplicate();
    const value = requireMap(this.side.value(record), this.purpose);
    const updated = copyMap(value);
    for (let i = 0; i < this.fields.length; i++) {
      const name = this.fields[i]!;
      const v = Object.hasOwn(value, name) ? value[name] : null;
      if (this.move) delete updated[name];
      headers.add(this.headers[i]!, v, null);
    }
    return this.side.updateWithHeaders(record, null, updated, headers);
  }
}

export class HeaderFromKey<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  constructor() {
    super(KEY);
  }
}

export class HeaderFromValue<R extends ConnectRecord<R>> extends HeaderFrom<R> {
  constructor() {
    super(VALUE);
  }
}
