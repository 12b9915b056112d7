// The task-threads scenarios of `npm run bench:compare` (docs/threads.md, issue 12):
//   6. 50 connectors on one worker, each a one-task VerifiableSource at 100 records/s, for 60 s:
//      peak RSS, CPU, every record delivered (no seqno gap), p99 of GET /connectors?expand=status;
//   7. one VerifiableSource with 1 task, then 6 tasks, unthrottled: records/s (the cores used);
//   8. kconnect only: what one more task costs, on a pool thread and on a thread of its own.
// Both runtimes get the same worker and connector files (Kafka Connect's VerifiableSourceConnector
// comes from org.apache.kafka:connect-test-plugins).

import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClient, uniqueTopic } from '../../test/helpers/kafka.js';
import { freePort } from '../../test/helpers/worker.js';
import { RUNTIME_LABEL, cpuSeconds, createTopic, loadAverage, peakRssMb, startRuntime, type RuntimeName, type StartedRuntime } from './lib.js';

const VERIFIABLE = 'org.apache.kafka.connect.tools.VerifiableSourceConnector';
const CONNECTORS = Number(process.env.BENCH_CONNECTORS ?? 50);
const RUN_SECONDS = Number(process.env.BENCH_THREADS_SECONDS ?? 60);

type Say = (msg: string) => void;
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function currentRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function getJson(url: string): Promise<{ status: number; body: any; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, ms: performance.now() - t0 };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, started?: StartedRuntime): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline || started?.exited()) throw new Error(`${what}: not within ${timeoutMs / 1000} s${started ? `; last output:\n${await started.output()}` : ''}`);
    await sleep(250);
  }
}

/** Every task of `names` RUNNING, as GET /connectors?expand=status says. */
async function allRunning(url: string, names: string[], started: StartedRuntime): Promise<void> {
  await until(`${names.length} connectors RUNNING`, async () => {
    const r = await getJson(`${url}/connectors?expand=status`);
    const ok = names.every((n) => {
      const s = r.body?.[n]?.status;
      return s?.connector?.state === 'RUNNING' && s.tasks?.length > 0 && s.tasks.every((t: { state: string }) => t.state === 'RUNNING');
    });
    return ok ? true : undefined;
  }, 300_000, started);
}

/** The high watermarks of the topics, summed. */
async function highWatermarks(topics: string[]): Promise<number> {
  const admin = kafkaClient('kconnect-bench-admin').admin();
  await admin.connect();
  try {
    let n = 0;
    for (const t of topics) for (const p of await admin.fetchTopicOffsets(t)) n += Number(p.high);
    return n;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads every record of the topics with one consumer and checks each task's seqnos (JsonConverter
 * envelopes: key = task id, value = seqno): a gap is a record lost, a repeat a duplicate.
 */
async function checkDelivery(topics: string[]): Promise<{ records: number; gaps: number; duplicates: number }> {
  const total = await highWatermarks(topics);
  const consumer = kafkaClient('kconnect-bench-verify').consumer({ groupId: uniqueTopic('bench-verify'), maxBytes: 50 << 20 });
  const seen = new Map<string, Set<number>>();
  let records = 0;
  let duplicates = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records} of ${total} records in 300 s`)), 300_000);
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            records++;
            const key = `${batch.topic}/${JSON.parse(m.key!.toString()).payload}`;
            const seqno = Number(JSON.parse(m.value!.toString()).payload);
            let s = seen.get(key);
            if (!s) seen.set(key, (s = new Set()));
            if (s.has(seqno)) duplicates++;
            s.add(seqno);
          }
          if (records >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
      if (total === 0) resolve();
    });
  } finally {
    await consumer.disconnect();
  }
  let gaps = 0;
  for (const s of seen.values()) gaps += Math.max(...s) + 1 - s.size;
  return { records, gaps, duplicates };
}

interface ManyResult {
  runtime: RuntimeName;
  peakRssMb: number;
  cpuSeconds: number;
  records: number;
  gaps: number;
  duplicates: number;
  restP50: number;
  restP99: number;
  restMax: number;
  startSeconds: number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function manyConnectors(runtime: RuntimeName, say: Say): Promise<ManyResult> {
  const dir = await mkdtemp(join(tmpdir(), `bench-many-${runtime}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const id = uniqueTopic('many');
  const topics = Array.from({ length: CONNECTORS }, (_, i) => `${id}-${i}`);
  for (const t of topics) await createTopic(t);
  const names = topics.map((t) => `v-${t}`);
  const started = await startRuntime(runtime, {
    dir,
    workerProps: { listeners: url },
    connectors: topics.map((topic, i) => ({ name: names[i]!, 'connector.class': VERIFIABLE, 'tasks.max': '1', topic, throughput: '100' })),
  });
  try {
    await allRunning(url, names, started);
    const startSeconds = (Date.now() - started.spawnedAt) / 1000;
    say(`  ${RUNTIME_LABEL[runtime]}: ${CONNECTORS} connectors RUNNING after ${startSeconds.toFixed(1)} s; running ${RUN_SECONDS} s`);
    const latencies: number[] = [];
    const end = Date.now() + RUN_SECONDS * 1000;
    while (Date.now() < end) {
      latencies.push((await getJson(`${url}/connectors?expand=status`)).ms);
      await sleep(250);
    }
    const rss = await peakRssMb(started.pid);
    const cpu = await cpuSeconds(started.pid);
    await started.stop();
    const delivery = await checkDelivery(topics);
    await rm(dir, { recursive: true, force: true });
    return {
      runtime, peakRssMb: rss, cpuSeconds: cpu, ...delivery, startSeconds,
      restP50: percentile(latencies, 50), restP99: percentile(latencies, 99), restMax: Math.max(...latencies),
    };
  } catch (err) {
    await started.stop();
    throw err;
  }
}

/** records/s of one unthrottled VerifiableSource with `tasks` tasks, over 20 s once it runs. */
async function verifiableRate(runtime: RuntimeName, tasks: number): Promise<{ recordsPerSec: number; cpuSeconds: number; peakRssMb: number }> {
  const dir = await mkdtemp(join(tmpdir(), `bench-tasks-${runtime}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const topic = uniqueTopic('tasks');
  await createTopic(topic);
  const name = `v-${topic}`;
  const started = await startRuntime(runtime, {
    dir,
    workerProps: { listeners: url },
    connectors: [{ name, 'connector.class': VERIFIABLE, 'tasks.max': String(tasks), topic, throughput: '-1' }],
  });
  try {
    await allRunning(url, [name], started);
    await until('the first records', async () => ((await highWatermarks([topic])) > 0 ? true : undefined), 120_000, started);
    await sleep(5000);
    const a = await highWatermarks([topic]);
    const t0 = Date.now();
    await sleep(20_000);
    const b = await highWatermarks([topic]);
    const seconds = (Date.now() - t0) / 1000;
    const rss = await peakRssMb(started.pid);
    const cpu = await cpuSeconds(started.pid);
    return { recordsPerSec: (b - a) / seconds, cpuSeconds: cpu, peakRssMb: rss };
  } finally {
    await started.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

interface TaskCost { label: string; startMs: number; rssMb: number }

/** kconnect: RSS and start time of one more task, on the pool's one thread and on threads of their own. */
async function perTaskCost(say: Say): Promise<{ idleRssMb: number; steps: TaskCost[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-cost-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startRuntime('kconnect', { dir, workerProps: { listeners: url, 'task.thread.pool.size': '1' }, connectors: [] });
  try {
    await until('REST', async () => ((await getJson(`${url}/connectors`)).status === 200 ? true : undefined), 120_000, started);
    await sleep(3000);
    const idleRssMb = await currentRssMb(started.pid);
    const steps: TaskCost[] = [];
    const plan: Array<[string, Record<string, string>]> = [
      ['first pooled task (on the pool thread started with the worker)', {}],
      ['second pooled task (same thread)', {}],
      ['third pooled task (same thread)', {}],
      ['task with task.heap.max.mb (a thread of its own)', { 'task.heap.max.mb': '512' }],
      ['another task with task.heap.max.mb', { 'task.heap.max.mb': '512' }],
    ];
    let before = idleRssMb;
    for (const [label, extra] of plan) {
      const topic = uniqueTopic('cost');
      await createTopic(topic);
      const name = `v-${topic}`;
      const t0 = Date.now();
      const res = await fetch(`${url}/connectors/${name}/config`, {
        method: 'PUT', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 'connector.class': VERIFIABLE, 'tasks.max': '1', topic, throughput: '10', ...extra }),
      });
      if (res.status >= 300) throw new Error(`PUT ${name}: ${res.status} ${await res.text()}`);
      await allRunning(url, [name], started);
      const startMs = Date.now() - t0;
      await sleep(3000);
      const rss = await currentRssMb(started.pid);
      steps.push({ label, startMs, rssMb: rss - before });
      say(`  ${label}: RUNNING ${fmtInt(startMs)} ms after PUT, RSS +${(rss - before).toFixed(1)} MB`);
      before = rss;
    }
    return { idleRssMb, steps };
  } finally {
    await started.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs scenarios 6–8 (those in `which`) and returns their Markdown section. */
export async function threadScenarios(which: Set<string>, say: Say): Promise<string> {
  const out: string[] = [];
  if (which.has('6')) {
    const runs: ManyResult[] = [];
    for (const runtime of ['kconnect', 'kafka-connect'] as RuntimeName[]) {
      say(`scenario 6 (${CONNECTORS} connectors), ${RUNTIME_LABEL[runtime]} (load ${loadAverage()})`);
      try {
        runs.push(await manyConnectors(runtime, say));
      } catch (err) {
        say(`  ${RUNTIME_LABEL[runtime]} failed: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    const [k, j] = [runs.find((r) => r.runtime === 'kconnect'), runs.find((r) => r.runtime === 'kafka-connect')];
    const row = (name: string, f: (r: ManyResult) => string, ratio?: (k: ManyResult, j: ManyResult) => string) =>
      `| ${name} | ${k ? f(k) : '—'} | ${j ? f(j) : '—'} | ${k && j && ratio ? ratio(k, j) : ''} |`;
    out.push(`### 6. ${CONNECTORS} connectors on one worker`, '',
      `Each a one-task VerifiableSource at 100 records/s, run for ${RUN_SECONDS} s once all are RUNNING; \`GET /connectors?expand=status\` every 250 ms meanwhile (load ${loadAverage()}).`, '',
      '| figure | kconnect | Kafka Connect | kconnect / Kafka Connect |', '|---|--:|--:|--:|',
      row('peak RSS (MB)', (r) => fmtInt(r.peakRssMb), (a, b) => `${(a.peakRssMb / b.peakRssMb).toFixed(2)}× (goal ≤ 0.5×: ${a.peakRssMb / b.peakRssMb <= 0.5 ? 'met' : '**not met**'})`),
      row('CPU seconds', (r) => r.cpuSeconds.toFixed(1), (a, b) => `${(a.cpuSeconds / b.cpuSeconds).toFixed(2)}×`),
      row('start → all RUNNING (s)', (r) => r.startSeconds.toFixed(1)),
      row('records in the topics', (r) => fmtInt(r.records)),
      row('seqno gaps (lost) / duplicates', (r) => `${r.gaps} / ${r.duplicates}`),
      row('REST p50 / p99 / max (ms)', (r) => `${r.restP50.toFixed(0)} / ${r.restP99.toFixed(0)} / ${r.restMax.toFixed(0)}`),
      '');
  }
  if (which.has('7')) {
    const rows: string[] = [];
    for (const runtime of ['kconnect', 'kafka-connect'] as RuntimeName[]) {
      try {
        say(`scenario 7, ${RUNTIME_LABEL[runtime]}, 1 task (load ${loadAverage()})`);
        const one = await verifiableRate(runtime, 1);
        say(`  ${fmtInt(one.recordsPerSec)} records/s`);
        say(`scenario 7, ${RUNTIME_LABEL[runtime]}, 6 tasks (load ${loadAverage()})`);
        const six = await verifiableRate(runtime, 6);
        say(`  ${fmtInt(six.recordsPerSec)} records/s`);
        const ratio = six.recordsPerSec / one.recordsPerSec;
        rows.push(`| ${RUNTIME_LABEL[runtime]} | ${fmtInt(one.recordsPerSec)} | ${fmtInt(six.recordsPerSec)} | ${ratio.toFixed(2)}×${runtime === 'kconnect' ? ` (goal ≥ 1.7×: ${ratio >= 1.7 ? 'met' : '**not met**'})` : ''} | ${fmtInt(one.peakRssMb)} / ${fmtInt(six.peakRssMb)} |`);
      } catch (err) {
        say(`  ${RUNTIME_LABEL[runtime]} failed: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    out.push('### 7. One VerifiableSource, 1 task against 6 tasks', '',
      `Unthrottled (\`throughput=-1\`), records/s over 20 s once running (load ${loadAverage()}).`, '',
      '| runtime | 1 task (records/s) | 6 tasks (records/s) | 6 / 1 | peak RSS 1 / 6 tasks (MB) |', '|---|--:|--:|--:|--:|', ...rows, '');
  }
  if (which.has('8')) {
    say(`scenario 8: per-task cost (load ${loadAverage()})`);
    const cost = await perTaskCost(say);
    out.push('### 8. What one more task costs (kconnect)', '',
      `A worker with \`task.thread.pool.size=1\` and no connectors (RSS ${fmtInt(cost.idleRssMb)} MB), then one VerifiableSource (10 records/s) at a time, ` +
      `created over REST; RSS measured 3 s after its task is RUNNING (load ${loadAverage()}).`, '',
      '| step | PUT → task RUNNING (ms) | RSS added (MB) |', '|---|--:|--:|',
      ...cost.steps.map((s) => `| ${s.label} | ${fmtInt(s.startMs)} | ${s.rssMb.toFixed(1)} |`), '');
  }
  return out.join('\n');
}


