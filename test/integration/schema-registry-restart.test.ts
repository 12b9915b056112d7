// A private registry with basic auth (scripts/registry.sh), stopped and started while records flow
// (its own file: two registry start-ups need their own time budget). Helpers as in schema-registry.test.ts: the FileStream pipeline through each converter,
// the wire format, subject strategies, BACKWARD evolution, an incompatible schema (clear error, DLQ),
// a registry stopped and started while records flow, basic auth, and records written by another
// Confluent-format producer (@kafkajs/confluent-schema-registry + avsc).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import avsc from 'avsc';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { AvroConverter } from '../../src/converters/index.js';
import { ConversionPending } from '../../src/api/Converter.js';
import { DataException, RetriableException } from '../../src/data/errors.js';
import { SchemaBuilder } from '../../src/data/SchemaBuilder.js';
import { Struct } from '../../src/data/Struct.js';
import { consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { AVRO, avroWith, pipeline, taskState, privateRegistry, read, registryRequest, registryUrl, setCompatibility, write } from '../helpers/registry.js';
import { eventually, getJson, lines, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

test('registry with basic auth, stopped and started while records flow: nothing is lost; wrong credentials fail clearly', async () => {
  const registry = await privateRegistry({ users: { connect: 's3cret' } });
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-registry-'));
  const topic = uniqueTopic('avro-restart');
  const auth = { 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'connect:s3cret' };
  const conv = avroWith(registry.url, auth);
  const retries = { 'errors.retry.timeout': '-1', 'errors.retry.delay.max.ms': '1000' };
  const first = pipeline('r1', dir, topic, conv, retries);
  const second = pipeline('r2', dir, topic, conv, retries);
  await writeFile(first.input, 'a1\na2\n');
  await writeFile(second.input, 'b1\nb2\n');
  const worker = await startStandaloneWorker({ connectors: [first.source, first.sink] });
  try {
    await eventually(async () => (await lines(first.output)).length === 2, 60000, 'the first two records');
    const unauthenticated = await registryRequest(registry.url, 'GET', '/subjects');
    assert.equal(unauthenticated.status, 401, 'the registry requires credentials');

    await registry.stop();
    // Known schemas are cached: records keep flowing with the registry down.
    await appendFile(first.input, 'a3\n');
    await eventually(async () => (await lines(first.output)).length === 3, 60000, 'a3 through the cache');
    // A new source and a new sink need the registry: they wait (retriable) instead of failing or dropping.
    for (const c of [second.source, second.sink]) {
      const res = await fetch(`${worker.restUrl}/connectors`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: c.name, config: c }) });
      assert.equal(res.status, 201);
    }
    await eventually(async () => (await taskState(worker, 'r2-sink'))?.state === 'RUNNING', 30000, 'r2-sink running');
    assert.deepEqual(await lines(second.output), []);
    assert.equal((await taskState(worker, 'r2-source'))?.state, 'RUNNING');

    await registry.start();
    const all = ['a1', 'a2', 'a3', 'b1', 'b2'];
    const sorted = async (f: string) => (await lines(f)).sort();
    const want = all.map((l) => `Struct{line=${l},origin=${l.startsWith('a') ? 'r1' : 'r2'}}`).sort();
    await eventually(async () => (await sorted(first.output)).length === 5, 90000, 'r1-sink to get every record');
    await eventually(async () => (await sorted(second.output)).length === 5, 90000, 'r2-sink to get every record');
    assert.deepEqual(await sorted(first.output), want);
    assert.deepEqual(await sorted(second.output), want);

    // Wrong credentials: the registry's 401, said plainly in the task's trace.
    const wrong = pipeline('r3', dir, topic, avroWith(registry.url, { ...auth, 'basic.auth.user.info': 'connect:wrong' }));
    await writeFile(wrong.input, 'c1\n');
    const res = await fetch(`${worker.restUrl}/connectors`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: wrong.source.name, config: wrong.source }) });
    assert.equal(res.status, 201);
    const failed = await eventually(async () => {
      const t = await taskState(worker, 'r3-source');
      return t?.state === 'FAILED' ? t : undefined;
    }, 60000, 'r3-source to fail');
    assert.match(failed?.trace ?? '', /refused the credentials \(HTTP 401\)/);
    assert.doesNotMatch(worker.output(), /s3cret|wrong/);
  } finally {
    await worker.stop();
    await registry.destroy();
  }
});

