// Proves the test harness: the broker scripts/test.sh starts answers, and the helpers in
// test/helpers/kafka.ts round-trip records byte for byte (keys, values, headers, tombstones).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapServers, consumeAll, createTopic, kafkaClient, produce, uniqueTopic } from '../helpers/kafka.js';

describe('test Kafka broker', () => {
  it('has a bootstrap address', () => {
    assert.match(bootstrapServers(), /^[^,\s]+:\d+(,[^,\s]+:\d+)*$/);
  });

  it('gives every test its own topic names', () => {
    const a = uniqueTopic('kafka-broker');
    const b = uniqueTopic('kafka-broker');
    assert.notEqual(a, b);
    assert.match(a, /^kafka-broker-[0-9a-f]{16}$/);
    assert.match(uniqueTopic('a b/c'), /^a_b_c-[0-9a-f]{16}$/);
  });

  it('creates a topic with partitions and configs', async () => {
    const topic = await createTopic(uniqueTopic('kafka-broker-create'), {
      partitions: 3,
      config: { 'cleanup.policy': 'compact', 'segment.ms': 60_000 },
    });
    const admin = kafkaClient().admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      assert.equal(meta.topics[0]?.partitions.length, 3);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2 /* TOPIC */, name: topic, configNames: ['cleanup.policy', 'segment.ms'] }],
      });
      const entries = Object.fromEntries(
        (configs.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]),
      );
      assert.deepEqual(entries, { 'cleanup.policy': 'compact', 'segment.ms': '60000' });
    } finally {
      await admin.disconnect();
    }
  });

  it('round-trips 3 records with headers byte-identical', async () => {
    const topic = await createTopic(uniqueTopic('kafka-broker-roundtrip'));
    const binary = Buffer.from([0x00, 0xff, 0x80, 0x7f, 0x0a, 0x00]);
    await produce(topic, [
      { key: 'k1', value: 'héllo wörld', headers: { 'content-type': 'text/plain', trace: Buffer.from([1, 2, 3]) } },
      { key: Buffer.from([0xde, 0xad, 0xbe, 0xef]), value: binary, headers: { empty: Buffer.alloc(0), rep: ['a', 'b'] } },
      { key: 'k3', value: null, headers: { tombstone: 'yes' } },
    ]);

    const records = await consumeAll(topic, { expected: 3, timeoutMs: 20_000 });
    assert.equal(records.length, 3);
    assert.deepEqual(
      records.map((r) => [r.partition, r.offset]),
      [
        [0, 0],
        [0, 1],
        [0, 2],
      ],
    );
    const [r1, r2, r3] = records;

    assert.deepEqual(r1?.key, Buffer.from('k1'));
    assert.deepEqual(r1?.value, Buffer.from('héllo wörld', 'utf8'));
    assert.deepEqual(r1?.headers, { 'content-type': Buffer.from('text/plain'), trace: Buffer.from([1, 2, 3]) });

    assert.deepEqual(r2?.key, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    assert.deepEqual(r2?.value, binary);
    assert.deepEqual(r2?.headers, { empty: Buffer.alloc(0), rep: [Buffer.from('a'), Buffer.from('b')] });

    assert.deepEqual(r3?.key, Buffer.from('k3'));
    assert.equal(r3?.value, null);
    assert.deepEqual(r3?.headers, { tombstone: Buffer.from('yes') });
    for (const r of records) assert.ok(Math.abs(r.timestamp - Date.now()) < 60_000);

    // without `expected`: everything up to the high watermark
    const again = await consumeAll(topic);
    assert.deepEqual(again, records);
  });

  it('reads an empty topic as no records', async () => {
    const topic = await createTopic(uniqueTopic('kafka-broker-empty'), { partitions: 2 });
    assert.deepEqual(await consumeAll(topic), []);
  });
});
