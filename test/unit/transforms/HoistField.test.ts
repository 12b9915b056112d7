import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import type { Struct } from '../../../src/data/Struct.js';
import { HoistFieldKey, HoistFieldValue } from '../../../transforms/HoistField.js';
import { assertConfigError, assertDataError, configured, sinkRecord, sourceRecord } from './helpers.js';

describe('HoistField', () => {
  it('wraps a schemaless key in a map (Key)', () => {
    const xform = configured(HoistFieldKey, { field: 'magic' });
    const out = xform.apply(sinkRecord({ key: 42, value: 'v' }))!;
    assert.equal(out.keySchema, null);
    assert.deepEqual(out.key, { magic: 42 });
    assert.equal(out.value, 'v');
  });

  it('wraps a key with schema in a struct (Key)', () => {
    const xform = configured(HoistFieldKey, { field: 'magic' });
    const out = xform.apply(sinkRecord({ keySchema: Schema.INT32_SCHEMA, key: 42 }))!;
    assert.ok(SchemaBuilder.struct().field('magic', Schema.INT32_SCHEMA).build().equals(out.keySchema));
    assert.equal((out.key as Struct).get('magic'), 42);
    assert.equal(xform.apply(sinkRecord({ keySchema: Schema.INT32_SCHEMA, key: 1 }))!.keySchema, out.keySchema);
  });

  it('configured again, wraps schemas it has seen under the new field name', () => {
    const xform = configured(HoistFieldKey, { field: 'magic' });
    xform.apply(sinkRecord({ keySchema: Schema.INT32_SCHEMA, key: 42 }));
    xform.configure({ field: 'other' });
    const out = xform.apply(sinkRecord({ keySchema: Schema.INT32_SCHEMA, key: 42 }))!;
    assert.deepEqual(out.keySchema!.fields.map((f) => f.name), ['other']);
  });

  it('wraps the value (Value), tombstones included', () => {
    const xform = configured(HoistFieldValue, { field: 'line' });
    assert.deepEqual(xform.apply(sourceRecord({ value: 'hello' }))!.value, { line: 'hello' });
    assert.deepEqual(xform.apply(sourceRecord({ value: null }))!.value, { line: null });
    const out = xform.apply(sourceRecord({ valueSchema: Schema.OPTIONAL_STRING_SCHEMA, value: null }))!;
    assert.equal((out.value as Struct).get('line'), null);
  });

  it('rejects a null value for a required schema', () => {
    const xform = configured(HoistFieldValue, { field: 'line' });
    assertDataError(() => xform.apply(sourceRecord({ topic: 'x', valueSchema: Schema.STRING_SCHEMA, value: null })),
      /Invalid value: null used for required field: "line", schema type: STRING \(transform HoistField\$Value; record topic=x/);
  });

  it('requires a field name', () => {
    assertConfigError(HoistFieldValue, {}, 'Missing required configuration "field" which has no default value.');
  });
});
