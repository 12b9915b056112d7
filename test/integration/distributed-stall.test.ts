// Issue 13 (3): a worker frozen (SIGSTOP) for twice session.timeout.ms, then continued. Its tasks
// move to the other worker meanwhile; when it wakes it must hand nothing more to Kafka (its
// membership lease ran out while it was frozen), stop its tasks and rejoin. No task ever runs on
// two workers at once, and the statuses agree on every worker afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTopic, consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { createConnector, connectorStatus, eventually, startCluster, FAST_GROUP_SETTINGS, clustersStoppedAfterTests } from '../helpers/distributed.js';

const clusters = clustersStoppedAfterTests();

const TASKS = 2;

/** Per source task, how often its sequence numbers in the topic go backwards (a restart from committed offsets). */
function rewinds(records: Array<{ key: Buffer | null; value: Buffer | null }>): Map<number, number> {
  const last = new Map<number, number>();
  const out = new Map<number, number>();
  for (const r of records) {
    const task = Number(r.key!.toString());
    const seqno = Number(r.value!.toString());
    const prev = last.get(task);
    if (prev !== undefined && seqno <= prev) out.set(task, (out.get(task) ?? 0) + 1);
    last.set(task, seqno);
  }
  return out;
}

test('a worker frozen for twice session.timeout.ms: no task runs on two workers at once, statuses converge', { timeout: 300_000 }, async () => {
  const topic = await createTopic(uniqueTopic('stall'), { partitions: 1 });
  const c = await startCluster(2, { workerProps: { 'consumer.session.timeout.ms': '6000', 'consumer.heartbeat.interval.ms': '1000' } });
  clusters.push(c);
  const [w0, w1] = c.workers as [(typeof c.workers)[0], (typeof c.workers)[0]];
  const name = `stall-src-${topic.slice(-8)}`;
  await createConnector(w0, name, { 'connector.class': 'VerifiableSource', 'tasks.max': String(TASKS), topic, throughput: '100' });
  const before = await eventually(async () => {
    const s = await connectorStatus(w0, name);
    return s && s.tasks.length === TASKS && s.tasks.every((t) => t.state === 'RUNNING') ? s : undefined;
  }, 60_000, 'source running');
  // Freeze the worker that runs task 0.
  const victim = c.workers.find((w) => w.workerId === before!.tasks[0]!.worker_id)!;
  const other = victim === w0 ? w1 : w0;
  const freezeMs = 2 * Number(FAST_GROUP_SETTINGS['session.timeout.ms']);
  process.kill(victim.pid!, 'SIGSTOP');
  const stoppedAt = Date.now();
  try {
    // Meanwhile the other worker takes the frozen one's tasks (after the scheduled rebalance delay).
    await eventually(async () => {
      const s = await connectorStatus(other, name);
      return s?.tasks.every((t) => t.worker_id === other.workerId && t.state === 'RUNNING');
    }, freezeMs, 'the other worker running every task');
  } finally {
    await new Promise((r) => setTimeout(r, Math.max(0, stoppedAt + freezeMs - Date.now())));
    process.kill(victim.pid!, 'SIGCONT');
  }
  const continuedAt = Date.now();

  // Statuses converge on both workers.
  const agreed = await eventually(async () => {
    const [a, b] = await Promise.all([connectorStatus(w0, name), connectorStatus(w1, name)]);
    const ok = a && b && JSON.stringify(a) === JSON.stringify(b) && a.tasks.length === TASKS && a.tasks.every((t) => t.state === 'RUNNING');
    return ok ? a : undefined;
  }, 60_000, 'both workers reporting the same RUNNING statuses');
  console.log(`# statuses agree ${Date.now() - continuedAt} ms after SIGCONT: ${JSON.stringify(agreed!.tasks)}`);
  assert.match(victim.output(), /stalled|Lost contact with the group coordinator/);

  // Let both tasks produce a while longer, then read what was produced: a task that ran on two
  // workers at once interleaves two runs of sequence numbers (a rewind at every switch); a clean
  // handover restarts once from the committed offsets. The frozen worker may still complete the
  // one produce request it had begun when it was frozen (as a Java producer's in-flight batch
  // would land), which is at most one more rewind; nothing after it.
  await new Promise((r) => setTimeout(r, 3000));
  const records = await consumeAll(topic);
  const perTask = rewinds(records);
  console.log(`# ${records.length} records; rewinds per task ${JSON.stringify([...perTask])}`);
  for (let task = 0; task < TASKS; task++) assert.ok((perTask.get(task) ?? 0) <= 2, `task ${task} never ran twice at once (rewinds ${perTask.get(task) ?? 0})`);
});
