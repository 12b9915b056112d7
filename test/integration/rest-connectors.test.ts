// The /connectors API over real HTTP against a real connect-standalone worker and Kafka: every
// endpoint's success and error paths, with Kafka Connect's status codes and JSON shapes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumeAll, createTopic, uniqueTopic } from '../helpers/kafka.js';
import { assertError, rest, type RestResponse } from '../helpers/rest.js';
import { eventually, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

let worker: RunningWorker;
let url: string;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kconnect-rest-'));
  worker = await startStandaloneWorker({ dir });
  url = worker.restUrl;
});

after(async () => {
  assert.equal(await worker.stop(), 0, 'the worker exits cleanly after every request of this file');
});

let seq = 0;
function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${++seq}`;
}

async function sourceConfig(topic = uniqueTopic('rest-src'), lines = 'one\ntwo\n'): Promise<Record<string, string>> {
  const file = join(dir, `${uniqueName('in')}.txt`);
  await writeFile(file, lines);
  return { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file, topic };
}

function sinkConfig(topic: string, file = join(dir, `${uniqueName('out')}.txt`)): Record<string, string> {
  return { 'connector.class': 'FileStreamSink', 'tasks.max': '1', file, topics: topic };
}

async function create(name: string, config: Record<string, string>): Promise<RestResponse> {
  const res = await rest('POST', `${url}/connectors`, { json: { name, config } });
  assert.equal(res.status, 201, res.text);
  return res;
}

async function status(name: string): Promise<any> {
  const res = await rest('GET', `${url}/connectors/${encodeURIComponent(name)}/status`);
  assert.equal(res.status, 200, res.text);
  return res.body;
}

/** Waits until the connector and all its (expected number of) tasks are in `state`. */
async function awaitState(name: string, state: string, tasks: number, ms = 30000): Promise<any> {
  return eventually(async () => {
    const s = await status(name);
    return s.connector.state === state && s.tasks.length === tasks && s.tasks.every((t: any) => t.state === state) ? s : false;
  }, ms, `${name} ${state} with ${tasks} task(s)`);
}

function assertStateInfo(s: any, name: string, type: string): void {
  assert.deepEqual(Object.keys(s).sort(), ['connector', 'name', 'tasks', 'type']);
  assert.equal(s.name, name);
  assert.equal(s.type, type);
  assert.equal(typeof s.connector.state, 'string');
  assert.match(s.connector.worker_id, /^.+:\d+$/);
  for (const t of s.tasks) {
    assert.equal(typeof t.id, 'number');
    assert.equal(typeof t.state, 'string');
    assert.match(t.worker_id, /^.+:\d+$/);
  }
}

describe('GET / and GET /health', () => {
  test('GET / answers ServerInfo: version, commit and the Kafka cluster id', async () => {
    const res = await rest('GET', `${url}/`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.deepEqual(Object.keys(res.body).sort(), ['commit', 'kafka_cluster_id', 'version']);
    assert.match(res.body.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof res.body.commit, 'string');
    assert.ok(res.body.kafka_cluster_id.length > 0);
  });

  test('GET /health is healthy once the worker has started', async () => {
    const res = await rest('GET', `${url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' });
  });

  test('an unknown path is a 404 in the error shape; a trailing slash is tolerated', async () => {
    assertError(await rest('GET', `${url}/nothing-here`), 404, /GET \/nothing-here/);
    const res = await rest('GET', `${url}/connectors/`);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body));
  });
});

describe('creating and reading connectors', () => {
  test('POST /connectors: 201, Location, ConnectorInfo with string config values and its tasks', async () => {
    const name = uniqueName('create');
    const config = await sourceConfig();
    const res = await rest('POST', `${url}/connectors`, { json: { name, config: { ...config, 'tasks.max': 1 } } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.headers.location, `/connectors/${name}`);
    assert.deepEqual(res.body, { name, config: { ...config, name }, tasks: [{ connector: name, task: 0 }], type: 'source' });

    const info = await rest('GET', `${url}/connectors/${name}`);
    assert.equal(info.status, 200);
    assert.deepEqual(info.body, res.body);

    const cfg = await rest('GET', `${url}/connectors/${name}/config`);
    assert.equal(cfg.status, 200);
    assert.deepEqual(cfg.body, { ...config, name });

    const s = await awaitState(name, 'RUNNING', 1);
    assertStateInfo(s, name, 'source');
    assert.equal(s.tasks[0].id, 0);
    assert.equal(s.connector.trace, undefined, 'no trace on a healthy connector');

    const tasks = await rest('GET', `${url}/connectors/${name}/tasks`);
    assert.equal(tasks.status, 200);
    assert.equal(tasks.body.length, 1);
    assert.deepEqual(Object.keys(tasks.body[0]).sort(), ['config', 'id']);
    assert.deepEqual(tasks.body[0].id, { connector: name, task: 0 });
    assert.equal(tasks.body[0].config.file, config.file);
    assert.equal(tasks.body[0].config.topic, config.topic);

    const task = await rest('GET', `${url}/connectors/${name}/tasks/0/status`);
    assert.equal(task.status, 200);
    assert.deepEqual(Object.keys(task.body).sort(), ['id', 'state', 'version', 'worker_id']);
    assert.equal(task.body.version, s.connector.version, 'the file connector and its task share a version (KIP-891)');
    assert.equal(task.body.id, 0);
    assert.equal(task.body.state, 'RUNNING');
    assert.equal(task.body.worker_id, s.connector.worker_id);
  });

  test('POST /connectors for an existing name is a 409 and leaves the connector alone', async () => {
    const name = uniqueName('dup');
    const config = await sourceConfig();
    await create(name, config);
    const other = await sourceConfig();
    assertError(await rest('POST', `${url}/connectors`, { json: { name, config: other } }), 409, `Connector ${name} already exists`);
    assert.deepEqual((await rest('GET', `${url}/connectors/${name}/config`)).body, { ...config, name });
  });

  test('POST /connectors trims the name and rejects a config naming another connector', async () => {
    const name = uniqueName('trim');
    const config = await sourceConfig();
    const res = await rest('POST', `${url}/connectors`, { json: { name: `  ${name} `, config } });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.name, name);
    assertError(
      await rest('POST', `${url}/connectors`, { json: { name: uniqueName('x'), config: { ...config, name: 'other' } } }),
      400,
      /^Connector name configuration \(other\) doesn't match connector name in the URL \(x-/,
    );
  });

  test('POST /connectors with initial_state PAUSED or STOPPED creates it in that state', async () => {
    const paused = uniqueName('init-paused');
    const res = await rest('POST', `${url}/connectors`, { json: { name: paused, config: await sourceConfig(), initial_state: 'PAUSED' } });
    assert.equal(res.status, 201, res.text);
    await awaitState(paused, 'PAUSED', 1);

    const stopped = uniqueName('init-stopped');
    const res2 = await rest('POST', `${url}/connectors`, { json: { name: stopped, config: await sourceConfig(), initial_state: 'stopped' } });
    assert.equal(res2.status, 201, res2.text);
    assert.deepEqual(res2.body.tasks, []);
    await awaitState(stopped, 'STOPPED', 0);

    assertError(
      await rest('POST', `${url}/connectors`, { json: { name: uniqueName('init-bad'), config: await sourceConfig(), initial_state: 'SLEEPING' } }),
      400,
      /initial_state/,
    );
  });

  test('GET /connectors lists names; ?expand=status, ?expand=info and both give Kafka\'s map', async () => {
    const a = uniqueName('list-a');
    const b = uniqueName('list-b');
    await create(a, await sourceConfig());
    await create(b, await sourceConfig());
    await awaitState(a, 'RUNNING', 1);
    await awaitState(b, 'RUNNING', 1);

    const names = await rest('GET', `${url}/connectors`);
    assert.equal(names.status, 200);
    assert.ok(names.body.includes(a) && names.body.includes(b));

    const withStatus = await rest('GET', `${url}/connectors?expand=status`);
    assert.equal(withStatus.status, 200);
    assert.deepEqual(Object.keys(withStatus.body[a]), ['status']);
    assertStateInfo(withStatus.body[a].status, a, 'source');
    assert.equal(withStatus.body[a].status.connector.state, 'RUNNING');

    const withInfo = await rest('GET', `${url}/connectors?expand=info`);
    assert.deepEqual(Object.keys(withInfo.body[b]), ['info']);
    assert.deepEqual(withInfo.body[b].info, (await rest('GET', `${url}/connectors/${b}`)).body);

    const both = await rest('GET', `${url}/connectors?expand=status&expand=info`);
    assert.deepEqual(Object.keys(both.body[a]).sort(), ['info', 'status']);
    assert.deepEqual(Object.keys(both.body).sort(), [...names.body].sort());

    assertError(await rest('GET', `${url}/connectors?expand=everything`), 400, /expand/);
  });

  test('every per-connector endpoint answers 404 for an unknown connector', async () => {
    const n = uniqueName('missing');
    const cases: Array<[string, string, RegExp]> = [
      ['GET', `/connectors/${n}`, new RegExp(`Connector ${n} not found`)],
      ['GET', `/connectors/${n}/config`, /not found/],
      ['GET', `/connectors/${n}/status`, new RegExp(`No status found for connector ${n}`)],
      ['GET', `/connectors/${n}/tasks`, /not found/],
      ['GET', `/connectors/${n}/tasks/0/status`, new RegExp(`No status found for task ${n}-0`)],
      ['POST', `/connectors/${n}/tasks/0/restart`, /not found/],
      ['POST', `/connectors/${n}/restart`, /not found/],
      ['POST', `/connectors/${n}/restart?includeTasks=true`, new RegExp(`Unknown connector: ${n}`)],
      ['PUT', `/connectors/${n}/pause`, new RegExp(`Unknown connector ${n}`)],
      ['PUT', `/connectors/${n}/resume`, new RegExp(`Unknown connector ${n}`)],
      ['PUT', `/connectors/${n}/stop`, /not found/],
      ['DELETE', `/connectors/${n}`, /not found/],
      ['GET', `/connectors/${n}/topics`, /not found/],
      ['PUT', `/connectors/${n}/topics/reset`, /not found/],
      ['GET', `/connectors/${n}/offsets`, /not found/],
      ['DELETE', `/connectors/${n}/offsets`, /not found/],
    ];
    for (const [method, path, message] of cases) assertError(await rest(method, `${url}${path}`), 404, message);
    assertError(await rest('PATCH', `${url}/connectors/${n}/config`, { json: { 'tasks.max': '2' } }), 404, /not found/);
    assert.ok(!(await rest('GET', `${url}/connectors`)).body.includes(n), 'no request created it');
  });
});

describe('PUT and PATCH /connectors/{name}/config', () => {
  test('PUT creates (201, Location) then updates (200) and restarts the connector with the new config', async () => {
    const name = uniqueName('put');
    const config = await sourceConfig();
    const created = await rest('PUT', `${url}/connectors/${name}/config`, { json: config });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.location, `/connectors/${name}`);
    assert.deepEqual(created.body, { name, config: { ...config, name }, tasks: [{ connector: name, task: 0 }], type: 'source' });

    const updated = await rest('PUT', `${url}/connectors/${name}/config`, { json: { ...config, 'batch.size': 10, name } });
    assert.equal(updated.status, 200, updated.text);
    assert.equal(updated.headers.location, undefined);
    assert.equal(updated.body.config['batch.size'], '10');
    assert.deepEqual((await rest('GET', `${url}/connectors/${name}/config`)).body, { ...config, 'batch.size': '10', name });
    await awaitState(name, 'RUNNING', 1);

    assertError(
      await rest('PUT', `${url}/connectors/${name}/config`, { json: { ...config, name: 'someone-else' } }),
      400,
      `Connector name configuration (someone-else) doesn't match connector name in the URL (${name})`,
    );
  });

  test('PATCH merges into the config; a null value removes the key', async () => {
    const name = uniqueName('patch');
    const config = await sourceConfig();
    await create(name, { ...config, 'batch.size': '5' });
    const res = await rest('PATCH', `${url}/connectors/${name}/config`, { json: { 'batch.size': null, 'tasks.max': 1, 'errors.tolerance': 'all' } });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.body).sort(), ['config', 'name', 'tasks', 'type']);
    assert.deepEqual(res.body.config, { ...config, 'tasks.max': '1', 'errors.tolerance': 'all', name });
    assert.deepEqual((await rest('GET', `${url}/connectors/${name}/config`)).body, res.body.config);
    await awaitState(name, 'RUNNING', 1);
  });

  test('a rejected config change leaves the running connector exactly as it was', async () => {
    const name = uniqueName('reject');
    const config = await sourceConfig();
    await create(name, config);
    const before = await awaitState(name, 'RUNNING', 1);

    const bad: Array<[string, Record<string, unknown>, RegExp]> = [
      ['PUT', { ...config, 'tasks.max': '0' }, /tasks\.max: Value must be at least 1/],
      ['PUT', { ...config, 'tasks.max': '1000000' }, /tasks\.max: Value must be no more than 1000/],
      ['PUT', { ...config, 'tasks.max': '99999999999999' }, /tasks\.max/],
      ['PUT', { ...config, 'connector.class': 'NoSuchConnector' }, /NoSuchConnector/],
      ['PUT', { ...config, transforms: 't', 'transforms.t.type': 'NoSuchTransform' }, /transforms\.t\.type/],
      ['PUT', { ...config, 'errors.tolerance': 'some' }, /errors\.tolerance/],
      ['PUT', { ...config, file: null }, /Null value can not be supplied as the configuration value\./],
      ['PATCH', { 'tasks.max': 'many' }, /tasks\.max/],
      ['PATCH', { 'connector.class': null }, /connector type|connector\.class/],
    ];
    for (const [method, body, message] of bad) {
      const res = await rest(method, `${url}/connectors/${name}/config`, { json: body });
      assertError(res, 400, message);
    }
    assert.match(
      (await rest('PUT', `${url}/connectors/${name}/config`, { json: { ...config, 'tasks.max': '0' } })).body.message,
      /^Connector configuration is invalid and contains the following 1 error\(s\):\n.*\nYou can also find the above list of errors at the endpoint `\/connector-plugins\/\{connectorType\}\/config\/validate`$/s,
    );
    assert.deepEqual((await rest('GET', `${url}/connectors/${name}/config`)).body, { ...config, name });
    const after = await status(name);
    assert.equal(after.connector.state, 'RUNNING');
    assert.deepEqual(after.tasks, before.tasks);
  });
});

describe('pause, resume, stop', () => {
  test('pause and resume answer 202 with no body; the states show in the status', async () => {
    const name = uniqueName('pause');
    await create(name, await sourceConfig());
    await awaitState(name, 'RUNNING', 1);
    const paused = await rest('PUT', `${url}/connectors/${name}/pause`);
    assert.equal(paused.status, 202);
    assert.equal(paused.text, '');
    await awaitState(name, 'PAUSED', 1);
    assert.equal((await rest('PUT', `${url}/connectors/${name}/pause`)).status, 202, 'pausing twice is fine');
    const resumed = await rest('PUT', `${url}/connectors/${name}/resume`);
    assert.equal(resumed.status, 202);
    assert.equal(resumed.text, '');
    await awaitState(name, 'RUNNING', 1);
  });

  test('stop answers 204; a STOPPED connector has no tasks and stays stopped across config updates', async () => {
    const name = uniqueName('stop');
    const config = await sourceConfig();
    await create(name, config);
    await awaitState(name, 'RUNNING', 1);
    const stopped = await rest('PUT', `${url}/connectors/${name}/stop`);
    assert.equal(stopped.status, 204);
    assert.equal(stopped.text, '');
    const s = await awaitState(name, 'STOPPED', 0);
    assert.deepEqual(s.tasks, []);
    assert.deepEqual((await rest('GET', `${url}/connectors/${name}`)).body.tasks, []);
    assert.deepEqual((await rest('GET', `${url}/connectors/${name}/tasks`)).body, []);
    assertError(await rest('GET', `${url}/connectors/${name}/tasks/0/status`), 404);
    assert.equal((await rest('PUT', `${url}/connectors/${name}/stop`)).status, 204, 'stopping twice is fine');

    const updated = await rest('PUT', `${url}/connectors/${name}/config`, { json: { ...config, 'batch.size': '7' } });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.tasks, []);
    await awaitState(name, 'STOPPED', 0);

    // A stopped connector can be paused (it starts, with paused tasks) and resumed.
    assert.equal((await rest('PUT', `${url}/connectors/${name}/pause`)).status, 202);
    await awaitState(name, 'PAUSED', 1);
    assert.equal((await rest('PUT', `${url}/connectors/${name}/resume`)).status, 202);
    await awaitState(name, 'RUNNING', 1);
  });
});

describe('restarts', () => {
  test('POST restart: 204 for the connector alone, 202 with the planned status when tasks are included', async () => {
    const name = uniqueName('restart');
    await create(name, await sourceConfig());
    await awaitState(name, 'RUNNING', 1);

    const plain = await rest('POST', `${url}/connectors/${name}/restart`);
    assert.equal(plain.status, 204);
    assert.equal(plain.text, '');
    await awaitState(name, 'RUNNING', 1);

    const all = await rest('POST', `${url}/connectors/${name}/restart?includeTasks=true&onlyFailed=false`);
    assert.equal(all.status, 202, all.text);
    assertStateInfo(all.body, name, 'source');
    assert.equal(all.body.connector.state, 'RESTARTING');
    assert.deepEqual(all.body.tasks.map((t: any) => [t.id, t.state]), [[0, 'RESTARTING']]);
    await awaitState(name, 'RUNNING', 1);

    // onlyFailed on a healthy connector restarts nothing, and says so.
    const none = await rest('POST', `${url}/connectors/${name}/restart?includeTasks=true&onlyFailed=true`);
    assert.equal(none.status, 202);
    assert.equal(none.body.connector.state, 'RUNNING');
    assert.deepEqual(none.body.tasks.map((t: any) => t.state), ['RUNNING']);

    const onlyFailedConnector = await rest('POST', `${url}/connectors/${name}/restart?onlyFailed=true`);
    assert.equal(onlyFailedConnector.status, 202);
    assert.equal(onlyFailedConnector.body.connector.state, 'RUNNING');

    assertError(await rest('POST', `${url}/connectors/${name}/restart?includeTasks=yes`), 400, /includeTasks/);
    assertError(await rest('POST', `${url}/connectors/${name}/restart?onlyFailed=1`), 400, /onlyFailed/);
    assert.equal((await status(name)).connector.state, 'RUNNING', 'a rejected restart restarts nothing');
  });

  test('a failed task shows FAILED with its trace; onlyFailed restarts just it; task restart is 204', async () => {
    const name = uniqueName('failing');
    await create(name, sinkConfig(uniqueTopic('rest-fail'), join(dir, 'no-such-dir', 'out.txt')));
    const failed = await eventually(async () => {
      const s = await status(name);
      return s.tasks[0]?.state === 'FAILED' ? s : false;
    }, 30000, 'the sink task to fail');
    assert.equal(failed.connector.state, 'RUNNING');
    assert.equal(typeof failed.tasks[0].trace, 'string');
    assert.match(failed.tasks[0].trace, /no-such-dir/);
    const taskStatus = await rest('GET', `${url}/connectors/${name}/tasks/0/status`);
    assert.deepEqual(Object.keys(taskStatus.body).sort(), ['id', 'state', 'trace', 'version', 'worker_id']);

    const res = await rest('POST', `${url}/connectors/${name}/restart?includeTasks=true&onlyFailed=true`);
    assert.equal(res.status, 202);
    assert.equal(res.body.connector.state, 'RUNNING', 'the healthy connector is not restarted');
    assert.equal(res.body.tasks[0].state, 'RESTARTING');

    const taskRestart = await rest('POST', `${url}/connectors/${name}/tasks/0/restart`);
    assert.equal(taskRestart.status, 204);
    assert.equal(taskRestart.text, '');
    assertError(await rest('POST', `${url}/connectors/${name}/tasks/3/restart`), 404, `Task ${name}-3 not found`);
    assertError(await rest('GET', `${url}/connectors/${name}/tasks/abc/status`), 404);
    assertError(await rest('GET', `${url}/connectors/${name}/tasks/-1/status`), 404);
  });
});

describe('DELETE /connectors/{name}', () => {
  test('204, then it is gone everywhere', async () => {
    const name = uniqueName('delete');
    await create(name, await sourceConfig());
    const res = await rest('DELETE', `${url}/connectors/${name}`);
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    assertError(await rest('GET', `${url}/connectors/${name}`), 404);
    assert.ok(!(await rest('GET', `${url}/connectors`)).body.includes(name));
    assertError(await rest('DELETE', `${url}/connectors/${name}`), 404, `Connector ${name} not found`);
  });
});

describe('active topics', () => {
  test('topics the records really flowed through; reset empties the set (202)', async () => {
    const topic = await createTopic(uniqueTopic('rest-topics'));
    const src = uniqueName('topics-src');
    await create(src, await sourceConfig(topic, 'a\nb\n'));
    await consumeAll(topic, { expected: 2 });
    const res = (await eventually(async () => {
      const r = await rest('GET', `${url}/connectors/${src}/topics`);
      return r.body?.[src]?.topics?.length === 1 ? r : false;
    }, 30000, 'the source topic to be tracked')) as RestResponse;
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { [src]: { topics: [topic] } });

    const sink = uniqueName('topics-sink');
    await create(sink, sinkConfig(topic));
    await eventually(async () => (await rest('GET', `${url}/connectors/${sink}/topics`)).body[sink].topics.length === 1, 30000, 'the sink topic');
    assert.deepEqual((await rest('GET', `${url}/connectors/${sink}/topics`)).body, { [sink]: { topics: [topic] } });

    const reset = await rest('PUT', `${url}/connectors/${src}/topics/reset`);
    assert.equal(reset.status, 202);
    assert.equal(reset.text, '');
    assert.deepEqual((await rest('GET', `${url}/connectors/${src}/topics`)).body, { [src]: { topics: [] } });
  });
});

describe('bad input', () => {
  test('malformed JSON, wrong content type, oversized bodies and schema violations are 4xx with a message', async () => {
    assertError(await rest('POST', `${url}/connectors`, { raw: '{"name": "x", ', headers: { 'content-type': 'application/json' } }), 400, /not valid JSON/);
    assertError(await rest('POST', `${url}/connectors`, { raw: 'name=x', headers: { 'content-type': 'text/plain' } }), 415, /Unsupported Media Type: text\/plain/);
    assertError(await rest('POST', `${url}/connectors`, { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    const big = { name: uniqueName('big'), config: { 'connector.class': 'FileStreamSource' } };
    assertError(await rest('POST', `${url}/connectors`, { json: big, announcedLength: 2 * 1024 * 1024 }), 413, /too large/);
    assertError(await rest('POST', `${url}/connectors`, { json: { name: 'no-config' } }), 400, /config/);
    assertError(await rest('POST', `${url}/connectors`, { json: [1, 2] }), 400);
    assertError(await rest('POST', `${url}/connectors`, { json: { name: 'nested', config: { a: { b: 1 } } } }), 400, /config/);
    assertError(await rest('PUT', `${url}/connectors/x/config`, { json: 'just a string' }), 400);
    assertError(await rest('PUT', `${url}/connectors/x/config`, { raw: '{"__proto__": {"x": 1}}', headers: { 'content-type': 'application/json' } }), 400);
    assertError(await rest('POST', `${url}/connectors`), 400, /body/);
  });

  test('connector names with control characters or slashes, or empty ones, are rejected', async () => {
    const config = await sourceConfig();
    const bad: Array<[string, RegExp]> = [
      ['bad\nname', /name/],
      ['tab\tname', /name/],
      ['a/b', /may not contain \//],
      ['back\\slash', /may not contain/],
      ['', /name/],
      ['   ', /name/],
      ['x'.repeat(300), /249/],
    ];
    for (const [name, message] of bad) assertError(await rest('POST', `${url}/connectors`, { json: { name, config } }), 400, message);
    assertError(await rest('PUT', `${url}/connectors/${encodeURIComponent('ctl\u0007name')}/config`, { json: config }), 400, /name/);
    const names = (await rest('GET', `${url}/connectors`)).body as string[];
    assert.ok(!names.some((n) => /[\u0000-\u001f/\\]/.test(n) || n.trim() === ''), 'none of them was created');
  });

  test('unknown query values are a 400; the worker keeps serving', async () => {
    assertError(await rest('GET', `${url}/connectors?expand=statuses`), 400, /expand/);
    assertError(await rest('GET', `${url}/connector-plugins?connectorsOnly=maybe`), 400, /connectorsOnly/);
    assertError(await rest('PUT', `${url}/admin/loggers/root?scope=universe`, { json: { level: 'INFO' } }), 400, /scope/);
    assert.equal((await rest('GET', `${url}/`)).status, 200);
  });
});
