import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTopic, produce, uniqueTopic } from '../helpers/kafka.js';
import { eventually, getJson, startStandaloneWorker } from '../helpers/worker.js';

test('topics.regex in Java syntax ((?i) inline flag), accepted by validation, consumes the matching topics at run time', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-regex-'));
  const base = uniqueTopic('Orders');
  const upper = `${base}-EU`;
  const other = `x-${base}`;
  for (const t of [upper, other]) await createTopic(t);
  // A just-created topic may not have its leader yet: retry the produce, not the assertion.
  await eventually(() => produce(upper, [{ value: Buffer.from('"eu"') }]).then(() => true), 15000, 'produce to the upper-case topic');
  await eventually(() => produce(other, [{ value: Buffer.from('"nope"') }]).then(() => true), 15000, 'produce to the other topic');
  const sinkFile = join(dir, 'sink.txt');
  const worker = await startStandaloneWorker({
    dir,
    workerProps: { 'value.converter.schemas.enable': 'false', 'metadata.max.age.ms': '1000' },
    connectors: [{ name: `regex-${base}`, 'connector.class': 'FileStreamSink', file: sinkFile, 'topics.regex': `(?i)${base.toLowerCase()}-.*` }],
  });
  try {
    await eventually(async () => (await readFile(sinkFile, 'utf8').catch(() => '')).includes('eu'), 30000, 'the record of the upper-case topic');
    const status = await getJson(`${worker.restUrl}/connectors/regex-${base}/status`);
    assert.equal(status.body.tasks[0].state, 'RUNNING');
    assert.equal((await readFile(sinkFile, 'utf8')).trim(), 'eu');
  } finally {
    await worker.stop();
  }
});
