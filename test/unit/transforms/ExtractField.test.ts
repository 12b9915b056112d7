import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { ExtractFieldKey, ExtractFieldValue } from '../../../transforms/ExtractField.js';
import { SingleFieldPath } from '../../../transforms/util/SingleFieldPath.js';
import { assertConfigError, assertDataError, configured, sinkRecord } from './helpers.js';

describe('ExtractField', () => {
  it('extracts from schemaless maps (Key)', () => {
    const xform = configured(ExtractFieldKey, { field: 'magic' });
    const out = xform.apply(sinkRecord({ key: { magic: 42 } }))!;
    assert.equal(out.keySchema, null);
    assert.equal(out.key, 42);
    assert.equal(xform.apply(sinkRecord({ key: { other: 1 } }))!.key, null);
    assert.equal(xform.apply(sinkRecord({ key: new Map([['magic', 7]]) }))!.key, 7);
  });

  it('extracts nested schemaless fields with field.syntax.version=V2', () => {
    const xform = configured(ExtractFieldKey, { field: 'magic.foo', 'field.syntax.version': 'v2' });
    assert.equal(xform.apply(sinkRecord({ key: { magic: { foo: 42 } } }))!.key, 42);
    assert.equal(xform.apply(sinkRecord({ key: { magic: null } }))!.key, null);
    const v1 = configured(ExtractFieldKey, { field: 'magic.foo' });
    assert.equal(v1.apply(sinkRecord({ key: { 'magic.foo': 1, magic: { foo: 2 } } }))!.key, 1);
    const backticks = configured(ExtractFieldValue, { field: '`a.b`.c', 'field.syntax.version': 'V2' });
    assert.equal(backticks.apply(sinkRecord({ value: { 'a.b': { c: 'x' } } }))!.value, 'x');
  });

  it('extracts from structs with the field schema (Key)', () => {
    const xform = configured(ExtractFieldKey, { field: 'magic' });
    const schema = SchemaBuilder.struct().field('magic', Schema.INT32_SCHEMA).build();
    const out = xform.apply(sinkRecord({ keySchema: schema, key: new Struct(schema).put('magic', 42) }))!;
    assert.equal(out.keySchema, Schema.INT32_SCHEMA);
    assert.equal(out.key, 42);
  });

  it('extracts nested struct fields with V2', () => {
    const inner = SchemaBuilder.struct().field('foo', Schema.INT32_SCHEMA).build();
    const schema = SchemaBuilder.struct().field('magic', inner).build();
    const xform = configured(ExtractFieldValue, { field: 'magic.foo', 'field.syntax.version': 'V2' });
    const out = xform.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('magic', new Struct(inner).put('foo', 42)) }))!;
    assert.equal(out.valueSchema, Schema.INT32_SCHEMA);
    assert.equal(out.value, 42);
  });

  it('passes null values through with the field schema', () => {
    const schema = SchemaBuilder.struct().field('magic', Schema.INT32_SCHEMA).build();
    const withSchema = configured(ExtractFieldKey, { field: 'magic' }).apply(sinkRecord({ keySchema: schema, key: null }))!;
    assert.equal(withSchema.key, null);
    assert.equal(withSchema.keySchema, Schema.INT32_SCHEMA);
    assert.equal(configured(ExtractFieldKey, { field: 'magic' }).apply(sinkRecord({ key: null }))!.key, null);
  });

  for (const [replace, expected] of [['true', 42], ['false', null]] as const) {
    it(`replace.null.with.default=${replace}`, () => {
      const schema = SchemaBuilder.struct().field('magic', SchemaBuilder.int32().optional().defaultValue(42).build()).build();
      const xform = configured(ExtractFieldValue, { field: 'magic', 'replace.null.with.default': replace });
      assert.equal(xform.apply(sinkRecord({ valueSchema: schema, value: new Struct(schema) }))!.value, expected);
    });
  }

  it('fails for an unknown struct field and for values of the wrong kind', () => {
    const schema = SchemaBuilder.struct().field('magic', Schema.INT32_SCHEMA).build();
    const xform = configured(ExtractFieldKey, { field: 'nonexistent' });
    assertDataError(() => xform.apply(sinkRecord({ topic: 'k', keySchema: schema, key: new Struct(schema).put('magic', 1), offset: 9 })),
      /^Unknown field: nonexistent \(transform ExtractField\$Key, field nonexistent; record topic=k, partition=0, offset=9\)$/);
    assertDataError(() => xform.apply(sinkRecord({ key: 'text' })), /Only Map objects supported in absence of schema for \[field extraction\], found: java\.lang\.String/);
    assertDataError(() => configured(ExtractFieldValue, { field: 'a.b', 'field.syntax.version': 'V2' }).apply(sinkRecord({ value: { a: 5 } })),
      /Only Map objects supported in absence of schema for \[nested field access\], found: java\.lang\.Integer/);
  });

  it('rejects bad configs', () => {
    assertConfigError(ExtractFieldValue, {}, /Missing required configuration "field"/);
    assertConfigError(ExtractFieldValue, { field: 'a', 'field.syntax.version': 'V3' },
      'Invalid value V3 for configuration field.syntax.version: String must be one of (case insensitive): V1, V2');
    assertConfigError(ExtractFieldValue, { field: '`a.b', 'field.syntax.version': 'V2' },
      'Incomplete backtick pair in path: [`a.b], consider adding a backslash before backtick at position 0 to escape it');
  });
});

describe('SingleFieldPath', () => {
  const v2 = (p: string): readonly string[] => new SingleFieldPath(p, 'V2').steps;
  it('parses V1 paths as one step', () => {
    for (const p of ['foo.bar.baz', 'foo`bar`', 'foo.`bar.baz`']) assert.deepEqual(new SingleFieldPath(p, 'V1').steps, [p]);
  });
  it('parses V2 dotted paths, empty names included', () => {
    assert.deepEqual(v2(''), []);
    assert.deepEqual(v2('foobarbaz'), ['foobarbaz']);
    assert.deepEqual(v2('foo.bar.baz'), ['foo', 'bar', 'baz']);
    assert.deepEqual(v2('..'), ['', '', '']);
    assert.deepEqual(v2('foo..'), ['foo', '', '']);
    assert.deepEqual(v2('.bar.'), ['', 'bar', '']);
    assert.deepEqual(v2('..baz'), ['', '', 'baz']);
  });
  it('parses V2 backtick pairs and escapes', () => {
    assert.deepEqual(v2('foo`bar`baz'), ['foo`bar`baz']);
    assert.deepEqual(v2('`foo.bar.baz`'), ['foo.bar.baz']);
    assert.deepEqual(v2('foo.`bar.baz`'), ['foo', 'bar.baz']);
    assert.deepEqual(v2('`foo.bar`.baz'), ['foo.bar', 'baz']);
    assert.deepEqual(v2('foo.`bar`.baz'), ['foo', 'bar', 'baz']);
    assert.deepEqual(v2('foo.``bar.baz`'), ['foo', '`bar.baz']);
    assert.deepEqual(v2('foo.`bar.baz``'), ['foo', 'bar.baz`']);
    assert.deepEqual(v2('foo.`ba`r.baz`'), ['foo', 'ba`r.baz']);
    assert.deepEqual(v2('foo.ba`r.baz'), ['foo', 'ba`r', 'baz']);
    assert.deepEqual(v2('foo.``bar``.baz'), ['foo', '`bar`', 'baz']);
    assert.deepEqual(v2('``foo.bar.baz``'), ['`foo.bar.baz`']);
    assert.deepEqual(v2('foo.`bar\\`.baz`'), ['foo', 'bar`.baz']);
    assert.deepEqual(v2('foo.`bar.`baz`'), ['foo', 'bar.`baz']);
    assert.deepEqual(v2('foo.`bar\\`.`baz`'), ['foo', 'bar`.`baz']);
    assert.deepEqual(v2('foo.`bar\\\\`.\\`baz`'), ['foo', 'bar\\`.\\`baz']);
  });
  it('fails on incomplete backtick pairs', () => {
    for (const [p, at] of [['`foo.bar.baz', 0], ['foo.`bar.baz', 4], ['foo.bar.`baz', 8], ['foo.bar.`baz\\`', 8]] as const) {
      assert.throws(() => v2(p), { message: `Incomplete backtick pair in path: [${p}], consider adding a backslash before backtick at position ${at} to escape it` });
    }
  });
});
