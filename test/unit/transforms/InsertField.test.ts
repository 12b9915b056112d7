import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { Timestamp } from '../../../src/data/Timestamp.js';
import { InsertFieldKey, InsertFieldValue } from '../../../transforms/InsertField.js';
import { assertConfigError, assertDataError, configured, sinkRecord, sourceRecord } from './helpers.js';

const ALL = {
  'topic.field': 'topic_field!',
  'partition.field': 'partition_field',
  'timestamp.field': 'timestamp_field?',
  'static.field': 'instance_id',
  'static.value': 'my-instance-id',
};

const SIMPLE = SchemaBuilder.struct().name('name').version(1).doc('doc').field('magic', Schema.OPTIONAL_INT64_SCHEMA).build();

describe('InsertField', () => {
  it('copies the schema and inserts the configured fields (Value, with schema)', () => {
    const xform = configured(InsertFieldValue, ALL);
    const record = sourceRecord({ topic: 'test', partition: 0, valueSchema: SIMPLE, value: new Struct(SIMPLE).put('magic', 42), timestamp: 789 });
    const out = xform.apply(record)!;
    const schema = out.valueSchema!;
    assert.equal(schema.name, 'name');
    assert.equal(schema.version, 1);
    assert.equal(schema.doc, 'doc');
    assert.deepEqual(schema.fields.map((f) => f.name), ['magic', 'topic_field', 'partition_field', 'timestamp_field', 'instance_id']);
    assert.equal(schema.field('magic')!.schema, Schema.OPTIONAL_INT64_SCHEMA);
    assert.equal(schema.field('topic_field')!.schema, Schema.STRING_SCHEMA);
    assert.equal(schema.field('partition_field')!.schema, Schema.OPTIONAL_INT32_SCHEMA);
    assert.ok(Timestamp.builder().optional().build().equals(schema.field('timestamp_field')!.schema));
    assert.equal(schema.field('instance_id')!.schema, Schema.OPTIONAL_STRING_SCHEMA);
    const value = out.value as Struct;
    assert.equal(value.get('magic'), 42);
    assert.equal(value.get('topic_field'), 'test');
    assert.equal(value.get('partition_field'), 0);
    assert.deepEqual(value.get('timestamp_field'), new Date(789));
    assert.equal(value.get('instance_id'), 'my-instance-id');

    // the derived schema is cached per input schema
    const again = xform.apply(sourceRecord({ topic: 'test', partition: 1, valueSchema: SIMPLE, value: new Struct(SIMPLE) }))!;
    assert.equal(again.valueSchema, out.valueSchema);
    // equal schemas built separately share the derived schema too
    const rebuilt = SchemaBuilder.struct().name('name').version(1).doc('doc').field('magic', Schema.OPTIONAL_INT64_SCHEMA).build();
    assert.equal(xform.apply(sourceRecord({ valueSchema: rebuilt, value: new Struct(rebuilt) }))!.valueSchema, out.valueSchema);
  });

  it('inserts into schemaless maps (Value)', () => {
    const xform = configured(InsertFieldValue, ALL);
    const out = xform.apply(sourceRecord({ topic: 'test', partition: 0, value: { magic: 42 }, timestamp: 123 }))!;
    assert.deepEqual(out.value, { magic: 42, topic_field: 'test', partition_field: 0, timestamp_field: 123, instance_id: 'my-instance-id' });
    assert.equal(out.valueSchema, null);
  });

  it('leaves out a null partition or timestamp when schemaless, and accepts JS Maps', () => {
    const xform = configured(InsertFieldValue, ALL);
    const out = xform.apply(sourceRecord({ topic: 't', partition: null, value: new Map([['a', 1]]), timestamp: null }))!;
    assert.deepEqual(out.value, { a: 1, topic_field: 't', instance_id: 'my-instance-id' });
    // a record of the same shape with both present uses another compiled variant
    const out2 = xform.apply(sourceRecord({ topic: 't', partition: 3, value: { a: 1 }, timestamp: 5 }))!;
    assert.deepEqual(out2.value, { a: 1, topic_field: 't', partition_field: 3, timestamp_field: 5, instance_id: 'my-instance-id' });
  });

  it('does not modify the input map, and handles keys that need quoting', () => {
    const xform = configured(InsertFieldValue, { 'static.field': 'a "quoted" \\ name', 'static.value': 'v' });
    const input = { 'x.y': 1, "it's": 2, '__proto__x': 3, '0': 4 };
    const out = xform.apply(sourceRecord({ value: input }))!;
    assert.deepEqual(input, { 'x.y': 1, "it's": 2, '__proto__x': 3, '0': 4 });
    assert.deepEqual(out.value, { '0': 4, 'x.y': 1, "it's": 2, '__proto__x': 3, 'a "quoted" \\ name': 'v' });
    const proto = JSON.parse('{"__proto__": 1, "b": 2}') as Record<string, unknown>;
    const out2 = xform.apply(sourceRecord({ value: proto }))!.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(out2), Object.prototype);
    assert.deepEqual(Object.entries(out2), [['__proto__', 1], ['b', 2], ['a "quoted" \\ name', 'v']]);
  });

  it('replaces an existing schemaless field with the inserted value', () => {
    const xform = configured(InsertFieldValue, { 'topic.field': 'a' });
    assert.deepEqual(xform.apply(sourceRecord({ topic: 't', value: { a: 1, b: 2 } }))!.value, { a: 't', b: 2 });
  });

  it('inserts the Kafka offset of sink records, and fails for source records', () => {
    const xform = configured(InsertFieldValue, { 'offset.field': 'offset' });
    assert.deepEqual(xform.apply(sinkRecord({ value: { a: 1 }, offset: 99 }))!.value, { a: 1, offset: 99 });
    const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
    const out = xform.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('a', 1), offset: 7 }))!;
    assert.equal(out.valueSchema!.field('offset')!.schema, Schema.OPTIONAL_INT64_SCHEMA);
    assert.equal((out.value as Struct).get('offset'), 7);
    assertDataError(() => xform.apply(sourceRecord({ topic: 'src', value: { a: 1 } })),
      /^Only SinkRecord supported for \[field insertion\], found: SourceRecord \(transform InsertField\$Value; record topic=src, partition=0\)$/);
  });

  it('makes `name!` fields required and `name?`/`name` optional', () => {
    const xform = configured(InsertFieldValue, { 'topic.field': 't!', 'partition.field': 'p?', 'offset.field': 'o!', 'timestamp.field': 'ts!' });
    const schema = SchemaBuilder.struct().build();
    const out = xform.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema), timestamp: 1 }))!;
    const s = out.valueSchema!;
    assert.equal(s.field('t')!.schema, Schema.STRING_SCHEMA);
    assert.equal(s.field('p')!.schema, Schema.OPTIONAL_INT32_SCHEMA);
    assert.equal(s.field('o')!.schema, Schema.INT64_SCHEMA);
    assert.equal(s.field('ts')!.schema, Timestamp.SCHEMA);
  });

  it('works on the key (Key variant), with and without schema', () => {
    const xform = configured(InsertFieldKey, { 'topic.field': 'topic_field' });
    const out = xform.apply(sourceRecord({ topic: 'k', key: { id: 1 }, value: 'v' }))!;
    assert.deepEqual(out.key, { id: 1, topic_field: 'k' });
    assert.equal(out.value, 'v');
    const schema = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).build();
    const out2 = xform.apply(sourceRecord({ topic: 'k', keySchema: schema, key: new Struct(schema).put('id', 1), value: 'v' }))!;
    assert.deepEqual(out2.keySchema!.fields.map((f) => f.name), ['id', 'topic_field']);
    assert.equal((out2.key as Struct).get('topic_field'), 'k');
    assert.equal(out2.valueSchema, null);
  });

  it('passes tombstones through unchanged', () => {
    const xform = configured(InsertFieldValue, ALL);
    const schemaless = sourceRecord({ value: null });
    assert.equal(xform.apply(schemaless), schemaless);
    const withSchema = sourceRecord({ valueSchema: SIMPLE, value: null });
    assert.equal(xform.apply(withSchema), withSchema);
  });

  it('honours replace.null.with.default', () => {
    const schema = SchemaBuilder.struct().field('opt', SchemaBuilder.int32().optional().defaultValue(5).build()).build();
    const value = new Struct(schema);
    const withDefault = configured(InsertFieldValue, { 'static.field': 's', 'static.value': 'x' })
      .apply(sourceRecord({ valueSchema: schema, value }))!.value as Struct;
    assert.equal(withDefault.getWithoutDefault('opt'), 5);
    const without = configured(InsertFieldValue, { 'static.field': 's', 'static.value': 'x', 'replace.null.with.default': 'false' })
      .apply(sourceRecord({ valueSchema: schema, value }))!.value as Struct;
    assert.equal(without.getWithoutDefault('opt'), null);
  });

  it('requires a Struct with a schema and a map without', () => {
    const xform = configured(InsertFieldValue, { 'topic.field': 'topic_field' });
    assertDataError(() => xform.apply(sourceRecord({ topic: 'x', valueSchema: Schema.INT32_SCHEMA, value: 42 })),
      /^Only Struct objects supported for \[field insertion\], found: java\.lang\.Integer \(transform InsertField\$Value; record topic=x, partition=0\)$/);
    assertDataError(() => xform.apply(sinkRecord({ topic: 'x', value: 'text', offset: 12 })),
      /^Only Map objects supported in absence of schema for \[field insertion\], found: java\.lang\.String .*offset=12\)$/);
  });

  it('rejects bad configs', () => {
    assertConfigError(InsertFieldValue, {}, 'No field insertion configured');
    assertConfigError(InsertFieldValue, { 'static.field': 'x' },
      'Invalid value null for configuration static.value: No value specified for static field: x');
    assertConfigError(InsertFieldValue, { 'topic.field': 't', 'replace.null.with.default': 'maybe' },
      /replace\.null\.with\.default.*true or false/);
  });

  it('declares its ConfigDef and version', () => {
    const xform = new InsertFieldValue();
    assert.deepEqual(xform.config().names(),
      ['topic.field', 'partition.field', 'offset.field', 'timestamp.field', 'static.field', 'static.value', 'replace.null.with.default']);
    assert.match(xform.version(), /^\d+\.\d+\.\d+/);
  });
});
