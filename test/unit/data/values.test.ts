import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, Struct, Time, Timestamp, Values, type SchemaAndValue,
} from '../../../src/data/index.js';

const parse = (s: string): SchemaAndValue => Values.parseString(s);

describe('Values.parseString (Java ValuesTest cases)', () => {
  it('literals, strings and whitespace', () => {
    assert.deepEqual(parse(''), { schema: Schema.STRING_SCHEMA, value: '' });
    assert.deepEqual(parse('  '), { schema: Schema.STRING_SCHEMA, value: '  ' });
    assert.deepEqual(parse(' \t true \n'), { schema: Schema.BOOLEAN_SCHEMA, value: true });
    assert.deepEqual(parse('false'), { schema: Schema.BOOLEAN_SCHEMA, value: false });
    assert.deepEqual(parse(' null '), { schema: null, value: null });
    assert.deepEqual(parse('true}'), { schema: Schema.STRING_SCHEMA, value: 'true}' });
    assert.deepEqual(parse('false]'), { schema: Schema.STRING_SCHEMA, value: 'false]' });
    assert.deepEqual(parse('null='), { schema: Schema.STRING_SCHEMA, value: 'null=' });
    for (const s of ['simple', 'simple string', "'simple' string", 'si\\mple', 'a{b', 'a:b', '"b', '{', '\uffff']) {
      assert.deepEqual(parse(s), { schema: Schema.STRING_SCHEMA, value: s }, s);
    }
  });

  it('numbers pick the smallest type', () => {
    assert.deepEqual(parse('1'), { schema: Schema.INT8_SCHEMA, value: 1 });
    assert.deepEqual(parse('-128'), { schema: Schema.INT8_SCHEMA, value: -128 });
    assert.deepEqual(parse('300'), { schema: Schema.INT16_SCHEMA, value: 300 });
    assert.deepEqual(parse('66000'), { schema: Schema.INT32_SCHEMA, value: 66000 });
    assert.deepEqual(parse('4398046511104'), { schema: Schema.INT64_SCHEMA, value: 4398046511104 });
    assert.deepEqual(parse('9223372036854775807'), { schema: Schema.INT64_SCHEMA, value: 9223372036854775807n });
    assert.deepEqual(parse('1.0'), { schema: Schema.INT8_SCHEMA, value: 1 });
    assert.deepEqual(parse('300.0'), { schema: Schema.INT16_SCHEMA, value: 300 });
    assert.deepEqual(parse('1.1'), { schema: Schema.FLOAT32_SCHEMA, value: Math.fround(1.1) });
    assert.deepEqual(parse('66000.0008'), { schema: Schema.FLOAT32_SCHEMA, value: Math.fround(66000.0008) });
    assert.deepEqual(parse('1e50'), { schema: Schema.FLOAT64_SCHEMA, value: 1e50 });
    const big = parse('123456789012345678901234567890');
    assert.ok(big.schema!.name === Decimal.LOGICAL_NAME && (big.value as BigDecimal).equals(BigDecimal.fromString('123456789012345678901234567890')));
    assert.deepEqual(parse('+5'), { schema: Schema.INT8_SCHEMA, value: 5 });
    assert.deepEqual(parse('-x'), { schema: Schema.STRING_SCHEMA, value: '-x' });
  });

  it('arrays', () => {
    const a = parse('[1, 2, 300]');
    assert.equal(a.schema!.type, 'ARRAY');
    assert.equal(a.schema!.valueSchema!.type, 'INT16');
    assert.deepEqual(a.value, [1, 2, 300]);
    const b = parse('[true, false]');
    assert.equal(b.schema!.valueSchema!.type, 'BOOLEAN');
    assert.deepEqual(parse('[]').value, []);
    assert.equal(parse('[]').schema!.valueSchema, undefined);
    assert.deepEqual(parse('[null]').value, [null]);
    const mixed = parse('[1, 2, 300, "four"]');
    assert.equal(mixed.schema!.valueSchema, undefined);
    assert.deepEqual(mixed.value, [1, 2, 300, 'four']);
    assert.equal(parse('[[]]').schema!.valueSchema!.type, 'ARRAY');
    assert.equal(parse('[{}]').schema!.valueSchema!.type, 'MAP');
    for (const s of ['[1, null]', '[null, 1]', '[1, 2, 3,,,]', '[0 1 2]', '[foo]', '[1']) {
      assert.deepEqual(parse(s), { schema: Schema.STRING_SCHEMA, value: s }, s);
    }
  });

  it('maps', () => {
    const m = parse('{"a":1, "b":300}');
    assert.equal(m.schema!.keySchema!.type, 'STRING');
    assert.equal(m.schema!.valueSchema!.type, 'INT16');
    assert.deepEqual(m.value, { a: 1, b: 300 });
    const bools = parse('{true: false, false: true}');
    assert.deepEqual(bools.value, new Map([[true, false], [false, true]]));
    const nullValues = parse('{3: null}');
    assert.equal(nullValues.schema!.keySchema!.type, 'INT8');
    assert.equal(nullValues.schema!.valueSchema, undefined);
    assert.deepEqual(nullValues.value, new Map([[3, null]]));
    const multi = parse('{1:1, 2:1, 300:300, "four":1}');
    assert.equal(multi.schema!.keySchema, undefined);
    assert.deepEqual(multi.value, new Map<unknown, unknown>([[1, 1], [2, 1], [300, 300], ['four', 1]]));
    assert.deepEqual(parse('{}').value, new Map());
    assert.equal(parse('{"a":{}}').schema!.valueSchema!.type, 'MAP');
    assert.equal(parse('{"a":[]}').schema!.valueSchema!.type, 'ARRAY');
    for (const s of ['{foo: 3}', '{3: foo}', '{null: 3}', '{6:9 4:20}', '{"a":1']) {
      assert.deepEqual(parse(s), { schema: Schema.STRING_SCHEMA, value: s }, s);
    }
  });

  it('quoted strings keep escapes (as Java)', () => {
    assert.deepEqual(parse('["a\\"b", "c,d"]').value, ['a\\"b', 'c,d']);
  });

  it('ISO-8601 temporals (UTC)', () => {
    const ts = parse('2019-08-23T14:34:54.346Z');
    assert.equal(ts.schema, Timestamp.SCHEMA);
    assert.equal((ts.value as Date).toISOString(), '2019-08-23T14:34:54.346Z');
    const d = parse('2019-08-23');
    assert.equal(d.schema, ConnectDate.SCHEMA);
    assert.equal((d.value as Date).toISOString(), '2019-08-23T00:00:00.000Z');
    const t = parse('14:34:54.346Z');
    assert.equal(t.schema, Time.SCHEMA);
    assert.equal((t.value as Date).getTime(), 52494346);
    assert.equal((parse('2019-08-23T14\\:34\\:54.346Z').value as Date).toISOString(), '2019-08-23T14:34:54.346Z');
    const arr = parse('[2019-08-23T14:34:54.346Z,2019-01-23T15:12:34.567Z,   2019-04-23T19:12:34.567Z]');
    assert.equal(arr.schema!.valueSchema, Timestamp.SCHEMA);
    assert.deepEqual((arr.value as Date[]).map((x) => x.toISOString()), ['2019-08-23T14:34:54.346Z', '2019-01-23T15:12:34.567Z', '2019-04-23T19:12:34.567Z']);
    const map = parse('{"k1":"14:34:54.346Z"}');
    assert.equal(map.schema!.valueSchema, Time.SCHEMA);
  });
});

describe('Values.convertToString', () => {
  it('formats like Java', () => {
    assert.equal(Values.convertToString(null, null), null);
    assert.equal(Values.convertToString(Schema.STRING_SCHEMA, 'x'), 'x');
    assert.equal(Values.convertToString(Schema.INT32_SCHEMA, 5), '5');
    assert.equal(Values.convertToString(Schema.FLOAT64_SCHEMA, 1), '1.0');
    assert.equal(Values.convertToString(Schema.FLOAT32_SCHEMA, Math.fround(1.1)), '1.1');
    assert.equal(Values.convertToString(null, 1.5), '1.5');
    assert.equal(Values.convertToString(null, 12n), '12');
    assert.equal(Values.convertToString(null, true), 'true');
    assert.equal(Values.convertToString(null, Buffer.from('hi')), 'aGk=');
    assert.equal(Values.convertToString(null, ['a', 1, null, Buffer.from('hi')]), '["a",1,null,"aGk="]');
    assert.equal(Values.convertToString(null, { a: 'x"y' }), '{"a":"x\\"y"}');
    assert.equal(Values.convertToString(null, new Map([[1, true]])), '{1:true}');
    assert.equal(Values.convertToString(null, BigDecimal.fromString('1.50')), '1.50');
    assert.equal(Values.convertToString(null, new Date(Date.UTC(2019, 7, 23))), '2019-08-23');
    assert.equal(Values.convertToString(null, new Date(52494346)), '14:34:54.346Z');
    assert.equal(Values.convertToString(null, new Date(Date.UTC(2019, 7, 23, 14, 34, 54, 346))), '2019-08-23T14:34:54.346Z');
    const s = SchemaBuilder.struct().field('a', Schema.FLOAT64_SCHEMA).field('b', SchemaBuilder.string().optional().defaultValue('d')).build();
    assert.equal(Values.convertToString(s, new Struct(s).put('a', 2)), '{"a":2.0,"b":"d"}');
    assert.equal(Values.escape('three"blind\\"mice'), 'three\\"blind\\\\\\"mice');
  });

  it('round trips through parseString', () => {
    const cases: [Schema, unknown][] = [
      [Schema.BOOLEAN_SCHEMA, true], [Schema.INT8_SCHEMA, 1], [Schema.INT16_SCHEMA, 300], [Schema.INT32_SCHEMA, 1234567890],
      [Schema.INT64_SCHEMA, 4398046511104], [Schema.FLOAT32_SCHEMA, Math.fround(1.5)], [Schema.STRING_SCHEMA, 'simple'],
      [SchemaBuilder.array(Schema.STRING_SCHEMA).build(), ['foo', 'bar']],
      [SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1234567890, -987654321]],
      [SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build(), { foo: '123', bar: 'baz' }],
      [Timestamp.SCHEMA, new Date(Date.UTC(2019, 7, 23, 14, 34, 54, 346))],
      [ConnectDate.SCHEMA, new Date(Date.UTC(2019, 7, 23))],
    ];
    for (const [schema, value] of cases) {
      const parsed = Values.parseString(Values.convertToString(schema, value)!);
      assert.equal(parsed.schema!.type, schema.type, String(schema));
      assert.deepEqual(parsed.value, value);
    }
  });
});

describe('Values conversions', () => {
  it('convertTo* like Java', () => {
    assert.equal(Values.convertToBoolean(null, 'true'), true);
    assert.equal(Values.convertToBoolean(null, 0), false);
    assert.equal(Values.convertToBoolean(null, '5'), true);
    assert.equal(Values.convertToByte(null, 300), 44);
    assert.equal(Values.convertToShort(null, '7.9'), 7);
    assert.equal(Values.convertToInteger(null, 2 ** 32 + 5), 5);
    assert.equal(Values.convertToLong(null, '9223372036854775807'), 9223372036854775807n);
    assert.equal(Values.convertToLong(null, 1e30), 9223372036854775807n);
    assert.equal(Values.convertToFloat(null, '1.1'), Math.fround(1.1));
    assert.equal(Values.convertToDouble(null, BigDecimal.fromString('2.5')), 2.5);
    assert.deepEqual(Values.convertToList(null, '[1,2]'), [1, 2]);
    assert.deepEqual(Values.convertToMap(null, '{"a":1}'), { a: 1 });
    assert.equal(Values.convertToTimestamp(null, 5).getTime(), 5);
    assert.equal(Values.convertToDate(Timestamp.SCHEMA, new Date(86400000 * 2 + 5)).getTime(), 86400000 * 2);
    assert.equal(Values.convertToTime(Timestamp.SCHEMA, new Date(86400000 * 2 + 5)).getTime(), 5);
    assert.equal(Values.convertToDecimal(null, 5, 1).toString(), '5.0');
    assert.throws(() => Values.convertToInteger(null, 'abc'), { name: 'DataException', message: 'Unable to convert abc (class java.lang.String) to a number' });
    assert.throws(() => Values.convertToList(null, 5), /Unable to convert 5 \(class java.lang.Integer\) to Schema\{ARRAY\}/);
    assert.throws(() => Values.convertToTime(null, null), { message: 'Unable to convert a null value to a schema that requires a value' });
  });

  it('inferSchema', () => {
    assert.equal(Values.inferSchema('x'), Schema.STRING_SCHEMA);
    assert.equal(Values.inferSchema(1), Schema.INT32_SCHEMA);
    assert.equal(Values.inferSchema(2 ** 40), Schema.INT64_SCHEMA);
    assert.equal(Values.inferSchema(1.5), Schema.FLOAT64_SCHEMA);
    assert.equal(Values.inferSchema(new Date()), null);
    assert.equal(Values.inferSchema([]), null);
    assert.equal(Values.inferSchema([1, null])!.valueSchema!.optional, true);
    assert.equal(Values.inferSchema({ a: 'b' })!.keySchema!.type, 'STRING');
  });
});
