import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { eventually, getJson, startStandaloneWorker, lines } from '../helpers/worker.js';

function fileConnectors(dir: string, topic: string, suffix: string) {
  return {
    source: { name: `src-${suffix}`, 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: join(dir, 'test.txt'), topic },
    sink: { name: `sink-${suffix}`, 'connector.class': 'FileStreamSink', 'tasks.max': '1', file: join(dir, 'test.sink.txt'), topics: topic },
  };
}

test('the quickstart pipeline: lines typed into a file reach the sink file through Kafka, as JsonConverter envelopes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-qs-'));
  const topic = uniqueTopic('quickstart');
  await writeFile(join(dir, 'test.txt'), 'foo\nbar\n');
  const { source, sink } = fileConnectors(dir, topic, topic);
  const worker = await startStandaloneWorker({ dir, connectors: [source, sink] });
  try {
    await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).length === 2, 30000, 'two lines in the sink');
    assert.deepEqual(await lines(join(dir, 'test.sink.txt')), ['foo', 'bar']);

    const records = await consumeAll(topic, { expected: 2 });
    assert.equal(records[0]!.key, null);
    assert.equal(records[0]!.value!.toString(), '{"schema":{"type":"string","optional":false},"payload":"foo"}');
    assert.equal(records[1]!.value!.toString(), '{"schema":{"type":"string","optional":false},"payload":"bar"}');

    // Appending while running: the source keeps following the file, partial lines wait for their newline.
    await appendFile(join(dir, 'test.txt'), 'baz\nqu');
    await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).length === 3, 30000, 'baz in the sink');
    await appendFile(join(dir, 'test.txt'), 'x\n');
    await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).length === 4, 30000, 'qux in the sink');
    assert.deepEqual(await lines(join(dir, 'test.sink.txt')), ['foo', 'bar', 'baz', 'qux']);

    const status = await getJson(`${worker.restUrl}/connectors/${source.name}/status`);
    assert.equal(status.status, 200);
    assert.equal(status.body.connector.state, 'RUNNING');
    assert.equal(status.body.tasks[0].state, 'RUNNING');
    assert.equal(status.body.type, 'source');
    const list = await getJson(`${worker.restUrl}/connectors`);
    assert.deepEqual(list.body, [sink.name, source.name].sort());
  } finally {
    assert.equal(await worker.stop(), 0, 'SIGTERM exits 0');
  }
});

test('a clean restart resumes the source from its offsets file: nothing read twice, nothing lost', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-restart-'));
  const topic = uniqueTopic('restart');
  await writeFile(join(dir, 'test.txt'), 'one\ntwo\n');
  const { source, sink } = fileConnectors(dir, topic, topic);
  let worker = await startStandaloneWorker({ dir, connectors: [source, sink] });
  await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).length === 2, 30000, 'first lines');
  assert.equal(await worker.stop(), 0);
  const offsets = JSON.parse(await readFile(worker.offsetsFile, 'utf8')) as Record<string, string>;
  assert.deepEqual(offsets, { [JSON.stringify([source.name, { filename: source.file }])]: JSON.stringify({ position: 8 }) });

  await appendFile(join(dir, 'test.txt'), 'three\n');
  worker = await startStandaloneWorker({ dir, connectors: [source, sink] });
  try {
    await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).length >= 3, 30000, 'third line');
    // A sentinel line: once it is through, a line read again after the restart would be through too.
    await appendFile(join(dir, 'test.txt'), 'sentinel\n');
    await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).includes('sentinel'), 30000, 'the sentinel');
    assert.deepEqual(await lines(join(dir, 'test.sink.txt')), ['one', 'two', 'three', 'sentinel']);
    assert.equal((await consumeAll(topic, { expected: 4 })).length, 4);
  } finally {
    await worker.stop();
  }
});

test('kill -9 in the middle of a 100,000-line file: after a restart every line reaches the sink, in order, none lost', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-kill-'));
  const topic = uniqueTopic('kill9');
  const N = 100_000;
  const input = Array.from({ length: N }, (_, i) => `line-${String(i).padStart(6, '0')}-${'x'.repeat(60)}`);
  await writeFile(join(dir, 'test.txt'), input.join('\n') + '\n');
  const { source, sink } = fileConnectors(dir, topic, topic);
  const connectors = [{ ...source, 'batch.size': '500' }, sink];
  let worker = await startStandaloneWorker({ dir, connectors, workerProps: { 'offset.flush.interval.ms': '200' } });
  await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).length > 1000, 60000, 'some lines delivered');
  await worker.kill();
  const before = (await lines(join(dir, 'test.sink.txt'))).length;
  assert.ok(before < N, `the kill should land mid-file (had ${before} of ${N} lines)`);

  worker = await startStandaloneWorker({ dir, connectors, workerProps: { 'offset.flush.interval.ms': '200' } });
  try {
    await eventually(async () => new Set(await lines(join(dir, 'test.sink.txt'))).size === N, 120000, 'every line in the sink');
  } finally {
    await worker.stop();
  }
  const out = await lines(join(dir, 'test.sink.txt'));
  const firstSeen: string[] = [];
  const seen = new Set<string>();
  for (const l of out) {
    if (!seen.has(l)) {
      seen.add(l);
      firstSeen.push(l);
    }
  }
  assert.equal(firstSeen.length, N, 'no line lost');
  assert.deepEqual(firstSeen, input, 'first deliveries are in file order');
});

test('bad connector files are reported with file and key, and the other connectors keep running', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-bad-'));
  const topic = uniqueTopic('bad');
  await writeFile(join(dir, 'test.txt'), 'ok\n');
  const { source, sink } = fileConnectors(dir, topic, topic);
  const noTopic = { name: 'no-topic', 'connector.class': 'FileStreamSource', file: join(dir, 'test.txt') };
  const badTasks = { name: 'bad-tasks', 'connector.class': 'FileStreamSink', 'tasks.max': 'abc', topics: topic };
  const unknown = { name: 'unknown-class', 'connector.class': 'com.example.NoSuchConnector', topics: topic };
  const worker = await startStandaloneWorker({ dir, connectors: [noTopic, badTasks, unknown, source, sink] });
  try {
    await eventually(async () => (await lines(join(dir, 'test.sink.txt'))).length === 1, 30000, 'the good pipeline runs');
    const out = worker.output();
    assert.match(out, /connector-0\.properties: .*topic/);
    assert.match(out, /connector-1\.properties: Invalid value abc for configuration tasks\.max: Not a number of type INT/);
    assert.match(out, /connector-2\.properties: .*connector\.class.*com\.example\.NoSuchConnector/);
    const list = await getJson(`${worker.restUrl}/connectors`);
    assert.deepEqual(list.body, [sink.name, source.name].sort());
    const missing = await getJson(`${worker.restUrl}/connectors/no-topic/status`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error_code, 404);
  } finally {
    await worker.stop();
  }
});

test('a malformed worker file is reported with file and key, and the worker exits non-zero', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-badworker-'));
  const worker = await startStandaloneWorker({ dir, workerProps: { 'offset.flush.interval.ms': 'soon' }, waitReady: false });
  const code = await worker.process.exitCode ?? (await new Promise<number | null>((r) => worker.process.on('exit', r)));
  assert.equal(code, 1);
  assert.match(worker.output(), /worker\.properties: Invalid value soon for configuration offset\.flush\.interval\.ms: Not a number of type LONG/);
});
