// SetSchemaMetadata: set the name and/or version of the key or value schema
// (org.apache.kafka.connect.transforms.SetSchemaMetadata).
// Deviation: Kafka fails on non-struct schemas ("Cannot list fields on non-struct type", it reads
// schema.fields() unconditionally); here primitive, array and map schemas are renamed too.

import {
  ConfigDef, type ConnectRecord, ConfigException, ConnectSchema, type Schema, Struct,
} from 'kconnect';
import { KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, projectStruct } from './util/fields.js';
import { requireSchema } from './util/requirements.js';
import { SchemaCache } from './util/schemaUtil.js';

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define('schema.name', 'STRING', null, 'HIGH', 'Schema name to set.')
  .define('schema.version', 'INT', null, 'HIGH', 'Schema version to set.'));

abstract class SetSchemaMetadata<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = "Set the schema name, version or both on the record's key or value schema.";
  static readonly CONFIG_DEF = CONFIG_DEF;

  private schemaName: string | null = null;
  private schemaVersion: number | null = null;
  private replaceNullWithDefault = true;
  private readonly schemaCache = this.cache(new SchemaCache((s) => this.updatedSchema(s)));

  constructor(side: Side) {
    super(side, 'SetSchemaMetadata');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.schemaName = (c['schema.name'] as string | null) ?? null;
    this.schemaVersion = (c['schema.version'] as number | null) ?? null;
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
    if (this.schemaName === null && this.schemaVersion === null) {
      throw new ConfigException('Neither schema name nor version configured');
    }
  }

  protected transform(record: R): R | null {
    const value = this.side.value(record);
    const schema = this.side.schema(record);
    if (value == null && schema === null) return record;
    const input = requireSchema(schema, 'updating schema metadata');
    const updated = this.schemaCache.get(input);
    return this.side.update(record, updated, this.updateSchemaIn(value, updated));
  }

  private updatedSchema(schema: Schema): Schema {
    const isMap = schema.type === 'MAP';
    return new ConnectSchema(
      schema.type,
      schema.optional,
      schema.defaultValue,
      this.schemaName ?? schema.name,
      this.schemaVersion ?? schema.version,
      schema.doc,
      schema.parameters,
      schema.type === 'STRUCT' ? schema.fields : undefined,
      isMap ? schema.keySchema : undefined,
      isMap || schema.type === 'ARRAY' ? schema.valueSchema : undefined,
    );
  }

  /** A Struct is copied onto the renamed schema (it references its schema); other values are kept. */
  updateSchemaIn(keyOrValue: unknown, updatedSchema: Schema): unknown {
    if (!(keyOrValue instanceof Struct)) return keyOrValue;
    // the fields are the same on both schemas
    return projectStruct({ schema: updatedSchema, sources: updatedSchema.fields }, keyOrValue, this.replaceNullWithDefault);
  }
}

export class SetSchemaMetadataKey<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  constructor() {
    super(KEY);
  }
}

export class SetSchemaMetadataValue<R extends ConnectRecord<R>> extends SetSchemaMetadata<R> {
  constructor() {
    super(VALUE);
  }
}
