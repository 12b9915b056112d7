// Error handling end to end, against the real broker: errors.tolerance, the error log, the sink
// dead-letter queue (byte-identical records, context headers, offsets moving past skipped records),
// failing transformations, retriable put() failures, the errant record reporter, our source DLQ
// extension, and restarting a FAILED task over REST.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumeAll, createTopic, kafkaClient, produce, uniqueTopic, type ConsumedRecord, type TestMessage } from '../helpers/kafka.js';
import { eventually, getJson, startStandaloneWorker, type RunningWorker, lines } from '../helpers/worker.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const FIXTURES = join(REPO, 'dist', 'test', 'fixtures', 'errors');

/** The test-only plugins (FailOn, TestSink: test/fixtures/errors/plugins), from plugin.path. */
const withTestPlugins = () => ({ workerProps: { 'plugin.path': join(FIXTURES, 'plugins') } });

const STRING_SCHEMA = '{"type":"string","optional":false}';
const envelope = (s: string) => `{"schema":${STRING_SCHEMA},"payload":${JSON.stringify(s)}}`;
const good = (s: string): TestMessage => ({ value: envelope(s) });

/** The committed offset of partition 0 of `topic` for the sink connector's consumer group. */
async function committedOffset(connector: string, topic: string): Promise<number> {
  const admin = kafkaClient('kconnect-test-errors-admin').admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId: `connect-${connector}`, topics: [topic] });
    return Number(t?.partitions.find((p) => p.partition === 0)?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

async function taskStatus(worker: RunningWorker, connector: string): Promise<TaskStatus | undefined> {
  const res = await getJson(`${worker.restUrl}/connectors/${connector}/status`);
  return res.status === 200 ? res.body.tasks?.[0] : undefined;
}

interface TaskStatus {
  state: string;
  trace: string;
}

const waitForTaskState = (worker: RunningWorker, connector: string, state: string): Promise<TaskStatus> =>
  eventually(async () => {
    const t = await taskStatus(worker, connector);
    return t?.state === state ? t : undefined;
  }, 30000, `task 0 of ${connector} to be ${state}`) as Promise<TaskStatus>;

const header = (r: ConsumedRecord, key: string) => {
  const v = r.headers[key];
  return Array.isArray(v) ? v.map(String) : v?.toString();
};

const DLQ_CONTEXT_HEADERS = [
  'topic', 'partition', 'offset', 'connector.name', 'task.id', 'stage', 'class.name',
  'exception.class.name', 'exception.message', 'exception.stacktrace',
].map((h) => `__connect.errors.${h}`);

/** A folder, a topic and names for one sink connector of one test. */
async function sinkSetUp(prefix: string): Promise<{ dir: string; topic: string; name: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), `kconnect-errors-${prefix}-`));
  const topic = await createTopic(uniqueTopic(`errors-${prefix}`));
  return { dir, topic, name: `${prefix}-${topic}`, file: join(dir, 'sink.txt') };
}

function dlqSettings(dlq: string): Record<string, string> {
  return {
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': dlq,
    'errors.deadletterqueue.topic.replication.factor': '1',
    'errors.deadletterqueue.context.headers.enable': 'true',
  };
}

test('errors.tolerance=none: the sink task fails at the first malformed message; its status carries the trace', async () => {
  const { dir, topic, name, file } = await sinkSetUp('none');
  await produce(topic, [good('a'), good('b')]);
  const worker = await startStandaloneWorker({ dir, connectors: [{ name, 'connector.class': 'FileStreamSink', topics: topic, file }] });
  try {
    await eventually(async () => (await lines(file)).length === 2, 30000, 'a and b in the sink');
    await eventually(async () => (await committedOffset(name, topic)) === 2, 30000, 'offset 2 committed');
    await produce(topic, [{ value: 'this is not json' }, good('c')]);
    const failed = await waitForTaskState(worker, name, 'FAILED');
    assert.match(failed.trace, /Tolerance exceeded in error handler/);
    assert.match(failed.trace, /Caused by: DataException: Converting byte\[\] to Kafka Connect data failed due to serialization error/);
    // FAILED means the task's loop has ended: what the file holds now is all it will ever hold.
    assert.deepEqual(await lines(file), ['a', 'b'], 'nothing after the bad message');
    assert.equal(await committedOffset(name, topic), 2, 'the offset stays before the bad message');
  } finally {
    await worker.stop();
  }
});

test('errors.tolerance=all with a DLQ: good records reach the sink, bad ones the DLQ byte for byte, offsets move past both', async () => {
  const { dir, topic, name, file } = await sinkSetUp('dlq');
  const dlq = uniqueTopic('errors-dlq-dlq');
  const bad: TestMessage[] = [
    { key: envelope('k1'), value: 'not json {', headers: { trace: 'abc', repeated: ['1', '2'] } },
    { value: Buffer.from([0xff, 0xfe, 0x00, 0x7b]) },
    { key: envelope('k3'), value: '{"payload":"an envelope without a schema"}' },
  ];
  await produce(topic, [good('a'), bad[0]!, good('b'), bad[1]!, bad[2]!, good('c')]);
  const worker = await startStandaloneWorker({
    dir,
    connectors: [{ name, 'connector.class': 'FileStreamSink', topics: topic, file, 'errors.log.enable': 'true', ...dlqSettings(dlq) }],
  });
  try {
    await eventually(async () => (await lines(file)).length === 3, 30000, 'three good lines in the sink');
    assert.deepEqual(await lines(file), ['a', 'b', 'c']);
    const dead = await consumeAll(dlq, { expected: 3 });
    assert.equal(dead.length, 3);
    const badOffsets = [1, 3, 4];
    for (const [i, r] of dead.entries()) {
      const original = bad[i]!;
      assert.deepEqual(r.key, original.key === undefined ? null : Buffer.from(original.key as string));
      assert.deepEqual(r.value, Buffer.isBuffer(original.value) ? original.value : Buffer.from(original.value as string));
      for (const h of DLQ_CONTEXT_HEADERS) assert.ok(r.headers[h] !== undefined, `${h} on DLQ record ${i}`);
      assert.equal(header(r, '__connect.errors.topic'), topic);
      assert.equal(header(r, '__connect.errors.partition'), '0');
      assert.equal(header(r, '__connect.errors.offset'), String(badOffsets[i]));
      assert.equal(header(r, '__connect.errors.connector.name'), name);
      assert.equal(header(r, '__connect.errors.task.id'), '0');
      assert.equal(header(r, '__connect.errors.stage'), 'VALUE_CONVERTER');
      assert.equal(header(r, '__connect.errors.class.name'), 'org.apache.kafka.connect.json.JsonConverter');
      assert.equal(header(r, '__connect.errors.exception.class.name'), 'org.apache.kafka.connect.errors.DataException');
      assert.match(String(header(r, '__connect.errors.exception.stacktrace')), /DataException/);
    }
    // The original headers come first, unchanged.
    assert.equal(header(dead[0]!, 'trace'), 'abc');
    assert.deepEqual(header(dead[0]!, 'repeated'), ['1', '2']);
    await eventually(async () => (await committedOffset(name, topic)) === 6, 30000, 'offset 6 committed (past every record)');
    assert.match(worker.output(), /Error encountered in task dlq-[^"]*-0\. Executing stage 'VALUE_CONVERTER' with class 'org\.apache\.kafka\.connect\.json\.JsonConverter'/);
    assert.equal((await taskStatus(worker, name))?.state, 'RUNNING');
  } finally {
    await worker.stop();
  }
});

test('a DLQ write the broker refuses fails the task, and the skipped record\'s offset is not committed', async () => {
  const { dir, topic, name, file } = await sinkSetUp('dlqfail');
  // Too small for any DLQ record carrying the context headers (a stack trace).
  const dlq = await createTopic(uniqueTopic('errors-dlqfail-dlq'), { config: { 'max.message.bytes': 200 } });
  await produce(topic, [good('a'), good('b')]);
  const worker = await startStandaloneWorker({ dir, connectors: [{ name, 'connector.class': 'FileStreamSink', topics: topic, file, ...dlqSettings(dlq) }] });
  try {
    await eventually(async () => (await committedOffset(name, topic)) === 2, 30000, 'offset 2 committed');
    await produce(topic, [{ value: 'not json' }, good('c')]);
    const failed = await waitForTaskState(worker, name, 'FAILED');
    assert.match(failed.trace, /Could not produce message to dead letter queue. topic=/);
    assert.match(failed.trace, /MESSAGE_TOO_LARGE|larger than/i);
    assert.equal(await committedOffset(name, topic), 2, 'neither the lost record nor what followed it is committed');
  } finally {
    await worker.stop();
  }
});

test('a transformation that throws: the task fails without tolerance; with it, those records go to the DLQ', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-errors-smt-'));
  const strictTopic = await createTopic(uniqueTopic('errors-smt-strict'));
  const tolerantTopic = await createTopic(uniqueTopic('errors-smt-tolerant'));
  const dlq = uniqueTopic('errors-smt-dlq');
  const records = [good('a'), good('boom-1'), good('b'), good('boom-2'), good('c')];
  await produce(strictTopic, records);
  await produce(tolerantTopic, records);
  const failOn = { transforms: 'fail', 'transforms.fail.type': 'FailOn', 'transforms.fail.pattern': '^boom' };
  const strict = { name: `strict-${strictTopic}`, 'connector.class': 'FileStreamSink', topics: strictTopic, file: join(dir, 'strict.txt'), ...failOn };
  const tolerant = {
    name: `tolerant-${tolerantTopic}`, 'connector.class': 'FileStreamSink', topics: tolerantTopic, file: join(dir, 'tolerant.txt'), ...failOn, ...dlqSettings(dlq),
  };
  const worker = await startStandaloneWorker({ dir, connectors: [strict, tolerant], ...withTestPlugins() });
  try {
    const failed = await waitForTaskState(worker, strict.name, 'FAILED');
    assert.match(failed.trace, /Tolerance exceeded in error handler/);
    assert.match(failed.trace, /FailOn: 'boom-1' is not allowed/);

    await eventually(async () => (await lines(tolerant.file)).length === 3, 30000, 'three lines in the tolerant sink');
    assert.deepEqual(await lines(tolerant.file), ['a', 'b', 'c']);
    const dead = await consumeAll(dlq, { expected: 2 });
    assert.deepEqual(dead.map((r) => r.value!.toString()), [envelope('boom-1'), envelope('boom-2')]);
    assert.equal(header(dead[0]!, '__connect.errors.stage'), 'TRANSFORMATION');
    assert.equal(header(dead[0]!, '__connect.errors.class.name'), 'test.errors.FailOn');
    assert.equal(header(dead[0]!, '__connect.errors.exception.message'), "FailOn: 'boom-1' is not allowed");
    assert.equal(header(dead[1]!, '__connect.errors.offset'), '3');
    await eventually(async () => (await committedOffset(tolerant.name, tolerantTopic)) === 5, 30000, 'tolerant offsets past every record');
    assert.deepEqual(await lines(strict.file), []);
  } finally {
    await worker.stop();
  }
});

test('put() throwing RetriableException twice then succeeding: nothing lost, nothing twice; errant records go to the DLQ', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-errors-put-'));
  const topic = await createTopic(uniqueTopic('errors-put'));
  const rejectTopic = await createTopic(uniqueTopic('errors-errant'));
  const dlq = uniqueTopic('errors-errant-dlq');
  const values = ['a', 'b', 'c', 'd', 'e'];
  await produce(topic, values.map(good));
  await produce(rejectTopic, [good('a'), { key: envelope('key'), value: envelope('reject-me'), headers: { h: 'v' } }, good('b')]);
  const flaky = { name: `flaky-${topic}`, 'connector.class': 'TestSink', topics: topic, file: join(dir, 'flaky.txt'), 'retriable.failures': '2', 'retry.backoff.ms': '300' };
  const errant = {
    name: `errant-${rejectTopic}`, 'connector.class': 'TestSink', topics: rejectTopic, file: join(dir, 'errant.txt'), 'reject.pattern': '^reject', ...dlqSettings(dlq),
  };
  const worker = await startStandaloneWorker({ dir, connectors: [flaky, errant], ...withTestPlugins() });
  try {
    await eventually(async () => (await lines(flaky.file)).length === values.length, 30000, 'every value in the flaky sink');
    await eventually(async () => (await committedOffset(flaky.name, topic)) === values.length, 30000, 'offsets committed');
    // A sentinel after the values: once it is in the file, a redelivered value would be in too.
    await produce(topic, [good('sentinel')]);
    await eventually(async () => (await lines(flaky.file)).includes('sentinel'), 30000, 'the sentinel');
    assert.deepEqual(await lines(flaky.file), [...values, 'sentinel'], 'each value exactly once, in order');
    assert.equal(worker.output().match(/put\(\) failed with a retriable error/g)?.length, 2);
    assert.equal((await taskStatus(worker, flaky.name))?.state, 'RUNNING');

    await eventually(async () => (await lines(errant.file)).length === 2, 30000, 'the accepted values');
    assert.deepEqual(await lines(errant.file), ['a', 'b']);
    const [dead] = await consumeAll(dlq, { expected: 1 });
    assert.equal(dead!.key!.toString(), envelope('key'));
    assert.equal(dead!.value!.toString(), envelope('reject-me'), 'the original bytes, not a re-conversion');
    assert.equal(header(dead!, 'h'), 'v');
    assert.equal(header(dead!, '__connect.errors.stage'), 'TASK_PUT');
    assert.equal(header(dead!, '__connect.errors.class.name'), 'org.apache.kafka.connect.sink.SinkTask');
    assert.equal(header(dead!, '__connect.errors.offset'), '1');
    assert.equal(header(dead!, '__connect.errors.exception.message'), "TestSink: the store rejected 'reject-me'");
    await eventually(async () => (await committedOffset(errant.name, rejectTopic)) === 3, 30000, 'errant offsets past the reported record');
  } finally {
    await worker.stop();
  }
});

test('our extension: a source connector sends the records it cannot transform to its DLQ as JSON', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-errors-source-'));
  const topic = await createTopic(uniqueTopic('errors-source'));
  const dlq = uniqueTopic('errors-source-dlq');
  const input = join(dir, 'in.txt');
  await writeFile(input, 'one\nboom\ntwo\n');
  const name = `src-${topic}`;
  const worker = await startStandaloneWorker({
    dir,
    connectors: [{
      name, 'connector.class': 'FileStreamSource', file: input, topic,
      transforms: 'fail', 'transforms.fail.type': 'FailOn', 'transforms.fail.pattern': '^boom', ...dlqSettings(dlq),
    }],
    ...withTestPlugins(),
  });
  try {
    const produced = await consumeAll(topic, { expected: 2 });
    assert.deepEqual(produced.map((r) => r.value!.toString()), [envelope('one'), envelope('two')]);
    const [dead] = await consumeAll(dlq, { expected: 1 });
    assert.equal(dead!.key, null);
    const doc = JSON.parse(dead!.value!.toString());
    assert.equal(typeof doc.timestamp, 'number');
    assert.equal(dead!.timestamp, doc.timestamp, 'the record keeps its timestamp');
    assert.deepEqual({ ...doc, timestamp: 0 }, {
      topic,
      partition: null,
      timestamp: 0,
      sourcePartition: { filename: input },
      sourceOffset: { position: 9 },
      key: null,
      value: { schema: JSON.parse(STRING_SCHEMA), payload: 'boom' },
      headers: [],
    });
    assert.equal(header(dead!, '__connect.errors.topic'), topic);
    assert.equal(header(dead!, '__connect.errors.offset'), undefined);
    assert.equal(header(dead!, '__connect.errors.connector.name'), name);
    assert.equal(header(dead!, '__connect.errors.stage'), 'TRANSFORMATION');
    assert.equal(header(dead!, '__connect.errors.class.name'), 'test.errors.FailOn');
  } finally {
    assert.equal(await worker.stop(), 0);
  }
  // The skipped line's offset was committed with the others: a restart reads nothing again.
  const offsets = JSON.parse(await readFile(join(dir, 'connect.offsets'), 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.values(offsets), [JSON.stringify({ position: 13 })]);
});

test('a FAILED task restarted over REST picks up after the last committed offset', async () => {
  const { dir, topic, name, file } = await sinkSetUp('restart');
  const flag = join(dir, 'fail-now');
  await produce(topic, [good('a'), good('b')]);
  const worker = await startStandaloneWorker({
    dir,
    connectors: [{
      name, 'connector.class': 'FileStreamSink', topics: topic, file,
      transforms: 'fail', 'transforms.fail.type': 'FailOn', 'transforms.fail.pattern': '^boom', 'transforms.fail.when.file.exists': flag,
    }],
    ...withTestPlugins(),
  });
  try {
    await eventually(async () => (await lines(file)).length === 2, 30000, 'a and b in the sink');
    await eventually(async () => (await committedOffset(name, topic)) === 2, 30000, 'offset 2 committed');
    await writeFile(flag, '');
    await produce(topic, [good('boom'), good('c')]);
    await waitForTaskState(worker, name, 'FAILED');

    await rm(flag);
    const res = await fetch(`${worker.restUrl}/connectors/${name}/tasks/0/restart`, { method: 'POST' });
    assert.equal(res.status, 204, `POST …/tasks/0/restart answered ${res.status}: ${await res.text()}`);
    await waitForTaskState(worker, name, 'RUNNING');
    await eventually(async () => (await lines(file)).length === 4, 30000, 'boom and c after the restart');
    await produce(topic, [good('sentinel')]);
    await eventually(async () => (await lines(file)).includes('sentinel'), 30000, 'the sentinel');
    assert.deepEqual(await lines(file), ['a', 'b', 'boom', 'c', 'sentinel'], 'nothing before the committed offset is read again');
  } finally {
    await worker.stop();
  }
});
