// /connector-plugins over real HTTP: the plugin list, a plugin's ConfigKeyInfos, and the
// ConfigInfos of config/validate, field by field against Kafka Connect's shapes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, rest } from '../helpers/rest.js';
import { startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

let worker: RunningWorker;
let url: string;

before(async () => {
  worker = await startStandaloneWorker();
  url = worker.restUrl;
});

after(async () => {
  assert.equal(await worker.stop(), 0);
});

const FILE_SINK = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
const FILE_SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const KEY_INFO_FIELDS = ['default_value', 'dependents', 'display_name', 'documentation', 'group', 'importance', 'name', 'order_in_group', 'required', 'type', 'width'];
const VALUE_INFO_FIELDS = ['errors', 'name', 'recommended_values', 'value', 'visible'];

function assertConfigKeyInfo(k: any): void {
  assert.deepEqual(Object.keys(k).sort(), KEY_INFO_FIELDS);
  assert.equal(typeof k.name, 'string');
  assert.ok(['BOOLEAN', 'STRING', 'INT', 'SHORT', 'LONG', 'DOUBLE', 'LIST', 'CLASS', 'PASSWORD'].includes(k.type), k.type);
  assert.equal(typeof k.required, 'boolean');
  assert.ok(k.default_value === null || typeof k.default_value === 'string');
  if (k.required) assert.equal(k.default_value, null);
  assert.ok(['HIGH', 'MEDIUM', 'LOW'].includes(k.importance));
  assert.equal(typeof k.documentation, 'string');
  assert.ok(k.group === null || typeof k.group === 'string');
  assert.equal(typeof k.order_in_group, 'number');
  assert.ok(['NONE', 'SHORT', 'MEDIUM', 'LONG'].includes(k.width));
  assert.equal(typeof k.display_name, 'string');
  assert.ok(Array.isArray(k.dependents));
}

function configOf(infos: any, name: string): any {
  const c = infos.configs.find((x: any) => (x.definition?.name ?? x.value?.name) === name);
  assert.ok(c, `no config ${name} in ${infos.configs.map((x: any) => x.definition?.name ?? x.value?.name).join(', ')}`);
  return c;
}

describe('GET /connector-plugins', () => {
  test('connectors only by default: class, type and version, sinks then sources', async () => {
    const res = await rest('GET', `${url}/connector-plugins`);
    assert.equal(res.status, 200);
    for (const p of res.body) {
      assert.ok(['source', 'sink'].includes(p.type), p.type);
      assert.deepEqual(Object.keys(p).filter((k) => k !== 'version').sort(), ['class', 'type']);
    }
    const sink = res.body.find((p: any) => p.class === FILE_SINK);
    const source = res.body.find((p: any) => p.class === FILE_SOURCE);
    assert.deepEqual(Object.keys(sink).sort(), ['class', 'type', 'version']);
    assert.equal(sink.type, 'sink');
    assert.equal(source.type, 'source');
    assert.match(sink.version, /\d/);
    const types = res.body.map((p: any) => p.type);
    assert.deepEqual(types, [...types].sort((a: string, b: string) => (a === b ? 0 : a === 'sink' ? -1 : 1)), 'sinks first');
    assert.deepEqual((await rest('GET', `${url}/connector-plugins?connectorsOnly=true`)).body, res.body);
  });

  test('connectorsOnly=false adds transformations, predicates, converters and header converters', async () => {
    const res = await rest('GET', `${url}/connector-plugins?connectorsOnly=false`);
    assert.equal(res.status, 200);
    const has = (cls: string, type: string) => res.body.some((p: any) => p.class === cls && p.type === type);
    assert.ok(has(FILE_SINK, 'sink'));
    assert.ok(has('org.apache.kafka.connect.transforms.InsertField$Value', 'transformation'));
    assert.ok(has('org.apache.kafka.connect.transforms.predicates.TopicNameMatches', 'predicate'));
    assert.ok(has('org.apache.kafka.connect.json.JsonConverter', 'converter'));
    assert.ok(has('org.apache.kafka.connect.storage.StringConverter', 'converter'));
    assert.ok(res.body.some((p: any) => p.type === 'header_converter'));
    const order = ['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter'];
    const seen = res.body.map((p: any) => order.indexOf(p.type));
    assert.ok(seen.every((i: number) => i >= 0), 'no other plugin types (config providers are not listed)');
    assert.deepEqual(seen, [...seen].sort((a: number, b: number) => a - b), 'grouped in Kafka\'s order');
    assertError(await rest('GET', `${url}/connector-plugins?connectorsOnly=nope`), 400, /connectorsOnly/);
  });
});

describe('GET /connector-plugins/{plugin}/config', () => {
  test('a connector: its own keys first, then the common source keys, as ConfigKeyInfo', async () => {
    const res = await rest('GET', `${url}/connector-plugins/FileStreamSource/config`);
    assert.equal(res.status, 200);
    for (const k of res.body) assertConfigKeyInfo(k);
    const names = res.body.map((k: any) => k.name);
    assert.equal(names[0], 'file');
    for (const common of ['name', 'connector.class', 'tasks.max', 'key.converter', 'transforms', 'predicates', 'errors.tolerance']) {
      assert.ok(names.includes(common), common);
    }
    assert.ok(!names.includes('topics'), 'sink keys are not source keys');
    const tasksMax = res.body.find((k: any) => k.name === 'tasks.max');
    assert.deepEqual(
      { type: tasksMax.type, required: tasksMax.required, default_value: tasksMax.default_value, group: tasksMax.group },
      { type: 'INT', required: false, default_value: '1', group: 'Common' },
    );
    const byClass = await rest('GET', `${url}/connector-plugins/${FILE_SOURCE}/config`);
    assert.deepEqual(byClass.body, res.body, 'the full class name and the alias answer the same');
    const sink = await rest('GET', `${url}/connector-plugins/FileStreamSinkConnector/config`);
    assert.ok(sink.body.some((k: any) => k.name === 'topics'));
  });

  test('a transformation and a predicate: their own keys only', async () => {
    const t = await rest('GET', `${url}/connector-plugins/org.apache.kafka.connect.transforms.RegexRouter/config`);
    assert.equal(t.status, 200);
    for (const k of t.body) assertConfigKeyInfo(k);
    assert.deepEqual(t.body.map((k: any) => k.name).sort(), ['regex', 'replacement']);
    const p = await rest('GET', `${url}/connector-plugins/TopicNameMatches/config`);
    assert.equal(p.status, 200);
    assert.deepEqual(p.body.map((k: any) => k.name), ['pattern']);
  });

  test('an unknown plugin is a 404', async () => {
    assertError(await rest('GET', `${url}/connector-plugins/NoSuchThing/config`), 404, 'Unknown plugin NoSuchThing.');
  });
});

describe('PUT /connector-plugins/{plugin}/config/validate', () => {
  test('a valid config: ConfigInfos with no errors, every key defined and valued', async () => {
    const res = await rest('PUT', `${url}/connector-plugins/FileStreamSinkConnector/config/validate`, {
      json: { 'connector.class': FILE_SINK, name: 'v', topics: 't1,t2', 'tasks.max': 2, file: '/tmp/x' },
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body).sort(), ['configs', 'error_count', 'groups', 'name']);
    assert.equal(res.body.name, FILE_SINK);
    assert.equal(res.body.error_count, 0);
    assert.ok(res.body.groups.includes('Common'));
    assert.ok(res.body.groups.includes('Error Handling'));
    for (const c of res.body.configs) {
      assert.deepEqual(Object.keys(c).sort(), ['definition', 'value']);
      assertConfigKeyInfo(c.definition);
      assert.deepEqual(Object.keys(c.value).sort(), VALUE_INFO_FIELDS);
      assert.equal(c.value.name, c.definition.name);
      assert.deepEqual(c.value.errors, []);
      assert.equal(c.value.visible, true);
    }
    assert.equal(configOf(res.body, 'tasks.max').value.value, '2');
    assert.equal(configOf(res.body, 'topics').value.value, 't1,t2');
    assert.equal(configOf(res.body, 'file').value.value, '/tmp/x');
    assert.equal(configOf(res.body, 'errors.tolerance').value.value, 'none', 'defaults are reported as values');
  });

  test('every error is counted and reported on its key; nothing is created', async () => {
    const res = await rest('PUT', `${url}/connector-plugins/FileStreamSink/config/validate`, {
      json: {
        'connector.class': 'FileStreamSink', name: 'bad\u0001name', 'tasks.max': '0', 'errors.tolerance': 'some', file: null,
        'key.converter': 'NoSuchConverter', transforms: 'route', 'transforms.route.type': 'RegexRouter',
      },
    });
    assert.equal(res.status, 200, res.text);
    const errors = (name: string) => configOf(res.body, name).value.errors;
    assert.match(errors('name')[0], /^Invalid value bad\u0001name for configuration name: String may not contain control sequences/);
    assert.deepEqual(errors('tasks.max'), ['Invalid value 0 for configuration tasks.max: Value must be at least 1']);
    assert.match(errors('errors.tolerance')[0], /errors\.tolerance: String must be one of: none, all/);
    assert.deepEqual(errors('topics'), ['Must configure one of topics or topics.regex']);
    assert.deepEqual(errors('file'), ['Null value can not be supplied as the configuration value.']);
    assert.match(errors('key.converter')[0], /NoSuchConverter/);
    assert.match(errors('transforms.route.regex')[0], /Missing required configuration "transforms\.route\.regex"/);
    assert.ok(res.body.groups.includes('Transforms: route'));
    const total = res.body.configs.reduce((n: number, c: any) => n + (c.value?.errors.length ?? 0), 0);
    assert.equal(res.body.error_count, total);
    assert.ok(total >= 8);
    assert.deepEqual((await rest('GET', `${url}/connectors`)).body, [], 'validation creates nothing');
  });

  test('a connector.class other than the path is a 400; so is a config with none or an unknown one', async () => {
    assertError(
      await rest('PUT', `${url}/connector-plugins/FileStreamSource/config/validate`, { json: { 'connector.class': 'FileStreamSink' } }),
      400,
      'Included connector type FileStreamSink does not match request type FileStreamSource',
    );
    assertError(
      await rest('PUT', `${url}/connector-plugins/FileStreamSource/config/validate`, { json: { name: 'x' } }),
      400,
      'Connector config {name=x} contains no connector type',
    );
    assertError(
      await rest('PUT', `${url}/connector-plugins/Nope/config/validate`, { json: { 'connector.class': 'Nope' } }),
      400,
      /Nope/,
    );
    assertError(await rest('PUT', `${url}/connector-plugins/FileStreamSource/config/validate`, { json: { a: [1] } }), 400);
  });
});

describe('POST /connector-plugins/transforms/preview', () => {
  test('is served by the same server', async () => {
    const res = await rest('POST', `${url}/connector-plugins/transforms/preview`, { json: { config: {} } });
    assertError(res, 400);
  });
});
