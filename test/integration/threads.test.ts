// Tasks on worker threads: one bad task never hurts the others (issue 12). A single-file plugin
// transform (test/fixtures/threads/plugins/misbehave.ts) spins, throws from a timer or leaks on
// cue; three connectors use it, a fourth does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { eventually, getJson, startStandaloneWorker } from '../helpers/worker.js';

const PLUGINS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'threads', 'plugins');

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

test('a spinning, a throwing and a leaking task: the others keep delivering, REST answers, statuses tell the truth, SIGTERM is bounded', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-threads-'));
  const id = uniqueTopic('thr');
  const names = ['spinner', 'thrower', 'leaker', 'steady'] as const;
  const topic = (n: string) => `${id}-${n}`;
  const file = (n: string) => join(dir, `${n}.txt`);
  for (const n of names) await writeFile(file(n), 'first\n');
  const connector = (n: string, extra: Record<string, string> = {}) => ({
    name: `${id}-${n}`, 'connector.class': 'FileStreamSource', file: file(n), topic: topic(n), ...extra,
  });
  const misbehaving = { transforms: 'm', 'transforms.m.type': 'com.example.Misbehave' };
  const worker = await startStandaloneWorker({
    dir,
    workerProps: {
      'plugin.path': PLUGINS,
      // Two pool threads for three pooled tasks: the spinner shares a thread with another task.
      'task.thread.pool.size': '2',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    },
    connectors: [
      connector('spinner', misbehaving),
      connector('thrower', misbehaving),
      connector('leaker', { ...misbehaving, 'task.heap.max.mb': '64' }),
      connector('steady'),
    ],
  });
  const status = async (n: string) => (await getJson(`${worker.restUrl}/connectors/${id}-${n}/status`)).body?.tasks?.[0];
  const states = async () => Object.fromEntries(await Promise.all(names.map(async (n) => [n, (await status(n))?.state])));
  let exited = false;
  try {
    await eventually(async () => Object.values(await states()).every((s) => s === 'RUNNING'), 60000, 'every task RUNNING');

    // A timer that throws inside the plugin fails that task, with the error in its trace.
    await appendFile(file('thrower'), 'throw\n');
    const thrown = await eventually(async () => {
      const t = await status('thrower');
      return t?.state === 'FAILED' ? t : undefined;
    }, 30000, 'the thrower FAILED');
    assert.match(thrown.trace, /Misbehave: thrown from a timer/);

    // A task past its task.heap.max.mb fails with a trace that says so; the worker runs on.
    await appendFile(file('leaker'), 'leak\n');
    const leaked = await eventually(async () => {
      const t = await status('leaker');
      return t?.state === 'FAILED' ? t : undefined;
    }, 60000, 'the leaker FAILED');
    assert.match(leaked.trace, /task\.heap\.max\.mb=64/);
    assert.deepEqual(await states(), { spinner: 'RUNNING', thrower: 'FAILED', leaker: 'FAILED', steady: 'RUNNING' });

    // The spinner blocks its thread for 8 s: the watchdog names it and the stage.
    await appendFile(file('spinner'), 'spin\n');
    await worker.waitForOutput(new RegExp(`Task ${id}-spinner-0 is blocking its thread in TRANSFORMATION`), 30000);
    const appendedAt = Date.now();
    await appendFile(file('steady'), Array.from({ length: 1000 }, (_, i) => `line-${i}`).join('\n') + '\n');
    const rest = await timed(() => getJson(`${worker.restUrl}/connectors?expand=status`));
    assert.equal(rest.value.status, 200);
    assert.ok(rest.ms < 1000, `REST answered in ${rest.ms.toFixed(0)} ms while a task spins (bound: 1000 ms)`);
    await consumeAll(topic('steady'), { expected: 1001 });
    const records = await consumeAll(topic('steady'));
    // Every line arrives. A task moved off the blocked thread restarts from its committed offsets, so
    // lines delivered since its last flush may arrive twice (at least once, as in Kafka Connect).
    const distinct = new Set(records.map((r) => r.value?.toString()));
    assert.equal(distinct.size, 1001, 'every line, none lost');
    t.diagnostic(`${records.length - distinct.size} line(s) delivered twice by the moved task`);
    const lastAt = Math.max(...records.slice(1).map((r) => r.timestamp));
    const threadLog = () => worker.output().split('\n').filter((l) => /threads|Moved task|task started/.test(l)).join('\n');
    assert.ok(lastAt - appendedAt < 4000,
      `the other connector's 1,000 lines reached Kafka ${lastAt - appendedAt} ms after they were written (bound: 4000 ms); appended at ${appendedAt}\n${threadLog()}`);
    assert.equal((await status('steady')).state, 'RUNNING');

    // SIGTERM while a task spins: bounded by task.shutdown.graceful.timeout.ms (5 s) plus a margin,
    // and the other tasks' offsets are committed.
    await appendFile(file('spinner'), 'spin\n');
    await eventually(async () => (worker.output().match(/is blocking its thread in TRANSFORMATION/g) ?? []).length >= 2, 30000, 'the second spin');
    const stop = await timed(() => worker.stop());
    exited = true;
    assert.equal(stop.value, 0);
    assert.ok(stop.ms < 8000, `the worker exited ${stop.ms.toFixed(0)} ms after SIGTERM (bound: 8000 ms)`);
    const offsets = JSON.parse(await readFile(worker.offsetsFile, 'utf8')) as Record<string, string>;
    const steadyOffset = offsets[JSON.stringify([`${id}-steady`, { filename: file('steady') }])];
    assert.deepEqual(JSON.parse(steadyOffset!), { position: (await readFile(file('steady'))).length });
  } finally {
    if (!exited) await worker.stop();
  }
});
