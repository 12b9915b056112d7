// Expected JSON texts are the bytes Kafka's JsonConverter (Jackson) writes: compact, schema objects with
// keys in asJsonSchema's insertion order (type, items|keys,values|fields, optional, name, version, doc,
// parameters, default) and "field" appended last in struct fields. Where Kafka's JsonConverterTest or
// docs have a compact literal, it is used verbatim (docs/quickstart.html, serializeNullToDefault, …).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BigDecimal, ConnectDate, Decimal, Schema, SchemaBuilder, Struct, Time, Timestamp, schemaEquals, type SchemaAndValue,
} from '../../../src/data/index.js';
import { JsonConverter } from '../../../src/converters/index.js';

const TOPIC = 'topic';

function converter(configs: Record<string, unknown> = {}, isKey = false): JsonConverter {
  const c = new JsonConverter();
  c.configure(configs, isKey);
  return c;
}

function write(c: JsonConverter, schema: Schema | null, value: unknown): string | null {
  const b = c.fromConnectData(TOPIC, undefined, schema, value);
  return b === null ? null : b.toString('utf8');
}

function read(c: JsonConverter, text: string | null): SchemaAndValue {
  return c.toConnectData(TOPIC, undefined, text === null ? null : Buffer.from(text, 'utf8'));
}

describe('JsonConverter fromConnectData: envelopes byte for byte', () => {
  const c = converter();
  const cases: [string, Schema | null, unknown, string][] = [
    ['boolean', Schema.BOOLEAN_SCHEMA, true, '{"schema":{"type":"boolean","optional":false},"payload":true}'],
    ['optional boolean null', Schema.OPTIONAL_BOOLEAN_SCHEMA, null, '{"schema":{"type":"boolean","optional":true},"payload":null}'],
    ['int8', Schema.INT8_SCHEMA, 12, '{"schema":{"type":"int8","optional":false},"payload":12}'],
    ['int16', Schema.INT16_SCHEMA, 12, '{"schema":{"type":"int16","optional":false},"payload":12}'],
    ['int32', Schema.INT32_SCHEMA, 12, '{"schema":{"type":"int32","optional":false},"payload":12}'],
    ['int64', Schema.INT64_SCHEMA, 4398046511104, '{"schema":{"type":"int64","optional":false},"payload":4398046511104}'],
    ['int64 bigint', Schema.INT64_SCHEMA, 9223372036854775807n, '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}'],
    ['int64 negative', Schema.INT64_SCHEMA, -9223372036854775808n, '{"schema":{"type":"int64","optional":false},"payload":-9223372036854775808}'],
    ['float', Schema.FLOAT32_SCHEMA, 12.34, '{"schema":{"type":"float","optional":false},"payload":12.34}'],
    ['float whole', Schema.FLOAT32_SCHEMA, 1, '{"schema":{"type":"float","optional":false},"payload":1.0}'],
    ['double', Schema.FLOAT64_SCHEMA, 12.34, '{"schema":{"type":"double","optional":false},"payload":12.34}'],
    ['double whole', Schema.FLOAT64_SCHEMA, 1, '{"schema":{"type":"double","optional":false},"payload":1.0}'],
    ['double large', Schema.FLOAT64_SCHEMA, 1e20, '{"schema":{"type":"double","optional":false},"payload":1.0E20}'],
    ['double small', Schema.FLOAT64_SCHEMA, 0.00012, '{"schema":{"type":"double","optional":false},"payload":1.2E-4}'],
    ['double NaN', Schema.FLOAT64_SCHEMA, NaN, '{"schema":{"type":"double","optional":false},"payload":"NaN"}'],
    ['double -Infinity', Schema.FLOAT64_SCHEMA, -Infinity, '{"schema":{"type":"double","optional":false},"payload":"-Infinity"}'],
    ['bytes', Schema.BYTES_SCHEMA, Buffer.from('test-string'), '{"schema":{"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc="}'],
    ['bytes view', Schema.BYTES_SCHEMA, new Uint8Array([9, 0, 1, 2, 9]).subarray(1, 4), '{"schema":{"type":"bytes","optional":false},"payload":"AAEC"}'],
    ['string (docs/quickstart.html)', Schema.STRING_SCHEMA, 'foo', '{"schema":{"type":"string","optional":false},"payload":"foo"}'],
    ['array', SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2, 3],
      '{"schema":{"type":"array","items":{"type":"int32","optional":false},"optional":false},"payload":[1,2,3]}'],
    ['map string keys', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { key1: 12, key2: 15 },
      '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"key1":12,"key2":15}}'],
    ['map string keys (JS Map)', SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([['key1', 12], ['key2', 15]]),
      '{"schema":{"type":"map","keys":{"type":"string","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":{"key1":12,"key2":15}}'],
    ['map non-string keys', SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([[1, 12], [2, 15]]),
      '{"schema":{"type":"map","keys":{"type":"int32","optional":false},"values":{"type":"int32","optional":false},"optional":false},"payload":[[1,12],[2,15]]}'],
    ['decimal (base64)', Decimal.schema(2), new BigDecimal(156n, 2),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"AJw="}'],
    ['negative decimal (base64)', Decimal.schema(2), BigDecimal.fromString('-1.56'),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":"/2Q="}'],
    ['date', ConnectDate.SCHEMA, new Date(Date.UTC(1970, 0, 1) + 10000 * 86400000),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000}'],
    ['time', Time.SCHEMA, new Date(14400000),
      '{"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000}'],
    ['timestamp', Timestamp.SCHEMA, new Date(4000000000),
      '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}'],
    ['schema metadata', SchemaBuilder.bool().required().name('bool').version(3).doc('the documentation').parameter('foo', 'bar').build(), true,
      '{"schema":{"type":"boolean","optional":false,"name":"bool","version":3,"doc":"the documentation","parameters":{"foo":"bar"}},"payload":true}'],
    ['default', SchemaBuilder.bool().defaultValue(true).build(), true,
      '{"schema":{"type":"boolean","optional":false,"default":true},"payload":true}'],
    ['serializeNullToDefault (JsonConverterTest literal)', SchemaBuilder.string().optional().defaultValue('default').build(), null,
      '{"schema":{"type":"string","optional":true,"default":"default"},"payload":"default"}'],
    ['decimal default', Decimal.builder(2).defaultValue(new BigDecimal(156n, 2)).build(), null,
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"default":"AJw="},"payload":"AJw="}'],
    ['null schema, primitive', null, true, '{"schema":null,"payload":true}'],
    ['null schema, array', null, [1, 'string', true], '{"schema":null,"payload":[1,"string",true]}'],
    ['null schema, map', null, { key1: 12, key2: 'string', key3: true }, '{"schema":null,"payload":{"key1":12,"key2":"string","key3":true}}'],
    ['null schema, non-string keys', null, new Map<unknown, unknown>([['string', 12], [52, 'string'], [false, true]]),
      '{"schema":null,"payload":[["string",12],[52,"string"],[false,true]]}'],
    ['null schema, nested', null, { a: [1.5, null, { b: 9007199254740993n }], c: Buffer.from('hi'), d: undefined },
      '{"schema":null,"payload":{"a":[1.5,null,{"b":9007199254740993}],"c":"aGk=","d":null}}'],
  ];
  for (const [name, schema, value, expected] of cases) {
    it(name, () => assert.equal(write(c, schema, value), expected));
  }

  it('struct (field names last in each field schema)', () => {
    const schema = SchemaBuilder.struct().field('field1', Schema.BOOLEAN_SCHEMA).field('field2', Schema.STRING_SCHEMA)
      .field('field3', Schema.STRING_SCHEMA).field('field4', Schema.BOOLEAN_SCHEMA).build();
    const input = new Struct(schema).put('field1', true).put('field2', 'string2').put('field3', 'string3').put('field4', false);
    assert.equal(write(c, schema, input),
      '{"schema":{"type":"struct","fields":[{"type":"boolean","optional":false,"field":"field1"},{"type":"string","optional":false,"field":"field2"},' +
      '{"type":"string","optional":false,"field":"field3"},{"type":"boolean","optional":false,"field":"field4"}],"optional":false},' +
      '"payload":{"field1":true,"field2":"string2","field3":"string3","field4":false}}');
  });

  it('struct with a struct-equal (not identical) schema', () => {
    const mk = () => SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
    assert.equal(write(c, mk(), new Struct(mk()).put('a', 1)), '{"schema":{"type":"struct","fields":[{"type":"int32","optional":false,"field":"a"}],"optional":false},"payload":{"a":1}}');
  });

  it('nested and named structs, Debezium-style', () => {
    const value = SchemaBuilder.struct().name('dbserver1.inventory.customers.Value')
      .field('id', Schema.INT32_SCHEMA).field('email', Schema.OPTIONAL_STRING_SCHEMA)
      .field('price', Decimal.builder(2).optional()).field('tags', SchemaBuilder.array(Schema.STRING_SCHEMA).optional())
      .optional().build();
    const env = SchemaBuilder.struct().name('dbserver1.inventory.customers.Envelope').version(1)
      .field('before', value).field('after', value).field('op', Schema.STRING_SCHEMA).field('ts_ms', Schema.OPTIONAL_INT64_SCHEMA).build();
    const after = new Struct(value).put('id', 1001).put('email', 'sally@example.com').put('price', BigDecimal.fromString('9.99')).put('tags', ['a']);
    const rec = new Struct(env).put('after', after).put('op', 'c').put('ts_ms', 1700000000000);
    const v = '{"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"},{"type":"string","optional":true,"field":"email"},' +
      '{"type":"bytes","optional":true,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"},"field":"price"},' +
      '{"type":"array","items":{"type":"string","optional":false},"optional":true,"field":"tags"}],"optional":true,"name":"dbserver1.inventory.customers.Value"';
    assert.equal(write(c, env, rec),
      '{"schema":{"type":"struct","fields":[' + v + ',"field":"before"},' + v + ',"field":"after"},{"type":"string","optional":false,"field":"op"},' +
      '{"type":"int64","optional":true,"field":"ts_ms"}],"optional":false,"name":"dbserver1.inventory.customers.Envelope","version":1},' +
      '"payload":{"before":null,"after":{"id":1001,"email":"sally@example.com","price":"A+c=","tags":["a"]},"op":"c","ts_ms":1700000000000}}');
  });

  it('struct field defaults (serializeFieldNullToDefault / ToNull)', () => {
    const schema = SchemaBuilder.string().optional().defaultValue('default').build();
    const structSchema = SchemaBuilder.struct().field('field1', schema).build();
    const s = '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"default":"default","field":"field1"}],"optional":false},';
    assert.equal(write(converter({ 'replace.null.with.default': true }), structSchema, new Struct(structSchema)), s + '"payload":{"field1":"default"}}');
    assert.equal(write(converter({ 'replace.null.with.default': 'false' }), structSchema, new Struct(structSchema)), s + '"payload":{"field1":null}}');
    assert.equal(write(converter({ 'replace.null.with.default': false }), schema, null),
      '{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}');
  });

  it('escapes strings exactly as Jackson', () => {
    const c2 = converter({ 'schemas.enable': 'false' });
    assert.equal(write(c2, Schema.STRING_SCHEMA, 'a"b\\c/d'), '"a\\"b\\\\c/d"');
    assert.equal(write(c2, Schema.STRING_SCHEMA, '\b\t\n\f\r\u0000\u0001\u001f\u007f'), '"\\b\\t\\n\\f\\r\\u0000\\u0001\\u001F\u007f"');
    assert.equal(write(c2, Schema.STRING_SCHEMA, 'é€\u2028'), '"é€\u2028"');
    // jackson-core 2.x UTF8JsonGenerator escapes surrogates (non-BMP characters) as \uXXXX pairs
    assert.equal(write(c2, Schema.STRING_SCHEMA, 'x😀y'), '"x\\uD83D\\uDE00y"');
    assert.equal(write(c2, null, { 'k😀"': 1 }), '{"k\\uD83D\\uDE00\\"":1}');
    const fieldSchema = SchemaBuilder.struct().field('wé"ird', Schema.INT8_SCHEMA).build();
    assert.equal(write(c2, fieldSchema, new Struct(fieldSchema).put('wé"ird', 1)), '{"wé\\"ird":1}');
  });

  it('numeric decimals', () => {
    const n = converter({ 'decimal.format': 'NUMERIC' });
    const s = '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":';
    assert.equal(write(n, Decimal.schema(2), new BigDecimal(156n, 2)), s + '1.56}');
    assert.equal(write(n, Decimal.schema(2), BigDecimal.fromString('-0.05')), s + '-0.05}');
    assert.equal(write(n, Decimal.schema(4), new BigDecimal(15600n, 4)),
      '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"4"}},"payload":1.5600}');
    assert.equal(write(converter({ 'decimal.format': 'numeric', 'schemas.enable': false }), Decimal.schema(-2), BigDecimal.fromString('1.5E+3')), '1.5E+3');
  });

  it('tombstones: null value with null schema is a null Buffer', () => {
    assert.equal(c.fromConnectData(TOPIC, undefined, null, null), null);
    assert.equal(converter({ 'schemas.enable': false }).fromConnectData(TOPIC, undefined, null, null), null);
    assert.equal(c.fromConnectData(TOPIC, undefined, null, undefined), null);
  });

  it('schemas.enable=false writes the bare payload', () => {
    const c2 = converter({ 'schemas.enable': 'false' });
    assert.equal(write(c2, null, true), 'true');
    assert.equal(write(c2, Schema.FLOAT64_SCHEMA, 2), '2.0');
    const schema = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('t', Timestamp.SCHEMA).build();
    assert.equal(write(c2, schema, new Struct(schema).put('a', 1).put('t', new Date(5))), '{"a":1,"t":5}');
    // as Java: an optional schema with a null value is the JSON null, not a tombstone
    assert.equal(write(c2, Schema.OPTIONAL_STRING_SCHEMA, null), 'null');
  });

  it('errors like Java', () => {
    assert.throws(() => write(c, Schema.FLOAT64_SCHEMA, true), { name: 'DataException', message: 'Invalid type for FLOAT64: class java.lang.Boolean' });
    assert.throws(() => write(c, Schema.INT32_SCHEMA, 1.5), { message: 'Invalid type for INT32: class java.lang.Double' });
    assert.throws(() => write(c, Schema.STRING_SCHEMA, null), { message: 'Conversion error: null value for field that is required and has no default value' });
    assert.throws(() => write(c, null, new BigDecimal(156n, 2)), { message: 'Java class class java.math.BigDecimal does not have corresponding schema type.' });
    assert.throws(() => write(c, Decimal.schema(2), 1.56), { message: 'Invalid type for Decimal, expected BigDecimal but was class java.lang.Double' });
    assert.throws(() => write(c, Timestamp.SCHEMA, 5), { message: 'Invalid type for Timestamp, expected Date but was class java.lang.Integer' });
    assert.throws(() => write(c, Schema.BYTES_SCHEMA, 'x'), { message: 'Invalid type for bytes type: class java.lang.String' });
    const a = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).build();
    const b = SchemaBuilder.struct().field('b', Schema.INT32_SCHEMA).build();
    assert.throws(() => write(c, a, new Struct(b).put('b', 1)), { message: 'Mismatching schema.' });
    assert.throws(() => write(c, a, new Struct(a)), { message: 'Conversion error: null value for field that is required and has no default value' });
  });

  it('header methods delegate (testStringHeaderToJson)', () => {
    const b = c.fromConnectHeader(TOPIC, 'headerName', Schema.STRING_SCHEMA, 'test-string');
    assert.equal(b!.toString(), '{"schema":{"type":"string","optional":false},"payload":"test-string"}');
    const back = c.toConnectHeader(TOPIC, 'headerName', Buffer.from('{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }'));
    assert.equal(back.value, 'foo-bar-baz');
    assert.ok(schemaEquals(back.schema, Schema.STRING_SCHEMA));
  });
});

describe('JsonConverter toConnectData (JsonConverterTest inputs)', () => {
  const c = converter();
  const eq = (r: SchemaAndValue, schema: Schema | null, value: unknown) => {
    assert.ok(schemaEquals(r.schema, schema), `schema ${String(r.schema)} != ${String(schema)}`);
    assert.deepEqual(r.value, value);
  };

  it('schema metadata', () => {
    eq(read(c, '{ "schema": { "type": "boolean" }, "payload": true }'), Schema.BOOLEAN_SCHEMA, true);
    eq(read(c, '{ "schema": { "type": "boolean", "optional": true }, "payload": null }'), Schema.OPTIONAL_BOOLEAN_SCHEMA, null);
    eq(read(c, '{ "schema": { "type": "boolean", "default": true }, "payload": null }'), SchemaBuilder.bool().defaultValue(true).build(), true);
    eq(read(c, '{ "schema": { "type": "boolean", "optional": false, "name": "bool", "version": 2, "doc": "the documentation", "parameters": { "foo": "bar" }}, "payload": true }'),
      SchemaBuilder.bool().required().name('bool').version(2).doc('the documentation').parameter('foo', 'bar').build(), true);
  });

  it('primitive types', () => {
    eq(read(c, '{ "schema": { "type": "boolean" }, "payload": false }'), Schema.BOOLEAN_SCHEMA, false);
    eq(read(c, '{ "schema": { "type": "int8" }, "payload": 12 }'), Schema.INT8_SCHEMA, 12);
    eq(read(c, '{ "schema": { "type": "int16" }, "payload": 12 }'), Schema.INT16_SCHEMA, 12);
    eq(read(c, '{ "schema": { "type": "int32" }, "payload": 12 }'), Schema.INT32_SCHEMA, 12);
    eq(read(c, '{ "schema": { "type": "int64" }, "payload": 12 }'), Schema.INT64_SCHEMA, 12);
    eq(read(c, '{ "schema": { "type": "int64" }, "payload": 4398046511104 }'), Schema.INT64_SCHEMA, 4398046511104);
    eq(read(c, '{ "schema": { "type": "float" }, "payload": 12.34 }'), Schema.FLOAT32_SCHEMA, Math.fround(12.34));
    eq(read(c, '{ "schema": { "type": "double" }, "payload": 12.34 }'), Schema.FLOAT64_SCHEMA, 12.34);
    eq(read(c, '{ "schema": { "type": "string" }, "payload": "foo-bar-baz" }'), Schema.STRING_SCHEMA, 'foo-bar-baz');
    const bytes = read(c, '{ "schema": { "type": "bytes" }, "payload": "dGVzdC1zdHJpbmc=" }');
    assert.equal(Buffer.from(bytes.value as Uint8Array).toString(), 'test-string');
  });

  it('numbers with leading zeros', () => {
    eq(read(c, '{ "schema": { "type": "int8" }, "payload": 0012 }'), Schema.INT8_SCHEMA, 12);
    eq(read(c, '{ "schema": { "type": "int16" }, "payload": 000123 }'), Schema.INT16_SCHEMA, 123);
    eq(read(c, '{ "schema": { "type": "int32" }, "payload": 000012345 }'), Schema.INT32_SCHEMA, 12345);
    eq(read(c, '{ "schema": { "type": "int64" }, "payload": 00000123456789 }'), Schema.INT64_SCHEMA, 123456789);
  });

  it('64-bit integers keep their precision (compact envelopes too)', () => {
    eq(read(c, '{"schema":{"type":"int64","optional":false},"payload":9223372036854775807}'), Schema.INT64_SCHEMA, 9223372036854775807n);
    eq(read(c, '{"schema":{"type":"int64","optional":false},"payload":-9007199254740993}'), Schema.INT64_SCHEMA, -9007199254740993n);
    // Java narrows like JsonNode.intValue()
    eq(read(c, '{"schema":{"type":"int32","optional":false},"payload":4294967297}'), Schema.INT32_SCHEMA, 1);
    eq(read(c, '{"schema":{"type":"int8","optional":false},"payload":300}'), Schema.INT8_SCHEMA, 44);
    eq(read(c, '{"schema":{"type":"int32","optional":false},"payload":18446744073709551617}'), Schema.INT32_SCHEMA, 1);
  });

  it('array, maps, structs', () => {
    eq(read(c, '{ "schema": { "type": "array", "items": { "type" : "int32" } }, "payload": [1, 2, 3] }'), SchemaBuilder.array(Schema.INT32_SCHEMA).build(), [1, 2, 3]);
    eq(read(c, '{ "schema": { "type": "map", "keys": { "type" : "string" }, "values": { "type" : "int32" } }, "payload": { "key1": 12, "key2": 15} }'),
      SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), { key1: 12, key2: 15 });
    eq(read(c, '{ "schema": { "type": "map", "keys": { "type" : "int32" }, "values": { "type" : "int32" } }, "payload": [ [1, 12], [2, 15] ] }'),
      SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.INT32_SCHEMA).build(), new Map([[1, 12], [2, 15]]));
    const structSchema = SchemaBuilder.struct().field('field1', Schema.BOOLEAN_SCHEMA).field('field2', Schema.STRING_SCHEMA).build();
    const r = read(c, '{ "schema": { "type": "struct", "fields": [{ "field": "field1", "type": "boolean" }, { "field": "field2", "type": "string" }] }, "payload": { "field1": true, "field2": "string" } }');
    assert.ok(schemaEquals(r.schema, structSchema));
    assert.ok((r.value as Struct).equals(new Struct(structSchema).put('field1', true).put('field2', 'string')));
    const opt = read(c, '{ "schema": { "type": "struct", "fields": [{ "field":"optional", "type": "string", "optional": true }, {  "field": "required", "type": "string" }] }, "payload": { "required": "required" } }');
    const optSchema = SchemaBuilder.struct().field('optional', Schema.OPTIONAL_STRING_SCHEMA).field('required', Schema.STRING_SCHEMA).build();
    assert.ok((opt.value as Struct).equals(new Struct(optSchema).put('required', 'required')));
  });

  it('struct fields named like Object.prototype members are read from the payload only', () => {
    const r = read(c, '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"field":"constructor"},{"type":"string","optional":true,"field":"__proto__"}],"optional":false},"payload":{}}');
    assert.equal((r.value as Struct).get('constructor'), null);
    assert.equal((r.value as Struct).get('__proto__'), null);
    const r2 = read(c, '{"schema":{"type":"struct","fields":[{"type":"string","optional":true,"field":"__proto__"}],"optional":false},"payload":{"__proto__":"x"}}');
    assert.equal((r2.value as Struct).get('__proto__'), 'x');
  });

  it('null schema: schemaless payloads', () => {
    assert.deepEqual(read(c, '{ "schema": null, "payload": null }'), { schema: null, value: null });
    eq(read(c, '{ "schema": null, "payload": true }'), null, true);
    eq(read(c, '{ "schema": null, "payload": 12 }'), null, 12);
    eq(read(c, '{ "schema": null, "payload": 12.24 }'), null, 12.24);
    eq(read(c, '{ "schema": null, "payload": "a string" }'), null, 'a string');
    eq(read(c, '{ "schema": null, "payload": [1, "2", 3] }'), null, [1, '2', 3]);
    eq(read(c, '{ "schema": null, "payload": { "field1": 1, "field2": 2} }'), null, { field1: 1, field2: 2 });
    eq(read(c, '{"schema":null,"payload":{"big":12345678901234567890,"f":1.5}}'), null, { big: 12345678901234567890n, f: 1.5 });
  });

  it('decimals: base64 and numeric, keeping the scale', () => {
    const base = '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "2" } }, "payload": ';
    const r = read(c, base + '"AJw=" }');
    assert.ok(schemaEquals(r.schema, Decimal.schema(2)));
    assert.ok((r.value as BigDecimal).equals(new BigDecimal(156n, 2)));
    assert.ok((read(c, base + '1.56 }').value as BigDecimal).equals(new BigDecimal(156n, 2)));
    const trailing = read(c, '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "4" } }, "payload": 1.5600 }');
    assert.ok((trailing.value as BigDecimal).equals(new BigDecimal(15600n, 4)));
    const high = read(c, '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "parameters": { "scale": "17" } }, "payload": 1.23456789123456789 }');
    assert.ok((high.value as BigDecimal).equals(BigDecimal.fromString('1.23456789123456789')));
    // compact (fast path) numeric decimals keep their text as well, record after record
    const compact = '{"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"4"}},"payload":';
    for (const v of ['1.5600', '2.0000', '-0.0001']) assert.equal((read(c, compact + v + '}').value as BigDecimal).toString(), v);
    const opt = read(c, '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "optional": true, "parameters": { "scale": "2" } }, "payload": null }');
    assert.ok(schemaEquals(opt.schema, Decimal.builder(2).optional().build()));
    assert.equal(opt.value, null);
    const dflt = read(c, '{ "schema": { "type": "bytes", "name": "org.apache.kafka.connect.data.Decimal", "version": 1, "default": "AJw=", "parameters": { "scale": "2" } }, "payload": null }');
    assert.ok(schemaEquals(dflt.schema, Decimal.builder(2).defaultValue(new BigDecimal(156n, 2)).build()));
    assert.ok((dflt.value as BigDecimal).equals(new BigDecimal(156n, 2)));
  });

  it('date, time, timestamp with defaults', () => {
    const d = read(c, '{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1 }, "payload": 10000 }');
    assert.ok(schemaEquals(d.schema, ConnectDate.SCHEMA));
    assert.equal((d.value as Date).toISOString(), '1997-05-19T00:00:00.000Z');
    const dd = read(c, '{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Date", "version": 1, "optional": true, "default": 0 }, "payload": null }');
    assert.ok(schemaEquals(dd.schema, ConnectDate.builder().optional().defaultValue(new Date(0)).build()));
    assert.equal((dd.value as Date).getTime(), 0);
    const t = read(c, '{ "schema": { "type": "int32", "name": "org.apache.kafka.connect.data.Time", "version": 1 }, "payload": 14400000 }');
    assert.equal((t.value as Date).getTime(), 14400000);
    const ts = read(c, '{ "schema": { "type": "int64", "name": "org.apache.kafka.connect.data.Timestamp", "version": 1,  "optional": true, "default": 42 }, "payload": null }');
    assert.ok(schemaEquals(ts.schema, Timestamp.builder().optional().defaultValue(new Date(42)).build()));
    assert.equal((ts.value as Date).getTime(), 42);
    assert.equal((read(c, '{"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000}').value as Date).getTime(), 4000000000);
  });

  it('replace.null.with.default on reading (deserializeNullToDefault / ToNull)', () => {
    const value = '{"schema":{"type":"string","optional":true,"default":"default"},"payload":null}';
    assert.equal(read(converter({ 'replace.null.with.default': true }), value).value, 'default');
    assert.equal(read(converter({ 'replace.null.with.default': false }), value).value, null);
    const sv = '{"schema":{"type":"struct","fields":[{"field":"field1","type":"string","optional":true,"default":"default"}],"optional":false},"payload":{"field1":null}}';
    assert.equal((read(converter(), sv).value as Struct).get('field1'), 'default');
    assert.equal((read(converter({ 'replace.null.with.default': 'false' }), sv).value as Struct).getWithoutDefault('field1'), null);
  });

  it('tombstones and empty input', () => {
    assert.deepEqual(read(c, null), { schema: null, value: null });
    assert.deepEqual(read(converter({ 'schemas.enable': false }, true), ''), { schema: null, value: null });
  });

  it('caches parsed schemas (testCacheSchemaToConnectConversion)', () => {
    const c2 = converter();
    assert.equal(c2.toConnectSchemaCacheSize, 0);
    read(c2, '{ "schema": { "type": "boolean" }, "payload": true }');
    assert.equal(c2.toConnectSchemaCacheSize, 1);
    read(c2, '{ "schema": { "type": "boolean" }, "payload": true }');
    assert.equal(c2.toConnectSchemaCacheSize, 1);
    read(c2, '{ "schema": { "type": "boolean", "optional": true }, "payload": true }');
    assert.equal(c2.toConnectSchemaCacheSize, 2);
    read(c2, '{ "schema": { "type": "boolean", "optional": false }, "payload": true }');
    assert.equal(c2.toConnectSchemaCacheSize, 3);
    const r1 = read(c2, '{"schema":{"type":"boolean","optional":false},"payload":true}');
    const r2 = read(c2, '{"schema":{"type":"boolean","optional":false},"payload":false}');
    assert.equal(r1.schema, r2.schema);
    const small = converter({ 'schemas.cache.size': '2' });
    for (const t of ['int8', 'int16', 'int32', 'int64']) read(small, `{"schema":{"type":"${t}"},"payload":1}`);
    assert.equal(small.toConnectSchemaCacheSize, 2);
  });

  it('a schema containing the payload separator text still splits correctly', () => {
    const text = '{"schema":{"type":"string","optional":false,"parameters":{"a":"b","payload":"x"}},"payload":"v"}';
    const r = read(c, text);
    assert.equal(r.value, 'v');
    assert.deepEqual(r.schema!.parameters, { a: 'b', payload: 'x' });
    assert.equal(read(c, text).value, 'v');
  });

  it('schemas.enable=false reads plain JSON', () => {
    const p = converter({ 'schemas.enable': 'false' });
    assert.deepEqual(read(p, 'true'), { schema: null, value: true });
    assert.deepEqual(read(p, '{ "a": "", "b": null}').value, { a: '', b: null });
    assert.deepEqual(read(p, '[1, 2.5, "x", {"y": null}]').value, [1, 2.5, 'x', { y: null }]);
    assert.equal(read(p, '12345678901234567890').value, 12345678901234567890n);
    assert.equal(read(p, '9007199254740993').value, 9007199254740993n);
    assert.equal(read(p, '1234567890123456').value, 1234567890123456);
    assert.equal(read(p, '0012').value, 12);
    assert.equal(read(p, '{"a":1} trailing').value !== undefined, true);
    assert.deepEqual(read(p, '{"schema":{"type":"int8"},"payload":1}').value, { schema: { type: 'int8' }, payload: 1 });
    assert.equal(read(p, '\ufeff"bom"').value, 'bom');
  });

  it('bad input errors like Java', () => {
    const envelope = 'JsonConverter with schemas.enable requires "schema" and "payload" fields and may not contain additional fields. ' +
      'If you are trying to deserialize plain JSON data, set schemas.enable=false in your converter configuration.';
    for (const bad of ['{"a":1}', '[1]', 'true', '{"schema":null}', '{"schema":null,"payload":1,"extra":2}', '']) {
      assert.throws(() => read(c, bad), { name: 'DataException', message: envelope }, bad);
    }
    assert.throws(() => read(c, '{"schema":'), (e: unknown) => {
      assert.ok(e instanceof Error && e.name === 'DataException');
      assert.ok(e.message.startsWith('Converting byte[] to Kafka Connect data failed due to serialization error: '), e.message);
      return true;
    });
    assert.throws(() => read(converter({ 'schemas.enable': false }), '{bad'), /^DataException: Converting byte\[\] to Kafka Connect data failed due to serialization error: /);
    const errs: [string, string][] = [
      ['{"schema":{"type":"foo"},"payload":1}', 'Unknown schema type: foo'],
      ['{"schema":{"optional":true},"payload":1}', "Schema must contain 'type' field"],
      ['{"schema":{"type":"array"},"payload":[]}', 'Array schema did not specify the element type'],
      ['{"schema":{"type":"map","values":{"type":"int8"}},"payload":{}}', 'Map schema did not specify the key type'],
      ['{"schema":{"type":"struct","fields":{}},"payload":{}}', 'Struct schema\'s "fields" argument is not an array.'],
      ['{"schema":{"type":"struct","fields":[{"type":"int8"}]},"payload":{}}', "Struct schema's field name not specified properly"],
      ['{"schema":{"type":"int8","parameters":{"a":1}},"payload":1}', 'Schema parameters must have string values.'],
      ['{"schema":{"type":"int8"},"payload":null}', 'Invalid null value for required INT8 field'],
      ['{"schema":{"type":"struct","fields":[]},"payload":[]}', 'Structs should be encoded as JSON objects, but found ARRAY'],
      ['{"schema":{"type":"map","keys":{"type":"string"},"values":{"type":"int8"}},"payload":[]}', 'Maps with string fields should be encoded as JSON objects, but found ARRAY'],
      ['{"schema":{"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}},"payload":{}}', 'Maps with non-string fields should be encoded as JSON array of tuples, but found OBJECT'],
      ['{"schema":{"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}},"payload":[1]}', 'Found invalid map entry instead of array tuple: NUMBER'],
      ['{"schema":{"type":"map","keys":{"type":"int8"},"values":{"type":"int8"}},"payload":[[1]]}', 'Found invalid map entry, expected length 2 but found :1'],
      ['{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":true}',
        'Invalid type for Decimal, underlying representation should be numeric or bytes but was BOOLEAN'],
      ['{"schema":{"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","parameters":{"scale":"2"}},"payload":"!!"}', 'Invalid bytes for Decimal field'],
      ['{"schema":{"type":"int32","name":"org.apache.kafka.connect.data.Date"},"payload":"x"}', 'Invalid type for Date, underlying representation should be integer but was STRING'],
      ['{"schema":{"type":"int64","name":"org.apache.kafka.connect.data.Timestamp"},"payload":1.5}', 'Invalid type for Timestamp, underlying representation should be integral but was NUMBER'],
      ['{"schema":{"type":"bytes"},"payload":"not base64!"}', 'Invalid bytes field'],
      ['{"schema":{"type":"struct","fields":[{"type":"string","field":"s"}]},"payload":{"s":5}}', 'Invalid value: null used for required field: "s", schema type: STRING'],
    ];
    for (const [text, msg] of errs) assert.throws(() => read(c, text), { name: /DataException|SchemaBuilderException/, message: msg }, text);
  });

  it('configs accept strings and typed values, and reject bad ones', () => {
    assert.throws(() => converter({ 'schemas.enable': 'yes' }), { name: 'ConfigException', message: 'Invalid value yes for configuration schemas.enable: Expected value to be either true or false' });
    assert.throws(() => converter({ 'decimal.format': 'HEX' }), { message: 'Invalid value HEX for configuration decimal.format: String must be one of (case insensitive): NUMERIC, BASE64' });
    assert.throws(() => converter({ 'schemas.cache.size': 'many' }), /Not a number of type INT/);
    converter({ 'schemas.enable': ' TRUE ', 'schemas.cache.size': 10, 'decimal.format': 'base64' });
  });
});

describe('JsonConverter round trips', () => {
  const schema = SchemaBuilder.struct().name('all').version(7).doc('every type')
    .field('i8', Schema.INT8_SCHEMA).field('i16', Schema.INT16_SCHEMA).field('i32', Schema.INT32_SCHEMA)
    .field('i64', Schema.INT64_SCHEMA).field('big', Schema.INT64_SCHEMA)
    .field('f32', Schema.FLOAT32_SCHEMA).field('f64', Schema.FLOAT64_SCHEMA).field('bool', Schema.BOOLEAN_SCHEMA)
    .field('str', Schema.STRING_SCHEMA).field('bytes', Schema.BYTES_SCHEMA)
    .field('arr', SchemaBuilder.array(SchemaBuilder.struct().field('x', Schema.OPTIONAL_INT32_SCHEMA).build()))
    .field('smap', SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Schema.STRING_SCHEMA).build()))
    .field('imap', SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA))
    .field('dec', Decimal.schema(3)).field('date', ConnectDate.SCHEMA).field('time', Time.SCHEMA).field('ts', Timestamp.SCHEMA)
    .field('opt', SchemaBuilder.string().optional().defaultValue('d'))
    .build();
  const elem = schema.field('arr')!.schema.valueSchema!;
  const value = new Struct(schema).put('i8', -8).put('i16', 16).put('i32', -32).put('i64', 1700000000000).put('big', -9223372036854775807n)
    .put('f32', Math.fround(3.14)).put('f64', -2.5e-8).put('bool', true).put('str', 'héllo 😀 "q"').put('bytes', Buffer.from([0, 255, 7]))
    .put('arr', [new Struct(elem).put('x', 1), new Struct(elem)]).put('smap', { a: ['x', 'y'], b: [] })
    .put('imap', new Map<unknown, unknown>([[1, 'one'], [9007199254740993n, null]])).put('dec', BigDecimal.fromString('-12345.678'))
    .put('date', new Date(Date.UTC(2024, 1, 29))).put('time', new Date(3723004)).put('ts', new Date(1700000000123)).put('opt', 'set');

  for (const cfg of [{}, { 'decimal.format': 'NUMERIC' }]) {
    it(`every type survives a round trip ${JSON.stringify(cfg)}`, () => {
      const c = converter(cfg);
      const bytes = c.fromConnectData(TOPIC, undefined, schema, value)!;
      const back = c.toConnectData(TOPIC, undefined, bytes);
      assert.ok(schemaEquals(back.schema, schema));
      assert.ok((back.value as Struct).equals(value), String(back.value));
      // and writing it again gives the same bytes
      assert.equal(c.fromConnectData(TOPIC, undefined, back.schema, back.value)!.toString(), bytes.toString());
    });
  }
});
