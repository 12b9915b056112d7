// kconnect replaces kafkajs's decoding of fetched records (src/kafka/recordBatchDecoder.ts). Here
// every fetch a consumer makes from the real broker is decoded twice, by kafkajs's original modules
// and by the replacement, and the two must agree exactly: plain, header-carrying, gzip-compressed,
// committed and aborted transactional records (with their control batches), LogAppendTime topics,
// read committed and uncommitted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// kafkajs's originals first; then, with the module cache emptied, kafkajs through kconnect's door.
const require = createRequire(import.meta.url);
const DECODE_MESSAGES = require.resolve('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js');
type Decoder = { buffer: Buffer; offset: number };
const originalDecodeMessages = require(DECODE_MESSAGES) as (d: Decoder) => Promise<unknown[]>;
const OriginalDecoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => Decoder;
const kafkajsRoot = require.resolve('kafkajs/src/index.js').replace(/index\.js$/, '');
for (const path of Object.keys(require.cache)) if (path.startsWith(kafkajsRoot)) delete require.cache[path];
const { kafkaClient, createTopic, uniqueTopic } = await import('../helpers/kafka.js');
const { CompressionTypes } = await import('../../src/kafka/kafkajs.js');

const ours = require(DECODE_MESSAGES) as (d: Decoder) => Promise<unknown[]>;
assert.notEqual(ours, originalDecodeMessages, 'the door installed the replacement');
let compared = 0;
/** kafkajs retries a fetch that throws: a mismatch is reported to the waiting test at once. */
let onMismatch: (err: unknown) => void = () => {};
// The fetch responses load decodeMessages when first used, after this.
require.cache[DECODE_MESSAGES]!.exports = async (decoder: Decoder) => {
  const copy = new OriginalDecoder(decoder.buffer);
  copy.offset = decoder.offset;
  const theirs = await originalDecodeMessages(copy);
  const mine = await ours(decoder);
  try {
    assert.deepStrictEqual(mine, theirs);
    assert.equal(decoder.offset, copy.offset);
  } catch (err) {
    onMismatch(err);
    throw err;
  }
  compared += mine.length;
  return mine;
};

test('every record fetched from the broker decodes as kafkajs decodes it', async () => {
  const topic = await createTopic(uniqueTopic('fetch-decoding'), { partitions: 2 });
  const appendTime = await createTopic(uniqueTopic('fetch-decoding-lat'), { config: { 'message.timestamp.type': 'LogAppendTime' } });
  const kafka = kafkaClient('fetch-decoding');
  const msgs = (n: number, extra: (i: number) => object = () => ({})) =>
    Array.from({ length: n }, (_, i) => ({ key: i % 3 ? `k${i}` : null, value: i % 17 === 5 ? null : `{"i":${i},"pad":"${'x'.repeat(i % 300)}"}`, ...extra(i) }));

  const producer = kafka.producer();
  await producer.connect();
  const tx = kafka.producer({ transactionalId: uniqueTopic('fetch-decoding-tx'), idempotent: true, maxInFlightRequests: 1 });
  await tx.connect();
  try {
    await producer.send({ topic, messages: msgs(2000) });
    await producer.send({ topic, messages: msgs(300, (i) => ({ headers: { h: `v${i}`, rep: ['a', 'b', String(i)], constructor: 'c' } })) });
    await producer.send({ topic, compression: CompressionTypes.GZIP, messages: msgs(1000, (i) => ({ headers: i % 2 ? { g: 'z' } : undefined })) });
    await producer.send({ topic: appendTime, messages: msgs(200) });
    await producer.send({ topic: appendTime, compression: CompressionTypes.GZIP, messages: msgs(200) });
    for (const commit of [true, false, true, false]) {
      const t = await tx.transaction();
      await t.send({ topic, messages: msgs(300, () => ({ headers: { committed: String(commit) } })) });
      await t.send({ topic: appendTime, messages: msgs(50, () => ({ headers: { committed: String(commit) } })) });
      if (commit) await t.commit();
      else await t.abort();
    }
  } finally {
    await tx.disconnect();
    await producer.disconnect();
  }

  const expected = { committed: 2000 + 300 + 1000 + 600 + 400 + 100, uncommitted: 2000 + 300 + 1000 + 1200 + 400 + 200 };
  for (const readUncommitted of [false, true]) {
    const consumer = kafka.consumer({ groupId: uniqueTopic('fetch-decoding'), readUncommitted, maxBytesPerPartition: 300_000 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic, appendTime], fromBeginning: true });
      const want = readUncommitted ? expected.uncommitted : expected.committed;
      let seen = 0;
      let aborted = 0;
      await new Promise<void>((resolve, reject) => {
        onMismatch = reject;
        consumer.run({
          eachBatch: async ({ batch }) => {
            seen += batch.messages.length;
            aborted += batch.messages.filter((m) => m.headers?.committed?.toString() === 'false').length;
            if (seen >= want) resolve();
          },
        }).catch(reject);
      });
      assert.equal(seen, want);
      assert.equal(aborted, readUncommitted ? 700 : 0);
    } finally {
      await consumer.disconnect();
    }
  }
  assert.ok(compared >= expected.committed + expected.uncommitted, `compared ${compared} records`);
});
