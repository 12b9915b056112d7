// KIP-618 exactly-once source connectors in distributed mode, against a real broker and real
// worker processes: the hard bounce (kill -9, three rounds), the same with clean restarts,
// `exactly.once.support=required` refused with 400, and a zombie (SIGSTOP long enough to be
// replaced, then SIGCONT) that cannot commit afterwards.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { waitForLeaders } from '../../src/kafka/topicLeaders.js';
import { consumeAll, kafkaClient, uniqueTopic } from '../helpers/kafka.js';
import {
  checkSequences,
  connectorStatus,
  createConnector,
  eventually,
  getJson,
  request,
  startCluster,
  write,
  type Cluster,
  type DistributedWorker,
} from '../helpers/distributed.js';

const TASKS = 3;
const ROUNDS = 3;
const EOS = { 'exactly.once.source.support': 'enabled' };

const clusters: Cluster[] = [];
const stoppedPids = new Set<number>();
after(async () => {
  for (const pid of stoppedPids) {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      /* gone */
    }
  }
  await Promise.all(clusters.map((c) => c.stopAll()));
});

async function createTopic(topic: string, partitions = 3): Promise<void> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
    await waitForLeaders(admin, topic);
  } finally {
    await admin.disconnect();
  }
}

/** The committed seqno per task, from GET /connectors/{name}/offsets (read_committed offsets topic). */
async function committedSeqnos(w: DistributedWorker, name: string): Promise<Map<number, number>> {
  const res = await getJson(`${w.restUrl}/connectors/${name}/offsets`);
  const offsets = (res.body?.offsets ?? []) as Array<{ partition: { id: number }; offset: { seqno: number } }>;
  return new Map(offsets.map((o) => [o.partition.id, o.offset.seqno]));
}

/**
 * Every task RUNNING on a live worker (restarted workers get new ports, so a status left behind
 * by a dead process never counts), then every task commits a transaction beyond what it had.
 */
async function settled(c: Cluster, name: string, what: string): Promise<void> {
  const live = () => new Set(c.workers.map((w) => w.workerId));
  const w0 = c.workers[0]!;
  await eventually(
    async () => {
      const s = await connectorStatus(w0, name);
      return s?.tasks.length === TASKS && s.tasks.every((t) => t.state === 'RUNNING' && live().has(t.worker_id));
    },
    90000,
    `${name} running on live workers after ${what}`,
  );
  const before = await committedSeqnos(w0, name);
  await eventually(
    async () => {
      const now = await committedSeqnos(w0, name);
      return [...Array(TASKS).keys()].every((t) => (now.get(t) ?? -1) > (before.get(t) ?? -1));
    },
    90000,
    `every task of ${name} committing after ${what}`,
  );
}

/** Kills (or stops) worker i, then starts a new worker process in its place, on a new port. */
async function replace(c: Cluster, i: number, hard: boolean): Promise<void> {
  const old = c.workers[i]!;
  if (hard) await old.kill();
  else await old.stop();
  const w = await c.add();
  c.workers.splice(c.workers.indexOf(w), 1);
  c.workers[i] = w;
}

/** Stops the connector and checks, with a read_committed consumer, every seqno 0..max exactly once. */
async function stopAndCheck(t: TestContext, c: Cluster, name: string, topic: string): Promise<void> {
  const w0 = c.workers[0]!;
  const res = await write('PUT', `${w0.restUrl}/connectors/${name}/stop`);
  assert.equal(res.status, 204, JSON.stringify(res.body));
  // Stopped: the connector and no task left (each ended its last transaction before it let go).
  await eventually(
    async () => {
      const s = await connectorStatus(w0, name);
      return s?.connector.state === 'STOPPED' && s.tasks.length === 0;
    },
    60000,
    `${name} STOPPED`,
  );
  // STOPPED shows before every task has finished its last transaction: read the committed offsets
  // before and after reading the topic, until no transaction committed in between.
  const read = await eventually(
    async () => {
      const before = await committedSeqnos(w0, name);
      const records = await consumeAll(topic, { timeoutMs: 60000 });
      const after = await committedSeqnos(w0, name);
      return JSON.stringify([...before]) === JSON.stringify([...after]) ? { committed: after, records } : undefined;
    },
    120000,
    'no transaction committing while the topic is read',
  );
  const { committed, records } = read!;
  const check = checkSequences(records.map((r) => ({ task: Number(r.key!.toString()), seqno: Number(r.value!.toString()) })));
  t.diagnostic(
    `${records.length} committed records; max seqno per task ${JSON.stringify(Object.fromEntries([...check.perTask].map(([k, v]) => [k, v.max])))}; ` +
      `committed offsets ${JSON.stringify(Object.fromEntries(committed))}; duplicates ${check.duplicates}, missing ${check.missing}`,
  );
  assert.equal(check.perTask.size, TASKS);
  for (const [task, s] of check.perTask) {
    assert.deepEqual(s.duplicates, [], `task ${task}: a read_committed consumer saw duplicates`);
    assert.deepEqual(s.missing, [], `task ${task}: sequence numbers missing`);
    // Offsets and records commit together: the committed offset is the last record's.
    assert.equal(committed.get(task), s.max, `task ${task}: committed offset and last committed record agree`);
  }
}

async function bounce(t: TestContext, hard: boolean): Promise<void> {
  const topic = uniqueTopic(hard ? 'eos-hard' : 'eos-clean');
  const name = `eos-${topic.slice(-8)}`;
  await createTopic(topic);
  const c = await startCluster(3, { workerProps: EOS });
  clusters.push(c);
  await createConnector(c.workers[0]!, name, { 'connector.class': 'VerifiableSource', 'tasks.max': String(TASKS), topic, throughput: '1000' });
  await settled(c, name, 'creation');
  for (let round = 1; round <= ROUNDS; round++) {
    for (let i = 0; i < c.workers.length; i++) {
      const started = Date.now();
      await replace(c, i, hard);
      await settled(c, name, `round ${round}, worker ${i} ${hard ? 'killed' : 'stopped'}`);
      t.diagnostic(`round ${round}: worker ${i} ${hard ? 'killed -9' : 'stopped'}, replaced, every task committing again in ${Date.now() - started} ms`);
    }
  }
  await stopAndCheck(t, c, name, topic);
  await c.stopAll();
}

describe('exactly-once source (KIP-618), three workers', { timeout: 900_000 }, () => {
  test('exactly.once.support=required is refused with 400 for a connector that does not declare support', async () => {
    const c = await startCluster(1, { workerProps: EOS });
    clusters.push(c);
    const w = c.workers[0]!;
    const res = await eventually(
      async () => {
        const r = await request('POST', `${w.restUrl}/connectors`, {
          name: 'eos-required',
          // FileStreamSource on standard input cannot be re-read: it declares UNSUPPORTED, as in Kafka.
          config: { 'connector.class': 'FileStreamSource', topic: 'eos-required', 'exactly.once.support': 'required' },
        });
        return r.status === 409 ? undefined : r;
      },
      60000,
      'an answer that is not 409',
    );
    assert.equal(res!.status, 400, JSON.stringify(res!.body));
    assert.match(res!.body.message, /The connector does not support exactly-once semantics with the provided configuration\./);
    const listed = await getJson(`${w.restUrl}/connectors`);
    assert.ok(!(listed.body as string[]).includes('eos-required'), 'nothing was created');
    // A connector that declares support is created.
    const ok = await request('POST', `${w.restUrl}/connectors`, { name: 'eos-requested', config: { 'connector.class': 'VerifiableSource', topic: 'eos-requested', 'exactly.once.support': 'required' } });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    await c.stopAll();
  });

  test('hard bounce: each worker killed -9 and replaced, three rounds; a read_committed consumer sees every seqno exactly once', (t) => bounce(t, true));

  test('clean bounce: each worker stopped and replaced, three rounds; every seqno exactly once', (t) => bounce(t, false));

  test('a zombie (SIGSTOP long enough to be replaced, then SIGCONT) cannot commit afterwards', async (t) => {
    const topic = uniqueTopic('eos-zombie');
    const name = `eosz-${topic.slice(-8)}`;
    await createTopic(topic);
    const c = await startCluster(3, { workerProps: EOS });
    clusters.push(c);
    await createConnector(c.workers[0]!, name, { 'connector.class': 'VerifiableSource', 'tasks.max': String(TASKS), topic, throughput: '1000' });
    await settled(c, name, 'creation');
    // The zombie: a worker that runs at least one task (never worker 0, which answers REST here).
    const s = (await connectorStatus(c.workers[0]!, name))!;
    const zombie = c.workers.slice(1).find((w) => s.tasks.some((x) => x.worker_id === w.workerId)) ?? c.workers[1]!;
    const zombieTasks = s.tasks.filter((x) => x.worker_id === zombie.workerId).map((x) => x.id);
    process.kill(zombie.pid!, 'SIGSTOP');
    stoppedPids.add(zombie.pid!);
    // Replaced: its tasks RUNNING elsewhere, and committing there (their new producers fenced the old ones).
    const others = new Set(c.workers.filter((w) => w !== zombie).map((w) => w.workerId));
    await eventually(
      async () => {
        const st = await connectorStatus(c.workers[0]!, name);
        return st?.tasks.length === TASKS && st.tasks.every((x) => x.state === 'RUNNING' && others.has(x.worker_id));
      },
      90000,
      'the zombie replaced',
    );
    const before = await committedSeqnos(c.workers[0]!, name);
    await eventually(
      async () => {
        const now = await committedSeqnos(c.workers[0]!, name);
        return [...Array(TASKS).keys()].every((x) => (now.get(x) ?? -1) > (before.get(x) ?? -1));
      },
      90000,
      'the replacements committing',
    );
    process.kill(zombie.pid!, 'SIGCONT');
    stoppedPids.delete(zombie.pid!);
    t.diagnostic(`worker ${zombie.workerId} (tasks ${zombieTasks.join(',')}) stopped, replaced and resumed`);
    // Back in the group and running work again (status written by the resumed process).
    await eventually(
      async () => {
        const st = await connectorStatus(c.workers[0]!, name);
        return st?.tasks.length === TASKS && st.tasks.every((x) => x.state === 'RUNNING');
      },
      90000,
      'every task running after the zombie resumed',
    );
    await settled(c, name, 'the zombie resumed');
    // Whatever the zombie had in flight is not visible: every seqno exactly once.
    await stopAndCheck(t, c, name, topic);
    await c.stopAll();
  });
});
