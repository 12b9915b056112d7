import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { ReplaceFieldKey, ReplaceFieldValue } from '../../../transforms/ReplaceField.js';
import { assertConfigError, assertDataError, configured, sinkRecord } from './helpers.js';

const SCHEMA = SchemaBuilder.struct().name('r').version(3)
  .field('dont', Schema.STRING_SCHEMA)
  .field('abc', Schema.INT32_SCHEMA)
  .field('foo', Schema.BOOLEAN_SCHEMA)
  .field('etc', Schema.STRING_SCHEMA)
  .build();

function struct(): Struct {
  return new Struct(SCHEMA).put('dont', 'whatever').put('abc', 42).put('foo', true).put('etc', 'etc');
}

describe('ReplaceField', () => {
  it('excludes and renames schemaless fields', () => {
    const xform = configured(ReplaceFieldValue, { exclude: 'dont', renames: 'abc:xyz,foo:bar' });
    const out = xform.apply(sinkRecord({ value: { dont: 'whatever', abc: 42, foo: true, etc: 'etc' } }))!;
    assert.deepEqual(out.value, { xyz: 42, bar: true, etc: 'etc' });
    // another shape goes through its own compiled copy
    assert.deepEqual(xform.apply(sinkRecord({ value: { foo: 1, other: 2 } }))!.value, { bar: 1, other: 2 });
  });

  it('includes and renames struct fields, keeping the schema name and version', () => {
    const xform = configured(ReplaceFieldValue, { include: 'abc,foo', renames: 'abc:xyz,foo:bar' });
    const out = xform.apply(sinkRecord({ valueSchema: SCHEMA, value: struct() }))!;
    const value = out.value as Struct;
    assert.deepEqual(value.schema.fields.map((f) => [f.name, f.schema]), [['xyz', Schema.INT32_SCHEMA], ['bar', Schema.BOOLEAN_SCHEMA]]);
    assert.equal(value.schema.name, 'r');
    assert.equal(value.schema.version, 3);
    assert.equal(value.get('xyz'), 42);
    assert.equal(value.get('bar'), true);
    assert.equal(xform.apply(sinkRecord({ valueSchema: SCHEMA, value: struct() }))!.valueSchema, out.valueSchema);
  });

  it('gives exclude precedence over include', () => {
    const xform = configured(ReplaceFieldValue, { include: 'abc,foo', exclude: 'foo' });
    assert.deepEqual(xform.apply(sinkRecord({ value: { abc: 1, foo: 2, etc: 3 } }))!.value, { abc: 1 });
    assert.deepEqual((xform.apply(sinkRecord({ valueSchema: SCHEMA, value: struct() }))!.value as Struct).schema.fields.map((f) => f.name), ['abc']);
  });

  it('accepts the deprecated blacklist and whitelist names', () => {
    const black = configured(ReplaceFieldValue, { blacklist: 'dont,etc' });
    assert.deepEqual(black.apply(sinkRecord({ value: { dont: 1, abc: 2, etc: 3 } }))!.value, { abc: 2 });
    const white = configured(ReplaceFieldValue, { whitelist: 'abc' });
    assert.deepEqual(white.apply(sinkRecord({ value: { dont: 1, abc: 2, etc: 3 } }))!.value, { abc: 2 });
    // the new name wins when both are given
    const both = configured(ReplaceFieldValue, { exclude: 'abc', blacklist: 'dont' });
    assert.deepEqual(both.apply(sinkRecord({ value: { dont: 1, abc: 2 } }))!.value, { dont: 1 });
  });

  it('passes tombstones through, with or without schema', () => {
    const xform = configured(ReplaceFieldValue, { include: 'abc,foo', renames: 'abc:xyz,foo:bar' });
    const schemaless = sinkRecord({ value: null });
    assert.equal(xform.apply(schemaless), schemaless);
    const withSchema = sinkRecord({ valueSchema: SCHEMA, value: null });
    assert.equal(xform.apply(withSchema)!.valueSchema, SCHEMA);
  });

  for (const [replace, expected] of [['true', 42], ['false', null]] as const) {
    it(`replace.null.with.default=${replace} on Value and Key`, () => {
      const schema = SchemaBuilder.struct().field('abc', SchemaBuilder.int32().optional().defaultValue(42).build()).build();
      const props = { include: 'abc', renames: 'abc:optional_with_default', 'replace.null.with.default': replace };
      const value = configured(ReplaceFieldValue, props).apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) }))!.value as Struct;
      assert.equal(value.schema.fields.length, 1);
      assert.equal(value.getWithoutDefault('optional_with_default'), expected);
      const key = configured(ReplaceFieldKey, props).apply(sinkRecord({ keySchema: schema, key: new Struct(schema) }))!.key as Struct;
      assert.equal(key.getWithoutDefault('optional_with_default'), expected);
    });
  }

  it('works on keys (Key variant) without schema', () => {
    const xform = configured(ReplaceFieldKey, { exclude: 'b' });
    const out = xform.apply(sinkRecord({ key: { a: 1, b: 2 }, value: { b: 3 } }))!;
    assert.deepEqual(out.key, { a: 1 });
    assert.deepEqual(out.value, { b: 3 });
  });

  it('keeps a "__proto__" key a plain key', () => {
    const xform = configured(ReplaceFieldValue, { exclude: 'x' });
    const out = xform.apply(sinkRecord({ value: JSON.parse('{"__proto__": {"polluted": 1}, "a": 2, "x": 3}') }))!.value as object;
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.deepEqual(Object.keys(out), ['__proto__', 'a']);
  });

  it('rejects values of the wrong kind', () => {
    const xform = configured(ReplaceFieldValue, { exclude: 'a' });
    assertDataError(() => xform.apply(sinkRecord({ topic: 't', value: [1, 2], offset: 5 })),
      /^Only Map objects supported in absence of schema for \[field replacement\], found: java\.util\.ArrayList \(transform ReplaceField\$Value; record topic=t, partition=0, offset=5\)$/);
    assertDataError(() => xform.apply(sinkRecord({ valueSchema: Schema.STRING_SCHEMA, value: 'x' })),
      /^Only Struct objects supported for \[field replacement\], found: java\.lang\.String/);
  });

  it('rejects bad rename mappings', () => {
    assertConfigError(ReplaceFieldValue, { renames: 'abc:xyz,oops' },
      'Invalid value [abc:xyz, oops] for configuration renames: Invalid rename mapping: oops');
    assertConfigError(ReplaceFieldValue, { renames: 'a:b:c' }, /Invalid rename mapping: a:b:c/);
    assertConfigError(ReplaceFieldValue, { renames: 'a:' }, /Invalid rename mapping: a:/);
  });
});
