import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForLeaders } from '../../src/kafka/topicLeaders.js';
import { consumeAll, kafkaClient, uniqueTopic } from '../helpers/kafka.js';
import {
  awaitConnectorState,
  checkSequences,
  createConnector,
  eventually,
  getJson,
  readSinkFiles,
  write,
  startCluster,
  type Cluster,
  type DistributedWorker,
  clustersStoppedAfterTests,
} from '../helpers/distributed.js';

// Kafka's own system test (connect_distributed_test.py test_bounce): three workers, a 3-task
// verifiable source and a 3-task verifiable sink, three rounds of rolling restarts of every worker.

const clusters = clustersStoppedAfterTests();

async function createTopic3(topic: string): Promise<void> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: false });
    await waitForLeaders(admin, topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * After restarting worker `w` (same id, so statuses alone cannot tell the old process from the
 * new): every task of both connectors RUNNING, and those the new process owns started by it.
 */
async function settled(c: Cluster, w: DistributedWorker, connectors: string[]): Promise<void> {
  await w.waitForOutput(/"msg":"Adopted assignment"/, 60000);
  const startedHere = () => {
    const started = new Set<string>();
    for (const line of w.output().split('\n')) {
      const m = /"msg":"(Source|Sink) task started"/.test(line) ? (JSON.parse(line) as { connector: string; task: number }) : undefined;
      if (m) started.add(`${m.connector}-${m.task}`);
    }
    return started;
  };
  for (const name of connectors) {
    await eventually(
      async () => {
        const s = (await getJson(`${w.restUrl}/connectors/${name}/status`)).body as { tasks?: Array<{ id: number; state: string; worker_id: string }> };
        if (s?.tasks?.length !== TASKS) return false;
        const here = startedHere();
        return s.tasks.every((x) => x.state === 'RUNNING' && (x.worker_id !== w.workerId || here.has(`${name}-${x.id}`)));
      },
      60000,
      `${name} running after restarting ${w.workerId} (${c.names.groupId})`,
    );
  }
}

const ROUNDS = 3;
const TASKS = 3;

async function bounce(t: TestContext, hard: boolean): Promise<void> {
  const topic = uniqueTopic(hard ? 'bounce-hard' : 'bounce-clean');
  // Connector names of their own: a sink's consumer group is connect-<name>.
  const suffix = topic.slice(-8);
  const sourceName = `bsource-${suffix}`;
  const sinkName = `bsink-${suffix}`;
  await createTopic3(topic);
  const sinkDir = await mkdtemp(join(tmpdir(), 'kconnect-bounce-'));
  const c = await startCluster(3, {
    workerProps: {
      // The sink tasks' consumer groups notice a killed member as quickly as the Connect group does.
      'consumer.session.timeout.ms': '6000',
      'consumer.heartbeat.interval.ms': '1000',
    },
  });
  clusters.push(c);
  const w0 = c.workers[0]!;
  await createConnector(w0, sourceName, {
    'connector.class': 'VerifiableSource',
    'tasks.max': String(TASKS),
    topic,
    throughput: '200',
  });
  await createConnector(w0, sinkName, {
    'connector.class': 'VerifiableSink',
    'tasks.max': String(TASKS),
    topics: topic,
    'output.dir': sinkDir,
  });
  await awaitConnectorState(w0, sourceName, TASKS);
  await awaitConnectorState(w0, sinkName, TASKS);

  for (let round = 1; round <= ROUNDS; round++) {
    for (let i = 0; i < c.workers.length; i++) {
      const started = Date.now();
      const w = await c.restart(i, hard);
      await settled(c, w, [sourceName, sinkName]);
      t.diagnostic(`round ${round}: worker ${i} ${hard ? 'killed' : 'stopped'} and back in ${Date.now() - started} ms`);
    }
  }

  // Stop the source (its tasks commit their last offsets), then let the sink catch up.
  const stop = await eventually(async () => {
    const res = await write('PUT', `${c.workers[0]!.restUrl}/connectors/${sourceName}/stop`);
    return res.status === 204 ? res : undefined;
  }, 30000, 'source stopped');
  assert.ok(stop);
  await awaitConnectorState(c.workers[0]!, sourceName, 0, 'STOPPED');
  // STOPPED shows before every task has finished stopping: wait for the committed offsets to settle.
  let last = '';
  const committed = await eventually(
    async () => {
      const res = await getJson(`${c.workers[0]!.restUrl}/connectors/${sourceName}/offsets`);
      const offsets = (res.body?.offsets ?? []) as Array<{ partition: { id: number }; offset: { seqno: number } }>;
      const now = JSON.stringify(offsets);
      const stable = offsets.length === TASKS && now === last;
      last = now;
      if (!stable) await new Promise((r) => setTimeout(r, 1500));
      return stable ? new Map(offsets.map((o) => [o.partition.id, o.offset.seqno])) : undefined;
    },
    60000,
    'source offsets to settle',
  );
  const produced = await consumeAll(topic);
  const source = checkSequences(produced.map((r) => ({ task: Number(r.key!.toString()), seqno: Number(r.value!.toString()) })));
  const sinkDone = await eventually(
    async () => {
      const lines = await readSinkFiles(sinkDir);
      const check = checkSequences(lines);
      const complete = [...source.perTask].every(([task, s]) => (check.perTask.get(task)?.max ?? -1) >= s.max);
      return complete ? { lines, check } : undefined;
    },
    90000,
    'the sink to flush every record',
  );
  t.diagnostic(
    `source: ${produced.length} records, max seqno per task ${JSON.stringify(Object.fromEntries([...source.perTask].map(([k, v]) => [k, v.max])))}, ` +
      `committed ${JSON.stringify(Object.fromEntries(committed!))}, duplicates ${source.duplicates}; sink: ${sinkDone!.lines.length} lines, duplicates ${sinkDone!.check.duplicates}`,
  );

  assert.equal(source.perTask.size, TASKS);
  for (const [task, s] of source.perTask) {
    assert.deepEqual(s.missing, [], `source task ${task} skipped sequence numbers`);
    const sink = sinkDone!.check.perTask.get(task);
    assert.ok(sink, `sink saw nothing of source task ${task}`);
    assert.deepEqual(sink.missing, [], `sink missed sequence numbers of source task ${task}`);
    if (!hard) {
      // Clean restarts commit before letting go: exactly once, in the topic and in the sink.
      assert.equal(committed!.get(task), s.max, `source task ${task}: everything produced is committed`);
      assert.deepEqual(s.duplicates, [], `source task ${task} produced duplicates`);
      assert.deepEqual(sink.duplicates, [], `sink flushed duplicates of source task ${task}`);
    }
  }
  await c.stopAll();
}

describe('connect-distributed bounce', { timeout: 600_000 }, () => {
  test('rolling clean restarts (SIGTERM): every sequence number exactly once in the topic and in the sink', (t) => bounce(t, false));
  test('rolling hard restarts (kill -9): every sequence number at least once, none missing', (t) => bounce(t, true));
});
