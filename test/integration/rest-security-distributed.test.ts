// REST security across workers: KIP-507 signed internal requests (the session key the leader
// writes to the config topic, Connect's refusals), and user requests a follower forwards reaching
// the leader with the user's credentials and rights.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signatureHeaders } from '../../src/herder/sessionKey.js';
import { findLeader, startCluster, type Cluster, type DistributedWorker } from '../helpers/distributed.js';
import { consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { assertError, rest, type RestResponse } from '../helpers/rest.js';
import { eventually } from '../helpers/worker.js';

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const ADMIN = basic('admin', 'admin-pw-d1');

/** rest(), retried while the group rebalances (409), as helpers/distributed's write() does. */
async function settled(method: string, url: string, opts: Parameters<typeof rest>[2] = {}): Promise<RestResponse> {
  let res: RestResponse | undefined;
  await eventually(async () => {
    res = await rest(method, url, opts);
    return res.status !== 409;
  }, 60000, `${method} ${url} outside a rebalance`);
  return res!;
}
const READER = basic('reader', 'reader-pw-d2');

describe('REST security (distributed)', () => {
  let c: Cluster;
  let leader: DistributedWorker;
  let follower: DistributedWorker;
  let sessionKey: Buffer;
  const stopped = `stopped-${randomBytes(4).toString('hex')}`;

  before(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-secd-'));
    await writeFile(join(dir, 'users.properties'), 'admin: admin-pw-d1\nreader: reader-pw-d2\n');
    await writeFile(
      join(dir, 'jaas.conf'),
      `KafkaConnect {\n  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n  file="${join(dir, 'users.properties')}";\n};\n`,
    );
    c = await startCluster(2, {
      workerProps: {
        'rest.extension.classes': 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
        'rest.readonly.users': 'reader',
      },
      env: { KAFKA_OPTS: `-Djava.security.auth.login.config=${join(dir, 'jaas.conf')}` },
    });
    leader = (await findLeader(c))!;
    follower = c.workers.find((w) => w !== leader)!;
    // The key as any Connect worker would read it: the `session-key` record of the config topic.
    const record = await eventually(async () => {
      const records = await consumeAll(c.names.configTopic);
      return records.filter((r) => r.key?.toString() === 'session-key').pop();
    }, 30000, 'the session-key record');
    const value = JSON.parse(record!.value!.toString()) as { key: string; algorithm: string; 'creation-timestamp': number };
    assert.equal(value.algorithm, 'HmacSHA256');
    assert.equal(typeof value['creation-timestamp'], 'number');
    sessionKey = Buffer.from(value.key, 'base64');
    assert.equal(sessionKey.length, 32, 'HmacSHA256 keys are 256 bits');
  });
  after(async () => {
    await c?.stopAll();
  });

  const postTasks = (w: DistributedWorker, name: string, body: string, headers: Record<string, string> = {}) =>
    settled('POST', `${w.restUrl}/connectors/${name}/tasks`, { raw: body, headers: { 'content-type': 'application/json', ...headers } });

  test('the internal task-config endpoint needs a valid signature, not a user', async () => {
    const body = '[]';
    assertError(await postTasks(leader, 'nope', body), 400, 'Internal request missing required signature');
    assertError(await postTasks(leader, 'nope', body, signatureHeaders(randomBytes(32), body, 'HmacSHA256')), 403, 'Internal request contained invalid signature.');
    // Signed over other bytes than those sent.
    assertError(await postTasks(leader, 'nope', body, signatureHeaders(sessionKey, '[ ]', 'HmacSHA256')), 403, 'Internal request contained invalid signature.');
    assertError(await postTasks(leader, 'nope', body, signatureHeaders(sessionKey, body, 'HmacSHA512')), 400, /does not support the 'HmacSHA512' key signing algorithm/);
    assertError(await postTasks(leader, 'nope', body, { 'X-Connect-Authorization': 'abc', 'X-Connect-Request-Signature-Algorithm': 'HmacMD5' }), 400);

    // Signed with the session key: verified, then served by the leader (a follower forwards it as sent).
    assertError(await postTasks(leader, 'nope', body, signatureHeaders(sessionKey, body, 'HmacSHA256')), 404, 'Connector nope not found');
    assertError(await postTasks(follower, 'nope', body, signatureHeaders(sessionKey, body, 'HmacSHA256')), 404, 'Connector nope not found');

    const created = await settled('POST', `${follower.restUrl}/connectors`, {
      headers: ADMIN,
      json: { name: stopped, config: { 'connector.class': 'FileStreamSource', topic: uniqueTopic('secd'), file: '/dev/null' }, initial_state: 'STOPPED' },
    });
    assert.equal(created.status, 201, created.text);
    const ok = await postTasks(follower, stopped, body, signatureHeaders(sessionKey, body, 'HmacSHA256'));
    assert.equal(ok.status, 204, ok.text);
  });

  test('a write sent to a follower reaches the leader with the user and that user\'s rights', async () => {
    assertError(await rest('PUT', `${follower.restUrl}/connectors/${stopped}/resume`), 401);
    assertError(await rest('PUT', `${follower.restUrl}/connectors/${stopped}/resume`, { headers: READER }), 403, /^User reader has read-only access/);
    assertError(await rest('DELETE', `${leader.restUrl}/connectors/${stopped}`, { headers: READER }), 403);

    const name = `fwd-${randomBytes(4).toString('hex')}`;
    const res = await settled('POST', `${follower.restUrl}/connectors`, {
      headers: ADMIN,
      json: { name, config: { 'connector.class': 'FileStreamSource', topic: uniqueTopic('secd'), file: '/dev/null' }, initial_state: 'STOPPED' },
    });
    assert.equal(res.status, 201, res.text);
    const id = String(res.headers['x-request-id']);
    // The leader authenticated the forwarded request as admin and audited it under the same request id.
    const auditOf = (w: DistributedWorker) =>
      w.output().split('\n').filter((l) => l.includes('"logger":"kconnect.audit"') && l.includes(id)).map((l) => JSON.parse(l));
    await eventually(() => auditOf(leader).length === 1, 10000, 'the leader\'s audit line');
    assert.deepEqual(
      (({ user, method, path, outcome, forwarded }) => ({ user, method, path, outcome, forwarded }))(auditOf(leader)[0]),
      { user: 'admin', method: 'POST', path: '/connectors', outcome: 'success', forwarded: true },
    );
    await eventually(() => auditOf(follower).length === 1, 10000, 'the follower\'s audit line');
    assert.equal(auditOf(follower)[0].user, 'admin');
    for (const n of [name, stopped]) assert.equal((await settled('DELETE', `${follower.restUrl}/connectors/${n}`, { headers: ADMIN })).status, 204);
  });
});
