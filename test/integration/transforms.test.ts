// Kafka's documented transform examples through a real worker and broker.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { consumeAll, createTopic, uniqueTopic } from '../helpers/kafka.js';
import { eventually, startStandaloneWorker } from '../helpers/worker.js';

test('HoistField + InsertField on FileStreamSource write the JSON of Kafka\'s documentation', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-smt-'));
  const topic = await createTopic(uniqueTopic('connect-test'));
  await writeFile(join(dir, 'test.txt'), 'foo\nbar\n');
  const worker = await startStandaloneWorker({
    dir,
    connectors: [{
      name: `local-file-source-${topic}`,
      'connector.class': 'FileStreamSource',
      'tasks.max': '1',
      file: join(dir, 'test.txt'),
      topic,
      transforms: 'MakeMap, InsertSource',
      'transforms.MakeMap.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
      'transforms.MakeMap.field': 'line',
      'transforms.InsertSource.type': 'org.apache.kafka.connect.transforms.InsertField$Value',
      'transforms.InsertSource.static.field': 'data_source',
      'transforms.InsertSource.static.value': 'test-file-source',
    }],
  });
  try {
    const records = await consumeAll(topic, { expected: 2, timeoutMs: 30_000 });
    const schema = '{"type":"struct","fields":[{"type":"string","optional":false,"field":"line"},'
      + '{"type":"string","optional":true,"field":"data_source"}],"optional":false}';
    assert.deepEqual(records.map((r) => r.value!.toString()), [
      `{"schema":${schema},"payload":{"line":"foo","data_source":"test-file-source"}}`,
      `{"schema":${schema},"payload":{"line":"bar","data_source":"test-file-source"}}`,
    ]);
    assert.equal(records[0]!.key, null);
  } finally {
    assert.equal(await worker.stop(), 0);
  }
});

test('Filter + predicates: records of topic foo are dropped, ExtractField applies to all but bar', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-smt-'));
  const foo = await createTopic(uniqueTopic('foo'));
  const bar = await createTopic(uniqueTopic('bar'));
  const baz = await createTopic(uniqueTopic('baz'));
  // Kafka's example, with keys made from the file lines (HoistField + ValueToKey) so that there is
  // an `other_field` to extract.
  const chain = {
    transforms: 'MakeMap,MakeKey,Filter,Extract',
    'transforms.MakeMap.type': 'org.apache.kafka.connect.transforms.HoistField$Value',
    'transforms.MakeMap.field': 'other_field',
    'transforms.MakeKey.type': 'org.apache.kafka.connect.transforms.ValueToKey',
    'transforms.MakeKey.fields': 'other_field',
    'transforms.Filter.type': 'org.apache.kafka.connect.transforms.Filter',
    'transforms.Filter.predicate': 'IsFoo',
    'transforms.Extract.type': 'org.apache.kafka.connect.transforms.ExtractField$Key',
    'transforms.Extract.field': 'other_field',
    'transforms.Extract.predicate': 'IsBar',
    'transforms.Extract.negate': 'true',
    predicates: 'IsFoo,IsBar',
    'predicates.IsFoo.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    'predicates.IsFoo.pattern': foo,
    'predicates.IsBar.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    'predicates.IsBar.pattern': bar,
  };
  const connectors = [foo, bar, baz].map((topic) => ({
    name: `src-${topic}`, 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: join(dir, `${topic}.txt`), topic, ...chain,
  }));
  for (const topic of [foo, bar, baz]) await writeFile(join(dir, `${topic}.txt`), `${topic.slice(0, 3)}-1\n${topic.slice(0, 3)}-2\n`);
  const worker = await startStandaloneWorker({ dir, connectors });
  try {
    const keySchema = '{"type":"struct","fields":[{"type":"string","optional":false,"field":"other_field"}],"optional":false}';
    const barRecords = await consumeAll(bar, { expected: 2, timeoutMs: 30_000 });
    assert.deepEqual(barRecords.map((r) => r.key!.toString()), [
      `{"schema":${keySchema},"payload":{"other_field":"bar-1"}}`,
      `{"schema":${keySchema},"payload":{"other_field":"bar-2"}}`,
    ]);
    const bazRecords = await consumeAll(baz, { expected: 2, timeoutMs: 30_000 });
    assert.deepEqual(bazRecords.map((r) => r.key!.toString()), [
      '{"schema":{"type":"string","optional":false},"payload":"baz-1"}',
      '{"schema":{"type":"string","optional":false},"payload":"baz-2"}',
    ]);
    // foo's source has read both its lines (its offset reached the end of its file) and produced nothing.
    await eventually(async () => {
      const offsets = JSON.parse(await readFile(worker.offsetsFile, 'utf8')) as Record<string, string>;
      const key = JSON.stringify([`src-${foo}`, { filename: join(dir, `${foo}.txt`) }]);
      return offsets[key] === JSON.stringify({ position: 12 });
    }, 30_000, `the offset of src-${foo}`);
    assert.deepEqual(await consumeAll(foo), []);
  } finally {
    assert.equal(await worker.stop(), 0);
  }
});
