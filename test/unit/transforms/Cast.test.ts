import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BigDecimal } from '../../../src/data/BigDecimal.js';
import { ConnectDate } from '../../../src/data/Date.js';
import { Decimal } from '../../../src/data/Decimal.js';
import { Schema, type SchemaType } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { Time } from '../../../src/data/Time.js';
import { Timestamp } from '../../../src/data/Timestamp.js';
import { CastKey, CastValue } from '../../../transforms/Cast.js';
import { assertConfigError, assertDataError, configured, sourceRecord } from './helpers.js';

const DAY = 86_400_000;

function castWhole(spec: string, schema: Schema | null, value: unknown): { schema: Schema | null; value: unknown } {
  const out = configured(CastValue, { spec }).apply(sourceRecord({ valueSchema: schema, value }))!;
  return { schema: out.valueSchema, value: out.value };
}

describe('Cast', () => {
  describe('config', () => {
    it('requires a non-empty spec of valid output types', () => {
      assertConfigError(CastValue, {}, 'Missing required configuration "spec" which has no default value.');
      assertConfigError(CastValue, { spec: '' }, 'Invalid value [] for configuration spec: Must specify at least one field to cast.');
      assertConfigError(CastValue, { spec: 'foo:faketype' }, 'Invalid value [foo:faketype] for configuration spec: Invalid type found in casting spec: faketype');
      assertConfigError(CastValue, { spec: 'foo:array' },
        'Invalid value [foo:array] for configuration spec: Cast transformation does not support casting to ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]');
      assertConfigError(CastValue, { spec: 'bytes' }, /does not support casting to BYTES/);
      assertConfigError(CastValue, { spec: 'foo:int8:extra' }, 'Invalid value [foo:int8:extra] for configuration spec: Invalid rename mapping: foo:int8:extra');
      assertConfigError(CastValue, { spec: 'int8,int32' },
        /Cast transformations that specify a type to cast the entire value to may only specify a single cast in their spec$/);
    });
  });

  describe('whole value with schema', () => {
    const cases: [string, SchemaType, unknown][] = [
      ['int8', 'INT8', 42], ['int16', 'INT16', 42], ['int32', 'INT32', 42], ['int64', 'INT64', 42],
      ['float32', 'FLOAT32', 42], ['float64', 'FLOAT64', 42], ['boolean', 'BOOLEAN', true], ['string', 'STRING', '42'],
    ];
    for (const [spec, type, expected] of cases) {
      it(`casts an INT32 42 to ${spec}`, () => {
        const out = castWhole(spec, Schema.INT32_SCHEMA, 42);
        assert.equal(out.schema!.type, type);
        assert.equal(out.value, expected);
      });
    }

    it('casts 0 to boolean false, a Decimal and a Timestamp to string', () => {
      assert.equal(castWhole('boolean', Schema.INT32_SCHEMA, 0).value, false);
      assert.equal(castWhole('string', Decimal.schema(0), BigDecimal.valueOf(42)).value, '42');
      assert.equal(castWhole('string', Timestamp.SCHEMA, new Date(DAY + 1)).value, '1970-01-02T00:00:00.001Z');
    });

    it('casts the key (Key variant)', () => {
      const out = configured(CastKey, { spec: 'int8' }).apply(sourceRecord({ keySchema: Schema.INT32_SCHEMA, key: 42, value: 'v' }))!;
      assert.equal(out.keySchema!.type, 'INT8');
      assert.equal(out.key, 42);
      assert.equal(out.value, 'v');
    });

    it('casts the schema default and keeps optionality', () => {
      const schema = SchemaBuilder.float32().optional().defaultValue(-42.125).build();
      const out = castWhole('int32', schema, 42.5);
      assert.equal(out.value, 42);
      assert.equal(out.schema!.defaultValue, -42);
      assert.equal(out.schema!.optional, true);
    });

    it('passes null values and keys through', () => {
      const record = sourceRecord({ valueSchema: Schema.OPTIONAL_INT32_SCHEMA, value: null });
      assert.equal(configured(CastValue, { spec: 'int8' }).apply(record), record);
      const keyRecord = sourceRecord({ keySchema: Schema.OPTIONAL_INT32_SCHEMA, key: null });
      assert.equal(configured(CastKey, { spec: 'int8' }).apply(keyRecord), keyRecord);
    });
  });

  describe('whole value without schema', () => {
    it('casts numbers, booleans and strings', () => {
      assert.equal(castWhole('int8', null, 42).value, 42);
      assert.equal(castWhole('int16', null, 42).value, 42);
      assert.equal(castWhole('int32', null, 42).value, 42);
      assert.equal(castWhole('int64', null, 42).value, 42);
      assert.equal(castWhole('float32', null, 42).value, 42);
      assert.equal(castWhole('float64', null, 42).value, 42);
      assert.equal(castWhole('boolean', null, 42).value, true);
      assert.equal(castWhole('boolean', null, 0).value, false);
      assert.equal(castWhole('string', null, 42).value, '42');
      assert.equal(castWhole('string', null, 1.5).value, '1.5');
      assert.equal(castWhole('string', null, 12345678901234567890n).value, '12345678901234567890');
      assert.equal(castWhole('int32', null, '17').value, 17);
      assert.equal(castWhole('boolean', null, 'TRUE').value, true);
      assert.equal(castWhole('boolean', null, 'yes').value, false);
      assert.equal(configured(CastKey, { spec: 'int8' }).apply(sourceRecord({ key: 42 }))!.key, 42);
    });

    it('rejects values Connect cannot type', () => {
      assertDataError(() => castWhole('int8', null, new Date(0)),
        /^Cast transformation was passed a value of type class java\.util\.Date which is not supported by Connect's data API/);
      assertDataError(() => castWhole('int8', null, [1]),
        /^Cast transformation does not support casting from ARRAY; supported types are \[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES\]/);
    });
  });

  describe('Java conversions', () => {
    it('narrows integers by their low bits and floats through int', () => {
      assert.equal(castWhole('int8', Schema.INT32_SCHEMA, 300).value, 44);
      assert.equal(castWhole('int16', Schema.INT64_SCHEMA, 70000).value, 4464);
      assert.equal(castWhole('int32', Schema.INT64_SCHEMA, 2 ** 40 + 5).value, 5);
      assert.equal(castWhole('int8', Schema.FLOAT64_SCHEMA, 1e10).value, -1);
      assert.equal(castWhole('int32', Schema.FLOAT64_SCHEMA, -2.9).value, -2);
      assert.equal(castWhole('int32', Schema.FLOAT64_SCHEMA, NaN).value, 0);
      assert.equal(castWhole('int64', Schema.FLOAT64_SCHEMA, 1e30).value, 9223372036854775807n);
      assert.equal(castWhole('int32', Decimal.schema(0), BigDecimal.valueOf(2147483648)).value, -2147483648);
      assert.equal(castWhole('float32', Schema.FLOAT64_SCHEMA, 0.1).value, Math.fround(0.1));
      assert.equal(castWhole('boolean', Schema.FLOAT64_SCHEMA, 0.5).value, false);
    });

    it('prints numbers as Java does', () => {
      assert.equal(castWhole('string', Schema.FLOAT64_SCHEMA, 1).value, '1.0');
      assert.equal(castWhole('string', Schema.FLOAT64_SCHEMA, 1e21).value, '1.0E21');
      assert.equal(castWhole('string', Schema.FLOAT32_SCHEMA, Math.fround(0.1)).value, '0.1');
      assert.equal(castWhole('string', Schema.INT64_SCHEMA, 12).value, '12');
      assert.equal(castWhole('string', Schema.BOOLEAN_SCHEMA, true).value, 'true');
      assert.equal(castWhole('string', Schema.BYTES_SCHEMA, new Uint8Array([0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10])).value, '/ty6mHZUMhA=');
    });

    it('parses strings with Java rules and reports out-of-range values', () => {
      assert.equal(castWhole('int8', Schema.STRING_SCHEMA, '-128').value, -128);
      assert.equal(castWhole('int64', Schema.STRING_SCHEMA, '9007199254740993').value, 9007199254740993n);
      assert.equal(castWhole('float64', Schema.STRING_SCHEMA, ' 1e3d ').value, 1000);
      assert.equal(castWhole('float64', Schema.STRING_SCHEMA, '0x1p4').value, 16);
      assertDataError(() => castWhole('int8', Schema.STRING_SCHEMA, '128'), /^Value \(128\) was out of range for requested data type/);
      assertDataError(() => castWhole('int32', Schema.STRING_SCHEMA, '1.5'), /^Value \(1\.5\) was out of range for requested data type/);
      assertDataError(() => castWhole('float32', Schema.STRING_SCHEMA, 'abc'), /^Value \(abc\) was out of range for requested data type/);
    });

    it('rejects bytes cast to numbers', () => {
      assertDataError(() => castWhole('int32', Schema.BYTES_SCHEMA, new Uint8Array([1])), /^Unexpected type in Cast transformation: class \[B/);
    });
  });

  it('casts logical types to their encodings and to strings', () => {
    const schema = SchemaBuilder.struct()
      .field('date_to_int32', ConnectDate.SCHEMA)
      .field('timestamp_to_int64', Timestamp.SCHEMA)
      .field('time_to_int64', Time.SCHEMA)
      .field('decimal_to_int32', Decimal.schema(0))
      .field('timestamp_to_float64', Timestamp.SCHEMA)
      .field('null_timestamp_to_int32', Timestamp.builder().optional().build())
      .field('date', ConnectDate.SCHEMA)
      .field('time', Time.SCHEMA)
      .build();
    const value = new Struct(schema)
      .put('date_to_int32', new Date(DAY)).put('timestamp_to_int64', new Date(0)).put('time_to_int64', new Date(1))
      .put('decimal_to_int32', BigDecimal.valueOf(2147483648)).put('timestamp_to_float64', new Date(8_640_000_000_000_000))
      .put('date', new Date(DAY * 365)).put('time', new Date(3_723_004));
    const xform = configured(CastValue, {
      spec: 'date_to_int32:int32,timestamp_to_int64:int64,time_to_int64:int64,decimal_to_int32:int32,'
        + 'timestamp_to_float64:float64,null_timestamp_to_int32:int32,date:string,time:string',
    });
    const out = xform.apply(sourceRecord({ valueSchema: schema, value }))!;
    const v = out.value as Struct;
    assert.equal(v.get('date_to_int32'), 1);
    assert.equal(v.get('timestamp_to_int64'), 0);
    assert.equal(v.get('time_to_int64'), 1);
    assert.equal(v.get('decimal_to_int32'), -2147483648);
    assert.equal(v.get('timestamp_to_float64'), 8.64e15);
    assert.equal(v.get('null_timestamp_to_int32'), null);
    assert.equal(v.get('date'), '1971-01-01');
    assert.equal(v.get('time'), '01:02:03.004Z');
    const s = out.valueSchema!;
    assert.equal(s.field('date_to_int32')!.schema.type, 'INT32');
    assert.equal(s.field('date_to_int32')!.schema.name, undefined);
    assert.equal(s.field('null_timestamp_to_int32')!.schema.optional, true);
  });

  it('casts struct fields, converting defaults and keeping optionality', () => {
    const schema = SchemaBuilder.struct()
      .field('int8', Schema.INT8_SCHEMA)
      .field('int16', Schema.OPTIONAL_INT16_SCHEMA)
      .field('int32', SchemaBuilder.int32().defaultValue(2).build())
      .field('int64', Schema.INT64_SCHEMA)
      .field('float32', Schema.FLOAT32_SCHEMA)
      .field('float64', SchemaBuilder.float64().defaultValue(-1.125).build())
      .field('boolean', Schema.BOOLEAN_SCHEMA)
      .field('string', Schema.STRING_SCHEMA)
      .field('bigdecimal', Decimal.schema(0))
      .field('optional', Schema.OPTIONAL_FLOAT32_SCHEMA)
      .field('timestamp', Timestamp.SCHEMA)
      .build();
    const value = new Struct(schema).put('int8', 8).put('int16', 16).put('int32', 32).put('int64', 64).put('float32', 32)
      .put('float64', -64).put('boolean', true).put('string', '42').put('bigdecimal', BigDecimal.valueOf(42)).put('timestamp', new Date(0));
    const xform = configured(CastValue, {
      spec: 'int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,boolean:int8,string:int32,bigdecimal:string,optional:int32',
    });
    const out = xform.apply(sourceRecord({ valueSchema: schema, value }))!;
    const v = out.value as Struct;
    assert.equal(v.get('int8'), 8);
    assert.equal(v.get('int16'), 16);
    assert.equal(v.get('int32'), 32);
    assert.equal(v.get('int64'), true);
    assert.equal(v.get('float32'), 32);
    assert.equal(v.get('float64'), true);
    assert.equal(v.get('boolean'), 1);
    assert.equal(v.get('string'), 42);
    assert.equal(v.get('bigdecimal'), '42');
    assert.equal(v.get('optional'), null);
    assert.deepEqual(v.get('timestamp'), new Date(0));
    const s = out.valueSchema!;
    assert.deepEqual(s.fields.map((f) => f.schema.type),
      ['INT16', 'INT32', 'INT64', 'BOOLEAN', 'FLOAT64', 'BOOLEAN', 'INT8', 'INT32', 'STRING', 'INT32', 'INT64']);
    assert.equal(s.field('int16')!.schema.optional, true);
    assert.equal(s.field('int32')!.schema.defaultValue, 2);
    assert.equal(s.field('float64')!.schema.defaultValue, true);
    assert.equal(s.field('timestamp')!.schema, Timestamp.SCHEMA);
    assert.equal(xform.apply(sourceRecord({ valueSchema: schema, value }))!.valueSchema, s);
  });

  for (const [replace, expected] of [['true', '42'], ['false', null]] as const) {
    it(`replace.null.with.default=${replace}`, () => {
      const schema = SchemaBuilder.struct().field('magic', SchemaBuilder.int32().optional().defaultValue(42).build()).build();
      const out = configured(CastValue, { spec: 'magic:string', 'replace.null.with.default': replace })
        .apply(sourceRecord({ valueSchema: schema, value: new Struct(schema) }))!;
      assert.equal(out.valueSchema!.field('magic')!.schema.type, 'STRING');
      assert.equal((out.value as Struct).getWithoutDefault('magic'), expected);
    });
  }

  it('casts schemaless map fields, absent ones becoming null', () => {
    const xform = configured(CastValue, { spec: 'int8:int16,int64:boolean,float64:boolean,boolean:int8,string:int32,absent:string' });
    const out = xform.apply(sourceRecord({ value: { int8: 8, int64: 64, float64: -64.5, boolean: true, string: '42', other: 'x' } }))!;
    assert.equal(out.valueSchema, null);
    assert.deepEqual(out.value, { int8: 8, int64: true, float64: true, boolean: 1, string: 42, other: 'x', absent: null });
    // the generic path (a JS Map) gives the same
    assert.deepEqual(xform.apply(sourceRecord({ value: new Map<string, unknown>([['int8', 8], ['string', '7']]) }))!.value,
      { int8: 8, string: 7, int64: null, float64: null, boolean: null, absent: null });
  });

  it('names the field and the record when a field cannot be cast', () => {
    const xform = configured(CastValue, { spec: 'price:int32' });
    assertDataError(() => xform.apply(sourceRecord({ topic: 'orders', partition: 2, value: { price: 'cheap' } })),
      /^Value \(cheap\) was out of range for requested data type \(transform Cast\$Value, field price; record topic=orders, partition=2\)$/);
  });

  it('requires a struct for field casts with a schema', () => {
    // as in Kafka, deriving the schema fails first
    assertDataError(() => configured(CastValue, { spec: 'a:int8' }).apply(sourceRecord({ valueSchema: Schema.INT32_SCHEMA, value: 1 })),
      /^Cannot list fields on non-struct type \(transform Cast\$Value;/);
    assertDataError(() => configured(CastValue, { spec: 'a:int8' }).apply(sourceRecord({ value: 'x' })),
      /Only Map objects supported in absence of schema for \[cast types\]/);
  });
});
