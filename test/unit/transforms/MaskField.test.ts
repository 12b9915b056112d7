import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal } from '../../../src/data/BigDecimal.js';
import { ConnectDate } from '../../../src/data/Date.js';
import { Decimal } from '../../../src/data/Decimal.js';
import { Schema } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { Time } from '../../../src/data/Time.js';
import { Timestamp } from '../../../src/data/Timestamp.js';
import { MaskFieldKey, MaskFieldValue } from '../../../transforms/MaskField.js';
import { assertConfigError, assertDataError, configured, sinkRecord } from './helpers.js';

const SCHEMA = SchemaBuilder.struct()
  .field('magic', Schema.INT32_SCHEMA)
  .field('bool', Schema.BOOLEAN_SCHEMA)
  .field('byte', Schema.INT8_SCHEMA)
  .field('short', Schema.INT16_SCHEMA)
  .field('int', Schema.INT32_SCHEMA)
  .field('long', Schema.INT64_SCHEMA)
  .field('float', Schema.FLOAT32_SCHEMA)
  .field('double', Schema.FLOAT64_SCHEMA)
  .field('string', Schema.STRING_SCHEMA)
  .field('date', ConnectDate.SCHEMA)
  .field('time', Time.SCHEMA)
  .field('timestamp', Timestamp.SCHEMA)
  .field('decimal', Decimal.schema(0))
  .field('array', SchemaBuilder.array(Schema.INT32_SCHEMA))
  .field('map', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA))
  .field('withDefault', SchemaBuilder.string().optional().defaultValue('default').build())
  .build();

function struct(): Struct {
  return new Struct(SCHEMA)
    .put('magic', 42).put('bool', true).put('byte', 42).put('short', 42).put('int', 42).put('long', 42)
    .put('float', 42).put('double', 42).put('string', 'hmm').put('date', new Date(86_400_000)).put('time', new Date(1000))
    .put('timestamp', new Date(12345)).put('decimal', BigDecimal.valueOf(42)).put('array', [1, 2, 3]).put('map', { what: 'what' });
}

const SCHEMALESS = {
  magic: 42, bool: true, long: 42, double: 42.5, big: 42n, string: '55.121.20.20', date: new Date(5), bigdec: BigDecimal.fromString('42.0'),
  list: [42], map: { key: 'value' }, jsMap: new Map([['k', 'v']]),
};
const MASKED_SCHEMALESS = Object.keys(SCHEMALESS).filter((k) => k !== 'magic');

describe('MaskField', () => {
  it('masks schemaless fields with the null value of their type', () => {
    const xform = configured(MaskFieldValue, { fields: MASKED_SCHEMALESS.join(',') });
    const out = xform.apply(sinkRecord({ value: SCHEMALESS }))!.value as Record<string, unknown>;
    assert.deepEqual(out, {
      magic: 42, bool: false, long: 0, double: 0, big: 0n, string: '', date: new Date(0), bigdec: BigDecimal.ZERO,
      list: [], map: {}, jsMap: new Map(),
    });
  });

  it('masks struct fields with the null value of their schema type, keeping the schema', () => {
    const fields = SCHEMA.fields.map((f) => f.name).filter((n) => n !== 'magic');
    const xform = configured(MaskFieldValue, { fields: fields.join(','), 'replace.null.with.default': 'false' });
    const out = xform.apply(sinkRecord({ valueSchema: SCHEMA, value: struct() }))!;
    assert.equal(out.valueSchema, SCHEMA);
    const v = out.value as Struct;
    assert.equal(v.get('magic'), 42);
    assert.equal(v.get('bool'), false);
    for (const n of ['byte', 'short', 'int', 'long', 'float', 'double']) assert.equal(v.get(n), 0, n);
    assert.equal(v.get('string'), '');
    for (const n of ['date', 'time', 'timestamp']) assert.deepEqual(v.get(n), new Date(0), n);
    assert.ok(BigDecimal.ZERO.equals(v.get('decimal')));
    assert.deepEqual(v.get('array'), []);
    assert.deepEqual(v.get('map'), {});
    assert.equal(v.getWithoutDefault('withDefault'), null);
  });

  it('masks with a replacement converted to the field type', () => {
    const schemaless = (field: string, replacement: string): unknown =>
      (configured(MaskFieldValue, { fields: field, replacement }).apply(sinkRecord({ value: SCHEMALESS }))!.value as Record<string, unknown>)[field];
    assert.equal(schemaless('long', '123'), 123);
    assert.equal(schemaless('long', '123.9'), 123);
    assert.equal(schemaless('double', '123.5'), 123.5);
    assert.equal(schemaless('big', '99999999999999999999'), 7766279631452241919n);
    assert.equal(schemaless('string', '***'), '***');
    assert.ok(BigDecimal.fromString('12.50').equals(schemaless('bigdec', '12.50')));

    const withSchema = (field: string, replacement: string): unknown =>
      (configured(MaskFieldValue, { fields: field, replacement }).apply(sinkRecord({ valueSchema: SCHEMA, value: struct() }))!.value as Struct).get(field);
    assert.equal(withSchema('byte', '300'), 44);
    assert.equal(withSchema('short', '123'), 123);
    assert.equal(withSchema('int', '123'), 123);
    assert.equal(withSchema('long', '123'), 123);
    assert.equal(withSchema('float', '0.1'), Math.fround(0.1));
    assert.equal(withSchema('double', '123.0'), 123);
    assert.equal(withSchema('string', 'xxx'), 'xxx');
    assert.ok(BigDecimal.fromString('42').equals(withSchema('decimal', '42')));
  });

  it('rejects replacements for types that have none, or that do not convert', () => {
    assertDataError(() => configured(MaskFieldValue, { fields: 'date', replacement: 'x' }).apply(sinkRecord({ value: SCHEMALESS })),
      /^Cannot mask value of type class java\.util\.Date with custom replacement\. \(transform MaskField\$Value, field date; record topic=test, partition=0, offset=42\)$/);
    assertDataError(() => configured(MaskFieldValue, { fields: 'bool', replacement: 'x' }).apply(sinkRecord({ value: SCHEMALESS })),
      /Cannot mask value of type class java\.lang\.Boolean with custom replacement\./);
    assertDataError(() => configured(MaskFieldValue, { fields: 'list', replacement: 'x' }).apply(sinkRecord({ value: SCHEMALESS })),
      /Cannot mask value of type class java\.util\.ArrayList with custom replacement\./);
    assertDataError(() => configured(MaskFieldValue, { fields: 'timestamp', replacement: 'x' }).apply(sinkRecord({ valueSchema: SCHEMA, value: struct() })),
      /Cannot mask value of type class java\.util\.Date with custom replacement\./);
    assertDataError(() => configured(MaskFieldValue, { fields: 'long', replacement: 'foo' }).apply(sinkRecord({ value: SCHEMALESS })),
      /^Unable to convert foo \(class java\.lang\.String\) to a number .*field long/);
    assertDataError(() => configured(MaskFieldValue, { fields: 'bigdec', replacement: 'foo' }).apply(sinkRecord({ value: SCHEMALESS })),
      /^Unable to convert foo \(class java\.lang\.String\) to number .*field bigdec/);
  });

  it('cannot mask bytes or structs without a replacement', () => {
    const schema = SchemaBuilder.struct().field('b', Schema.BYTES_SCHEMA).build();
    assertDataError(() => configured(MaskFieldValue, { fields: 'b' })
      .apply(sinkRecord({ valueSchema: schema, value: new Struct(schema).put('b', new Uint8Array([1])) })),
    /^Cannot mask value of type: class \[B .*field b/);
  });

  it('keeps null values null and masks absent schemaless fields to null', () => {
    const xform = configured(MaskFieldValue, { fields: 'a,missing' });
    assert.deepEqual(xform.apply(sinkRecord({ value: { a: null, b: 1 } }))!.value, { a: null, b: 1, missing: null });
  });

  it('masks keys (Key variant)', () => {
    const xform = configured(MaskFieldKey, { fields: 'ssn' });
    const out = xform.apply(sinkRecord({ key: { ssn: '123', id: 1 }, value: { ssn: '123' } }))!;
    assert.deepEqual(out.key, { ssn: '', id: 1 });
    assert.deepEqual(out.value, { ssn: '123' });
  });

  it('fails on tombstones and values of the wrong kind, as Kafka does', () => {
    const xform = configured(MaskFieldValue, { fields: 'a' });
    assertDataError(() => xform.apply(sinkRecord({ value: null })), /^Only Map objects supported in absence of schema for \[mask fields\], found: null/);
    assertDataError(() => xform.apply(sinkRecord({ valueSchema: SCHEMA, value: null })), /^Only Struct objects supported for \[mask fields\], found: null/);
  });

  it('rejects bad configs', () => {
    assertConfigError(MaskFieldValue, {}, 'Missing required configuration "fields" which has no default value.');
    assertConfigError(MaskFieldValue, { fields: '' }, 'Invalid value [] for configuration fields: Empty list');
    assertConfigError(MaskFieldValue, { fields: 'a', replacement: '' }, 'Invalid value  for configuration replacement: String must be non-empty');
  });
});
