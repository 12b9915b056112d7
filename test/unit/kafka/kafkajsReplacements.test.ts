import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// Load kafkajs's own modules first, so the comparison is against the originals.
const require = createRequire(import.meta.url);
const originalRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (r: object) => { buffer: Buffer };
const originalGroup = require('kafkajs/src/producer/groupMessagesPerPartition.js') as (a: object) => Record<number, unknown[]>;
const { encodeRecord, groupMessagesPerPartition } = await import('../../../src/kafka/kafkajsReplacements.js');

const cases: Array<[string, object]> = [
  ['key and value', { offsetDelta: 0, timestampDelta: 0, key: Buffer.from('k'), value: Buffer.from('{"payload":"foo"}') }],
  ['null key (tombstone value too)', { offsetDelta: 3, timestampDelta: 17, key: null, value: null }],
  ['large deltas and a 300-byte value', { offsetDelta: 19999, timestampDelta: 1234567, key: null, value: Buffer.alloc(300, 7) }],
  ['string key and value', { offsetDelta: 1, timestampDelta: 2, key: 'clé', value: 'välue' }],
  ['headers and repeated header keys', {
    offsetDelta: 5, timestampDelta: 9, key: Buffer.from('k'), value: Buffer.from('v'),
    headers: { a: Buffer.from('1'), rep: [Buffer.from('x'), Buffer.from('yy')], s: 'text' },
  }],
  ['negative timestamp delta', { offsetDelta: 2, timestampDelta: -5, key: null, value: Buffer.from('v') }],
];

for (const [name, record] of cases) {
  test(`a record encodes to the same bytes as kafkajs's encoder: ${name}`, () => {
    assert.deepEqual(encodeRecord(record as never).buffer, originalRecord(record).buffer);
  });
}

test('grouping per partition gives kafkajs\'s result, in message order', () => {
  const messages = Array.from({ length: 50 }, (_, i) => ({ key: String(i), value: String(i) }));
  const args = { topic: 't', partitionMetadata: [{}, {}, {}], messages, partitioner: ({ message }: { message: { key: string } }) => Number(message.key) % 3 };
  assert.deepEqual(groupMessagesPerPartition(args as never), originalGroup(args));
  assert.deepEqual(groupMessagesPerPartition({ ...args, partitionMetadata: [] } as never), {});
});
