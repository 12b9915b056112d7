import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from '../../../transforms/SetSchemaMetadata.js';
import { assertConfigError, assertDataError, configured, sinkRecord } from './helpers.js';

describe('SetSchemaMetadata', () => {
  it('sets the name, the version or both', () => {
    const record = sinkRecord({ valueSchema: SchemaBuilder.struct().build(), value: null });
    assert.equal(configured(SetSchemaMetadataValue, { 'schema.name': 'foo' }).apply(record)!.valueSchema!.name, 'foo');
    assert.equal(configured(SetSchemaMetadataValue, { 'schema.version': '42' }).apply(record)!.valueSchema!.version, 42);
    const both = configured(SetSchemaMetadataValue, { 'schema.name': 'foo', 'schema.version': '42' }).apply(record)!.valueSchema!;
    assert.equal(both.name, 'foo');
    assert.equal(both.version, 42);
  });

  it('copies a struct value onto the renamed schema', () => {
    const schema = SchemaBuilder.struct().name('old').version(1).doc('d')
      .field('stringField', Schema.STRING_SCHEMA).field('intField', Schema.INT32_SCHEMA).build();
    const value = new Struct(schema).put('stringField', 'value').put('intField', 1);
    const out = configured(SetSchemaMetadataValue, { 'schema.name': 'foo', 'schema.version': '42' }).apply(sinkRecord({ valueSchema: schema, value }))!;
    const v = out.value as Struct;
    assert.equal(v.schema, out.valueSchema);
    assert.equal(v.schema.name, 'foo');
    assert.equal(v.schema.version, 42);
    assert.equal(v.schema.doc, 'd');
    assert.equal(v.get('stringField'), 'value');
    assert.equal(v.get('intField'), 1);
  });

  for (const [replace, expected] of [['true', 42], ['false', null]] as const) {
    it(`replace.null.with.default=${replace}`, () => {
      const schema = SchemaBuilder.struct().field('f', SchemaBuilder.int32().optional().defaultValue(42).build()).build();
      const out = configured(SetSchemaMetadataValue, { 'schema.name': 'n', 'replace.null.with.default': replace })
        .apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) }))!;
      assert.equal((out.value as Struct).getWithoutDefault('f'), expected);
    });
  }

  it('renames primitive, array and map schemas too (Key)', () => {
    const xform = configured(SetSchemaMetadataKey, { 'schema.name': 'id' });
    const out = xform.apply(sinkRecord({ keySchema: Schema.OPTIONAL_INT64_SCHEMA, key: 5 }))!;
    assert.equal(out.keySchema!.name, 'id');
    assert.equal(out.keySchema!.type, 'INT64');
    assert.equal(out.keySchema!.optional, true);
    assert.equal(out.key, 5);
    const map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
    const m = xform.apply(sinkRecord({ keySchema: map, key: { a: 1 } }))!.keySchema!;
    assert.equal(m.keySchema, Schema.STRING_SCHEMA);
    assert.equal(m.valueSchema, Schema.INT32_SCHEMA);
  });

  it('ignores records with neither value nor schema, and requires a schema otherwise', () => {
    const xform = configured(SetSchemaMetadataValue, { 'schema.name': 'foo' });
    const tombstone = sinkRecord({ value: null });
    assert.equal(xform.apply(tombstone), tombstone);
    assertDataError(() => xform.apply(sinkRecord({ value: 'x' })), /^Schema required for \[updating schema metadata\]/);
  });

  it('leaves non-struct values as they are', () => {
    const xform = configured(SetSchemaMetadataValue, { 'schema.name': 'foo' });
    assert.equal(xform.updateSchemaIn('x', Schema.STRING_SCHEMA), 'x');
    assert.equal(xform.updateSchemaIn(null, Schema.STRING_SCHEMA), null);
  });

  it('rejects bad configs', () => {
    assertConfigError(SetSchemaMetadataValue, {}, 'Neither schema name nor version configured');
    assertConfigError(SetSchemaMetadataValue, { 'schema.version': 'x' }, 'Invalid value x for configuration schema.version: Not a number of type INT');
  });
});
