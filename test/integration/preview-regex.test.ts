// Issue 13 (2): a transform preview whose regex backtracks catastrophically must not stall the
// worker. RegexRouter `(a+)+$` on forty a's and a `!` runs for minutes: the preview runs on a
// thread with a time limit and answers 400, /health answers within a second meanwhile, and
// SIGTERM still stops the worker at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rest } from '../helpers/rest.js';
import { startStandaloneWorker } from '../helpers/worker.js';

const EVIL = {
  config: {
    transforms: 'route',
    'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.route.regex': '(a+)+$',
    'transforms.route.replacement': 'x',
  },
  records: [{ topic: `${'a'.repeat(40)}!`, value: 'v' }],
};

/** Polls /health every 100 ms until `done` settles; answers the slowest response time seen. */
async function slowestHealth(restUrl: string, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => {});
  let slowest = 0;
  while (!finished) {
    const t0 = Date.now();
    const res = await rest('GET', `${restUrl}/health`);
    slowest = Math.max(slowest, Date.now() - t0);
    assert.equal(res.status, 200, res.text);
    await new Promise((r) => setTimeout(r, 100));
  }
  return slowest;
}

test('a catastrophically backtracking regex in a preview is stopped with a 400; the worker keeps answering', async () => {
  const worker = await startStandaloneWorker();
  try {
    const preview = rest('POST', `${worker.restUrl}/connector-plugins/transforms/preview`, { json: EVIL });
    const slowest = await slowestHealth(worker.restUrl, preview);
    const res = await preview;
    assert.equal(res.status, 400, res.text);
    assert.deepEqual(Object.keys(res.body).sort(), ['error_code', 'message']);
    assert.match(res.body.message, /did not finish within \d+ ms/);
    assert.ok(slowest < 1000, `/health answered within 1 s while the preview ran (slowest ${slowest} ms)`);

    // A harmless chain still previews, through the same path.
    const ok = await rest('POST', `${worker.restUrl}/connector-plugins/transforms/preview`, {
      json: { ...EVIL, config: { ...EVIL.config, 'transforms.route.regex': '(a+)!' } },
    });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.body.results[0].at(-1).record.topic, 'x');
  } finally {
    await worker.stop();
  }
});

test('SIGTERM stops the worker while a backtracking preview runs', async () => {
  const worker = await startStandaloneWorker();
  const preview = rest('POST', `${worker.restUrl}/connector-plugins/transforms/preview`, { json: EVIL }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 500));
  const t0 = Date.now();
  assert.equal(await worker.stop(), 0);
  console.log(`# exited ${Date.now() - t0} ms after SIGTERM`);
  await preview;
});
