// Tasks on worker threads in distributed mode: a task that blocks its thread for longer than the
// session timeout does not cost the worker its group membership (issue 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { awaitConnectorState, createConnector, startCluster, type Cluster, clustersStoppedAfterTests } from '../helpers/distributed.js';

const PLUGINS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'threads', 'plugins');
const clusters = clustersStoppedAfterTests();

const joins = (c: Cluster) => c.workers.reduce((n, w) => n + (w.output().match(/"msg":"Joined group"/g) ?? []).length, 0);

test('a task spinning for 15 s with session.timeout.ms=10000: no rebalance, no duplicate, the task runs on', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-threads-dist-'));
  const topic = uniqueTopic('spin15');
  const file = join(dir, 'in.txt');
  await writeFile(file, 'a\nb\n');
  const c = await startCluster(2, {
    workerProps: {
      'session.timeout.ms': '10000',
      'heartbeat.interval.ms': '3000',
      'rebalance.timeout.ms': '20000',
      'plugin.path': PLUGINS,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    },
  });
  clusters.push(c);
  const name = `spin-${topic.slice(-8)}`;
  await createConnector(c.workers[0]!, name, {
    'connector.class': 'FileStreamSource', file, topic, 'tasks.max': '1',
    transforms: 'm', 'transforms.m.type': 'com.example.Misbehave', 'transforms.m.spin.ms': '15000',
  });
  const before = await awaitConnectorState(c.workers[0]!, name, 1);
  await consumeAll(topic, { expected: 2 });
  const joinsBefore = joins(c);

  const more = Array.from({ length: 100 }, (_, i) => `x-${i}`);
  await appendFile(file, ['spin', ...more].join('\n') + '\n');
  const owner = c.workers.find((w) => w.workerId === before.tasks[0]!.worker_id)!;
  await owner.waitForOutput(new RegExp(`Task ${name}-0 is blocking its thread in TRANSFORMATION`), 30000);
  await consumeAll(topic, { expected: 103, timeoutMs: 90000 });
  // Everything up to the high watermark now: a duplicate would show here.
  const values = (await consumeAll(topic)).map((r) => r.value!.toString());
  assert.deepEqual(values, ['a', 'b', 'spin', ...more], 'every record once, in order');
  const groupLog = () => c.workers.map((w) => w.output().split('\n').filter((l) => /herder|threads/.test(l) && /"level":[45]0/.test(l)).map((l) => `${w.port} ${l.slice(0, 300)}`).join('\n')).join('\n');
  assert.equal(joins(c), joinsBefore, `no worker rejoined the group; warnings:\n${groupLog()}`);
  const afterSpin = await awaitConnectorState(c.workers[1]!, name, 1);
  assert.equal(afterSpin.tasks[0]!.worker_id, before.tasks[0]!.worker_id, 'the task stayed where it was');
});
