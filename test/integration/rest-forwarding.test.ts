// What a distributed herder relies on, over real HTTP between two REST servers in this process
// (no Kafka needed): a RequestTargetException forwards the request to the worker it names, as
// Kafka Connect's HerderRequestHandler does; rebalances are 409s; slow herders time out with 500.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Herder } from '../../src/herder/Herder.js';
import { NotLeaderException, RebalanceNeededException } from '../../src/herder/Herder.js';
import { RestServer } from '../../src/rest/server.js';
import { assertError, rest } from '../helpers/rest.js';

interface Call {
  method: string;
  args: unknown[];
}

/** A herder whose every method runs `behaviour`; unlisted methods are not called by these tests. */
function fakeHerder(behaviour: (method: string, args: unknown[]) => unknown, calls: Call[] = []): Herder {
  return new Proxy({} as Herder, {
    get(_t, prop) {
      if (prop === 'workerId') return 'fake:8083';
      if (prop === 'isReady') return () => true;
      if (prop === 'kafkaClusterId') return () => 'fake-cluster';
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      if (prop === 'putTaskConfigs' || prop === 'fenceZombieSourceTasks') return undefined;
      return (...args: unknown[]) => {
        calls.push({ method: String(prop), args });
        return behaviour(String(prop), args);
      };
    },
  });
}

const info = (name: string) => ({ name, config: { name, 'connector.class': 'X' }, tasks: [], type: 'source' });

describe('forwarding to the worker that can serve a request', () => {
  const leaderCalls: Call[] = [];
  let leader: RestServer;
  let follower: RestServer;
  let orphan: RestServer;
  let slow: RestServer;
  let followerUrl: string;
  let leaderUrl: string;

  before(async () => {
    leader = new RestServer({
      herder: fakeHerder((method, args) => {
        if (method === 'putConnectorConfig') return Promise.resolve({ created: !args[2], info: info(args[0] as string) });
        if (method === 'restartConnectorAndTasks') return Promise.resolve({ name: 'c', connector: { state: 'RESTARTING', worker_id: 'l:1' }, tasks: [], type: 'source' });
        if (method === 'setTargetState') return Promise.reject(new NotLeaderException('still not me', null));
        return Promise.resolve(undefined);
      }, leaderCalls),
      version: 'v', commit: 'c', workerProps: { listeners: 'http://127.0.0.1:0' },
    });
    await leader.start();
    leaderUrl = leader.advertisedUrl();
    follower = new RestServer({
      herder: fakeHerder(() => Promise.reject(new NotLeaderException('not the leader', leaderUrl))),
      version: 'v', commit: 'c', workerProps: { listeners: 'http://127.0.0.1:0', 'rest.advertised.host.name': '127.0.0.1' },
    });
    await follower.start();
    followerUrl = follower.urls()[0]!;
    orphan = new RestServer({
      herder: fakeHerder((method) =>
        Promise.reject(method === 'connectorInfo' ? new RebalanceNeededException() : new NotLeaderException('no leader known', null))),
      version: 'v', commit: 'c', workerProps: { listeners: 'http://127.0.0.1:0' },
    });
    await orphan.start();
    slow = new RestServer({
      herder: fakeHerder(() => new Promise(() => {})),
      version: 'v', commit: 'c', workerProps: { listeners: 'http://127.0.0.1:0' }, requestTimeoutMs: 300,
    });
    await slow.start();
  });

  after(async () => {
    await Promise.all([leader.stop(), follower.stop(), orphan.stop(), slow.stop()]);
  });

  test('the advertised URL is the bound listener, ending in /', () => {
    assert.match(leaderUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(follower.advertisedUrl(), `${followerUrl}/`);
  });

  test('a write on a follower is answered by the leader: same status, body and headers', async () => {
    const res = await rest('POST', `${followerUrl}/connectors`, { json: { name: 'c', config: { 'connector.class': 'X' } } });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(res.body, info('c'));
    const call = leaderCalls.find((c) => c.method === 'putConnectorConfig');
    assert.deepEqual(call?.args, ['c', { 'connector.class': 'X', name: 'c' }, false, undefined]);

    const put = await rest('PUT', `${followerUrl}/connectors/c/config`, { json: { 'connector.class': 'X' } });
    assert.equal(put.status, 200, 'PUT on an existing connector stays a 200 through the hop');

    const restart = await rest('POST', `${followerUrl}/connectors/c/restart?includeTasks=true`);
    assert.equal(restart.status, 202);
    assert.equal(restart.body.connector.state, 'RESTARTING');
    const planned = leaderCalls.find((c) => c.method === 'restartConnectorAndTasks');
    assert.deepEqual(planned?.args, [{ connector: 'c', includeTasks: true, onlyFailed: false }], 'query parameters travel with it');
  });

  test('one more hop is allowed, not two; forward=false never forwards', async () => {
    // follower → leader (forward=true), whose herder points nowhere again: 409.
    assertError(await rest('PUT', `${followerUrl}/connectors/c/pause`), 409, /no known leader URL/);
    assertError(await rest('PUT', `${followerUrl}/connectors/c/resume?forward=false`), 409,
      'Cannot complete request because of a conflicting operation (e.g. worker rebalance)');
    assertError(await rest('PUT', `${followerUrl}/connectors/c/resume?forward=sometimes`), 400, /forward/);
  });

  test('no known leader, or a rebalance under way: 409 with Kafka\'s messages', async () => {
    const base = orphan.urls()[0]!;
    assertError(await rest('DELETE', `${base}/connectors/c`), 409,
      'Cannot complete request momentarily due to no known leader URL, likely because a rebalance was underway.');
    assertError(await rest('GET', `${base}/connectors/c`), 409,
      'Cannot complete request momentarily due to stale configuration (typically caused by a concurrent config change)');
  });

  test('a herder that never answers: 500 Request timed out, and the server keeps serving', async () => {
    const base = slow.urls()[0]!;
    assertError(await rest('GET', `${base}/connectors`), 500, 'Request timed out');
    assert.equal((await rest('GET', `${base}/`)).status, 200);
  });
});
