// ValueToKey: replace the key with a struct/map of fields copied from the value
// (org.apache.kafka.connect.transforms.ValueToKey).

import { ConfigDef, type ConnectRecord, type Field, type Schema, SchemaBuilder } from 'kconnect';
import { BaseTransformation, FieldError } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, projectStruct, type FieldPlan } from './util/fields.js';
import { type MapValue, requireMap, requireStruct, setEntry } from './util/requirements.js';
import { SchemaCache } from './util/schemaUtil.js';
import { nonEmptyList } from './util/validators.js';

const PURPOSE = 'copying fields from value to key';

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define('fields', 'LIST', ConfigDef.NO_DEFAULT_VALUE, nonEmptyList(), 'HIGH',
    'Field names on the record value to extract as the record key.'));

export class ValueToKey<R extends ConnectRecord<R>> extends BaseTransformation<R> {
  static readonly OVERVIEW_DOC = 'Replace the record key with a new key formed from a subset of fields in the record value.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private fields: string[] = [];
  private replaceNullWithDefault = true;
  private readonly plans = this.cache(new SchemaCache<FieldPlan>((s) => this.makePlan(s)));

  protected configureWith(c: Record<string, unknown>): void {
    this.fields = c['fields'] as string[];
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
  }

  protected transform(record: R): R | null {
    return record.valueSchema === null ? this.applySchemaless(record) : this.applyWithSchema(record);
  }

  private applySchemaless(record: R): R {
    const value = requireMap(record.value, PURPOSE);
    const key: MapValue = {};
    for (const field of this.fields) setEntry(key, field, Object.hasOwn(value, field) ? value[field] : null);
    return record.newRecord({ keySchema: null, key });
  }

  private applyWithSchema(record: R): R {
    const value = requireStruct(record.value, PURPOSE);
    const plan = this.plans.get(value.schema);
    const key = projectStruct(plan, value, this.replaceNullWithDefault);
    return record.newRecord({ keySchema: plan.schema, key, valueSchema: value.schema, value });
  }

  /** The key schema and, for each of its fields, the value field it is copied from. */
  private makePlan(valueSchema: Schema): FieldPlan {
    const builder = SchemaBuilder.struct();
    const sources: Field[] = [];
    for (const name of this.fields) {
      const field = valueSchema.field(name);
      if (field === undefined) throw new FieldError(name, `Field does not exist: ${name}`);
      builder.field(name, field.schema);
      sources.push(field);
    }
    return { schema: builder.build(), sources };
  }
}

