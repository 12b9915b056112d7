// Confluent's registry converters against a real registry (Apicurio's Confluent-compatible API,
// started by scripts/test.sh) and the real broker: the FileStream pipeline through each converter,
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

const CONVERTERS = {
  avro: AVRO,
  json: 'io.confluent.connect.json.JsonSchemaConverter',
  protobuf: 'io.confluent.connect.protobuf.ProtobufConverter',
} as const;

test('each registry converter: FileStreamSource → HoistField → InsertField → topic → FileStreamSink gives back the Struct lines', async () => {
  const url = registryUrl();
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-registry-'));
  const pipes = Object.entries(CONVERTERS).map(([name, cls]) => {
    const topic = uniqueTopic(`${name}-pipeline`);
    return { name, topic, ...pipeline(name, dir, topic, { 'value.converter': cls, 'value.converter.schema.registry.url': url }) };
  });
  for (const p of pipes) await writeFile(p.input, 'alpha\nbeta\n');
  const worker = await startStandaloneWorker({
    connectors: pipes.flatMap((p) => [p.source, p.sink]),
    workerProps: { 'key.converter': 'org.apache.kafka.connect.storage.StringConverter' },
  });
  try {
    const texts = ['alpha', 'beta', 'gamma with ünïcode'];
    for (const p of pipes) await appendFile(p.input, 'gamma with ünïcode\n');
    for (const p of pipes) {
      await eventually(async () => (await lines(p.output)).length === 3, 60000, `three lines in ${p.name}.out`);
      assert.deepEqual(await lines(p.output), texts.map((l) => `Struct{line=${l},origin=${p.name}}`), p.name);
    }

    // Every record is 0x00, the id registered under <topic>-value, then the format's payload.
    const ids: Record<string, number> = {};
    const payloads: Record<string, Buffer[]> = {};
    for (const p of pipes) {
      const latest = await registryRequest(url, 'GET', `/subjects/${p.topic}-value/versions/latest`);
      assert.equal(latest.status, 200, p.name);
      ids[p.name] = latest.body.id;
      const records = await consumeAll(p.topic, { expected: 3 });
      for (const r of records) {
        assert.equal(r.value![0], 0, `${p.name}: magic byte`);
        assert.equal(r.value!.readInt32BE(1), latest.body.id, `${p.name}: schema id`);
      }
      payloads[p.name] = records.map((r) => r.value!.subarray(5));
      if (p.name === 'avro') {
        const registered = JSON.parse(latest.body.schema);
        assert.equal(`${registered.namespace}.${registered.name}`, 'io.confluent.connect.avro.ConnectDefault');
        assert.deepEqual(registered.fields[1], { name: 'origin', type: ['null', 'string'], default: null });
        const type = avsc.Type.forSchema(registered);
        const decoded = payloads.avro!.map((b) => ({ ...(type.fromBuffer(b) as object) }));
        assert.deepEqual(decoded, texts.map((line) => ({ line, origin: 'avro' })));
      }
      if (p.name === 'json') {
        assert.equal(latest.body.schemaType, 'JSON');
        assert.deepEqual(payloads.json!.map((b) => JSON.parse(b.toString('utf8'))), texts.map((line) => ({ line, origin: 'json' })));
      }
      if (p.name === 'protobuf') {
        assert.equal(latest.body.schemaType, 'PROTOBUF');
        assert.match(latest.body.schema, /message ConnectDefault1 \{/);
        // message indexes [0] are the single byte 0, then field 1 (line) as a length-delimited string
        for (const b of payloads.protobuf!) assert.deepEqual([...b.subarray(0, 2)], [0, 0x0a]);
      }
    }
    assert.equal(new Set(Object.values(ids)).size, 3, 'one schema id per topic');
  } finally {
    await worker.stop();
  }
});

test('subject name strategies: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy (by Confluent class names)', async () => {
  const url = registryUrl();
  const topic = uniqueTopic('strategies');
  const record = `com.example.Order${Date.now()}`;
  const schema = SchemaBuilder.struct().name(record).field('id', SchemaBuilder.int32().build()).build();
  const value = new Struct(schema).put('id', 7);
  const subjects: string[] = [];
  for (const [strategy, subject] of [
    ['io.confluent.kafka.serializers.subject.TopicNameStrategy', `${topic}-key`],
    ['io.confluent.kafka.serializers.subject.RecordNameStrategy', record],
    ['io.confluent.kafka.serializers.subject.TopicRecordNameStrategy', `${topic}-${record}`],
  ] as const) {
    const c = new AvroConverter();
    c.configure({ 'schema.registry.url': url, 'key.subject.name.strategy': strategy }, true);
    const bytes = (await write(c, topic, schema, value))!;
    const found = await registryRequest(url, 'GET', `/subjects/${encodeURIComponent(subject)}/versions/latest`);
    assert.equal(found.status, 200, `${strategy} registers under ${subject}`);
    assert.equal(bytes.readInt32BE(1), found.body.id);
    assert.ok((await read(c, topic, bytes)).value instanceof Struct);
    subjects.push(subject);
    c.close();
  }
  assert.equal(new Set(subjects).size, 3);
});

test('BACKWARD evolution with a new optional field; an incompatible change is refused naming subject and reason', async () => {
  const url = registryUrl();
  const topic = uniqueTopic('evolve');
  const subject = `${topic}-value`;
  const v1 = SchemaBuilder.struct().name('com.example.User').field('name', SchemaBuilder.string().build()).build();
  const v2 = SchemaBuilder.struct().name('com.example.User').field('name', SchemaBuilder.string().build())
    .field('email', SchemaBuilder.string().optional().build()).build();
  const bad = SchemaBuilder.struct().name('com.example.User').field('name', SchemaBuilder.int32().build()).build();

  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': url }, false);
  const b1 = (await write(c, topic, v1, new Struct(v1).put('name', 'ann')))!;
  await setCompatibility(url, subject, 'BACKWARD');
  const b2 = (await write(c, topic, v2, new Struct(v2).put('name', 'bob').put('email', 'bob@example.com')))!;
  assert.notEqual(b1.readInt32BE(1), b2.readInt32BE(1), 'a second schema id');
  const versions = await registryRequest(url, 'GET', `/subjects/${subject}/versions`);
  assert.deepEqual(versions.body, [1, 2]);

  // A fresh reader (a sink elsewhere) reads both, each with its own schema and registry version.
  const reader = new AvroConverter();
  reader.configure({ 'schema.registry.url': url }, false);
  const r1 = await read(reader, topic, b1);
  const r2 = await read(reader, topic, b2);
  assert.equal(String(r1.value), 'Struct{name=ann}');
  assert.equal(r1.schema!.version, 1);
  assert.equal(String(r2.value), 'Struct{name=bob,email=bob@example.com}');
  assert.equal(r2.schema!.version, 2);
  assert.equal(r2.schema!.field('email')!.schema.optional, true);

  // Changing a field's type breaks BACKWARD: a DataException naming the subject and the registry's reason.
  let err: unknown;
  try {
    await write(c, topic, bad, new Struct(bad).put('name', 1));
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof DataException, String(err));
  assert.match((err as Error).message, new RegExp(`incompatible with an earlier schema for subject "${subject}"`));
  assert.match((err as Error).message, /error code: 409/);

  // An id the registry does not know is a DataException that names the id.
  const unknown = Buffer.from([0, 0x7f, 0xff, 0xff, 0x00, 0x02]);
  await assert.rejects(read(reader, topic, unknown), (e: unknown) => e instanceof DataException && /id 2147483392/.test((e as Error).message));
  c.close();
  reader.close();
});

test('an incompatible schema under errors.tolerance=all goes to the dead-letter queue; the task keeps running', async () => {
  const url = registryUrl();
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-registry-'));
  const topic = uniqueTopic('avro-incompatible');
  const dlq = uniqueTopic('avro-incompatible-dlq');
  // The subject already holds a schema whose `line` is an int, under BACKWARD.
  const pre = await registryRequest(url, 'POST', `/subjects/${topic}-value/versions`, {
    schema: JSON.stringify({ type: 'record', name: 'ConnectDefault', namespace: 'io.confluent.connect.avro', fields: [{ name: 'line', type: 'int' }] }),
  });
  assert.equal(pre.status, 200);
  await setCompatibility(url, `${topic}-value`, 'BACKWARD');
  const p = pipeline('dlq', dir, topic, avroWith(url), {
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': dlq,
    'errors.deadletterqueue.topic.replication.factor': '1',
    'errors.deadletterqueue.context.headers.enable': 'true',
  });
  await writeFile(p.input, 'one\ntwo\n');
  const worker = await startStandaloneWorker({ connectors: [p.source] });
  try {
    // The DLQ topic exists once the first failed record is reported.
    const dead = await eventually(() => consumeAll(dlq, { expected: 2, timeoutMs: 60000 }), 60000, 'two records in the DLQ');
    const message = dead[0]!.headers['__connect.errors.exception.message']!.toString();
    assert.match(message, new RegExp(`incompatible with an earlier schema for subject "${topic}-value"`));
    assert.equal(dead[0]!.headers['__connect.errors.stage']!.toString(), 'VALUE_CONVERTER');
    assert.equal((await taskState(worker, 'dlq-source'))?.state, 'RUNNING');
  } finally {
    await worker.stop();
  }
});

test('records written by another Confluent-format producer (@kafkajs/confluent-schema-registry + avsc) read as Connect data', async () => {
  const url = registryUrl();
  const topic = uniqueTopic('interop');
  const other = new SchemaRegistry({ host: url });
  const schema = {
    type: 'record', name: 'Payment', namespace: 'com.example',
    fields: [
      { name: 'id', type: 'long' },
      { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
      { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
      { name: 'note', type: ['null', 'string'], default: null },
      { name: 'tags', type: { type: 'map', values: 'int' } },
      { name: 'ref', type: ['string', 'long'] },
      { name: 'day', type: { type: 'int', logicalType: 'date' } },
    ],
  };
  const { id } = await other.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject: `${topic}-value` });
  const bytes = await other.encode(id, {
    id: 42, amount: Buffer.from([0x30, 0x39]), status: 'PAID', note: 'hi', tags: { a: 1 }, ref: 'r-1', day: 19000,
  });
  assert.equal(bytes[0], 0);
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': url }, false);
  const got = await read(c, topic, bytes);
  const s = got.value as Struct;
  assert.equal(got.schema!.name, 'com.example.Payment');
  assert.equal(got.schema!.version, 1);
  assert.equal(s.get('id'), 42);
  assert.equal(String(s.get('amount')), '123.45');
  assert.equal(s.get('status'), 'PAID');
  assert.equal(got.schema!.field('status')!.schema.parameters!['io.confluent.connect.avro.Enum'], 'com.example.Status');
  assert.equal(s.get('note'), 'hi');
  assert.equal(got.schema!.field('note')!.schema.optional, true);
  assert.deepEqual(s.get('tags'), { a: 1 });
  const ref = s.get('ref') as Struct;
  assert.equal(got.schema!.field('ref')!.schema.name, 'io.confluent.connect.avro.Union');
  assert.equal(ref.get('string'), 'r-1');
  assert.equal(ref.get('long'), null);
  assert.equal((s.get('day') as Date).toISOString(), '2022-01-08T00:00:00.000Z');

  // And back (enhanced.avro.schema.support keeps the enum an enum): the other producer's library
  // decodes our bytes to the same record.
  const enhanced = new AvroConverter();
  enhanced.configure({ 'schema.registry.url': url, 'enhanced.avro.schema.support': 'true' }, false);
  const again = (await write(enhanced, topic, got.schema, s))!;
  enhanced.close();
  const decoded = await other.decode(again) as Record<string, unknown>;
  assert.equal(decoded.status, 'PAID');
  assert.equal(decoded.note, 'hi');
  assert.deepEqual({ ...(decoded.tags as object) }, { a: 1 });
  c.close();
});

test('AvroConverter: records written one after another each keep their own bytes, a record of any size is written whole, and truncated or padded bytes are refused', async () => {
  const url = registryUrl();
  const topic = uniqueTopic('backtoback');
  const schema = SchemaBuilder.struct().field('line', SchemaBuilder.string().build()).field('n', SchemaBuilder.int32().build()).build();
  const other = new SchemaRegistry({ host: url });
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': url }, false);
  const values: Struct[] = [];
  for (let i = 0; i < 3000; i++) values.push(new Struct(schema).put('line', `line ${i} ${'y'.repeat(i % 97)}`).put('n', i));
  // Larger than anything written so far, between small ones.
  values.splice(1500, 0, new Struct(schema).put('line', 'z'.repeat(200_000)).put('n', -1));
  const written: Buffer[] = [];
  for (const v of values) written.push((await write(c, topic, schema, v))!);
  for (let i = 0; i < values.length; i++) {
    const got = (await read(c, topic, written[i]!)).value as Struct;
    assert.deepEqual([got.get('line'), got.get('n')], [values[i]!.get('line'), values[i]!.get('n')], `record ${i}`);
  }
  // The same bytes another Confluent-format library reads.
  assert.deepEqual({ ...(await other.decode(written[1500]!) as object) }, { line: 'z'.repeat(200_000), n: -1 });
  const one = written[7]!;
  await assert.rejects(read(c, topic, one.subarray(0, one.length - 1)), (e: unknown) => e instanceof DataException && /truncated/.test((e as Error).message));
  await assert.rejects(read(c, topic, Buffer.concat([one, Buffer.from([0])])), (e: unknown) => e instanceof DataException && /trailing/.test((e as Error).message));
  c.close();
});

test('registry unreachable at every URL: a RetriableException, so the task\'s retries apply', async () => {
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': 'http://127.0.0.1:9/apis/ccompat/v7,http://127.0.0.1:7/x' }, false);
  const schema = SchemaBuilder.string().build();
  let pending: unknown;
  try {
    c.fromConnectData('t', undefined, schema, 'x');
  } catch (e) {
    pending = e;
  }
  assert.ok(pending instanceof ConversionPending);
  await assert.rejects((pending as ConversionPending).load(), (e: unknown) => e instanceof RetriableException && /Schema registry unreachable/.test((e as Error).message));
});

test('TLS to the registry with a PEM trust store, after failing over from a dead URL', async () => {
  const url = registryUrl();
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-registry-tls-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  // A TLS front for the run's registry: what a registry behind HTTPS looks like to the converter.
  const server = https.createServer({ key: await readFile(key), cert: await readFile(cert) }, async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(url + req.url!.replace(/^\/apis\/ccompat\/v7/, ''), {
      method: req.method!, headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' }, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(upstream.status, { 'Content-Type': 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const tlsUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/apis/ccompat/v7`;
  try {
    const topic = uniqueTopic('tls');
    const schema = SchemaBuilder.struct().field('n', SchemaBuilder.int32().build()).build();
    const c = new AvroConverter();
    c.configure({
      'schema.registry.url': `http://127.0.0.1:9/apis/ccompat/v7,${tlsUrl}`,
      'schema.registry.ssl.truststore.type': 'PEM',
      'schema.registry.ssl.truststore.location': cert,
    }, false);
    const bytes = (await write(c, topic, schema, new Struct(schema).put('n', 5)))!;
    assert.equal(String((await read(c, topic, bytes)).value), 'Struct{n=5}');
    c.close();

    // Without the trust store the registry's certificate is refused (a retriable error: nothing answered).
    const untrusting = new AvroConverter();
    untrusting.configure({ 'schema.registry.url': tlsUrl }, false);
    await assert.rejects(write(untrusting, uniqueTopic('tls'), schema, new Struct(schema).put('n', 1)),
      (e: unknown) => e instanceof RetriableException && /self.signed|certificate/i.test((e as Error).message));
    untrusting.close();
  } finally {
    server.close();
  }
});
