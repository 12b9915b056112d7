// The web console at /ui/ in a real browser: Debian's headless Chromium driven by puppeteer-core.
// It lists the connectors with their states, creates one through the form (a bad value is shown
// beside its field and nothing is created), and pauses it. On failure a screenshot is kept in
// test-results/console/ (gitignored).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { produce, uniqueTopic } from '../helpers/kafka.js';
import { rest } from '../helpers/rest.js';
import { eventually, freePort, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'test-results', 'console');
const SOURCE_CLASS = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const KCONNECT = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..'), 'bin', 'kconnect.js');
const run = promisify(execFile);

describe('the web console', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let page: Page;
  let profile: string;
  const topic = uniqueTopic('ops-console');
  const existing = `${topic}-existing`;
  const created = `${topic}-created`;
  const dlqSink = `${topic}-dlq-sink`;
  const badTopic = uniqueTopic('ops-console-bad');
  const dlqTopic = uniqueTopic('ops-console-dlq');

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/test.sh installs Debian's chromium package`);
    const dir = await mkdtemp(join(tmpdir(), 'kconnect-console-'));
    await writeFile(join(dir, 'in.txt'), 'a\nb\n');
    await produce(badTopic, [{ value: 'not JSON at all' }]);
    worker = await startStandaloneWorker({
      dir,
      connectors: [
        { name: existing, 'connector.class': 'FileStreamSource', file: join(dir, 'in.txt'), topic },
        {
          name: dlqSink, 'connector.class': 'FileStreamSink', file: join(dir, 'dlq-sink.txt'), topics: badTopic, 'errors.tolerance': 'all',
          'errors.deadletterqueue.topic.name': dlqTopic, 'errors.deadletterqueue.topic.replication.factor': '1', 'errors.deadletterqueue.context.headers.enable': 'true',
        },
      ],
    });
    profile = await mkdtemp(join(tmpdir(), 'kconnect-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir: profile,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(20000);
  });

  after(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (worker) assert.equal(await worker.stop(), 0);
  });

  /** Runs a step; on failure keeps a screenshot of the page as it was. */
  async function step(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      await mkdir(SCREENSHOTS, { recursive: true });
      const file = join(SCREENSHOTS, `${name.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      throw new Error(`${(err as Error).message} (screenshot: ${file})`, { cause: err });
    }
  }

  const stateIn = (selector: string) => page.$eval(selector, (el) => (el as unknown as { dataset: Record<string, string> }).dataset['state']).catch(() => undefined);

  test('lists the connectors with their states', async () => {
    await step('list', async () => {
      await page.goto(`${worker.restUrl}/ui/`);
      const row = `#connectors tr[data-connector="${existing}"] .connector-state [data-state]`;
      await page.waitForSelector(row);
      assert.equal(await stateIn(row), 'RUNNING');
      const health = await page.waitForSelector('#health.s-healthy');
      assert.equal(await health!.evaluate((el) => el.textContent), 'healthy');
    });
  });

  test('creates a connector through the form: a bad value is shown beside its field; then pauses it', async () => {
    const field = (key: string) => `[data-key="${key}"] input`;
    const setField = async (key: string, value: string) => {
      await page.$eval(field(key), (el) => ((el as unknown as { value: string }).value = ''));
      await page.type(field(key), value);
    };
    await step('form-bad-value', async () => {
      await page.goto(`${worker.restUrl}/ui/#/new`);
      await page.waitForSelector(`#connector-class option[value="${SOURCE_CLASS}"]`);
      await page.select('#connector-class', SOURCE_CLASS);
      await page.waitForSelector(field('tasks.max'));
      await setField('name', created);
      await setField('file', join(tmpdir(), `${created}.txt`));
      await setField('topic', topic);
      await setField('tasks.max', 'many');
      await page.$eval('#save', (el) => (el as unknown as { click(): void }).click());
      const error = await page.waitForSelector('[data-key="tasks.max"] .error');
      assert.match(await error!.evaluate((el) => el.textContent ?? ''), /Invalid value many for configuration tasks\.max/);
      assert.equal(await page.$('[data-key="topic"] .error'), null, 'the good fields carry no error');
      assert.equal((await rest('GET', `${worker.restUrl}/connectors/${created}`)).status, 404, 'nothing was created');
    });
    await step('form-create', async () => {
      await setField('tasks.max', '1');
      await page.$eval('#save', (el) => (el as unknown as { click(): void }).click());
      await page.waitForFunction((name) => (globalThis as unknown as { location: { hash: string } }).location.hash === `#/connector/${encodeURIComponent(name)}`, {}, created);
      await page.waitForSelector('#connector-state [data-state="RUNNING"]');
      const status = await rest('GET', `${worker.restUrl}/connectors/${created}/status`);
      assert.equal(status.body.connector.state, 'RUNNING');
      assert.equal((await rest('GET', `${worker.restUrl}/connectors/${created}/config`)).body['tasks.max'], '1');
    });
    await step('pause', async () => {
      // A DOM click, not a pointer one: the live view may redraw between locating the button and pressing it.
      await page.$eval('#pause', (el) => (el as unknown as { click(): void }).click());
      await page.waitForSelector('#connector-state [data-state="PAUSED"]');
      await eventually(async () => (await rest('GET', `${worker.restUrl}/connectors/${created}/status`)).body.connector.state === 'PAUSED', 10000, 'PAUSED over REST');
    });
  });

  test('kconnect ls and kconnect status print the cluster as tables (no colour off a terminal)', async () => {
    const ls = await run(process.execPath, [KCONNECT, 'ls', '--url', worker.restUrl]);
    const lines = ls.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^NAME\s+TYPE\s+STATE\s+TASKS$/);
    assert.match(ls.stdout, new RegExp(`^${existing}\\s+source\\s+RUNNING\\s+1 RUNNING$`, 'm'));
    assert.doesNotMatch(ls.stdout, /\u001b\[/, 'no colour codes when stdout is not a terminal');

    const status = await run(process.execPath, [KCONNECT, 'status', existing], { env: { ...process.env, KCONNECT_URL: worker.restUrl } });
    assert.match(status.stdout, /healthy/);
    assert.match(status.stdout, /^WORKER\s+CONNECTORS\s+TASKS\s+FAILED$/m);
    assert.match(status.stdout, new RegExp(`^${existing}\\s+source\\s+RUNNING`, 'm'));
    assert.match(status.stdout, /^\s+0\s+RUNNING\s+/m);

    const closed = await freePort();
    const down = await run(process.execPath, [KCONNECT, 'ls', '--url', `http://127.0.0.1:${closed}`]).catch((err: { code: number; stderr: string }) => err);
    assert.equal((down as { code: number }).code, 1);
    assert.equal((down as { stderr: string }).stderr, `Cannot read the cluster at http://127.0.0.1:${closed}/: ECONNREFUSED\n`);
  });

  test('GET /connectors/{name}/dlq returns the newest dead-letter records with their error headers; the console shows them', async () => {
    const body = await eventually(async () => {
      const r = await rest('GET', `${worker.restUrl}/connectors/${dlqSink}/dlq?limit=5`);
      return r.status === 200 && r.body.records.length === 1 ? r.body : undefined;
    }, 30000, 'the failed record in the DLQ');
    assert.equal(body.topic, dlqTopic);
    const [record] = body.records;
    assert.equal(record.value, 'not JSON at all');
    assert.equal(record.partition, 0);
    assert.equal(record.offset, 0);
    const header = (k: string) => record.headers.find((h: { key: string }) => h.key === k)?.value;
    assert.equal(header('__connect.errors.topic'), badTopic);
    assert.equal(header('__connect.errors.exception.class.name'), 'org.apache.kafka.connect.errors.DataException');

    assert.equal((await rest('GET', `${worker.restUrl}/connectors/${dlqSink}/dlq?limit=0`)).status, 400);
    const noDlq = await rest('GET', `${worker.restUrl}/connectors/${existing}/dlq`);
    assert.deepEqual(noDlq.body, { error_code: 400, message: `Connector ${existing} has no dead-letter queue: errors.deadletterqueue.topic.name is not set` });
    assert.equal((await rest('GET', `${worker.restUrl}/connectors/nope-${topic}/dlq`)).status, 404);

    await step('dlq-view', async () => {
      await page.goto(`${worker.restUrl}/ui/#/connector/${encodeURIComponent(dlqSink)}`);
      const row = await page.waitForSelector('#dlq tbody tr');
      const text = await row!.evaluate((el) => el.textContent ?? '');
      assert.match(text, /exception\.class\.name: org\.apache\.kafka\.connect\.errors\.DataException/);
      assert.match(text, /not JSON at all/);
    });
  });
});
