// Schemas of other producers that use registry references (a schema that names a type registered
// under another subject): Avro named types, JSON Schema $refs and Protobuf imports resolve to the
// referenced subjects' schemas, and the records read as the same Connect data, through the real
// registry and Kafka.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import avsc from 'avsc';
import protobuf from 'protobufjs';
import { AvroConverter, JsonSchemaConverter, ProtobufConverter } from '../../src/converters/index.js';
import type { Converter } from '../../src/api/Converter.js';
import type { Struct } from '../../src/data/Struct.js';
import { consumeAll, createTopic, produce, uniqueTopic } from '../helpers/kafka.js';
import { read, registryRequest, registryUrl, write } from '../helpers/registry.js';

interface Registered { id: number }

async function register(subject: string, body: Record<string, unknown>): Promise<Registered> {
  const r = await registryRequest(registryUrl(), 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, body);
  assert.equal(r.status, 200, `${subject}: ${JSON.stringify(r.body)}`);
  return r.body as Registered;
}

function framed(id: number, payload: Uint8Array, indexes?: number[]): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, ...(indexes ? [Buffer.from(indexes)] : []), payload]);
}

/** Produces one record to a new topic, consumes it and reads it with the converter. */
async function roundTrip(topic: string, c: Converter, value: Buffer): Promise<Struct> {
  await produce(topic, [{ value }]);
  const [record] = await consumeAll(topic, { expected: 1 });
  try {
    return (await read(c, topic, record!.value)).value as Struct;
  } finally {
    c.close?.();
  }
}

const stamp = Date.now();

test('Avro: a record type defined in a referenced subject resolves, and the record reads as nested Structs', async () => {
  const topic = await createTopic(uniqueTopic('avro-refs'));
  const address = { type: 'record', name: 'Address', namespace: `com.example${stamp}`, fields: [{ name: 'city', type: 'string' }, { name: 'zip', type: ['null', 'int'], default: null }] };
  const addressSubject = `com.example${stamp}.Address`;
  await register(addressSubject, { schema: JSON.stringify(address) });
  const customer = {
    type: 'record', name: 'Customer', namespace: `com.example${stamp}`,
    fields: [{ name: 'name', type: 'string' }, { name: 'home', type: `com.example${stamp}.Address` }, { name: 'work', type: ['null', `com.example${stamp}.Address`], default: null }],
  };
  const reg = await register(`${topic}-value`, { schema: JSON.stringify(customer), references: [{ name: addressSubject, subject: addressSubject, version: 1 }] });

  const registry = {};
  avsc.Type.forSchema(address as avsc.Schema, { registry });
  const type = avsc.Type.forSchema(customer as avsc.Schema, { registry });
  const payload = type.toBuffer({ name: 'Ada', home: { city: 'London', zip: null }, work: { city: 'Cambridge', zip: 1234 } });
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': registryUrl() }, false);
  const s = await roundTrip(topic, c, framed(reg.id, payload));
  assert.equal(s.schema.name, `com.example${stamp}.Customer`);
  assert.equal((s.get('home') as Struct).schema.name, `com.example${stamp}.Address`);
  assert.equal(String(s), 'Struct{name=Ada,home=Struct{city=London},work=Struct{city=Cambridge,zip=1234}}');

  // use.latest.version writes with that schema (references resolved), under its id, in its encoding.
  const w = new AvroConverter();
  w.configure({ 'schema.registry.url': registryUrl(), 'use.latest.version': 'true', 'auto.register.schemas': 'false' }, false);
  try {
    const bytes = (await write(w, topic, s.schema, s))!;
    assert.equal(bytes.readInt32BE(1), reg.id);
    assert.equal(JSON.stringify(type.fromBuffer(bytes.subarray(5))), JSON.stringify(type.fromBuffer(payload)));
  } finally {
    w.close();
  }
});

test('JSON Schema: a $ref to a referenced subject resolves (and validates with json.fail.invalid.schema)', async () => {
  const topic = await createTopic(uniqueTopic('json-refs'));
  const address = { $id: 'https://example.com/address.json', type: 'object', title: 'Address', properties: { city: { type: 'string' }, zip: { type: 'integer' } }, required: ['city'] };
  const addressSubject = `address-${stamp}.json`;
  await register(addressSubject, { schemaType: 'JSON', schema: JSON.stringify(address) });
  const customer = {
    type: 'object', title: 'Customer',
    properties: { name: { type: 'string' }, home: { $ref: 'address.json' } },
    required: ['name', 'home'],
  };
  const reg = await register(`${topic}-value`, {
    schemaType: 'JSON', schema: JSON.stringify(customer), references: [{ name: 'address.json', subject: addressSubject, version: 1 }],
  });
  const c = new JsonSchemaConverter();
  c.configure({ 'schema.registry.url': registryUrl(), 'json.fail.invalid.schema': 'true' }, false);
  const s = await roundTrip(topic, c, framed(reg.id, Buffer.from('{"name":"Ada","home":{"city":"London","zip":9007199254740993}}')));
  assert.equal(s.schema.name, 'Customer');
  assert.equal((s.get('home') as Struct).schema.name, 'Address');
  assert.equal((s.get('home') as Struct).get('city'), 'London');
  assert.equal((s.get('home') as Struct).get('zip'), 9007199254740993n);
});

test('Protobuf: an import that is a registry reference resolves, and its message reads as a nested Struct', async () => {
  const topic = await createTopic(uniqueTopic('proto-refs'));
  const address = 'syntax = "proto3";\npackage common;\n\nmessage Address {\n  string city = 1;\n  int32 zip = 2;\n}\n';
  const addressSubject = `common/address-${stamp}.proto`;
  await register(addressSubject, { schemaType: 'PROTOBUF', schema: address });
  const customer = 'syntax = "proto3";\npackage crm;\n\nimport "common/address.proto";\n\nmessage Customer {\n  string name = 1;\n  common.Address home = 2;\n}\n';
  const reg = await register(`${topic}-value`, {
    schemaType: 'PROTOBUF', schema: customer, references: [{ name: 'common/address.proto', subject: addressSubject, version: 1 }],
  });
  const root = new protobuf.Root();
  protobuf.parse(address, root, { keepCase: true });
  protobuf.parse(customer, root, { keepCase: true });
  root.resolveAll();
  const type = root.lookupType('crm.Customer');
  const payload = type.encode(type.fromObject({ name: 'Ada', home: { city: 'London', zip: 12 } })).finish();
  const c = new ProtobufConverter();
  c.configure({ 'schema.registry.url': registryUrl() }, false);
  const s = await roundTrip(topic, c, framed(reg.id, payload, [0]));
  assert.equal(s.schema.name, 'crm.Customer');
  assert.equal((s.get('home') as Struct).schema.name, 'common.Address');
  assert.equal(String(s), 'Struct{name=Ada,home=Struct{city=London,zip=12}}');
});
