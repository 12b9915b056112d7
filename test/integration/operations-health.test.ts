// GET /health (KIP-1017) on a distributed worker: 503 "starting" while it reads its topics and joins
// its group, then 200 "healthy", with Kafka Connect's bodies; never a 500 on the way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDistributedWorker, uniqueCluster } from '../helpers/distributed.js';
import { rest } from '../helpers/rest.js';

const STARTING = { status: 'starting', message: 'Worker is still starting up.' };
const HEALTHY = { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' };

test('a distributed worker answers /health 503 before it has joined its group, 200 after', async () => {
  const worker = await startDistributedWorker({ cluster: uniqueCluster('ops-health'), waitReady: false });
  try {
    let exited = false;
    void worker.exited.then(() => (exited = true));
    const seen: Array<{ status: number; body: unknown }> = [];
    const deadline = Date.now() + 90000;
    // Polled from the moment the REST listener is up: it opens before the herder reads its topics.
    while (Date.now() < deadline && !exited) {
      const r = await rest('GET', `${worker.restUrl}/health`).catch(() => undefined);
      if (r) {
        seen.push({ status: r.status, body: r.body });
        if (r.status === 200) break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    assert.ok(seen.length > 0, `no answer from /health; output:\n${worker.output().slice(-2000)}`);
    assert.deepEqual(seen[0], { status: 503, body: STARTING }, 'the first answer: still starting');
    assert.deepEqual(seen.at(-1), { status: 200, body: HEALTHY }, 'healthy once joined');
    assert.deepEqual([...new Set(seen.map((s) => s.status))], [503, 200], 'nothing but starting, then healthy');
    // The group is joined by the time it is healthy: the worker says so in its log.
    assert.match(worker.output(), /Joined group/);
  } finally {
    await worker.stop();
  }
});
