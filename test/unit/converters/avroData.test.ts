// Confluent's AvroData mapping (pure: no registry): Connect schemas → Avro schemas as Confluent's
// converter writes them, Avro schemas of other producers → Connect schemas, and values both ways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigDecimal } from '../../../src/data/BigDecimal.js';
import { ConnectDate } from '../../../src/data/Date.js';
import { Decimal } from '../../../src/data/Decimal.js';
import { schemaEquals } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { Struct } from '../../../src/data/Struct.js';
import { Time } from '../../../src/data/Time.js';
import { Timestamp } from '../../../src/data/Timestamp.js';
import {
  avroType, fromConnectSchema, toAvroValue, toConnectSchema, toConnectValue,
} from '../../../src/converters/registry/AvroData.js';

test('unnamed structs are io.confluent.connect.avro.ConnectDefault; optional fields are ["null", T] with default null', () => {
  const inner = SchemaBuilder.struct().field('x', SchemaBuilder.int32().build()).build();
  const schema = SchemaBuilder.struct()
    .field('line', SchemaBuilder.string().build())
    .field('origin', SchemaBuilder.string().optional().build())
    .field('inner', inner)
    .build();
  assert.deepEqual(fromConnectSchema(schema), {
    type: 'record', name: 'ConnectDefault', namespace: 'io.confluent.connect.avro',
    fields: [
      { name: 'line', type: 'string' },
      { name: 'origin', type: ['null', 'string'], default: null },
      { name: 'inner', type: { type: 'record', name: 'ConnectDefault2', namespace: 'io.confluent.connect.avro', fields: [{ name: 'x', type: 'int' }] } },
    ],
  });
});

test('a default makes the union [T, "null"]; names, versions, docs and parameters travel as connect.* properties', () => {
  const schema = SchemaBuilder.struct().name('com.example.Order').version(3).doc('an order')
    .field('qty', SchemaBuilder.int16().optional().defaultValue(1).build())
    .field('tag', SchemaBuilder.string().name('com.example.Tag').parameter('k', 'v').build())
    .build();
  assert.deepEqual(fromConnectSchema(schema), {
    type: 'record', name: 'Order', namespace: 'com.example',
    fields: [
      { name: 'qty', type: [{ type: 'int', 'connect.default': 1, 'connect.type': 'int16' }, 'null'], default: 1 },
      { name: 'tag', type: { type: 'string', 'connect.parameters': { k: 'v' }, 'connect.name': 'com.example.Tag' } },
    ],
    'connect.doc': 'an order', 'connect.version': 3, 'connect.name': 'com.example.Order',
  });
});

test('logical types: Decimal bytes with precision 64 by default, date, time-millis, timestamp-millis', () => {
  const schema = SchemaBuilder.struct()
    .field('d', Decimal.schema(2))
    .field('day', ConnectDate.builder().build())
    .field('t', Time.builder().build())
    .field('ts', Timestamp.builder().build())
    .build();
  const fields = (fromConnectSchema(schema) as { fields: Array<{ type: unknown }> }).fields.map((f) => f.type);
  assert.deepEqual(fields[0], {
    type: 'bytes', scale: 2, precision: 64, 'connect.version': 1, 'connect.parameters': { scale: '2' },
    'connect.name': 'org.apache.kafka.connect.data.Decimal', logicalType: 'decimal',
  });
  assert.deepEqual(fields[1], { type: 'int', 'connect.version': 1, 'connect.name': 'org.apache.kafka.connect.data.Date', logicalType: 'date' });
  assert.deepEqual(fields[2], { type: 'int', 'connect.version': 1, 'connect.name': 'org.apache.kafka.connect.data.Time', logicalType: 'time-millis' });
  assert.deepEqual(fields[3], { type: 'long', 'connect.version': 1, 'connect.name': 'org.apache.kafka.connect.data.Timestamp', logicalType: 'timestamp-millis' });
});

test('maps with non-string keys are arrays of io.confluent.connect.avro.MapEntry', () => {
  const schema = SchemaBuilder.map(SchemaBuilder.int32().build(), SchemaBuilder.string().build()).build();
  assert.deepEqual(fromConnectSchema(schema), {
    type: 'array',
    items: { type: 'record', name: 'MapEntry', namespace: 'io.confluent.connect.avro', fields: [{ name: 'key', type: 'int' }, { name: 'value', type: 'string' }] },
  });
  const back = toConnectSchema(fromConnectSchema(schema));
  assert.ok(schemaEquals(back, schema));
});

test('Connect → Avro → Connect keeps the schema and the value', () => {
  const address = SchemaBuilder.struct().name('com.example.Address').field('city', SchemaBuilder.string().build()).build();
  const schema = SchemaBuilder.struct().name('com.example.Person').version(2)
    .field('i8', SchemaBuilder.int8().build())
    .field('i64', SchemaBuilder.int64().build())
    .field('f32', SchemaBuilder.float32().build())
    .field('ok', SchemaBuilder.bool().build())
    .field('raw', SchemaBuilder.bytes().optional().build())
    .field('price', Decimal.schema(2))
    .field('born', ConnectDate.builder().build())
    .field('seen', Timestamp.builder().optional().build())
    .field('tags', SchemaBuilder.array(SchemaBuilder.string().build()).build())
    .field('scores', SchemaBuilder.map(SchemaBuilder.string().build(), SchemaBuilder.int32().build()).build())
    .field('byId', SchemaBuilder.map(SchemaBuilder.int64().build(), SchemaBuilder.string().build()).build())
    .field('home', address)
    .field('work', SchemaBuilder.struct().name('com.example.Address').field('city', SchemaBuilder.string().build()).optional().build())
    .build();
  const json = fromConnectSchema(schema);
  const back = toConnectSchema(json);
  assert.ok(schemaEquals(back, schema), `${String(back)}\n!=\n${String(schema)}`);

  const value = new Struct(schema)
    .put('i8', -5).put('i64', 2n ** 62n).put('f32', 1.5).put('ok', true).put('raw', null)
    .put('price', new BigDecimal(12345n, 2)).put('born', new Date(Date.UTC(2020, 1, 29))).put('seen', new Date(1700000000123))
    .put('tags', ['a', 'b']).put('scores', { x: 1 }).put('byId', new Map([[7, 'seven']]))
    .put('home', new Struct(address).put('city', 'Oslo')).put('work', null);
  const type = avroType(json);
  const bytes = type.toBuffer(toAvroValue(schema, type)(value));
  const read = toConnectValue(type, back)(type.fromBuffer(bytes)) as Struct;
  assert.equal(String(read), String(value));
  assert.equal(read.get('i64'), 2n ** 62n);
  assert.ok(read.equals(value));
});

test('schemas of other producers: enums become strings with io.confluent.connect.avro.Enum, unions become io.confluent.connect.avro.Union structs', () => {
  const json: Parameters<typeof toConnectSchema>[0] = {
    type: 'record', name: 'Event', namespace: 'com.acme',
    fields: [
      { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
      { name: 'payload', type: ['null', 'string', 'long', { type: 'record', name: 'Ref', fields: [{ name: 'id', type: 'int' }] }] },
      { name: 'count', type: 'int', default: 5 },
    ],
  };
  const schema = toConnectSchema(json);
  assert.equal(schema.name, 'com.acme.Event');
  const kind = schema.field('kind')!.schema;
  assert.equal(kind.type, 'STRING');
  assert.deepEqual(kind.parameters, { 'io.confluent.connect.avro.Enum': 'com.acme.Kind', 'io.confluent.connect.avro.Enum.A': 'A', 'io.confluent.connect.avro.Enum.B': 'B' });
  const payload = schema.field('payload')!.schema;
  assert.equal(payload.name, 'io.confluent.connect.avro.Union');
  assert.equal(payload.optional, true);
  assert.deepEqual(payload.fields.map((f) => f.name), ['string', 'long', 'Ref']);
  assert.equal(schema.field('count')!.schema.defaultValue, 5);
  assert.equal(schema.field('count')!.schema.parameters!['io.confluent.connect.avro.field.default'], 'true');

  const type = avroType(json);
  const conv = toConnectValue(type, schema);
  // avsc leaves this union unwrapped (one branch per JS type); the branch is found by value.
  const ref = conv(type.fromBuffer(type.toBuffer({ kind: 'B', payload: { id: 3 }, count: 1 }))) as Struct;
  assert.equal(ref.get('kind'), 'B');
  assert.equal(String(ref.get('payload')), 'Struct{Ref=Struct{id=3}}');
  const str = conv(type.fromBuffer(type.toBuffer({ kind: 'A', payload: 'x', count: 1 }))) as Struct;
  assert.equal(String(str.get('payload')), 'Struct{string=x}');
  // and written back with the same union
  const again = toAvroValue(schema, type)(str) as { payload: unknown };
  assert.equal(again.payload, 'x');
});
