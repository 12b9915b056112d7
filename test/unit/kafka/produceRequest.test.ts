import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// Load kafkajs's own modules first, so the comparison is against the originals.
const require = createRequire(import.meta.url);
type Request = { apiKey: number; apiVersion: number; expectResponse(): boolean; encode(): Promise<{ buffer: Buffer }> };
const originalProduce = require('kafkajs/src/protocol/requests/produce/v3/request.js') as (a: object) => Request;
const originalCrc = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;
const Long = require('kafkajs/src/utils/long.js') as { fromInt(n: number): unknown; fromValue(v: unknown): unknown };
const { produceRequest } = await import('../../../src/kafka/produceRequest.js');
const { crc32c } = await import('../../../src/kafka/crc32c.js');

const ts = 1764700000000;
const messages = (n: number, extra: (i: number) => object = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ key: i % 3 === 0 ? null : `k${i}`, value: Buffer.from(`{"payload":"line ${i}"}`), timestamp: String(ts + (i % 7)), ...extra(i) }));

const cases: Array<[string, object]> = [
  ['one partition, idempotent', { acks: -1, timeout: 30000, producerId: Long.fromInt(4711), producerEpoch: 3, topicData: [{ topic: 'orders', partitions: [{ partition: 0, firstSequence: 120, messages: messages(50) }] }] }],
  ['two topics, several partitions, transactional', {
    acks: -1, timeout: 5000, transactionalId: 'connect-cluster-src-0', producerId: Long.fromValue('9007199254740993'), producerEpoch: 1,
    topicData: [
      { topic: 'a', partitions: [{ partition: 2, firstSequence: 0, messages: messages(3) }, { partition: 0, firstSequence: 9, messages: messages(1) }] },
      { topic: 'bé', partitions: [{ partition: 1, messages: messages(7) }] },
    ],
  }],
  ['acks=1, no producer id, headers and tombstones', { acks: 1, timeout: 100, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: messages(5, (i) => ({ value: i === 2 ? null : Buffer.from('v'), headers: { h: Buffer.from(String(i)), rep: ['x', 'y'] } })) }] }] }],
  ['timestamps out of order', { acks: -1, timeout: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [5, 1, 9, 3].map((d) => ({ value: 'v', timestamp: String(ts + d) })) }] }] }],
  ['gzip', { acks: -1, timeout: 30000, compression: 1, topicData: [{ topic: 'z', partitions: [{ partition: 0, firstSequence: 2, messages: messages(20) }] }] }],
];

for (const [name, args] of cases) {
  test(`a produce request encodes to the same bytes as kafkajs's: ${name}`, async () => {
    const ours = produceRequest(args as never);
    const theirs = originalProduce(args);
    assert.deepEqual((await ours.encode()).buffer, (await theirs.encode()).buffer);
    assert.equal(ours.apiKey, theirs.apiKey);
    assert.equal(ours.apiVersion, theirs.apiVersion);
    assert.equal(ours.expectResponse(), theirs.expectResponse());
  });
}

test('records without a timestamp get the time of encoding, as in kafkajs', async (t) => {
  t.mock.method(Date, 'now', () => ts);
  const args = { acks: -1, timeout: 1, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ value: 'a' }, { value: 'b', timestamp: String(ts + 5) }] }] }] };
  assert.deepEqual((await produceRequest(args as never).encode()).buffer, (await originalProduce(args).encode()).buffer);
});

test('acks=0 expects no response', () => {
  assert.equal(produceRequest({ acks: 0, timeout: 1, topicData: [] }).expectResponse(), false);
});

test('CRC-32C agrees with kafkajs for every length around the 8-byte steps', () => {
  const bytes = Buffer.from(Array.from({ length: 70 }, (_, i) => (i * 37 + 11) & 0xff));
  for (let n = 0; n <= bytes.length; n++) assert.equal(crc32c(bytes.subarray(0, n)), originalCrc(bytes.subarray(0, n)), `length ${n}`);
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283); // the standard check value
});
