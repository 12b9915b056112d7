// Issue 13 (4–7): hostile input refused cleanly, changing nothing. Connector names no URL can
// carry, requests the HTTP parser or router refuses, offsets files that are not offsets files,
// and connector files or values far too large.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueTopic } from '../helpers/kafka.js';
import { rest } from '../helpers/rest.js';
import { startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';
import { startCluster, type Cluster } from '../helpers/distributed.js';

const LONE_SURROGATE_NAME = 'sur\ud800x';

function fileSource(dir: string): Record<string, string> {
  return { 'connector.class': 'FileStreamSource', 'tasks.max': '1', file: join(dir, 'in.txt'), topic: uniqueTopic('hostile') };
}

/** One raw HTTP/1.1 exchange: what a client that bypasses every library check would send. */
function raw(url: string, request: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(out)?.[1] ?? 0);
      const text = out.slice(out.indexOf('\r\n\r\n') + 4);
      try {
        resolve({ status, body: JSON.parse(text) });
      } catch {
        resolve({ status, body: text });
      }
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${JSON.stringify(request.slice(0, 60))}`)));
  });
}

async function assertNameRefused(restUrl: string, dir: string): Promise<void> {
  const before = await rest('GET', `${restUrl}/connectors`);
  const res = await rest('POST', `${restUrl}/connectors`, { json: { name: LONE_SURROGATE_NAME, config: fileSource(dir) } });
  assert.equal(res.status, 400, res.text);
  assert.deepEqual(Object.keys(res.body).sort(), ['error_code', 'message']);
  assert.match(res.body.message, /unpaired UTF-16 surrogate/);
  // The PUT form is refused too (its URL has no way to spell the name: any attempt is malformed).
  const put = await rest('PUT', `${restUrl}/connectors/x/config`, { json: { ...fileSource(dir), name: LONE_SURROGATE_NAME } });
  assert.equal(put.status, 400, put.text);
  assert.deepEqual((await rest('GET', `${restUrl}/connectors`)).body, before.body, 'nothing created');
}

describe('standalone worker', () => {
  let worker: RunningWorker;
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-hostile-'));
    worker = await startStandaloneWorker({ dir });
  });
  after(async () => {
    assert.equal(await worker.stop(), 0, 'the worker survives every request and exits cleanly');
  });

  test('a connector name with a lone UTF-16 surrogate is a 400 and creates nothing', async () => {
    await assertNameRefused(worker.restUrl, dir);
  });

  test('what the HTTP parser and router refuse is answered as {error_code, message}', async () => {
    const cases: Array<[string, number, string]> = [
      ['bad Content-Length', 400, 'POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}'],
      ['bad chunk size', 400, 'POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
      ['Content-Length and chunked', 400, 'POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'],
      ['header over the limit', 431, `GET /connectors HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`],
      ['URL over the header limit', 431, `GET /connectors/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['path segment over the router limit', 414, `GET /connectors/${'a'.repeat(3000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`],
      ['truncated percent-encoding', 400, 'GET /connectors/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      ['percent-encoded lone surrogate', 400, 'GET /connectors/sur%ED%A0%80x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
      ['not hex', 400, 'DELETE /connectors/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ];
    for (const [what, status, request] of cases) {
      const res = await raw(worker.restUrl, request);
      assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(Object.keys(res.body).sort(), ['error_code', 'message'], what);
      assert.equal(res.body.error_code, status, what);
      assert.ok(res.body.message.length > 0, what);
    }
    assert.equal((await rest('GET', `${worker.restUrl}/`)).status, 200, 'still serving');
  });
});

describe('distributed worker', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster(1);
  });
  after(async () => {
    await cluster.stopAll();
  });

  test('a connector name with a lone UTF-16 surrogate is a 400 and creates nothing', async () => {
    await assertNameRefused(cluster.workers[0]!.restUrl, cluster.workers[0]!.dir);
  });
});

describe('standalone offsets file', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['an array', '[]', /holds an array/],
    ['null', 'null', /holds null/],
    ['an empty file', '', /the file is empty/],
    ['not JSON', '{"a":', /not valid JSON/],
    ['a key that is no partition key', '{"position":"abc"}', /the key "position" is not a source partition key/],
    ['an offset that is no object', JSON.stringify({ '["c",{"filename":"f"}]': 'abc' }), /the offset of .* is not a source offset/],
  ];
  for (const [what, content, message] of refused) {
    test(`${what} is refused at start-up, naming the file, and left as it was`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'kconnect-offsets-'));
      const file = join(dir, 'connect.offsets');
      await writeFile(file, content);
      const worker = await startStandaloneWorker({ dir, waitReady: false, connectors: [{ name: 'src', ...fileSource(dir) }] });
      const code = await new Promise<number | null>((resolve) => worker.process.on('exit', resolve));
      assert.equal(code, 1, worker.output());
      assert.ok(worker.output().includes(`${file}: not a valid offsets file`), worker.output());
      assert.match(worker.output(), message);
      assert.equal(await readFile(file, 'utf8'), content, 'the file is untouched');
    });
  }

  test('a missing file is a fresh start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-offsets-'));
    const worker = await startStandaloneWorker({ dir });
    assert.equal(await worker.stop(), 0);
  });
});

describe('connector file sizes', () => {
  test('a connector file over 1 MiB and a value over the limit are refused with file and key; the others start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-big-'));
    await writeFile(join(dir, 'in.txt'), '');
    // The helper writes them as connector-0.properties, connector-1.properties, …
    const worker = await startStandaloneWorker({
      dir,
      connectors: [
        { name: 'huge', ...fileSource(dir), 'transforms.note': 'x'.repeat(2 * 1024 * 1024) },
        { name: 'wide', ...fileSource(dir), 'transforms.note': 'y'.repeat(300 * 1024) },
        { name: 'fine', ...fileSource(dir) },
      ],
    });
    try {
      await worker.waitForOutput(/Created connector/);
      assert.match(worker.output(), /connector-0\.properties: the properties file is \d+ bytes; a worker or connector file may be at most 1048576 bytes/);
      assert.match(worker.output(), /connector-1\.properties: .*configuration transforms\.note: the value is 307200 characters long/);
      assert.deepEqual((await rest('GET', `${worker.restUrl}/connectors`)).body, ['fine']);
    } finally {
      assert.equal(await worker.stop(), 0);
    }
  });
});
