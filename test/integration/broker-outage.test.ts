// Issue 13 (1): a 20 s broker outage in the middle of a FileStreamSource → FileStreamSink stream.
// The pipeline runs against a broker of this test's own, which is stopped and started
// again on the same data 20 s later: every line arrives, no task is ever FAILED, the outage is
// logged when it starts and when it ends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateBroker, type PrivateBroker } from '../helpers/broker.js';
import { uniqueTopic } from '../helpers/kafka.js';
import { eventually, getJson, startStandaloneWorker, lines as sinkLines } from '../helpers/worker.js';
import { createConnector, startCluster } from '../helpers/distributed.js';

const LINES = 100_000;
const OUTAGE_MS = 20_000;

let broker: PrivateBroker;
before(async () => {
  broker = await startPrivateBroker();
});
after(async () => {
  await broker?.destroy();
});

/** Appends LINES numbered lines, 2,500 every 500 ms (5,000 lines/s), while the test goes on. */
function streamLines(file: string): Promise<void> {
  return (async () => {
    for (let next = 0; next < LINES; ) {
      const n = Math.min(2500, LINES - next);
      let chunk = '';
      for (let i = 0; i < n; i++) chunk += `line-${String(next + i).padStart(6, '0')}\n`;
      await appendFile(file, chunk);
      next += n;
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
}

/**
 * Streams the lines, kills the broker once a tenth has arrived, restarts it OUTAGE_MS later, and
 * waits for every line. `states()` answers every task and connector state the worker reports.
 */
async function outageDuringStream(dir: string, states: () => Promise<string[]>, output: () => string): Promise<string> {
  const sinkFile = join(dir, 'test.sink.txt');
  const writing = streamLines(join(dir, 'test.txt'));
  await eventually(async () => (await sinkLines(sinkFile)).length >= LINES / 10, 60_000, 'a tenth of the lines in the sink');

  const seen = new Set<string>();
  let outputAtRestart = 0;
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      for (const s of await states().catch(() => [])) seen.add(s);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  try {
    await broker.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await broker.start();
    const backAt = Date.now();
    outputAtRestart = output().length;
    await writing;
    const lines = await eventually(
      async () => {
        const l = await sinkLines(sinkFile);
        const distinct = new Set(l).size;
        if (distinct >= LINES) return l;
        // what a timeout reports: how far the sink got and what the worker said
        throw new Error(`${distinct} distinct lines of ${LINES} in the sink (${l.length} in all); states ${(await states().catch(() => [])).join(', ')}`);
      },
      120_000,
      'every line in the sink',
    );
    const distinct = new Set(lines!);
    for (let i = 0; i < LINES; i++) assert.ok(distinct.has(`line-${String(i).padStart(6, '0')}`), `line ${i} delivered`);
    console.log(`# ${lines!.length} lines in the sink for ${LINES} written (${lines!.length - distinct.size} redelivered), ` +
      `the last ${Date.now() - backAt} ms after the broker was back`);
  } finally {
    watching = false;
    await watcher;
  }
  assert.ok(!seen.has('FAILED'), `no connector or task FAILED (states seen: ${[...seen].join(', ')})`);
  await eventually(async () => (await states()).every((s) => s === 'RUNNING'), 30_000, 'everything RUNNING afterwards');
  assert.match(output(), /Lost contact with the Kafka cluster/);
  assert.match(output(), /The Kafka cluster is reachable again/);
  assert.doesNotMatch(output(), /unrecoverable exception/);
  return output().slice(outputAtRestart);
}

function connectorConfigs(dir: string, topic: string) {
  return {
    source: { name: `${topic}-src`, 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: join(dir, 'test.txt'), topic },
    sink: { name: `${topic}-sink`, 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: join(dir, 'test.sink.txt'), topics: topic },
  };
}

async function statesOf(restUrl: string, names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    const { status, body } = await getJson(`${restUrl}/connectors/${name}/status`);
    if (status !== 200) continue;
    out.push(body.connector.state, ...body.tasks.map((t: { state: string }) => t.state));
  }
  return out;
}

test('standalone: a 20 s broker outage mid-stream loses no line and fails no task', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-outage-'));
  await writeFile(join(dir, 'test.txt'), '');
  const { source, sink } = connectorConfigs(dir, uniqueTopic('outage-sa'));
  const worker = await startStandaloneWorker({
    dir,
    connectors: [source, sink],
    workerProps: { 'bootstrap.servers': broker.bootstrap, 'key.converter.schemas.enable': 'false', 'value.converter.schemas.enable': 'false' },
  });
  try {
    await outageDuringStream(dir, () => statesOf(worker.restUrl, [source.name, sink.name]), () => worker.output());
  } finally {
    assert.equal(await worker.stop(), 0, 'SIGTERM exits 0');
  }
});

test('distributed: a 20 s broker outage mid-stream loses no line and fails no task', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-outage-'));
  await writeFile(join(dir, 'test.txt'), '');
  const { source, sink } = connectorConfigs(dir, uniqueTopic('outage-dist'));
  const cluster = await startCluster(1, { workerProps: { 'bootstrap.servers': broker.bootstrap } });
  const w = cluster.workers[0]!;
  try {
    for (const c of [source, sink]) {
      const { name, ...config } = c;
      await createConnector(w, name, config);
    }
    const afterRestart = await outageDuringStream(dir, () => statesOf(w.restUrl, [source.name, sink.name]), () => w.output());
    // One join forms the new generation. A worker that rejoins while a join is under way ends up
    // in the group twice, and the two members push each other out for as long as both live.
    const joins = afterRestart.match(/"msg":"Joined group"/g)?.length ?? 0;
    assert.ok(joins >= 1 && joins <= 2, `the worker rejoined the group once after the outage, not ${joins} times`);
  } finally {
    await cluster.stopAll();
  }
});
