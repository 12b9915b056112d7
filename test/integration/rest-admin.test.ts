// /admin/loggers, the listeners (http and https at once, admin.listeners), rest.advertised.*,
// CORS, the starting state of /health, and the published OpenAPI description.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueTopic } from '../helpers/kafka.js';
import { assertError, rest, type RestResponse } from '../helpers/rest.js';
import { eventually, freePort, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

describe('/admin/loggers', () => {
  let worker: RunningWorker;
  let url: string;

  before(async () => {
    worker = await startStandaloneWorker();
    url = worker.restUrl;
  });
  after(async () => {
    assert.equal(await worker.stop(), 0);
  });

  test('GET lists root and the loggers set at run time, as {level, last_modified}', async () => {
    const res = await rest('GET', `${url}/admin/loggers`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.root, { level: 'INFO', last_modified: null });
    for (const v of Object.values(res.body) as any[]) assert.deepEqual(Object.keys(v).sort(), ['last_modified', 'level']);

    const one = await rest('GET', `${url}/admin/loggers/kconnect.herder`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, { level: 'INFO', last_modified: null });
    assertError(await rest('GET', `${url}/admin/loggers/no.such.logger`), 404, 'Logger no.such.logger not found.');
  });

  test('PUT sets a namespace and every logger below it, at once, and the logs show it', async () => {
    const before = Date.now();
    const res = await rest('PUT', `${url}/admin/loggers/kconnect.herder`, { json: { level: 'debug' } });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.includes('kconnect.herder') && res.body.includes('kconnect.herder.offsets'), res.text);
    assert.ok(res.body.every((n: string) => n === 'kconnect.herder' || n.startsWith('kconnect.herder.')));
    assert.deepEqual(res.body, [...res.body].sort());
    const child = await rest('GET', `${url}/admin/loggers/kconnect.herder.offsets`);
    assert.equal(child.body.level, 'DEBUG');
    assert.ok(child.body.last_modified >= before);
    const all = await rest('GET', `${url}/admin/loggers`);
    assert.equal(all.body['kconnect.herder'].level, 'DEBUG');
    assert.equal(all.body.root.level, 'INFO', 'the root is untouched');
    assert.equal((await rest('GET', `${url}/admin/loggers/kconnect.rest`)).body.level, 'INFO', 'siblings are untouched');

    // The REST logger at DEBUG logs every request: the level really changed in the running worker.
    assert.equal((await rest('PUT', `${url}/admin/loggers/kconnect.rest`, { json: { level: 'DEBUG' } })).status, 200);
    await rest('GET', `${url}/connectors?probe=debug-on`);
    await worker.waitForOutput(/"logger":"kconnect\.rest".*"url":"\/connectors\?probe=debug-on"/, 10000);
    assert.deepEqual((await rest('PUT', `${url}/admin/loggers/kconnect.rest`, { json: { level: 'INFO' } })).body, ['kconnect.rest']);
    await rest('GET', `${url}/connectors?probe=debug-off`);
    // A line logged after the probe: once it is out, the probe's line would be out too.
    await rest('PUT', `${url}/admin/loggers/org.example.sentinel`, { json: { level: 'INFO' } });
    await worker.waitForOutput(/"namespace":"org\.example\.sentinel"/, 10000);
    assert.doesNotMatch(worker.output(), /probe=debug-off/);
  });

  test('a namespace no logger has yet is created; scope=cluster answers 204; root covers everything', async () => {
    assert.deepEqual((await rest('PUT', `${url}/admin/loggers/org.example.custom`, { json: { level: 'TRACE' } })).body, ['org.example.custom']);
    assert.equal((await rest('GET', `${url}/admin/loggers/org.example.custom`)).body.level, 'TRACE');

    const cluster = await rest('PUT', `${url}/admin/loggers/org.example.custom?scope=cluster`, { json: { level: 'WARN' } });
    assert.equal(cluster.status, 204);
    assert.equal(cluster.text, '');
    assert.equal((await rest('GET', `${url}/admin/loggers/org.example.custom`)).body.level, 'WARN');
    assert.equal((await rest('PUT', `${url}/admin/loggers/org.example.custom?scope=WORKER`, { json: { level: 'ERROR' } })).status, 200);

    const root = await rest('PUT', `${url}/admin/loggers/root`, { json: { level: 'WARN' } });
    assert.equal(root.status, 200);
    assert.ok(root.body.includes('root') && root.body.includes('kconnect.herder') && root.body.includes('org.example.custom'));
    assert.equal((await rest('GET', `${url}/admin/loggers/kconnect.herder.offsets`)).body.level, 'WARN');
    assert.equal((await rest('PUT', `${url}/admin/loggers/root`, { json: { level: 'INFO' } })).status, 200);
    assert.equal((await rest('GET', `${url}/admin/loggers`)).body.root.level, 'INFO');
  });

  test('bad requests: no level, an unknown level, an unknown scope', async () => {
    assertError(await rest('PUT', `${url}/admin/loggers/kconnect`, { json: {} }), 400, "Desired 'level' parameter was not specified in request.");
    assertError(await rest('PUT', `${url}/admin/loggers/kconnect`, { json: { level: 'LOUD' } }), 404, "invalid log level 'LOUD'.");
    assertError(await rest('PUT', `${url}/admin/loggers/kconnect?scope=galaxy`, { json: { level: 'INFO' } }), 400, /scope/);
    assertError(await rest('PUT', `${url}/admin/loggers/kconnect`, { json: { level: 5 } }), 400);
    assert.equal((await rest('GET', `${url}/admin/loggers/kconnect.herder`)).body.level, 'INFO', 'nothing changed');
  });
});

describe('GET /openapi.json', () => {
  test('the published description covers every endpoint', async () => {
    const worker = await startStandaloneWorker();
    try {
      const res = await rest('GET', `${worker.restUrl}/openapi.json`);
      assert.equal(res.status, 200);
      assert.match(res.body.openapi, /^3\./);
      const file = JSON.parse(await readFile(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
      assert.deepEqual(res.body, file, 'the same document as docs/openapi.json');
      const expected: Record<string, string[]> = {
        '/': ['get'], '/health': ['get'], '/connectors': ['get', 'post'], '/connectors/{connector}': ['delete', 'get'],
        '/connectors/{connector}/config': ['get', 'patch', 'put'], '/connectors/{connector}/status': ['get'],
        '/connectors/{connector}/restart': ['post'], '/connectors/{connector}/pause': ['put'], '/connectors/{connector}/resume': ['put'],
        '/connectors/{connector}/stop': ['put'], '/connectors/{connector}/tasks': ['get'], '/connectors/{connector}/tasks/{task}/status': ['get'],
        '/connectors/{connector}/tasks/{task}/restart': ['post'], '/connectors/{connector}/topics': ['get'],
        '/connectors/{connector}/topics/reset': ['put'], '/connectors/{connector}/offsets': ['delete', 'get', 'patch'],
        '/connector-plugins': ['get'], '/connector-plugins/{plugin}/config': ['get'], '/connector-plugins/{plugin}/config/validate': ['put'],
        '/admin/loggers': ['get'], '/admin/loggers/{logger}': ['get', 'put'], '/metrics': ['get'], '/connectors/{connector}/dlq': ['get'],
      };
      for (const [path, methods] of Object.entries(expected)) {
        assert.ok(res.body.paths[path], `missing ${path}`);
        assert.deepEqual(Object.keys(res.body.paths[path]).sort(), methods, path);
      }
    } finally {
      await worker.stop();
    }
  });
});

describe('listeners, rest.advertised.*, admin.listeners and CORS', () => {
  function opensslAvailable(): boolean {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  test('http and https at once (PKCS12 keystore), a separate admin listener, the advertised worker id, CORS', { skip: !opensslAvailable() && 'openssl is needed to make a keystore' }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-rest-tls-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const keystore = join(dir, 'keystore.p12');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: 'ignore' });
    execFileSync('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', keystore, '-passout', 'pass:changeit'], { stdio: 'ignore' });
    const [httpPort, httpsPort, adminPort] = [await freePort(), await freePort(), await freePort()];
    const worker = await startStandaloneWorker({
      dir,
      workerProps: {
        listeners: `http://127.0.0.1:${httpPort},https://127.0.0.1:${httpsPort}`,
        'listeners.https.ssl.keystore.location': keystore,
        'listeners.https.ssl.keystore.password': 'changeit',
        'listeners.https.ssl.keystore.type': 'PKCS12',
        'admin.listeners': `http://127.0.0.1:${adminPort}`,
        'rest.advertised.host.name': 'connect-1.example.com',
        'rest.advertised.port': '9999',
        'access.control.allow.origin': 'http://ui.example.com',
        'access.control.allow.methods': 'GET,POST,PUT,DELETE',
      },
    });
    try {
      const httpUrl = `http://127.0.0.1:${httpPort}`;
      const httpsUrl = `https://127.0.0.1:${httpsPort}`;
      const tls = { ca: await readFile(cert) };
      const plain = await rest('GET', `${httpUrl}/`);
      const secure = await rest('GET', `${httpsUrl}/`, { tls });
      assert.equal(plain.status, 200);
      assert.equal(secure.status, 200);
      assert.deepEqual(secure.body, plain.body);
      await assert.rejects(rest('GET', `${httpsUrl}/`), /self.signed|certificate/i, 'the https listener really serves TLS');

      // A connector created over https is seen over http; its worker id is the advertised one.
      const name = `tls-${process.pid}`;
      const file = join(dir, 'in.txt');
      await writeFile(file, '');
      const created = await rest('POST', `${httpsUrl}/connectors`, {
        tls, json: { name, config: { 'connector.class': 'FileStreamSource', file, topic: uniqueTopic('rest-tls') } },
      });
      assert.equal(created.status, 201, created.text);
      const s = await eventually(async () => {
        const r = await rest('GET', `${httpUrl}/connectors/${name}/status`);
        return r.body.connector.state === 'RUNNING' ? r.body : false;
      }, 30000, 'RUNNING');
      assert.equal(s.connector.worker_id, 'connect-1.example.com:9999');
      assert.match(worker.output(), /"advertisedUrl":"http:\/\/connect-1\.example\.com:9999\/"/);

      // admin.listeners: /admin only there.
      assert.equal((await rest('GET', `http://127.0.0.1:${adminPort}/admin/loggers`)).status, 200);
      assertError(await rest('GET', `${httpUrl}/admin/loggers`), 404);
      assertError(await rest('GET', `http://127.0.0.1:${adminPort}/connectors`), 404);

      // CORS: the allowed origin is echoed; others get nothing; preflight lists the methods.
      const allowed = await rest('GET', `${httpUrl}/connectors`, { headers: { origin: 'http://ui.example.com' } });
      assert.equal(allowed.headers['access-control-allow-origin'], 'http://ui.example.com');
      assert.equal(allowed.headers['access-control-allow-credentials'], 'true');
      const other = await rest('GET', `${httpUrl}/connectors`, { headers: { origin: 'http://evil.example.com' } });
      assert.equal(other.status, 200);
      assert.equal(other.headers['access-control-allow-origin'], undefined);
      const preflight = await rest('OPTIONS', `${httpUrl}/connectors/${name}/pause`, {
        headers: { origin: 'http://ui.example.com', 'access-control-request-method': 'PUT' },
      });
      assert.equal(preflight.status, 200);
      assert.equal(preflight.headers['access-control-allow-origin'], 'http://ui.example.com');
      assert.equal(preflight.headers['access-control-allow-methods'], 'GET,POST,PUT,DELETE');
      assert.equal((await status(httpUrl, name)).connector.state, 'RUNNING', 'a preflight changes nothing');
    } finally {
      assert.equal(await worker.stop(), 0);
    }
  });

  async function status(base: string, name: string): Promise<any> {
    return (await rest('GET', `${base}/connectors/${name}/status`)).body;
  }

  test('a listener in the wrong shape stops the worker at startup with the reason', async () => {
    const worker = await startStandaloneWorker({ workerProps: { listeners: 'ftp://127.0.0.1:1' }, waitReady: false });
    const code = await new Promise<number | null>((res) => worker.process.on('exit', (c) => res(c)));
    assert.equal(code, 1);
    assert.match(worker.output(), /Listener protocol must be either "http" or "https"/);
  });

  test('/health says starting (503) and GET / has no cluster id until Kafka is reachable', async () => {
    const port = await freePort();
    const worker = await startStandaloneWorker({
      workerProps: { 'bootstrap.servers': '127.0.0.1:1', listeners: `http://127.0.0.1:${port}` },
      waitReady: false,
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      const health = (await eventually(async () => {
        const r = await rest('GET', `${url}/health`);
        return r.status === 503 ? r : false;
      }, 30000, 'the REST server to answer')) as RestResponse;
      assert.deepEqual(health.body, { status: 'starting', message: 'Worker is still starting up.' });
      const root = await rest('GET', `${url}/`);
      assert.equal(root.status, 200);
      assert.equal(root.body.kafka_cluster_id, null);
    } finally {
      await worker.kill();
    }
  });
});
