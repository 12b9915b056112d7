// InsertField: add the record's topic, partition, offset, timestamp and/or a static value as fields
// (org.apache.kafka.connect.transforms.InsertField).

import {
  ConfigDef, type ConnectRecord, ConfigException, Schema, type Schema as SchemaT, SchemaBuilder,
  Struct, Timestamp,
} from 'kconnect';
import { KEY, SideTransformation, VALUE, type Side } from './util/base.js';
import { REPLACE_NULL_WITH_DEFAULT_CONFIG, defineReplaceNullWithDefault, fieldValue } from './util/fields.js';
import { literalBuilder, read, ShapeCache } from './util/mapShapes.js';
import { copyMap, requireMap, requireSinkRecord, requireStruct, setEntry } from './util/requirements.js';
import { copySchemaBasics, SchemaCache } from './util/schemaUtil.js';

const OPTIONALITY_DOC = 'Suffix with <code>!</code> to make this a required field, or <code>?</code> to keep it optional (the default).';
const PURPOSE = 'field insertion';
const OPTIONAL_TIMESTAMP_SCHEMA = Timestamp.builder().optional().build();

const CONFIG_DEF = defineReplaceNullWithDefault(new ConfigDef()
  .define('topic.field', 'STRING', null, 'MEDIUM', `Field name for Kafka topic. ${OPTIONALITY_DOC}`)
  .define('partition.field', 'STRING', null, 'MEDIUM', `Field name for Kafka partition. ${OPTIONALITY_DOC}`)
  .define('offset.field', 'STRING', null, 'MEDIUM',
    `Field name for Kafka offset - only applicable to sink connectors.<br/>${OPTIONALITY_DOC}`)
  .define('timestamp.field', 'STRING', null, 'MEDIUM', `Field name for record timestamp. ${OPTIONALITY_DOC}`)
  .define('static.field', 'STRING', null, 'MEDIUM', `Field name for static data field. ${OPTIONALITY_DOC}`)
  .define('static.value', 'STRING', null, 'MEDIUM', 'Static field value, if field name configured.'));

/** `name!` is a required field, `name?` or `name` an optional one. */
interface InsertionSpec {
  name: string;
  optional: boolean;
}

function parseSpec(spec: unknown): InsertionSpec | null {
  if (spec == null) return null;
  const s = spec as string;
  if (s.endsWith('?')) return { name: s.slice(0, -1), optional: true };
  if (s.endsWith('!')) return { name: s.slice(0, -1), optional: false };
  return { name: s, optional: true };
}

abstract class InsertField<R extends ConnectRecord<R>> extends SideTransformation<R> {
  static readonly OVERVIEW_DOC = 'Insert field(s) using attributes from the record metadata or a configured static value.';
  static readonly CONFIG_DEF = CONFIG_DEF;

  private topicField: InsertionSpec | null = null;
  private partitionField: InsertionSpec | null = null;
  private offsetField: InsertionSpec | null = null;
  private timestampField: InsertionSpec | null = null;
  private staticField: InsertionSpec | null = null;
  private staticValue: string | null = null;
  private replaceNullWithDefault = true;
  private readonly schemaCache = this.cache(new SchemaCache((s) => this.makeUpdatedSchema(s)));
  /**
   * Schemaless: a compiled copy-and-insert per input shape, with variants for a present (bit 0)
   * or absent partition and a present (bit 1) or absent timestamp. Arguments: a = topic,
   * b = partition, c = offset, d = timestamp, e = static value.
   */
  private readonly shapes = this.cache(new ShapeCache((keys, variant) => {
    const entries: (readonly [string, string])[] = keys.map((k) => [k, read(k)] as const);
    if (this.topicField) entries.push([this.topicField.name, 'a']);
    if (this.partitionField && (variant & 1) !== 0) entries.push([this.partitionField.name, 'b']);
    if (this.offsetField) entries.push([this.offsetField.name, 'c']);
    if (this.timestampField && (variant & 2) !== 0) entries.push([this.timestampField.name, 'd']);
    if (this.staticField && this.staticValue !== null) entries.push([this.staticField.name, 'e']);
    return literalBuilder(entries);
  }));

  constructor(side: Side) {
    super(side, 'InsertField');
  }

  protected configureWith(c: Record<string, unknown>): void {
    this.topicField = parseSpec(c['topic.field']);
    this.partitionField = parseSpec(c['partition.field']);
    this.offsetField = parseSpec(c['offset.field']);
    this.timestampField = parseSpec(c['timestamp.field']);
    this.staticField = parseSpec(c['static.field']);
    this.staticValue = (c['static.value'] as string | null) ?? null;
    this.replaceNullWithDefault = c[REPLACE_NULL_WITH_DEFAULT_CONFIG] as boolean;
    if (!this.topicField && !this.partitionField && !this.offsetField && !this.timestampField && !this.staticField) {
      throw new ConfigException('No field insertion configured');
    }
    if (this.staticField && this.staticValue === null) {
      throw new ConfigException('static.value', null, `No value specified for static field: ${this.staticField.name}`);
    }
  }

  protected transform(record: R): R | null {
    const value = this.side.value(record);
    if (value == null) return record;
    return this.side.schema(record) === null ? this.applySchemaless(record, value) : this.applyWithSchema(record, value);
  }

  private applySchemaless(record: R, operating: unknown): R {
    const value = requireMap(operating, PURPOSE);
    const offset = this.offsetField ? requireSinkRecord(record, PURPOSE).kafkaOffset : null;
    const variant = (record.kafkaPartition !== null ? 1 : 0) | (record.timestamp !== null ? 2 : 0);
    const build = this.shapes.builder(value, variant);
    if (build !== null) {
      return this.side.update(record, null, build(value, record.topic, record.kafkaPartition, offset, record.timestamp, this.staticValue));
    }
    const updated = copyMap(value);
    if (this.topicField) setEntry(updated, this.topicField.name, record.topic);
    if (this.partitionField && record.kafkaPartition !== null) setEntry(updated, this.partitionField.name, record.kafkaPartition);
    if (this.offsetField) setEntry(updated, this.offsetField.name, offset);
    if (this.timestampField && record.timestamp !== null) setEntry(updated, this.timestampField.name, record.timestamp);
    if (this.staticField && this.staticValue !== null) setEntry(updated, this.staticField.name, this.staticValue);
    return this.side.update(record, null, updated);
  }

  private applyWithSchema(record: R, operating: unknown): R {
    const value = requireStruct(operating, PURPOSE);
    const schema = this.schemaCache.get(value.schema);
    const updated = new Struct(schema);
    const fields = value.schema.fields;
    const outFields = schema.fields;
    for (let i = 0; i < fields.length; i++) {
      updated.put(outFields[i]!, fieldValue(value, fields[i]!, this.replaceNullWithDefault));
    }
    // The inserted fields follow the input's, in this order (see makeUpdatedSchema).
    let next = fields.length;
    if (this.topicField) updated.put(outFields[next++]!, record.topic);
    if (this.partitionField) {
      const f = outFields[next++]!;
      if (record.kafkaPartition !== null) updated.put(f, record.kafkaPartition);
    }
    if (this.offsetField) updated.put(outFields[next++]!, requireSinkRecord(record, PURPOSE).kafkaOffset);
    if (this.timestampField) {
      const f = outFields[next++]!;
      if (record.timestamp !== null) updated.put(f, new Date(record.timestamp));
    }
    if (this.staticField && this.staticValue !== null) updated.put(outFields[next]!, this.staticValue);
    return this.side.update(record, schema, updated);
  }

  private makeUpdatedSchema(schema: SchemaT): SchemaT {
    const builder = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const field of schema.fields) builder.field(field.name, field.schema);
    const add = (spec: InsertionSpec | null, optional: SchemaT, required: SchemaT): void => {
      if (spec) builder.field(spec.name, spec.optional ? optional : required);
    };
    add(this.topicField, Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA);
    add(this.partitionField, Schema.OPTIONAL_INT32_SCHEMA, Schema.INT32_SCHEMA);
    add(this.offsetField, Schema.OPTIONAL_INT64_SCHEMA, Schema.INT64_SCHEMA);
    add(this.timestampField, OPTIONAL_TIMESTAMP_SCHEMA, Timestamp.SCHEMA);
    add(this.staticField, Schema.OPTIONAL_STRING_SCHEMA, Schema.STRING_SCHEMA);
    return builder.build();
  }
}

export class InsertFieldKey<R extends ConnectRecord<R>> extends InsertField<R> {
  constructor() {
    super(KEY);
  }
}

export class InsertFieldValue<R extends ConnectRecord<R>> extends InsertField<R> {
  constructor() {
    super(VALUE);
  }
}
