import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTopic, kafkaClient, uniqueTopic } from '../helpers/kafka.js';
import { eventually, lines, startStandaloneWorker } from '../helpers/worker.js';

// Kafka Connect's sink task commits what it has delivered when its partitions are revoked, before
// the group rebalances: their next owner starts where it stopped. Here a second member joins the
// sink's consumer group while records stream in, takes a partition, and must find it committed
// exactly up to what the sink wrote. The periodic commit is an hour away, so only that revocation
// commit can put it there.
test('a sink task that loses a partition in a rebalance commits what it delivered first: its next owner starts there, no line twice', async () => {
  const topic = await createTopic(uniqueTopic('sink-rebalance'), { partitions: 2 });
  const name = `rebalance-sink-${topic.slice(-8)}`;
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-rebalance-'));
  const sinkFile = join(dir, 'sink.txt');
  const worker = await startStandaloneWorker({
    dir,
    workerProps: {
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.flush.interval.ms': '3600000',
    },
    connectors: [{ name, 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: sinkFile, topics: topic }],
  });
  const kafka = kafkaClient('kconnect-test-rebalance');
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  // Sorts after the task's member id (connector-consumer-…), so the round-robin assignor gives it a partition.
  const intruder = kafkaClient('zz-intruder').consumer({ groupId: `connect-${name}`, heartbeatInterval: 500, sessionTimeout: 10000 });
  await producer.connect();
  let streaming = true;
  const sent = [0, 0];
  const stream = (async () => {
    while (streaming) {
      await producer.send({ topic, acks: -1, messages: [0, 1].map((p) => ({ partition: p, value: `p${p}-${sent[p]!++}` })) });
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    await eventually(async () => (await lines(sinkFile)).length >= 200, 60000, 'the sink to write 200 lines');

    const taken = new Promise<number>((resolve) =>
      intruder.on(intruder.events.GROUP_JOIN, (e) => {
        const mine = e.payload.memberAssignment[topic] ?? [];
        if (mine.length > 0) resolve(mine[0]!);
      }),
    );
    await intruder.connect();
    await intruder.subscribe({ topics: [topic], fromBeginning: true });
    // It only holds the partition: nothing it reads is committed.
    await intruder.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => {} });
    const partition = await taken;

    const admin = kafka.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId: `connect-${name}`, topics: [topic] });
    await admin.disconnect();
    const committed = Number(offsets!.partitions.find((p) => p.partition === partition)!.offset);
    const written = (await lines(sinkFile)).filter((l) => l.startsWith(`p${partition}-`)).length;
    assert.ok(written > 0, `the sink wrote lines of partition ${partition} before losing it`);
    assert.equal(committed, written, `partition ${partition}: committed offset vs lines the sink wrote`);

    // The sink takes the partition back from where it was committed: every line once.
    streaming = false;
    await stream;
    await intruder.disconnect();
    const expected = sent[0]! + sent[1]!;
    const all = await eventually(async (): Promise<string[] | false> => {
      const got = await lines(sinkFile);
      return got.length >= expected && got;
    }, 60000, `all ${expected} lines in the sink`);
    assert.ok(all);
    assert.equal(new Set(all).size, all.length, 'no line written twice');
    assert.equal(all.length, expected);
  } finally {
    streaming = false;
    await stream.catch(() => {});
    await producer.disconnect();
    await intruder.disconnect().catch(() => {});
    await worker.stop();
  }
});
