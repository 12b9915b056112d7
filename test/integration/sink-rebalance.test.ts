import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTopic, kafkaClient, uniqueTopic } from '../helpers/kafka.js';
import { eventually, lines, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

// Kafka Connect's sink task commits what it has delivered when its partitions are revoked, before
// the group rebalances: their next owner starts where it stopped. Here a second member joins the
// sink's consumer group while records stream in, takes a partition, and must find it committed
// exactly up to what the sink wrote. The periodic commit is an hour away, so only that revocation
// commit can put it there.

const TEST_PLUGINS = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'dist', 'test', 'fixtures', 'errors', 'plugins');

interface Setting {
  topic: string;
  name: string;
  sinkFile: string;
  worker: RunningWorker;
  /** Resolves with the partition the intruder was given, once it has joined. */
  intrude(): Promise<number>;
}

async function rebalanceUnderStream(
  label: string,
  sink: (dir: string, sinkFile: string) => { workerProps?: Record<string, string>; connector: Record<string, string> },
  whileStreaming: (s: Setting) => Promise<void>,
): Promise<void> {
  const topic = await createTopic(uniqueTopic(label), { partitions: 2 });
  const name = `${label}-${topic.slice(-8)}`;
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-rebalance-'));
  const sinkFile = join(dir, 'sink.txt');
  const { workerProps, connector } = sink(dir, sinkFile);
  const worker = await startStandaloneWorker({
    dir,
    workerProps: {
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'offset.flush.interval.ms': '3600000',
      ...workerProps,
    },
    connectors: [{ name, 'tasks.max': '1', topics: topic, ...connector }],
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
  const intrude = async () => {
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
    return taken;
  };
  try {
    await eventually(async () => (await lines(sinkFile)).length >= 200, 60000, 'the sink to write 200 lines');
    await whileStreaming({ topic, name, sinkFile, worker, intrude });

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
}

/** The intruder's partition must be committed exactly up to the lines the sink wrote of it. */
async function assertCommittedUpToWritten(s: Setting, partition: number): Promise<void> {
  const admin = kafkaClient('kconnect-test-rebalance').admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId: `connect-${s.name}`, topics: [s.topic] });
  await admin.disconnect();
  const committed = Number(offsets!.partitions.find((p) => p.partition === partition)!.offset);
  const written = (await lines(s.sinkFile)).filter((l) => l.startsWith(`p${partition}-`)).length;
  assert.ok(written > 0, `the sink wrote lines of partition ${partition} before losing it`);
  assert.equal(committed, written, `partition ${partition}: committed offset vs lines the sink wrote`);
}

test('a sink task that loses a partition in a rebalance commits what it delivered first: its next owner starts there, no line twice', async () => {
  await rebalanceUnderStream(
    'sink-rebalance',
    (_dir, file) => ({ connector: { 'connector.class': 'FileStreamSink', file } }),
    async (s) => assertCommittedUpToWritten(s, await s.intrude()),
  );
});

test('a rebalance while put() retries a RetriableException: the task commits what it delivered and lets the group go on', async () => {
  let outage = '';
  await rebalanceUnderStream(
    'sink-rebalance-retry',
    (dir, file) => {
      outage = join(dir, 'store-down');
      return {
        workerProps: { 'plugin.path': TEST_PLUGINS },
        connector: { 'connector.class': 'TestSink', file, 'fail.while.file.exists': outage, 'retry.backoff.ms': '200' },
      };
    },
    async (s) => {
      await writeFile(outage, '');
      await s.worker.waitForOutput(/put\(\) failed with a retriable error; redelivering the batch/, 30000);
      // Waiting out the rebalance would hold the whole group until put() succeeds, or until the
      // coordinator drops the task and its partitions go on from an older commit.
      let timer: NodeJS.Timeout | undefined;
      const partition = await Promise.race([
        s.intrude(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('the intruder was not given a partition within 30 s: the sink task held up the rebalance')), 30000);
        }),
      ]).finally(() => clearTimeout(timer));
      await assertCommittedUpToWritten(s, partition);
      await rm(outage);
    },
  );
});
