import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { ValueToKey } from '../../../transforms/ValueToKey.js';
import { assertConfigError, assertDataError, configured, sinkRecord } from './helpers.js';

const SCHEMA = SchemaBuilder.struct()
  .field('a', Schema.INT32_SCHEMA)
  .field('b', Schema.INT32_SCHEMA)
  .field('c', Schema.INT32_SCHEMA)
  .build();

describe('ValueToKey', () => {
  it('builds a schemaless key map from value fields', () => {
    const xform = configured(ValueToKey, { fields: 'a,b' });
    const out = xform.apply(sinkRecord({ key: 'old', value: { a: 1, b: 2, c: 3 } }))!;
    assert.deepEqual(out.key, { a: 1, b: 2 });
    assert.equal(out.keySchema, null);
    assert.deepEqual(out.value, { a: 1, b: 2, c: 3 });
    // absent fields become null entries
    assert.deepEqual(xform.apply(sinkRecord({ value: { a: 1 } }))!.key, { a: 1, b: null });
  });

  it('builds a key struct with a derived, cached schema', () => {
    const xform = configured(ValueToKey, { fields: 'a,b' });
    const value = new Struct(SCHEMA).put('a', 1).put('b', 2).put('c', 3);
    const out = xform.apply(sinkRecord({ valueSchema: SCHEMA, value }))!;
    const expectedKeySchema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', Schema.INT32_SCHEMA).build();
    assert.ok(expectedKeySchema.equals(out.keySchema));
    const key = out.key as Struct;
    assert.equal(key.get('a'), 1);
    assert.equal(key.get('b'), 2);
    assert.equal(out.value, value);
    assert.equal(out.valueSchema, SCHEMA);
    assert.equal(xform.apply(sinkRecord({ valueSchema: SCHEMA, value }))!.keySchema, out.keySchema);
  });

  for (const [replace, expected] of [['true', 42], ['false', null]] as const) {
    it(`replace.null.with.default=${replace}`, () => {
      const schema = SchemaBuilder.struct().field('a', SchemaBuilder.int32().optional().defaultValue(42).build()).build();
      const xform = configured(ValueToKey, { fields: 'a', 'replace.null.with.default': replace });
      assert.equal((xform.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) }))!.key as Struct).getWithoutDefault('a'), expected);
    });
  }

  it('fails for a field the value schema does not have', () => {
    const xform = configured(ValueToKey, { fields: 'a,not_exist' });
    assertDataError(() => xform.apply(sinkRecord({ topic: 'o', valueSchema: SCHEMA, value: new Struct(SCHEMA).put('a', 1).put('b', 2).put('c', 3), offset: 3 })),
      /^Field does not exist: not_exist \(transform ValueToKey, field not_exist; record topic=o, partition=0, offset=3\)$/);
  });

  it('requires a map or a struct value', () => {
    const xform = configured(ValueToKey, { fields: 'a' });
    assertDataError(() => xform.apply(sinkRecord({ value: null })), /Only Map objects supported in absence of schema for \[copying fields from value to key\], found: null/);
    assertDataError(() => xform.apply(sinkRecord({ valueSchema: Schema.INT32_SCHEMA, value: 1 })), /Only Struct objects supported for \[copying fields from value to key\]/);
  });

  it('rejects bad configs', () => {
    assertConfigError(ValueToKey, {}, /Missing required configuration "fields"/);
    assertConfigError(ValueToKey, { fields: '' }, 'Invalid value [] for configuration fields: Empty list');
  });
});
