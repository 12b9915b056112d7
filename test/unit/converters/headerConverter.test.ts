import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, Struct, Time, Timestamp, schemaEquals,
} from '../../../src/data/index.js';
import { SimpleHeaderConverter } from '../../../src/converters/index.js';

const c = new SimpleHeaderConverter();
c.configure({});
const T = 'topic';
const toBytes = (schema: Schema | null, value: unknown) => c.fromConnectHeader(T, 'h', schema, value);
const roundTrip = (schema: Schema | null, value: unknown) => c.toConnectHeader(T, 'h', toBytes(schema, value));

describe('SimpleHeaderConverter', () => {
  it('null stays null', () => {
    assert.equal(toBytes(Schema.OPTIONAL_STRING_SCHEMA, null), null);
    assert.deepEqual(c.toConnectHeader(T, 'h', null), { schema: null, value: null });
  });

  it('writes Values.convertToString text', () => {
    assert.equal(toBytes(Schema.STRING_SCHEMA, 'hello')!.toString(), 'hello');
    assert.equal(toBytes(Schema.INT32_SCHEMA, 42)!.toString(), '42');
    assert.equal(toBytes(Schema.FLOAT64_SCHEMA, 1)!.toString(), '1.0');
    assert.equal(toBytes(Schema.BOOLEAN_SCHEMA, true)!.toString(), 'true');
    assert.equal(toBytes(SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['a', 'b'])!.toString(), '["a","b"]');
    assert.equal(toBytes(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { a: 1 })!.toString(), '{"a":1}');
    assert.equal(toBytes(Timestamp.SCHEMA, new Date(Date.UTC(2019, 7, 23, 14, 34, 54, 346)))!.toString(), '2019-08-23T14:34:54.346Z');
  });

  it('round trips with inferred schemas', () => {
    const cases: [Schema, unknown, Schema][] = [
      [Schema.STRING_SCHEMA, 'hello world', Schema.STRING_SCHEMA],
      [Schema.STRING_SCHEMA, '', Schema.STRING_SCHEMA],
      [Schema.BOOLEAN_SCHEMA, true, Schema.BOOLEAN_SCHEMA],
      [Schema.INT8_SCHEMA, -5, Schema.INT8_SCHEMA],
      [Schema.INT16_SCHEMA, 300, Schema.INT16_SCHEMA],
      [Schema.INT32_SCHEMA, 100000, Schema.INT32_SCHEMA],
      [Schema.INT64_SCHEMA, 9223372036854775807n, Schema.INT64_SCHEMA],
      [Schema.FLOAT32_SCHEMA, Math.fround(1.25), Schema.FLOAT32_SCHEMA],
      [ConnectDate.SCHEMA, new Date(Date.UTC(2020, 0, 1)), ConnectDate.SCHEMA],
      [Time.SCHEMA, new Date(3723004), Time.SCHEMA],
      [Timestamp.SCHEMA, new Date(1700000000123), Timestamp.SCHEMA],
      [SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1234567890, -987654321], SchemaBuilder.array(Schema.INT32_SCHEMA).build()],
      [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(), { foo: 'bar', baz: 'q' }, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build()],
    ];
    for (const [schema, value, inferred] of cases) {
      const r = roundTrip(schema, value);
      assert.ok(schemaEquals(r.schema, inferred), `${String(schema)} → ${String(r.schema)}`);
      assert.deepEqual(r.value, value);
    }
  });

  it('decimals and structs come back as their text forms, as in Java', () => {
    const d = roundTrip(Decimal.schema(2), BigDecimal.fromString('1.25'));
    assert.equal(d.schema, Schema.FLOAT32_SCHEMA);
    assert.equal(d.value, 1.25);
    const s = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
    const r = roundTrip(s, new Struct(s).put('a', 1));
    assert.equal(r.schema!.type, 'MAP');
    assert.deepEqual(r.value, { a: 1 });
  });

  it('bytes are written as base64 and read back as a string, as in Java', () => {
    const r = roundTrip(Schema.BYTES_SCHEMA, Buffer.from('hi'));
    assert.deepEqual(r, { schema: Schema.STRING_SCHEMA, value: 'aGk=' });
  });

  it('"null" reads as a null value', () => {
    assert.deepEqual(c.toConnectHeader(T, 'h', Buffer.from('null')), { schema: null, value: null });
  });
});
