// REST security on one standalone worker: Kafka Connect's basic-auth set-up exactly as its docs
// give it (rest.extension.classes + a JAAS file in KAFKA_OPTS), read-only users and the secrets
// they do not see, the audit log, plugins only by name, and no secret in any log line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueTopic } from '../helpers/kafka.js';
import { connectionProps, uniqueTable } from '../helpers/postgres.js';
import { assertError, rest } from '../helpers/rest.js';
import { eventually, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

const ADMIN_PASSWORD = 'adm1n-Secret-7f3a';
const READER_PASSWORD = 'r3ader-Secret-91c2';
const PG_PASSWORD = 'pg-Secret-55e0d';
const PROVIDED_SECRET = 'provided-Secret-c4b1';

/** Connect's docs: a JAAS file with a KafkaConnect entry and a `user: password` file. */
async function basicAuthSetup(dir: string): Promise<{ kafkaOpts: string; usersFile: string }> {
  const usersFile = join(dir, 'credentials.properties');
  await writeFile(usersFile, `admin: ${ADMIN_PASSWORD}\nreader: ${READER_PASSWORD}\n`);
  const jaas = join(dir, 'connect_jaas.conf');
  await writeFile(
    jaas,
    `KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="${usersFile}";\n};\n`,
  );
  return { kafkaOpts: `-Djava.security.auth.login.config=${jaas}`, usersFile };
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const ADMIN = basic('admin', ADMIN_PASSWORD);
const READER = basic('reader', READER_PASSWORD);

interface AuditLine {
  logger: string;
  user: string | null;
  method: string;
  path: string;
  connector: string | null;
  outcome: string;
  status: number;
  requestId: string;
}

function auditLines(output: string): AuditLine[] {
  return output
    .split('\n')
    .filter((l) => l.includes('"logger":"kconnect.audit"'))
    .map((l) => JSON.parse(l) as AuditLine);
}

describe('REST security (standalone)', () => {
  let worker: RunningWorker;
  let url: string;
  let usersFile: string;
  let dir: string;
  const sink = `pg-sink-${Date.now()}`;
  const topic = uniqueTopic('sec');

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-sec-'));
    const setup = await basicAuthSetup(dir);
    usersFile = setup.usersFile;
    await mkdir(join(dir, 'allowed'));
    await writeFile(join(dir, 'allowed', 'db.properties'), `password=${PROVIDED_SECRET}\nsinkfile=${join(dir, 'from-allowed.txt')}\nbadfile=/nonexistent-${PROVIDED_SECRET}/out.txt\n`);
    await writeFile(join(dir, 'outside.properties'), `password=${PROVIDED_SECRET}\nsinkfile=${join(dir, 'from-outside.txt')}\n`);
    worker = await startStandaloneWorker({
      workerProps: {
        'rest.extension.classes': 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
        'rest.readonly.users': 'reader',
        'config.providers': 'file',
        'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
        'config.providers.file.param.allowed.paths': join(dir, 'allowed'),
      },
      // Every level: no secret may show up even in trace lines.
      env: { KAFKA_OPTS: `-Xmx256m ${setup.kafkaOpts}`, KCONNECT_LOG_LEVEL: 'trace' },
    });
    url = worker.restUrl;
  });
  after(async () => {
    await rest('DELETE', `${url}/connectors/${sink}`, { headers: ADMIN }).catch(() => {});
    assert.equal(await worker.stop(), 0);
  });

  test('401 with WWW-Authenticate without or with wrong credentials; 200 and 201 with the right ones', async () => {
    for (const headers of [{}, basic('admin', 'wrong'), basic('nobody', ADMIN_PASSWORD), { authorization: 'Bearer abc' }]) {
      const res = await rest('GET', `${url}/connectors`, { headers });
      assertError(res, 401, 'User cannot access the resource.');
      assert.match(String(res.headers['www-authenticate']), /^Basic realm=/);
    }
    // Unknown paths too: nothing is told to a stranger.
    assertError(await rest('GET', `${url}/no/such/path`), 401);
    assert.equal((await rest('GET', `${url}/connectors`, { headers: ADMIN })).status, 200);
    assert.equal((await rest('GET', `${url}/connectors`, { headers: READER })).status, 200);

    const created = await rest('POST', `${url}/connectors`, {
      headers: ADMIN,
      json: {
        name: sink,
        config: {
          'connector.class': 'PostgresSink',
          topics: topic,
          ...connectionProps(),
          'connection.password': PG_PASSWORD,
          'table.name.format': uniqueTable('sec'),
          'auto.create': 'true',
        },
      },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.config['connection.password'], PG_PASSWORD, 'admins see what they wrote');
  });

  test('read-only users see PASSWORD values as [hidden]; admins see them as written', async () => {
    const readerConfig = await rest('GET', `${url}/connectors/${sink}/config`, { headers: READER });
    assert.equal(readerConfig.status, 200);
    assert.equal(readerConfig.body['connection.password'], '[hidden]');
    assert.equal(readerConfig.body['connection.user'], connectionProps()['connection.user'], 'other keys stay readable');
    const readerInfo = await rest('GET', `${url}/connectors/${sink}`, { headers: READER });
    assert.equal(readerInfo.body.config['connection.password'], '[hidden]');
    const expanded = await rest('GET', `${url}/connectors?expand=info`, { headers: READER });
    assert.equal(expanded.body[sink].info.config['connection.password'], '[hidden]');
    const tasks = await eventually(async () => {
      const res = await rest('GET', `${url}/connectors/${sink}/tasks`, { headers: READER });
      return res.body?.length > 0 ? res : undefined;
    }, 30000, 'task configs');
    for (const t of tasks!.body) {
      if ('connection.password' in t.config) assert.equal(t.config['connection.password'], '[hidden]');
    }
    assert.doesNotMatch(tasks!.text, new RegExp(PG_PASSWORD));

    const adminConfig = await rest('GET', `${url}/connectors/${sink}/config`, { headers: ADMIN });
    assert.equal(adminConfig.body['connection.password'], PG_PASSWORD);
  });

  test('read-only users get 403 on every write, and nothing changes', async () => {
    const c = `${url}/connectors/${sink}`;
    const writes: Array<[string, string, unknown?]> = [
      ['POST', `${url}/connectors`, { name: 'by-reader', config: { 'connector.class': 'FileStreamSource', topic } }],
      ['PUT', `${c}/config`, { 'connector.class': 'PostgresSink', topics: topic }],
      ['PATCH', `${c}/config`, { 'batch.size': '5' }],
      ['PUT', `${c}/pause`],
      ['PUT', `${c}/resume`],
      ['PUT', `${c}/stop`],
      ['POST', `${c}/restart?includeTasks=true`],
      ['POST', `${c}/tasks/0/restart`],
      ['PUT', `${c}/topics/reset`],
      ['PATCH', `${c}/offsets`, { offsets: [] }],
      ['DELETE', `${c}/offsets`],
      ['DELETE', c],
      ['PUT', `${url}/admin/loggers/root`, { level: 'ERROR' }],
      ['PUT', `${url}/connector-plugins/PostgresSink/config/validate`, { 'connector.class': 'PostgresSink' }],
    ];
    for (const [method, target, json] of writes) {
      const res = await rest(method, target, { headers: READER, ...(json === undefined ? {} : { json }) });
      assertError(res, 403, /^User reader has read-only access/);
    }
    const status = await rest('GET', `${c}/status`, { headers: ADMIN });
    assert.equal(status.status, 200, 'the connector is still there');
    assert.notEqual(status.body.connector.state, 'PAUSED');
    assert.equal((await rest('GET', `${url}/connectors/by-reader`, { headers: ADMIN })).status, 404);
    assert.equal((await rest('GET', `${url}/admin/loggers/root`, { headers: READER })).body.level, 'TRACE');
  });

  test('every state-changing request is audited once on kconnect.audit; reads are not', async () => {
    const denied = await rest('DELETE', `${url}/connectors/${sink}`, { headers: READER });
    const paused = await rest('PUT', `${url}/connectors/${sink}/pause`, { headers: ADMIN });
    assert.equal(paused.status, 202);
    const resumed = await rest('PUT', `${url}/connectors/${sink}/resume`, { headers: ADMIN });
    assert.equal(resumed.status, 202);
    const read = await rest('GET', `${url}/connectors/${sink}/status`, { headers: ADMIN });
    const ids = [denied, paused, read].map((r) => String(r.headers['x-request-id']));
    await eventually(() => auditLines(worker.output()).some((l) => l.requestId === ids[1]), 10000, 'the audit line');
    const lines = auditLines(worker.output());
    const of = (id: string) => lines.filter((l) => l.requestId === id);
    assert.equal(of(ids[0]!).length, 1);
    assert.deepEqual(
      (({ user, method, path, connector, outcome, status }) => ({ user, method, path, connector, outcome, status }))(of(ids[0]!)[0]!),
      { user: 'reader', method: 'DELETE', path: `/connectors/${sink}`, connector: sink, outcome: 'denied', status: 403 },
    );
    assert.equal(of(ids[1]!).length, 1);
    assert.equal(of(ids[1]!)[0]!.user, 'admin');
    assert.equal(of(ids[1]!)[0]!.outcome, 'success');
    assert.equal(of(ids[2]!).length, 0, 'a GET is not audited');
    const unauthenticated = await rest('POST', `${url}/connectors`, { json: { name: 'x', config: {} } });
    await eventually(() => auditLines(worker.output()).some((l) => l.requestId === unauthenticated.headers['x-request-id'] && l.outcome === 'unauthenticated'), 10000, 'the 401 audit line');
  });

  test('a connector.class or transform type that is a file path or URL is refused with 400', async () => {
    const evil = join(dir, 'evil.js');
    await writeFile(evil, "require('fs').writeFileSync('/tmp/pwned', 'x');\n");
    for (const config of [
      { 'connector.class': evil, topic },
      { 'connector.class': `file://${evil}`, topic },
      { 'connector.class': 'FileStreamSource', topic, transforms: 't', 'transforms.t.type': `./evil.js` },
      { 'connector.class': 'FileStreamSource', topic, 'value.converter': 'https://example.invalid/conv.js' },
    ]) {
      const res = await rest('POST', `${url}/connectors`, { headers: ADMIN, json: { name: `evil-${Date.now()}`, config } });
      assert.equal(res.status, 400, res.text);
      assert.match(res.text, /is a file path or URL; plugins are loaded only from plugin\.path/);
    }
  });

  test('the file config provider reads only under allowed.paths', async () => {
    // The sink's file name comes from a provided properties file: resolved inside allowed.paths,
    // left as written (so the task cannot open it) outside, as Kafka's FileConfigProvider does.
    const sinkFile = (n: string) => ({
      'connector.class': 'FileStreamSink',
      topics: topic,
      file: `\${file:${n}:sinkfile}`,
      'db.password': `\${file:${n}:password}`,
    });
    const okName = `prov-ok-${Date.now()}`;
    const outName = `prov-outside-${Date.now()}`;
    for (const [name, config] of [[okName, sinkFile(join(dir, 'allowed', 'db.properties'))], [outName, sinkFile(join(dir, 'outside.properties'))]] as const) {
      const res = await rest('POST', `${url}/connectors`, { headers: ADMIN, json: { name, config } });
      assert.equal(res.status, 201, res.text);
    }
    const taskState = async (name: string) => (await rest('GET', `${url}/connectors/${name}/tasks/0/status`, { headers: ADMIN })).body;
    await eventually(async () => (await taskState(okName))?.state === 'RUNNING', 30000, 'the task inside allowed.paths to run');
    await eventually(async () => existsSync(join(dir, 'from-allowed.txt')), 10000, 'the provided file name to be opened');
    const failed = await eventually(async () => {
      const s = await taskState(outName);
      return s?.state === 'FAILED' ? s : undefined;
    }, 30000, 'the task outside allowed.paths to fail');
    assert.match(failed!.trace, /\$\{file:/, 'the reference stayed unresolved');
    assert.equal(existsSync(join(dir, 'from-outside.txt')), false, 'the file outside allowed.paths was not read');
    for (const n of [okName, outName]) await rest('DELETE', `${url}/connectors/${n}`, { headers: ADMIN });
  });

  test('a failure quoting a value a config provider resolved shows it as [hidden]', async () => {
    const name = `prov-bad-${Date.now()}`;
    const file = `\${file:${join(dir, 'allowed', 'db.properties')}:badfile}`;
    const res = await rest('POST', `${url}/connectors`, { headers: ADMIN, json: { name, config: { 'connector.class': 'FileStreamSink', topics: topic, file } } });
    assert.equal(res.status, 201, res.text);
    const failed = await eventually(async () => {
      const s = (await rest('GET', `${url}/connectors/${name}/tasks/0/status`, { headers: ADMIN })).body;
      return s?.state === 'FAILED' ? s : undefined;
    }, 30000, 'the task to fail opening the provided path');
    assert.match(failed!.trace, /nonexistent-\[hidden\]/);
    assert.ok(!failed!.trace.includes(PROVIDED_SECRET));
    await rest('DELETE', `${url}/connectors/${name}`, { headers: ADMIN });
  });

  test('the users file is re-read when it changes', async () => {
    const carol = basic('carol', 'c4rol-pw');
    assertError(await rest('GET', `${url}/connectors`, { headers: carol }), 401);
    await appendFile(usersFile, 'carol: c4rol-pw\n');
    await eventually(async () => (await rest('GET', `${url}/connectors`, { headers: carol })).status === 200, 10000, 'carol to be let in');
  });

  test('no password, REST credential or provided secret appears in the worker log', async () => {
    // A broken body holding a secret: its text must not come back in errors or logs.
    const broken = await rest('POST', `${url}/connectors`, {
      headers: { ...ADMIN, 'content-type': 'application/json' },
      raw: `{"name": "x", "config": {"connection.password": ${PG_PASSWORD}}}`,
    });
    assert.equal(broken.status, 400);
    assert.doesNotMatch(broken.text, new RegExp(PG_PASSWORD));
    await rest('GET', `${url}/connectors`, { headers: basic('admin', `${ADMIN_PASSWORD}-wrong`) });
    const log = worker.output();
    assert.match(log, /kconnect\.audit/, 'the log was captured');
    for (const secret of [ADMIN_PASSWORD, READER_PASSWORD, PG_PASSWORD, PROVIDED_SECRET, ADMIN.authorization.slice(6), READER.authorization.slice(6)]) {
      const line = log.split('\n').find((l) => l.includes(secret));
      assert.ok(line === undefined, `the worker log holds ${secret.slice(0, 6)}…: ${line?.replaceAll(secret, '<secret>').slice(0, 600)}`);
    }
  });
});
