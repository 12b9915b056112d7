// ProtobufConverter's logical types, INT8/INT16 and oneofs against the real registry and broker: Decimal, Date,
// Time and Timestamp as Confluent's type messages (imported known types, no references, as
// Confluent's serializer registers them), a oneof as an io.confluent.connect.protobuf.Union struct;
// written through Kafka and read back equal, and records of another Protobuf producer (with and
// without registry references for the imported types) read as Confluent's converter reads them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { ProtobufConverter } from '../../src/converters/index.js';
import { BigDecimal } from '../../src/data/BigDecimal.js';
import { ConnectDate } from '../../src/data/Date.js';
import { Decimal } from '../../src/data/Decimal.js';
import { SchemaBuilder } from '../../src/data/SchemaBuilder.js';
import { Struct } from '../../src/data/Struct.js';
import { Time } from '../../src/data/Time.js';
import { Timestamp } from '../../src/data/Timestamp.js';
import { consumeAll, createTopic, produce, uniqueTopic } from '../helpers/kafka.js';
import { read, registryRequest, registryUrl, write } from '../helpers/registry.js';

function converter(): ProtobufConverter {
  const c = new ProtobufConverter();
  c.configure({ 'schema.registry.url': registryUrl() }, false);
  return c;
}

test('Protobuf: Decimal, Date, Time, Timestamp and a oneof union go through the registry and Kafka and read back equal', async () => {
  const url = registryUrl();
  const topic = await createTopic(uniqueTopic('proto-logical'));
  const union = SchemaBuilder.struct().name('io.confluent.connect.protobuf.Union.payment').optional()
    .field('card', SchemaBuilder.string().optional().parameter('io.confluent.connect.protobuf.Tag', '10').build())
    .field('points', SchemaBuilder.int64().optional().parameter('io.confluent.connect.protobuf.Tag', '11').build())
    .build();
  const schema = SchemaBuilder.struct().name('shop.Order')
    .field('payment_0', union)
    .field('amount', Decimal.builder(2).parameter('connect.decimal.precision', '12').build())
    .field('day', ConnectDate.SCHEMA)
    .field('at', Time.SCHEMA)
    .field('ts', Timestamp.SCHEMA)
    .field('tiny', SchemaBuilder.int8().build())
    .field('short', SchemaBuilder.int16().build())
    .build();
  const values = [
    new Struct(schema).put('payment_0', new Struct(union).put('card', 'visa')).put('amount', new BigDecimal(123456789n, 2))
      .put('day', new Date(Date.UTC(1999, 11, 31))).put('at', new Date(23 * 3600000 + 59 * 60000 + 59999)).put('ts', new Date(1234567890123))
      .put('tiny', -128).put('short', 32767),
    new Struct(schema).put('payment_0', new Struct(union).put('points', 2n ** 60n)).put('amount', new BigDecimal(-5n, 2))
      .put('day', new Date(0)).put('at', new Date(0)).put('ts', new Date(-1000))
      .put('tiny', 7).put('short', -2),
  ];
  const writer = converter();
  const bytes: Buffer[] = [];
  for (const v of values) bytes.push((await write(writer, topic, schema, v))!);
  writer.close();
  await produce(topic, bytes.map((value) => ({ value })));

  const latest = await registryRequest(url, 'GET', `/subjects/${topic}-value/versions/latest`);
  assert.equal(latest.status, 200);
  assert.equal(latest.body.schemaType, 'PROTOBUF');
  for (const imp of ['confluent/type/decimal.proto', 'google/type/date.proto', 'google/type/timeofday.proto', 'google/protobuf/timestamp.proto']) {
    assert.ok(latest.body.schema.includes(`import "${imp}";`), imp);
  }
  assert.match(latest.body.schema, /oneof payment \{/);
  assert.deepEqual(latest.body.references ?? [], [], 'known types are not registered as references (skip.known.types)');

  const records = await consumeAll(topic, { expected: 2 });
  const reader = converter();
  try {
    const back = await Promise.all(records.map((r) => read(reader, topic, r.value)));
    const s0 = back[0]!.value as Struct;
    const s1 = back[1]!.value as Struct;
    assert.equal(back[0]!.schema!.field('amount')!.schema.parameters!['scale'], '2');
    assert.equal(back[0]!.schema!.field('amount')!.schema.parameters!['connect.decimal.precision'], '12');
    assert.equal(back[0]!.schema!.field('payment_0')!.schema.name, 'io.confluent.connect.protobuf.Union.payment');
    assert.equal(back[0]!.schema!.field('tiny')!.schema.type, 'INT8');
    assert.equal(back[0]!.schema!.field('short')!.schema.type, 'INT16');
    assert.equal(s0.get('tiny'), -128);
    assert.equal(s1.get('short'), -2);
    assert.equal(String(s0.get('amount')), '1234567.89');
    assert.equal((s0.get('day') as Date).toISOString(), '1999-12-31T00:00:00.000Z');
    assert.equal((s0.get('at') as Date).getTime(), 23 * 3600000 + 59 * 60000 + 59999);
    assert.equal((s0.get('ts') as Date).getTime(), 1234567890123);
    assert.equal((s0.get('payment_0') as Struct).get('card'), 'visa');
    assert.equal((s0.get('payment_0') as Struct).get('points'), null);
    assert.equal(String(s1.get('amount')), '-0.05');
    assert.equal((s1.get('payment_0') as Struct).get('points'), 2n ** 60n);
    assert.equal((s1.get('ts') as Date).getTime(), -1000);

    // What was read writes again under the same registered schema (the oneof and its tags survive).
    const again = converter();
    const rewritten = (await write(again, topic, back[1]!.schema, s1))!;
    again.close();
    assert.equal(rewritten.readInt32BE(1), latest.body.id);
    assert.deepEqual(rewritten.subarray(5), records[1]!.value!.subarray(5));
  } finally {
    reader.close();
  }
});

const TYPES = {
  'confluent/type/decimal.proto': 'syntax = "proto3";\npackage confluent.type;\n\nmessage Decimal {\n  bytes value = 1;\n  uint32 precision = 2;\n  int32 scale = 3;\n}\n',
  'google/type/date.proto': 'syntax = "proto3";\npackage google.type;\n\nmessage Date {\n  int32 year = 1;\n  int32 month = 2;\n  int32 day = 3;\n}\n',
};

const OTHER_PRODUCER = `syntax = "proto3";
package billing;

import "confluent/type/decimal.proto";
import "google/type/date.proto";

message Invoice {
  string number = 1;
  confluent.type.Decimal total = 2 [(confluent.field_meta) = { params: [ { key: "precision", value: "9" }, { key: "scale", value: "3" } ] }];
  google.type.Date due = 3;
  oneof contact {
    string email = 4;
    string phone = 5;
  }
}
`;

/** Another producer's record: its own protobufjs types, Confluent's framing (magic, id, index [0]). */
function otherProducerRecord(id: number, value: Record<string, unknown>): Buffer {
  const root = new protobuf.Root();
  for (const text of Object.values(TYPES)) protobuf.parse(text, root, { keepCase: true });
  protobuf.parse(OTHER_PRODUCER, root, { keepCase: true });
  root.resolveAll();
  const type = root.lookupType('billing.Invoice');
  const body = type.encode(type.fromObject(value)).finish();
  const header = Buffer.alloc(6);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, body]);
}

test('Protobuf: another producer\'s oneof, Decimal and Date read as Confluent\'s converter reads them, with and without registry references', async () => {
  const url = registryUrl();
  const stamp = Date.now();
  // Without references (Confluent's serializer default, skip.known.types=true) …
  const topicA = await createTopic(uniqueTopic('proto-other'));
  const plain = await registryRequest(url, 'POST', `/subjects/${topicA}-value/versions`, { schemaType: 'PROTOBUF', schema: OTHER_PRODUCER });
  assert.equal(plain.status, 200, JSON.stringify(plain.body));
  // … and with them (skip.known.types=false: the imported files are subjects of their own).
  const topicB = await createTopic(uniqueTopic('proto-refs'));
  const references = [];
  for (const [name, text] of Object.entries(TYPES)) {
    const subject = `${name}-${stamp}`;
    const reg = await registryRequest(url, 'POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schemaType: 'PROTOBUF', schema: text });
    assert.equal(reg.status, 200, JSON.stringify(reg.body));
    references.push({ name, subject, version: 1 });
  }
  const withRefs = await registryRequest(url, 'POST', `/subjects/${topicB}-value/versions`, { schemaType: 'PROTOBUF', schema: OTHER_PRODUCER, references });
  assert.equal(withRefs.status, 200, JSON.stringify(withRefs.body));
  const byId = await registryRequest(url, 'GET', `/schemas/ids/${withRefs.body.id}`);
  assert.equal(byId.body.references?.length, 2, 'the registry keeps the references');

  const invoice = { number: 'INV-1', total: { value: Buffer.from([0x01, 0xe2, 0x40]), precision: 6, scale: 3 }, due: { year: 2025, month: 6, day: 30 }, phone: '+1 555' };
  for (const [topic, id] of [[topicA, plain.body.id as number], [topicB, withRefs.body.id as number]] as const) {
    await produce(topic, [{ value: otherProducerRecord(id, invoice) }]);
    const [record] = await consumeAll(topic, { expected: 1 });
    const c = converter();
    try {
      const { schema, value } = await read(c, topic, record!.value);
      assert.equal(schema!.name, 'billing.Invoice');
      assert.deepEqual(schema!.fields.map((f) => f.name), ['contact_0', 'number', 'total', 'due']);
      assert.equal(schema!.field('total')!.schema.name, Decimal.LOGICAL_NAME);
      assert.equal(schema!.field('total')!.schema.parameters!['scale'], '3');
      assert.equal(schema!.field('total')!.schema.parameters!['connect.decimal.precision'], '9');
      assert.equal(schema!.field('due')!.schema.name, ConnectDate.LOGICAL_NAME);
      const s = value as Struct;
      assert.equal(String(s.get('total')), '123.456');
      assert.equal((s.get('due') as Date).toISOString(), '2025-06-30T00:00:00.000Z');
      assert.equal(String(s.get('contact_0')), 'Struct{phone=+1 555}');
      assert.equal(s.get('number'), 'INV-1');
    } finally {
      c.close();
    }
  }
});
