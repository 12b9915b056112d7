// Confluent's JsonSchemaData and ProtobufData mappings (pure: no registry).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../src/data/BigDecimal.js';
import { ConnectDate } from '../../../src/data/Date.js';
import { Decimal } from '../../../src/data/Decimal.js';
import { Time } from '../../../src/data/Time.js';
import { Timestamp } from '../../../src/data/Timestamp.js';
import { schemaEquals } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import * as JsonData from '../../../src/converters/registry/JsonSchemaData.js';
import * as ProtoData from '../../../src/converters/registry/ProtobufData.js';

const CFG = { decimalFormat: 'BASE64' as const };

test('JSON Schema: structs are objects with connect.index, ints carry connect.type, optional is oneOf null', () => {
  const schema = SchemaBuilder.struct().name('com.example.Row')
    .field('id', SchemaBuilder.int32().build())
    .field('note', SchemaBuilder.string().optional().build())
    .field('raw', SchemaBuilder.bytes().build())
    .build();
  assert.deepEqual(JsonData.fromConnectSchema(schema, CFG), {
    type: 'object',
    properties: {
      id: { type: 'integer', 'connect.type': 'int32', 'connect.index': 0 },
      note: { oneOf: [{ type: 'null' }, { type: 'string' }], 'connect.index': 1 },
      raw: { type: 'string', 'connect.type': 'bytes', 'connect.index': 2 },
    },
    title: 'com.example.Row',
  });
});

test('JSON Schema: Connect → JSON Schema → Connect and values round-trip; schemas of other producers read', () => {
  const schema = SchemaBuilder.struct().name('com.example.Row').version(2)
    .field('i64', SchemaBuilder.int64().build())
    .field('price', Decimal.schema(2))
    .field('tags', SchemaBuilder.array(SchemaBuilder.string().build()).build())
    .field('byId', SchemaBuilder.map(SchemaBuilder.int32().build(), SchemaBuilder.string().build()).build())
    .field('attrs', SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.float64().build()).optional().build())
    .build();
  const back = JsonData.toConnectSchema(JsonData.fromConnectSchema(schema, CFG) as Parameters<typeof JsonData.toConnectSchema>[0]);
  assert.ok(schemaEquals(back, schema), `${String(back)}`);
  const value = new Struct(schema).put('i64', 2n ** 60n).put('price', new BigDecimal(12345n, 2)).put('tags', ['a'])
    .put('byId', new Map([[1, 'one']])).put('attrs', { x: 1.5 });
  const text = JsonData.toJsonText(schema, value, CFG);
  assert.equal(text, '{"i64":1152921504606846976,"price":"MDk=","tags":["a"],"byId":[{"key":1,"value":"one"}],"attrs":{"x":1.5}}');
  const read = JsonData.compileToConnect(back)(JSON.parse(text)) as Struct;
  assert.equal(String(read.get('price')), '123.45');
  assert.deepEqual(read.get('byId'), new Map([[1, 'one']]));

  const other = JsonData.toConnectSchema({ type: 'object', properties: { n: { type: 'integer' }, kind: { enum: ['a', 'b'] }, x: { type: ['null', 'number'] } } });
  assert.equal(other.field('n')!.schema.type, 'INT64');
  assert.equal(other.field('kind')!.schema.parameters!['io.confluent.connect.json.Enum.b'], 'b');
  assert.equal(other.field('x')!.schema.optional, true);
  assert.equal(other.field('x')!.schema.type, 'FLOAT64');
});

test('Protobuf: unnamed structs are ConnectDefault1, 2, …; nested structs nested messages; fields read back optional with their tags', () => {
  const inner = SchemaBuilder.struct().field('x', SchemaBuilder.int32().build()).build();
  const schema = SchemaBuilder.struct()
    .field('line', SchemaBuilder.string().build())
    .field('n', SchemaBuilder.int64().build())
    .field('tags', SchemaBuilder.array(SchemaBuilder.string().build()).build())
    .field('inner', inner)
    .build();
  const proto = ProtoData.fromConnectSchema(schema);
  assert.equal(proto.messageName, 'ConnectDefault1');
  assert.equal(proto.text, 'syntax = "proto3";\n\nmessage ConnectDefault1 {\n  message ConnectDefault2 {\n    int32 x = 1;\n  }\n'
    + '  string line = 1;\n  int64 n = 2;\n  repeated string tags = 3;\n  ConnectDefault2 inner = 4;\n}\n');
  const root = ProtoData.parseProto(proto.text);
  const type = ProtoData.messageAt(root, [0]);
  const back = ProtoData.toConnectSchema(type);
  assert.deepEqual(back.fields.map((f) => [f.name, f.schema.type, f.schema.optional, f.schema.parameters?.['io.confluent.connect.protobuf.Tag']]),
    [['line', 'STRING', true, '1'], ['n', 'INT64', true, '2'], ['tags', 'ARRAY', true, '3'], ['inner', 'STRUCT', true, '4']]);
  const value = new Struct(schema).put('line', 'a').put('n', 2n ** 60n).put('tags', ['t']).put('inner', new Struct(inner).put('x', 3));
  const bytes = type.encode(type.fromObject(ProtoData.toProtoObject(schema)(value) as Record<string, unknown>)).finish();
  const read = ProtoData.toConnectValue(back)(type.toObject(type.decode(bytes), { longs: String, defaults: true, arrays: true, objects: true })) as Struct;
  assert.equal(String(read), 'Struct{line=a,n=1152921504606846976,tags=[t],inner=Struct{x=3}}');
  assert.deepEqual(ProtoData.messageAt(root, [0, 0]).name, 'ConnectDefault2');
});

test('Protobuf message indexes: [0] is one zero byte, others a zigzag count and indexes', () => {
  assert.deepEqual([...ProtoData.writeMessageIndexes([0])], [0]);
  assert.deepEqual([...ProtoData.writeMessageIndexes([1, 2])], [4, 2, 4]);
  assert.deepEqual(ProtoData.readMessageIndexes(Buffer.from([4, 2, 4, 99])), { indexes: [1, 2], offset: 3 });
  assert.deepEqual(ProtoData.readMessageIndexes(Buffer.from([0, 99])), { indexes: [0], offset: 1 });
});

test('Protobuf logical types: Decimal as confluent.type.Decimal with precision/scale params, Date, Time, Timestamp; they round-trip', () => {
  const schema = SchemaBuilder.struct().name('com.example.Pay')
    .field('amount', Decimal.builder(2).parameter('connect.decimal.precision', '10').build())
    .field('day', ConnectDate.SCHEMA)
    .field('at', Time.SCHEMA)
    .field('ts', Timestamp.SCHEMA)
    .field('history', SchemaBuilder.array(Decimal.schema(2)).build())
    .build();
  const proto = ProtoData.fromConnectSchema(schema);
  assert.equal(proto.text, 'syntax = "proto3";\npackage com.example;\n\nimport "confluent/meta.proto";\nimport "confluent/type/decimal.proto";\n'
    + 'import "google/protobuf/timestamp.proto";\nimport "google/type/date.proto";\nimport "google/type/timeofday.proto";\n\nmessage Pay {\n'
    + '  confluent.type.Decimal amount = 1 [(confluent.field_meta) = { params: [ { key: "precision", value: "10" }, { key: "scale", value: "2" } ] }];\n'
    + '  google.type.Date day = 2;\n  google.type.TimeOfDay at = 3;\n  google.protobuf.Timestamp ts = 4;\n'
    + '  repeated confluent.type.Decimal history = 5 [(confluent.field_meta) = { params: [ { key: "scale", value: "2" } ] }];\n}\n');
  const root = ProtoData.parseProto(proto.text);
  const type = ProtoData.messageAt(root, [0]);
  const back = ProtoData.toConnectSchema(type);
  assert.equal(back.field('amount')!.schema.name, Decimal.LOGICAL_NAME);
  assert.deepEqual(back.field('amount')!.schema.parameters, { scale: '2', 'connect.decimal.precision': '10', 'io.confluent.connect.protobuf.Tag': '1' });
  assert.equal(back.field('day')!.schema.name, ConnectDate.LOGICAL_NAME);
  assert.equal(back.field('at')!.schema.name, Time.LOGICAL_NAME);
  assert.equal(back.field('ts')!.schema.name, Timestamp.LOGICAL_NAME);
  const value = new Struct(schema).put('amount', new BigDecimal(-1234567n, 2)).put('day', new Date(Date.UTC(2024, 1, 29)))
    .put('at', new Date(13 * 3600000 + 5 * 60000 + 7000 + 250)).put('ts', new Date(1700000000123)).put('history', [new BigDecimal(0n, 2), new BigDecimal(99n, 2)]);
  const msg = type.fromObject(ProtoData.toProtoObject(schema)(value) as Record<string, unknown>);
  const obj = type.toObject(type.decode(type.encode(msg).finish()), { longs: String, bytes: Buffer as unknown as StringConstructor, defaults: true, arrays: true, objects: true });
  assert.deepEqual(obj['day'], { year: 2024, month: 2, day: 29 });
  assert.deepEqual(obj['at'], { hours: 13, minutes: 5, seconds: 7, nanos: 250000000 });
  assert.equal(obj['amount'].precision, 7);
  const read = ProtoData.toConnectValue(back)(obj) as Struct;
  assert.equal(String(read.get('amount')), '-12345.67');
  assert.equal((read.get('day') as Date).toISOString(), '2024-02-29T00:00:00.000Z');
  assert.equal((read.get('at') as Date).getTime(), 13 * 3600000 + 5 * 60000 + 7250);
  assert.equal((read.get('ts') as Date).getTime(), 1700000000123);
  assert.deepEqual((read.get('history') as BigDecimal[]).map(String), ['0.00', '0.99']);
  assert.throws(() => ProtoData.fromConnectSchema(SchemaBuilder.struct().field('m', SchemaBuilder.map(SchemaBuilder.string().build(), Decimal.schema(1)).build()).build()),
    /does not support Decimal map values/);
});

test('Protobuf oneof: a Struct field <oneof>_<index> of an io.confluent.connect.protobuf.Union struct; written back as a oneof', () => {
  const text = 'syntax = "proto3";\npackage shop;\n\nmessage Event {\n  string id = 1;\n  oneof payload {\n    string note = 2;\n    int64 qty = 3;\n  }\n  optional string tag = 4;\n}\n';
  const type = ProtoData.messageAt(ProtoData.parseProto(text), [0]);
  const schema = ProtoData.toConnectSchema(type);
  assert.deepEqual(schema.fields.map((f) => f.name), ['payload_0', 'id', 'tag']);
  const union = schema.field('payload_0')!.schema;
  assert.equal(union.name, 'io.confluent.connect.protobuf.Union.payload');
  assert.equal(union.optional, true);
  assert.deepEqual(union.fields.map((f) => [f.name, f.schema.type, f.schema.parameters?.['io.confluent.connect.protobuf.Tag']]), [['note', 'STRING', '2'], ['qty', 'INT64', '3']]);
  assert.deepEqual(ProtoData.toConnectSchema(type, undefined, { generateIndexForUnions: false }).fields.map((f) => f.name), ['payload', 'id', 'tag']);

  const bytes = type.encode(type.fromObject({ id: 'e1', qty: '5' })).finish();
  const read = ProtoData.toConnectValue(schema)(type.toObject(type.decode(bytes), { longs: String, defaults: true, arrays: true, objects: true })) as Struct;
  assert.equal(String(read), 'Struct{payload_0=Struct{qty=5},id=e1}');

  // The Connect schema read from the oneof writes a oneof with the same tags, and the value round-trips.
  const proto = ProtoData.fromConnectSchema(schema);
  assert.match(proto.text, /  oneof payload \{\n    string note = 2;\n    int64 qty = 3;\n  \}\n/);
  const again = ProtoData.messageAt(ProtoData.parseProto(proto.text), [0]);
  const out = again.encode(again.fromObject(ProtoData.toProtoObject(schema)(read) as Record<string, unknown>)).finish();
  assert.deepEqual(again.toObject(again.decode(out), { longs: String }), { id: 'e1', qty: '5' });
});

test('JSON Schema payloads: int64 beyond 2^53 and decimal text read exactly; floats and small ints stay numbers', () => {
  const schema = SchemaBuilder.struct()
    .field('big', SchemaBuilder.int64().build())
    .field('small', SchemaBuilder.int64().build())
    .field('f', SchemaBuilder.float64().build())
    .field('d', Decimal.schema(3))
    .build();
  const read = JsonData.compileToConnect(schema)(JsonData.parsePayload('{"big":-9223372036854775808,"small":42,"f":1.5,"d":98765432109876543.21}')) as Struct;
  assert.equal(read.get('big'), -(2n ** 63n));
  assert.equal(read.get('small'), 42);
  assert.equal(read.get('f'), 1.5);
  assert.equal(String(read.get('d')), '98765432109876543.210');
  assert.throws(() => JsonData.parsePayload('  '), /Empty JSON payload/);
});

test('Protobuf INT8/INT16: int32 with a connect.type field_meta param, read back as INT8/INT16', () => {
  const schema = SchemaBuilder.struct().name('p.Small')
    .field('b', SchemaBuilder.int8().build())
    .field('s', SchemaBuilder.array(SchemaBuilder.int16().build()).build())
    .field('i', SchemaBuilder.int32().build())
    .build();
  const proto = ProtoData.fromConnectSchema(schema);
  assert.match(proto.text, /import "confluent\/meta.proto";/);
  assert.match(proto.text, /  int32 b = 1 \[\(confluent.field_meta\) = \{ params: \[ \{ key: "connect.type", value: "int8" \} \] \}\];/);
  assert.match(proto.text, /  int32 i = 3;/);
  const back = ProtoData.toConnectSchema(ProtoData.messageAt(ProtoData.parseProto(proto.text), [0]));
  assert.deepEqual(back.fields.map((f) => f.schema.type === 'ARRAY' ? `ARRAY<${f.schema.valueSchema!.type}>` : f.schema.type), ['INT8', 'ARRAY<INT16>', 'INT32']);
});
