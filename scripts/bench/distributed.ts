// Benchmark of distributed mode (real connect-distributed processes on loopback, real Kafka):
//
// 1. Failover: three workers run a 6-task verifiable source; one worker is killed (kill -9). Reported:
//    the time from the kill until every task runs again on the survivors (statuses RUNNING there),
//    for a follower and for the leader, with session.timeout.ms=6000 and
//    scheduled.rebalance.max.delay.ms=3000 (and 0, to show the detection time alone).
// 2. Throughput: a 6-task verifiable source producing as fast as it can, on 1, 2 and 3 workers.
//    Reported: records/s into the topic over a 10 s window after a 3 s warm-up.
// 3. Exactly-once (--part eos): the same 6-task source as fast as it can, on 1 and 3 workers, with
//    exactly.once.source.support disabled and enabled (transaction.boundary=poll). Reported:
//    records/s into the topic (transaction markers, one per partition per transaction, count too:
//    under 0.2% at 2,000-record polls), and the machine's load average at the time.
//
//   npm run bench -- distributed      (or: KAFKA_BOOTSTRAP=host:port node dist/scripts/bench/distributed.js [--json] [--part all|failover|throughput|eos])

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { kafkaClient, uniqueTopic } from '../../test/helpers/kafka.js';
import {
  awaitConnectorState,
  connectorStatus,
  createConnector,
  eventually,
  startCluster,
  type Cluster,
  type DistributedWorker,
} from '../../test/helpers/distributed.js';

const { values: args } = parseArgs({
  options: { json: { type: 'boolean', default: false }, window: { type: 'string', default: '10' }, part: { type: 'string', default: 'all' } },
});
const PART = args.part!;
const WINDOW_S = Number(args.window);

function leaderOf(c: Cluster): DistributedWorker | undefined {
  return c.workers.find((w) => {
    const lines = w.output().split('\n').filter((l) => l.includes('"msg":"Adopted assignment"'));
    const last = lines[lines.length - 1];
    return last && (JSON.parse(last) as { leader?: string }).leader === w.workerId;
  });
}

async function failover(victim: 'leader' | 'follower', delayMs: number): Promise<number> {
  const c = await startCluster(3, { workerProps: { 'scheduled.rebalance.max.delay.ms': String(delayMs) } });
  try {
    await createConnector(c.workers[0]!, 'failover', { 'connector.class': 'VerifiableSource', 'tasks.max': '6', topic: uniqueTopic('bench-failover'), throughput: '100' });
    await awaitConnectorState(c.workers[0]!, 'failover', 6);
    await new Promise((r) => setTimeout(r, 2000));
    const leader = (await eventually(() => leaderOf(c), 30000, 'a leader'))!;
    const dead = victim === 'leader' ? leader : c.workers.find((w) => w !== leader)!;
    const survivors = c.workers.filter((w) => w !== dead);
    const ids = new Set(survivors.map((w) => w.workerId));
    const killedAt = Date.now();
    await dead.kill();
    await eventually(
      async () => {
        const s = await connectorStatus(survivors[0]!, 'failover');
        return s && s.tasks.length === 6 && s.tasks.every((t) => t.state === 'RUNNING' && ids.has(t.worker_id)) && ids.has(s.connector.worker_id);
      },
      120000,
      'tasks running on the survivors',
    );
    return Date.now() - killedAt;
  } finally {
    await c.stopAll();
  }
}

async function topicEnd(topic: string): Promise<number> {
  const admin = kafkaClient().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

async function throughput(workers: number, workerProps: Record<string, string> = {}): Promise<number> {
  const c = await startCluster(workers, { workerProps: { 'offset.flush.interval.ms': '5000', ...workerProps } });
  try {
    const topic = uniqueTopic('bench-throughput');
    await createConnector(c.workers[0]!, 'fast', { 'connector.class': 'VerifiableSource', 'tasks.max': '6', topic, throughput: '-1', 'batch.size': '2000' });
    await awaitConnectorState(c.workers[0]!, 'fast', 6);
    await new Promise((r) => setTimeout(r, 3000));
    const start = await topicEnd(topic);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
    const end = await topicEnd(topic);
    return Math.round(((end - start) * 1000) / (Date.now() - t0));
  } finally {
    await c.stopAll();
  }
}

const results: Record<string, number> = {};
if (PART === 'all' || PART === 'failover') {
  for (const [victim, delay] of [['follower', 3000], ['leader', 3000], ['follower', 0]] as const) {
    const ms = await failover(victim, delay);
    results[`failover_${victim}_delay${delay}_ms`] = ms;
    if (!args.json) console.log(`kill -9 of the ${victim} (session.timeout.ms=6000, scheduled.rebalance.max.delay.ms=${delay}): tasks running elsewhere after ${ms} ms`);
  }
}
if (PART === 'all' || PART === 'throughput') {
  for (const n of [1, 2, 3]) {
    const rate = await throughput(n);
    results[`source_6_tasks_${n}_workers_records_per_s`] = rate;
    if (!args.json) console.log(`6-task verifiable source on ${n} worker(s): ${rate.toLocaleString('en-US')} records/s`);
  }
}
if (PART === 'eos') {
  for (const n of [1, 3]) {
    for (const eos of ['disabled', 'enabled'] as const) {
      const rate = await throughput(n, { 'exactly.once.source.support': eos });
      const load = loadavg()[0]!.toFixed(2);
      results[`source_6_tasks_${n}_workers_eos_${eos}_records_per_s`] = rate;
      results[`source_6_tasks_${n}_workers_eos_${eos}_loadavg1`] = Number(load);
      if (!args.json) console.log(`6-task verifiable source on ${n} worker(s), exactly.once.source.support=${eos}: ${rate.toLocaleString('en-US')} records/s (load average ${load})`);
    }
  }
}
if (args.json) console.log(JSON.stringify(results));
process.exit(0);
