// HoistField: wrap the key or value in a struct (with a schema) or a map (schemaless) under one
// field (org.apache.kafka.connect.transforms.HoistField).

import { ConfigDef, type ConnectRecord, SchemaBuilder, Struct } from 'kconnect';
import { KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { SchemaCache } from './util/schemaUtil.js';

const CONFIG_DEF = new ConfigDef()
  .define('field', 'STRING', ConfigDef.NO_DEFAULT_VALUE, 'MEDIUM',
    'Field name for the single field that will be created in the resulting Struct or Map.');

abstract class HoistField<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Wrap data using the specified field name in a Struct when schema present, or a Map in the case of schemaless data.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private fieldName = '';
  private readonly schemaCache = this.cache(new SchemaCache((s) => SchemaBuilder.struct().field(this.fieldName, s).build()));

  constructor(side: Side) {
    super(side, 'HoistField');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.fieldName = c['field'] as string;
  }

  protected transform(record: R): R | null {
    const schema = this.side.schema(record);
    const value = this.side.value(record);
    if (schema === null) return this.side.update(record, null, { [this.fieldName]: value });
    const updatedSchema = this.schemaCache.get(schema);
    return this.side.update(record, updatedSchema, new Struct(updatedSchema).put(updatedSchema.fields[0]!, value));
  }
}

export class HoistFieldKey<R extends ConnectRecord<R>> extends HoistField<R> {
  constructor() {
    super(KEY);
  }
}

export class HoistFieldValue<R extends ConnectRecord<R>> extends HoistField<R> {
  constructor() {
    super(VALUE);
  }
}
