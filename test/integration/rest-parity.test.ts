// Differential test of the REST API: Apache Kafka Connect 4.3.1 (scripts/connect-java.sh) and kconnect,
// both standalone against the one test broker with the same worker properties, get the same request
// sequence; status codes, shapes and deterministic values must be equal. Volatile values are
// normalised: worker ids, each runtime's own version string, timestamps, traces, documentation texts.
// Deliberate differences (docs/rest.md) are not asked.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fetchKafkaConnect, startRuntime, type RuntimeName, type StartedRuntime } from '../../scripts/bench/lib.js';
import { uniqueTopic } from '../helpers/kafka.js';
import { rest, type RestOptions } from '../helpers/rest.js';
import { eventually, freePort } from '../helpers/worker.js';

interface Side {
  name: RuntimeName;
  /** The sink connector's name here: each runtime's sink needs a consumer group of its own. */
  sink: string;
  url: string;
  version: string;
  started: StartedRuntime;
}

let dir = '';
let sides: Side[] = [];
let extraPlugins = new Set<string>();
const topic = uniqueTopic('parity');
const SOURCE = 'parity-source';
// Written `{sink}` in paths and bodies; each side puts its own sink's name there.
const SINK = '{sink}';
let sourceConfig: Record<string, string> = {};
let sinkConfig: Record<string, string> = {};

async function startSide(name: RuntimeName): Promise<Side> {
  const sideDir = join(dir, name);
  await mkdir(sideDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = await startRuntime(name, { dir: sideDir, connectors: [], workerProps: { listeners: url } });
  const root = await eventually(async () => {
    if (started.exited()) throw new Error(`${name} exited:\n${await started.output()}`);
    const res = await rest('GET', `${url}/`);
    return res.status === 200 ? res.body : undefined;
  }, 300_000, `${name} REST at ${url}`);
  return { name, url, sink: `parity-sink-${name}`, version: root.version, started };
}

before(async () => {
  fetchKafkaConnect();
  dir = await mkdtemp(join(tmpdir(), 'rest-parity-'));
  const input = join(dir, 'input.txt');
  await writeFile(input, 'one\ntwo\n');
  sourceConfig = { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: input, topic };
  sinkConfig = {
    'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector', 'tasks.max': '2', file: join(dir, 'sink.txt'), topics: topic,
    transforms: 'hoist', 'transforms.hoist.type': 'org.apache.kafka.connect.transforms.HoistField$Value', 'transforms.hoist.field': 'line',
  };
  sides = await Promise.all((['kafka-connect', 'kconnect'] as const).map(startSide));
  // Plugins only one side ships are left out of the comparison: kconnect's PostgreSQL and Confluent
  // converters, and on the Java side connect-test-plugins (Mock*, SchemaSource), which the pom carries
  // for the 50-connector benchmark.
  const [java, kconnect] = await Promise.all(sides.map(async (side) =>
    ((await rest('GET', `${side.url}/connector-plugins?connectorsOnly=false`)).body as { class: string }[]).map((p) => p.class)));
  extraPlugins = new Set([...kconnect!.filter((c) => !java!.includes(c)), ...java!.filter((c) => !kconnect!.includes(c))]);
}, { timeout: 360_000 });

after(async () => {
  await Promise.all(sides.map((s) => s.started.stop()));
  await rm(dir, { recursive: true, force: true });
});

/** Volatile values out: worker ids, the runtime's version, times, traces and prose. */
function normalise(value: unknown, side: Side): unknown {
  if (Array.isArray(value)) {
    const shared = value.filter((v) => !extraPlugins.has(typeof v === 'string' ? v : (v as { class?: string } | null)?.class ?? ''));
    return shared.map((v) => normalise(v, side));
  }
  if (value === side.version) return '<version>';
  if (typeof value === 'string') return value.replaceAll(side.sink, SINK);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const k = key.replaceAll(side.sink, SINK);
    if (k === 'worker_id') out[k] = '<worker>';
    else if (k === 'last_modified' && typeof v === 'number') out[k] = '<time>';
    else if ((k === 'trace' || k === 'documentation') && typeof v === 'string') out[k] = '<text>';
    else out[k] = normalise(v, side);
  }
  return out;
}

interface Exchange {
  status: number;
  body: unknown;
}

/** The same request to both; each answer normalised (and passed through `view`). */
async function both(method: string, path: string, opts: RestOptions = {}, view: (body: any) => unknown = (b) => b): Promise<[Exchange, Exchange]> {
  const [java, kconnect] = await Promise.all(sides.map(async (side) => {
    const own = (text: string) => text.replaceAll(SINK, side.sink);
    const json = opts.json === undefined ? {} : { json: JSON.parse(own(JSON.stringify(opts.json))) };
    const res = await rest(method, `${side.url}${own(path)}`, { ...opts, ...json });
    return { status: res.status, body: res.body === null ? null : normalise(view(res.body), side) };
  }));
  return [java!, kconnect!];
}

/** Where two JSON values differ, as `path: kconnect ≠ java` lines (the first 10). */
function differences(k: unknown, j: unknown, path = '', out: string[] = []): string[] {
  if (out.length >= 10) return out;
  if (k !== null && j !== null && typeof k === 'object' && typeof j === 'object' && Array.isArray(k) === Array.isArray(j)) {
    const keys = new Set([...Object.keys(k), ...Object.keys(j)]);
    for (const key of keys) differences((k as any)[key], (j as any)[key], `${path}/${key}`, out);
  } else if (JSON.stringify(k) !== JSON.stringify(j)) {
    out.push(`${path || '/'}: kconnect ${JSON.stringify(k)} ≠ Kafka Connect ${JSON.stringify(j)}`);
  }
  return out;
}

async function same(method: string, path: string, opts: RestOptions = {}, view?: (body: any) => unknown): Promise<Exchange> {
  const [java, kconnect] = await both(method, path, opts, view);
  assert.deepEqual(kconnect, java, `${method} ${path}: kconnect's answer differs from Kafka Connect's:\n${differences(kconnect, java).join('\n')}`);
  return java;
}

const byTaskId = (status: any) => ({ ...status, tasks: [...status.tasks].sort((a: any, b: any) => a.id - b.id) });

test('connectors: create, status with versions, task configs, restart plans', { timeout: 180_000 }, async () => {
  assert.equal((await same('POST', '/connectors', { json: { name: SOURCE, config: sourceConfig } })).status, 201);
  assert.equal((await same('PUT', `/connectors/${SINK}/config`, { json: sinkConfig })).status, 201);
  for (const side of sides) {
    await eventually(async () => {
      const s = (await rest('GET', `${side.url}/connectors?expand=status`)).body;
      return [SOURCE, side.sink].every((n) => s[n]?.status.connector.state === 'RUNNING' && s[n].status.tasks.length > 0
        && s[n].status.tasks.every((t: any) => t.state === 'RUNNING'));
    }, 90_000, `${side.name}: both connectors and their tasks RUNNING`);
  }

  const status = await same('GET', `/connectors/${SOURCE}/status`);
  assert.deepEqual((status.body as any).connector, { state: 'RUNNING', worker_id: '<worker>', version: '<version>' });
  await same('GET', `/connectors/${SINK}/status`);
  await same('GET', `/connectors/${SINK}/tasks/1/status`);
  await same('GET', '/connectors?expand=status&expand=info');

  const tasks = await same('GET', `/connectors/${SOURCE}/tasks`);
  assert.equal((tasks.body as any)[0].config['task.class'], 'org.apache.kafka.connect.file.FileStreamSourceTask');
  await same('GET', `/connectors/${SINK}/tasks`);

  const restarted = await same('POST', `/connectors/${SOURCE}/restart?includeTasks=true`, {}, byTaskId);
  assert.equal(restarted.status, 202);
  assert.equal((restarted.body as any).tasks[0].version, '<version>');
  await same('POST', `/connectors/${SINK}/restart?includeTasks=true&onlyFailed=true`, {}, byTaskId);
});

test('connector plugins: every plugin with its version; config definitions with the plugin.version keys', async () => {
  const listed = await same('GET', '/connector-plugins?connectorsOnly=false');
  assert.ok((listed.body as any[]).some((p) => p.type === 'header_converter' && p.version === '<version>'));
  await same('GET', '/connector-plugins');

  await same('GET', '/connector-plugins/FileStreamSource/config');
  await same('GET', '/connector-plugins/FileStreamSinkConnector/config');
});

test('config/validate: worker converters, recommended classes, plugin versions, unknown classes, error counts', async () => {
  const validate = (plugin: string, config: Record<string, string>) =>
    same('PUT', `/connector-plugins/${plugin}/config/validate`, { json: config });

  const full = await validate('FileStreamSource', {
    'connector.class': 'FileStreamSource', name: 'v', topic: 't',
    transforms: 'a,b', 'transforms.a.type': 'org.apache.kafka.connect.transforms.HoistField$Value', 'transforms.a.field': 'x',
    'transforms.b.type': 'com.example.NoSuchTransform',
    predicates: 'p', 'predicates.p.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches', 'predicates.p.pattern': 'x.*',
  });
  const value = (name: string) => (full.body as any).configs.find((c: any) => c.value?.name === name).value;
  assert.equal(value('key.converter').value, 'org.apache.kafka.connect.json.JsonConverter');
  assert.equal(value('transforms.b.type').value, null);
  assert.ok(value('predicates.p.type').recommended_values.includes('org.apache.kafka.connect.transforms.predicates.TopicNameMatches'));

  await validate('FileStreamSink', { 'connector.class': 'FileStreamSink', name: 'x', 'tasks.max': '0' });
  const twoRules = await validate('FileStreamSource', { 'connector.class': 'FileStreamSource', name: 'x', topic: 'a', 'tasks.max': 'x', 'errors.tolerance': 'bogus' });
  assert.equal((twoRules.body as any).error_count, 3);
  await validate('FileStreamSource', { 'connector.class': 'FileStreamSource', name: 'x', topic: 'a,b', 'key.converter': 'com.example.NoSuchConverter' });
  // A transform's own keys, negate and predicate in Kafka's order; an alias reads as the full class name.
  await validate('FileStreamSource', { 'connector.class': 'FileStreamSource', name: 'x', topic: '', transforms: 'c',
    'transforms.c.type': 'org.apache.kafka.connect.transforms.Cast$Value', 'transforms.c.spec': 'int8' });
  await validate('FileStreamSink', { 'connector.class': 'FileStreamSink', name: 's', topics: 'a', 'topics.regex': 'b.*',
    predicates: 'q', 'predicates.q.type': 'HasHeaderKey' });
});

test('loggers: one per running plugin class; a namespace sets them all; an unchanged level changes nothing', async () => {
  const fileLoggers = (all: Record<string, unknown>) => Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('org.apache.kafka.connect.file') || k === 'root'));
  const listed = await same('GET', '/admin/loggers', {}, fileLoggers);
  assert.ok('org.apache.kafka.connect.file.FileStreamSourceTask' in (listed.body as any));

  const changed = await same('PUT', '/admin/loggers/org.apache.kafka.connect.file', { json: { level: 'DEBUG' } });
  assert.ok((changed.body as string[]).includes('org.apache.kafka.connect.file.FileStreamSinkTask'));
  assert.deepEqual((await same('PUT', '/admin/loggers/org.apache.kafka.connect.file', { json: { level: 'DEBUG' } })).body, []);
  await same('GET', '/admin/loggers/org.apache.kafka.connect.file.FileStreamSourceConnector');
  await same('PUT', '/admin/loggers/org.apache.kafka.connect.file.FileStreamSinkTask', { json: { level: 'INFO' } });
  await same('PUT', '/admin/loggers/org.apache.kafka.connect.file', { json: { level: 'INFO' } });
  await same('GET', '/admin/loggers', {}, fileLoggers);
});

test('unsupported methods on known paths are 405; unknown names 404', async () => {
  for (const [method, path] of [['DELETE', '/connectors'], ['POST', '/connector-plugins'], ['PATCH', `/connectors/${SOURCE}`], ['PUT', `/connectors/${SOURCE}/status`]]) {
    assert.equal((await same(method!, path!)).status, 405);
  }
  assert.equal((await same('GET', '/connectors/no-such-connector/status')).status, 404);
  assert.equal((await same('GET', '/connector-plugins/NoSuchPlugin/config')).status, 404);
});
