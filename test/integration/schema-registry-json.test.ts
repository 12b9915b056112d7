// JsonSchemaConverter keeps int64 values beyond 2^53 and NUMERIC decimals exact, through the real
// registry and Kafka: its own records, and records of another JSON Schema producer whose schema has
// plain "integer" properties (read as INT64, as Confluent's converter does).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonSchemaConverter } from '../../src/converters/index.js';
import { BigDecimal } from '../../src/data/BigDecimal.js';
import { Decimal } from '../../src/data/Decimal.js';
import { SchemaBuilder } from '../../src/data/SchemaBuilder.js';
import { Struct } from '../../src/data/Struct.js';
import { consumeAll, createTopic, produce, uniqueTopic } from '../helpers/kafka.js';
import { read, registryRequest, registryUrl, write } from '../helpers/registry.js';

function converter(more: Record<string, string> = {}): JsonSchemaConverter {
  const c = new JsonSchemaConverter();
  c.configure({ 'schema.registry.url': registryUrl(), ...more }, false);
  return c;
}

const BIG = [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, -(2n ** 53n) - 3n];

test('JSON Schema: int64 beyond 2^53 and NUMERIC decimals are written and read back exactly through Kafka', async () => {
  const topic = await createTopic(uniqueTopic('json-int64'));
  const schema = SchemaBuilder.struct().name('com.example.Big')
    .field('id', SchemaBuilder.int64().build())
    .field('ids', SchemaBuilder.array(SchemaBuilder.int64().build()).build())
    .field('price', Decimal.schema(20))
    .field('ratio', SchemaBuilder.float64().build())
    .build();
  const price = new BigDecimal(123456789012345678901234567890123n, 20);
  const writer = converter({ 'decimal.format': 'NUMERIC', 'json.fail.invalid.schema': 'true' });
  const bytes: Buffer[] = [];
  for (const id of BIG) {
    bytes.push((await write(writer, topic, schema, new Struct(schema).put('id', id).put('ids', BIG).put('price', price).put('ratio', 0.1)))!);
  }
  writer.close();
  assert.equal(bytes[0]!.subarray(5).toString('utf8'),
    `{"id":9223372036854775807,"ids":[${BIG.join(',')}],"price":1234567890123.45678901234567890123,"ratio":0.1}`);
  await produce(topic, bytes.map((value) => ({ value })));

  const reader = converter({ 'decimal.format': 'NUMERIC', 'json.fail.invalid.schema': 'true' });
  try {
    const records = await consumeAll(topic, { expected: BIG.length });
    for (let i = 0; i < BIG.length; i++) {
      const s = (await read(reader, topic, records[i]!.value)).value as Struct;
      assert.equal(s.get('id'), BIG[i]);
      assert.deepEqual(s.get('ids'), BIG);
      assert.equal(String(s.get('price')), '1234567890123.45678901234567890123');
      assert.equal(s.get('ratio'), 0.1);
    }
  } finally {
    reader.close();
  }
});

test('JSON Schema: another producer\'s plain "integer" beyond 2^53 reads as an exact INT64', async () => {
  const url = registryUrl();
  const topic = await createTopic(uniqueTopic('json-other-int64'));
  const schema = { type: 'object', title: 'Account', properties: { id: { type: 'integer' }, balance: { type: 'number' }, tags: { type: 'array', items: { type: 'integer' } } } };
  const reg = await registryRequest(url, 'POST', `/subjects/${topic}-value/versions`, { schemaType: 'JSON', schema: JSON.stringify(schema) });
  assert.equal(reg.status, 200, JSON.stringify(reg.body));
  const header = Buffer.alloc(5);
  header.writeInt32BE(reg.body.id, 1);
  const text = '{"id":9007199254740993,"balance":12.5,"tags":[1,-9223372036854775808]}';
  await produce(topic, [{ value: Buffer.concat([header, Buffer.from(text)]) }]);
  const [record] = await consumeAll(topic, { expected: 1 });
  const c = converter();
  try {
    const { schema: connectSchema, value } = await read(c, topic, record!.value);
    assert.equal(connectSchema!.field('id')!.schema.type, 'INT64');
    const s = value as Struct;
    assert.equal(s.get('id'), 9007199254740993n);
    assert.equal(s.get('balance'), 12.5);
    assert.deepEqual(s.get('tags'), [1, -(2n ** 63n)]);
  } finally {
    c.close();
  }
});
