import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Schema, SchemaBuilder, Struct } from '../../../src/data/index.js';
import {
  BooleanConverter, ByteArrayConverter, DoubleConverter, FloatConverter, IntegerConverter, LongConverter, ShortConverter,
  StringConverter,
} from '../../../src/converters/index.js';

const T = 'topic';

describe('StringConverter', () => {
  it('UTF-8 by default, null stays null', () => {
    const c = new StringConverter();
    c.configure({}, false);
    assert.deepEqual([...c.fromConnectData(T, undefined, Schema.STRING_SCHEMA, 'héllo')!], [...Buffer.from('héllo', 'utf8')]);
    assert.equal(c.fromConnectData(T, undefined, null, null), null);
    assert.deepEqual(c.toConnectData(T, undefined, Buffer.from('héllo')), { schema: Schema.OPTIONAL_STRING_SCHEMA, value: 'héllo' });
    assert.deepEqual(c.toConnectData(T, undefined, null), { schema: Schema.OPTIONAL_STRING_SCHEMA, value: null });
  });

  it('non-strings use Java\'s toString', () => {
    const c = new StringConverter();
    c.configure({}, true);
    const str = (schema: Schema | null, v: unknown) => c.fromConnectData(T, undefined, schema, v)!.toString();
    assert.equal(str(Schema.INT32_SCHEMA, 5), '5');
    assert.equal(str(Schema.FLOAT64_SCHEMA, 5), '5.0');
    assert.equal(str(null, true), 'true');
    const s = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
    assert.equal(str(s, new Struct(s).put('a', 1)), 'Struct{a=1}');
  });

  it('converter.encoding', () => {
    const c = new StringConverter();
    c.configure({ 'converter.encoding': 'ISO-8859-1' }, false);
    assert.deepEqual([...c.fromConnectData(T, undefined, null, 'é')!], [0xe9]);
    assert.equal(c.toConnectData(T, undefined, Buffer.from([0xe9])).value, 'é');
    c.configure({ 'converter.encoding': 'UTF-16BE' }, false);
    assert.deepEqual([...c.fromConnectData(T, undefined, null, 'A')!], [0x00, 0x41]);
    assert.equal(c.toConnectData(T, undefined, Buffer.from([0x00, 0x41])).value, 'A');
    c.configure({ 'converter.encoding': 'UTF-16' }, false);
    assert.deepEqual([...c.fromConnectData(T, undefined, null, 'A')!], [0xfe, 0xff, 0x00, 0x41]);
    c.configure({ 'converter.encoding': 'US-ASCII' }, false);
    assert.deepEqual([...c.fromConnectData(T, undefined, null, 'aé')!], [0x61, 0x3f]);
    assert.throws(() => c.configure({ 'converter.encoding': 'no-such-charset' }, false), { name: 'ConfigException' });
  });

  it('header methods', () => {
    const c = new StringConverter();
    c.configure({}, false);
    assert.equal(c.fromConnectHeader(T, 'h', Schema.STRING_SCHEMA, 'v')!.toString(), 'v');
    assert.equal(c.toConnectHeader(T, 'h', Buffer.from('v')).value, 'v');
  });
});

describe('ByteArrayConverter', () => {
  const c = new ByteArrayConverter();
  c.configure({}, false);
  it('passes bytes through', () => {
    const b = Buffer.from([1, 2, 3]);
    assert.equal(c.fromConnectData(T, undefined, Schema.BYTES_SCHEMA, b), b);
    const u = new Uint8Array([9, 1, 2, 9]).subarray(1, 3);
    assert.deepEqual([...c.fromConnectData(T, undefined, null, u)!], [1, 2]);
    assert.deepEqual(c.toConnectData(T, undefined, b), { schema: Schema.OPTIONAL_BYTES_SCHEMA, value: b });
    assert.equal(c.fromConnectData(T, undefined, Schema.OPTIONAL_BYTES_SCHEMA, null), null);
    assert.deepEqual(c.toConnectData(T, undefined, null), { schema: Schema.OPTIONAL_BYTES_SCHEMA, value: null });
  });
  it('rejects other schemas and values like Java', () => {
    assert.throws(() => c.fromConnectData(T, undefined, Schema.INT32_SCHEMA, 1), { name: 'DataException', message: 'Invalid schema type for ByteArrayConverter: INT32' });
    assert.throws(() => c.fromConnectData(T, undefined, null, 'x'), { message: 'ByteArrayConverter is not compatible with objects of type class java.lang.String' });
  });
});

describe('number converters (big-endian, like Kafka\'s serializers)', () => {
  const cases: [string, { fromConnectData: Function; toConnectData: Function; configure: Function }, Schema, unknown, number[]][] = [
    ['short', new ShortConverter(), Schema.OPTIONAL_INT16_SCHEMA, -2, [0xff, 0xfe]],
    ['integer', new IntegerConverter(), Schema.OPTIONAL_INT32_SCHEMA, 0x01020304, [1, 2, 3, 4]],
    ['long', new LongConverter(), Schema.OPTIONAL_INT64_SCHEMA, 4398046511104, [0, 0, 4, 0, 0, 0, 0, 0]],
    ['long bigint', new LongConverter(), Schema.OPTIONAL_INT64_SCHEMA, -9223372036854775808n, [0x80, 0, 0, 0, 0, 0, 0, 0]],
    ['float', new FloatConverter(), Schema.OPTIONAL_FLOAT32_SCHEMA, 1.5, [0x3f, 0xc0, 0, 0]],
    ['double', new DoubleConverter(), Schema.OPTIONAL_FLOAT64_SCHEMA, 1.5, [0x3f, 0xf8, 0, 0, 0, 0, 0, 0]],
  ];
  for (const [name, c, schema, value, bytes] of cases) {
    it(name, () => {
      c.configure({}, false);
      assert.deepEqual([...c.fromConnectData(T, undefined, schema, value)], bytes);
      assert.deepEqual(c.toConnectData(T, undefined, Buffer.from(bytes)), { schema, value });
      assert.equal(c.fromConnectData(T, undefined, schema, null), null);
      assert.deepEqual(c.toConnectData(T, undefined, null), { schema, value: null });
    });
  }

  it('errors like Java', () => {
    assert.throws(() => new IntegerConverter().fromConnectData(T, undefined, null, 'x'), { name: 'DataException', message: 'Failed to serialize to integer (was class java.lang.String): ' });
    assert.throws(() => new ShortConverter().fromConnectData(T, undefined, null, 70000), { message: 'Failed to serialize to short (was class java.lang.Integer): ' });
    assert.throws(() => new IntegerConverter().toConnectData(T, undefined, Buffer.from([1, 2])), { message: 'Failed to deserialize integer: Size of data received by IntegerDeserializer is not 4' });
    assert.throws(() => new LongConverter().toConnectData(T, undefined, Buffer.from([1])), { message: 'Failed to deserialize long: Size of data received by LongDeserializer is not 8' });
  });

  it('long beyond 2^53 reads back as bigint', () => {
    const c = new LongConverter();
    assert.equal(c.toConnectData(T, undefined, c.fromConnectData(T, undefined, null, 9007199254740993n)).value, 9007199254740993n);
  });
});

describe('BooleanConverter', () => {
  const c = new BooleanConverter();
  c.configure({}, false);
  it('one byte', () => {
    assert.deepEqual([...c.fromConnectData(T, undefined, Schema.BOOLEAN_SCHEMA, true)!], [1]);
    assert.deepEqual([...c.fromConnectData(T, undefined, null, false)!], [0]);
    assert.deepEqual(c.toConnectData(T, undefined, Buffer.from([1])), { schema: Schema.OPTIONAL_BOOLEAN_SCHEMA, value: true });
    assert.deepEqual(c.toConnectData(T, undefined, null), { schema: Schema.OPTIONAL_BOOLEAN_SCHEMA, value: null });
    assert.equal(c.fromConnectData(T, undefined, null, null), null);
  });
  it('errors like Java', () => {
    assert.throws(() => c.fromConnectData(T, undefined, Schema.INT8_SCHEMA, true), { message: 'Invalid schema type for BooleanConverter: INT8' });
    assert.throws(() => c.fromConnectData(T, undefined, null, 1), { message: 'BooleanConverter is not compatible with objects of type class java.lang.Integer' });
    assert.throws(() => c.toConnectData(T, undefined, Buffer.from([2])), { message: 'Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: 2' });
    assert.throws(() => c.toConnectData(T, undefined, Buffer.from([0, 0])), { message: 'Failed to deserialize boolean: Size of data received by BooleanDeserializer is not 1' });
  });
});
