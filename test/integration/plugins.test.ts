// plugin.path end to end: a temporary plugin.path holding the fixture plugins (test/fixtures/plugins)
// and the documented example plugin (examples/kconnect-plugin-greetings, built here as a user
// would), loaded into a registry and watched for changes; then used by a real worker against Kafka.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SourceConnector } from '../../src/api/Connector.js';
import type { Transformation } from '../../src/api/Transformation.js';
import { SourceRecord } from '../../src/data/SourceRecord.js';
import { Schema } from '../../src/data/Schema.js';
import {
  loadPluginPath,
  watchPluginPath,
  type PluginChange,
  type PluginLoadReport,
  type PluginPathWatcher,
} from '../../src/plugins/PluginLoader.js';
import { PluginRegistry } from '../../src/plugins/PluginRegistry.js';
import { consumeAll, createTopic, uniqueTopic } from '../helpers/kafka.js';
import { eventually, getJson, startStandaloneWorker, type RunningWorker } from '../helpers/worker.js';
import {
  buildExample,
  FIXTURES,
  memoryLogger,
  preparePluginPath,
  type PreparedPluginPath,
} from '../fixtures/plugins/pluginPath.js';

/** Collects watcher changes; `next(pred)` waits for the first matching one not yet taken. */
function changeLog() {
  const seen: PluginChange[] = [];
  const waiters: { pred: (c: PluginChange) => boolean; resolve: (c: PluginChange) => void }[] = [];
  return {
    seen,
    push(c: PluginChange) {
      seen.push(c);
      for (const w of [...waiters]) if (w.pred(c)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(c);
      }
    },
    next(pred: (c: PluginChange) => boolean, timeoutMs = 15000): Promise<PluginChange> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching plugin change within ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`)), timeoutMs);
        waiters.push({ pred, resolve: (c) => { clearTimeout(timer); resolve(c); } });
      });
    },
  };
}

function record(value: unknown): SourceRecord {
  return new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: 't', valueSchema: Schema.STRING_SCHEMA, value });
}

describe('plugin.path in a registry', () => {
  let prepared: PreparedPluginPath;
  let registry: PluginRegistry;
  let report: PluginLoadReport;
  let exampleTestOutput: string;
  const logger = memoryLogger();

  before(async () => {
    prepared = await preparePluginPath();
    exampleTestOutput = await buildExample(join(prepared.dir, 'greetings'), { runTests: true });
    registry = new PluginRegistry();
    report = await loadPluginPath(registry, [prepared.dir], logger);
  });
  after(() => prepared.cleanup());

  test("the example plugin builds and its own tests pass", () => {
    assert.match(exampleTestOutput, /# pass 7/);
    assert.match(exampleTestOutput, /# fail 0/);
  });

  test('loads the example (source, transform, predicate, converter, provider) and the fixtures, skips the broken', () => {
    const greetings = report.loaded.find((l) => l.location === join(prepared.dir, 'greetings'));
    assert.deepEqual(greetings?.classes, [
      'com.example.greetings.GreetingSourceConnector',
      'com.example.greetings.Uppercase$Value',
      'com.example.greetings.Uppercase$Key',
      'com.example.greetings.FieldMatches',
      'com.example.greetings.CsvConverter',
      'com.example.greetings.JsonFileConfigProvider',
    ]);
    assert.equal(report.loaded.length, 6);
    assert.equal(report.failed.length, 5);
    for (const [name, types] of [
      ['GreetingSource', ['source', 'sink']],
      ['Uppercase$Value', ['transformation']],
      ['FieldMatches', ['predicate']],
      ['CsvConverter', ['converter']],
      ['JsonFileConfigProvider', ['config_provider']],
      ['Exclaim', ['transformation']],
      ['WordsSource', ['source', 'sink']],
    ] as const) {
      assert.ok(registry.resolve(name, types), name);
    }
    assert.equal(registry.resolve('GreetingSource', ['source']).version, '1.0.0');
    const { instance } = registry.instantiate<SourceConnector>('GreetingSource', ['source', 'sink']);
    assert.ok(instance instanceof SourceConnector, 'the example shares the runtime SDK, though it has no node_modules');
  });

  describe('hot discovery', () => {
    let watcher: PluginPathWatcher;
    const changes = changeLog();

    before(async () => {
      watcher = watchPluginPath(registry, [prepared.dir], logger, { debounceMs: 400, onChange: (c) => changes.push(c) });
      await watcher.ready;
    });
    after(() => watcher.close());

    test('a single-file plugin dropped in becomes usable; changed, it is reloaded; deleted, it is gone', async () => {
      const file = join(prepared.dir, 'late-stamp.mjs');
      await cp(join(FIXTURES, 'late', 'late-stamp.mjs'), file);
      assert.deepEqual(await changes.next((c) => c.location === file), { kind: 'added', location: file, classes: ['com.example.late.LateStamp'] });
      const stamp = (t: Transformation) => t.apply(record('x'))!.headers.lastWithName('stamp')?.value;
      const first = registry.instantiate<Transformation>('LateStamp', ['transformation']).instance;
      first.configure({});
      assert.equal(stamp(first), 'late');

      await writeFile(file, (await readFile(file, 'utf8')).replace("props.stamp ?? 'late'", "props.stamp ?? 'later'"));
      assert.equal((await changes.next((c) => c.location === file)).kind, 'updated');
      const second = registry.instantiate<Transformation>('LateStamp', ['transformation']).instance;
      second.configure({});
      assert.equal(stamp(second), 'later', 'the new code runs');
      assert.equal(stamp(first), 'late', 'instances made before keep working');
      assert.equal(registry.list(['transformation']).filter((p) => p.className === 'com.example.late.LateStamp').length, 1);

      await rm(file);
      assert.equal((await changes.next((c) => c.location === file)).kind, 'removed');
      assert.throws(() => registry.resolve('LateStamp', ['transformation']), /Failed to find any class/);
    });

    test('a package copied file by file loads once it is complete; its own modules reload with it', async () => {
      const pkg = join(prepared.dir, 'slow-copy');
      await mkdir(pkg);
      await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'slow-copy', version: '3.0.0', type: 'module', kconnect: { plugins: './index.js' } }));
      await new Promise((r) => setTimeout(r, 150)); // a copy in progress: the entry is not there yet
      await writeFile(join(pkg, 'suffix.js'), "export const suffix = '-v1';\n");
      await writeFile(join(pkg, 'index.js'), [
        "import { ConfigDef } from 'kconnect';",
        "import { suffix } from './suffix.js';",
        'export class Suffix { configure() {} apply(r) { return r.newRecord({ value: r.value + suffix }); } config() { return new ConfigDef(); } close() {} }',
        "export const plugins = [{ type: 'transformation', className: 'com.example.slow.Suffix', impl: Suffix }];",
      ].join('\n'));
      const added = await changes.next((c) => c.location === pkg);
      assert.equal(added.kind, 'added', JSON.stringify(added));
      assert.ok(!changes.seen.some((c) => c.location === pkg && c.kind === 'failed'), 'never loaded half-copied');
      const apply = () => registry.instantiate<Transformation>('com.example.slow.Suffix', ['transformation']).instance.apply(record('x'))!.value;
      assert.equal(apply(), 'x-v1');
      assert.equal(registry.resolve('Suffix', ['transformation']).version, '3.0.0');

      await writeFile(join(pkg, 'suffix.js'), "export const suffix = '-v2';\n");
      assert.equal((await changes.next((c) => c.location === pkg)).kind, 'updated');
      assert.equal(apply(), 'x-v2', 'a changed dependency file of the plugin is re-read');
    });

    test('a broken update is logged and the version loaded before stays', async () => {
      const pkg = join(prepared.dir, 'slow-copy');
      await writeFile(join(pkg, 'index.js'), "throw new Error('half-finished edit');\n");
      const failed = await changes.next((c) => c.location === pkg);
      assert.equal(failed.kind, 'failed');
      assert.match((failed as { reason: string }).reason, /half-finished edit/);
      assert.ok(registry.resolve('com.example.slow.Suffix', ['transformation']));
      assert.ok(logger.lines.some((l) => l.level === 'error' && l.msg.includes('half-finished edit') && l.msg.includes('the version loaded before stays in use')));
    });

    test('an atomic drop-in (copy to a hidden name, then rename) and a removal of a whole package', async () => {
      const hidden = join(prepared.dir, '.words-copy.partial');
      const final = join(prepared.dir, 'words-copy');
      await cp(join(prepared.dir, 'words-source'), hidden, { recursive: true });
      const pkgJson = join(hidden, 'package.json');
      await writeFile(pkgJson, (await readFile(pkgJson, 'utf8')).replace('com.example.words', 'x').replace('"words-source"', '"words-copy"'));
      const index = join(hidden, 'index.js');
      await writeFile(index, (await readFile(index, 'utf8')).replace("'com.example.words.WordsSourceConnector'", "'com.example.copy.CopiedWordsSourceConnector'"));
      await rename(hidden, final);
      assert.deepEqual(await changes.next((c) => c.location === final), { kind: 'added', location: final, classes: ['com.example.copy.CopiedWordsSourceConnector'] });
      // Changes arrive in order: the rename's came after every write under the hidden name.
      assert.ok(!changes.seen.some((c) => c.location.includes('.words-copy')), 'hidden names are ignored');
      assert.ok(registry.resolve('CopiedWordsSource', ['source']));

      await rm(final, { recursive: true });
      assert.equal((await changes.next((c) => c.location === final)).kind, 'removed');
      assert.equal(registry.list().some((p) => p.location === final), false);
    });
  });
});

async function send(method: 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('plugins in a running worker', { skip: process.env['KAFKA_BOOTSTRAP'] ? false : 'needs KAFKA_BOOTSTRAP (a Kafka broker)' }, () => {
  const secret = `s3cr3t-${randomBytes(8).toString('hex')}`;
  const greetingsTopic = uniqueTopic('plugins-greetings');
  const wordsTopic = uniqueTopic('plugins-words');
  let prepared: PreparedPluginPath;
  let secretsDir: string;
  let secretsFile: string;
  let worker: RunningWorker;

  before(async () => {
    await createTopic(greetingsTopic);
    await createTopic(wordsTopic);
    prepared = await preparePluginPath({ example: true });
    secretsDir = await mkdtemp(join(tmpdir(), 'kconnect-secrets-'));
    secretsFile = join(secretsDir, 'secrets.json');
    await writeFile(secretsFile, JSON.stringify({ signing: { secret } }));
    worker = await startStandaloneWorker({
      workerProps: {
        'plugin.path': prepared.dir,
        'config.providers': 'json,env',
        // the custom provider, from the example plugin in plugin.path, by its alias
        'config.providers.json.class': 'JsonFileConfigProvider',
        'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      },
      connectors: [{
        name: 'greetings',
        'connector.class': 'GreetingSource',
        'tasks.max': '1',
        topic: greetingsTopic,
        names: 'alice,bob,carol',
        'max.greetings': '6',
        'poll.interval.ms': '50',
        'signing.secret': `\${json:${secretsFile}:signing.secret}`,
        greeting: '${env:GREETING_WORD}',
        'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'value.converter': 'CsvConverter',
        transforms: 'exclaim',
        'transforms.exclaim.type': 'Exclaim',
        'transforms.exclaim.field': 'message',
        'transforms.exclaim.predicate': 'isAlice',
        predicates: 'isAlice',
        'predicates.isAlice.type': 'FieldMatches',
        'predicates.isAlice.field': 'name',
        'predicates.isAlice.pattern': 'alice',
      }],
      // debug: not even debug logging may show a resolved secret
      env: { KCONNECT_LOG_LEVEL: 'debug', GREETING_WORD: 'Howdy' },
    });
  });
  after(async () => {
    await worker?.stop();
    await prepared?.cleanup();
    if (secretsDir) await rm(secretsDir, { recursive: true, force: true });
  });

  /** The worker's log messages (pino JSON lines), or its raw lines. */
  const messages = () => worker.output().split('\n').map((line) => {
    try {
      return String((JSON.parse(line) as { msg?: unknown }).msg ?? line);
    } catch {
      return line;
    }
  });

  test('logs each broken plugin with its path and reason, and starts anyway', () => {
    for (const [name, reason] of [
      ['throws-on-import', /boom: this plugin cannot start/],
      ['bad-manifest', /must have property "plugins"/],
      ['future-sdk', /requires kconnect \^99\.0\.0/],
      ['nothing-exported.mjs', /exports no plugins/],
      ['not-a-transform.mjs', /has no apply method/],
    ] as const) {
      const line = messages().find((l) => l.includes(`Skipping plugin ${join(prepared.dir, name)}`));
      assert.ok(line, `no log line for ${name}`);
      assert.match(line, reason);
    }
  });

  test('GET /connector-plugins lists the good plugins with class, type and version', async () => {
    const { status, body } = await getJson(`${worker.restUrl}/connector-plugins?connectorsOnly=false`);
    assert.equal(status, 200);
    const byClass = new Map((body as { class: string; type: string; version?: string }[]).map((p) => [p.class, p]));
    assert.deepEqual(byClass.get('com.example.greetings.GreetingSourceConnector'), { class: 'com.example.greetings.GreetingSourceConnector', type: 'source', version: '1.0.0' });
    assert.equal(byClass.get('com.example.words.WordsSourceConnector')?.type, 'source');
    assert.equal(byClass.get('com.example.fixtures.Exclaim')?.type, 'transformation');
    assert.equal(byClass.get('com.example.greetings.FieldMatches')?.type, 'predicate');
    assert.equal(byClass.get('com.example.greetings.CsvConverter')?.type, 'converter');
    assert.equal(byClass.has('com.example.HalfDone'), false);
    const connectorsOnly = (await getJson(`${worker.restUrl}/connector-plugins`)).body as { class: string }[];
    assert.ok(connectorsOnly.some((p) => p.class === 'com.example.greetings.GreetingSourceConnector'));
    assert.ok(!connectorsOnly.some((p) => p.class === 'com.example.fixtures.Exclaim'));
    const config = await getJson(`${worker.restUrl}/connector-plugins/GreetingSourceConnector/config`);
    assert.equal(config.status, 200);
    assert.ok((config.body as { name: string }[]).some((k) => k.name === 'signing.secret'));
  });

  test('runs custom source → transform gated by a custom predicate → custom converter into Kafka, with a secret from a custom provider', async () => {
    const records = await consumeAll(greetingsTopic, { expected: 6, timeoutMs: 60_000 });
    const rows = records.map((r) => ({ key: r.key?.toString(), cells: r.value!.toString().split(',') }));
    assert.deepEqual(rows.map((r) => r.key), ['alice', 'bob', 'carol', 'alice', 'bob', 'carol']);
    assert.deepEqual(rows.map((r) => r.cells.slice(0, 3)), [
      ['1', 'alice', 'Howdy alice!'], ['2', 'bob', 'Howdy bob'], ['3', 'carol', 'Howdy carol'],
      ['4', 'alice', 'Howdy alice!'], ['5', 'bob', 'Howdy bob'], ['6', 'carol', 'Howdy carol'],
    ]);
    // The source signed each message with the secret the provider resolved.
    for (const r of rows) {
      const message = r.cells[2]!.replace(/!$/, '');
      assert.equal(r.cells[3], createHmac('sha256', secret).update(message).digest('hex'));
    }
  });

  test('REST shows the raw ${…} variables; neither REST nor the log holds the secret', async () => {
    const info = await getJson(`${worker.restUrl}/connectors/greetings`);
    assert.equal(info.status, 200);
    assert.equal(info.body.config['signing.secret'], `\${json:${secretsFile}:signing.secret}`);
    assert.equal(info.body.config.greeting, '${env:GREETING_WORD}');
    for (const path of ['/connectors/greetings', '/connectors/greetings/config', '/connectors/greetings/tasks',
      '/connectors/greetings/status', '/connectors?expand=info&expand=status']) {
      const res = await fetch(`${worker.restUrl}${path}`);
      const text = await res.text();
      assert.ok(!text.includes(secret), `${path} shows the secret`);
    }
    assert.ok(!worker.output().includes(secret), 'the worker log shows the secret');
  });

  test('an ambiguous alias is refused with the candidates; a missing class names plugin.path', async () => {
    const base = { 'connector.class': 'WordsSource', topic: wordsTopic, 'tasks.max': '1' };
    const ambiguous = await send('PUT', `${worker.restUrl}/connectors/tagged/config`, { ...base, transforms: 't', 'transforms.t.type': 'Tagger' });
    assert.ok(ambiguous.status >= 400, JSON.stringify(ambiguous.body));
    assert.match(JSON.stringify(ambiguous.body), /com\.a\.Tagger.*com\.b\.Tagger/);
    const missing = await send('PUT', `${worker.restUrl}/connectors/missing/config`, { ...base, 'connector.class': 'com.example.NoSuchConnector' });
    assert.ok(missing.status >= 400, JSON.stringify(missing.body));
    assert.ok(missing.body.message.includes('com.example.NoSuchConnector'));
    assert.ok(missing.body.message.includes(prepared.dir), missing.body.message);
  });

  test('a plugin dropped into plugin.path is usable without a restart', async () => {
    const config = {
      'connector.class': 'com.example.words.WordsSourceConnector',
      'tasks.max': '1',
      topic: wordsTopic,
      words: 'hello,world',
      transforms: 'stamp,echo',
      'transforms.stamp.type': 'LateStamp',
      'transforms.stamp.stamp': 'dropped-in',
      'transforms.echo.type': 'Echo',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
    };
    const before = await send('PUT', `${worker.restUrl}/connectors/words/config`, config);
    assert.ok(before.status >= 400, 'LateStamp is not there yet');
    await cp(join(FIXTURES, 'late', 'late-stamp.mjs'), join(prepared.dir, 'late-stamp.mjs'));
    await worker.waitForOutput(/Loaded plugin [^\n"]*late-stamp\.mjs/, 30_000);
    const created = (await eventually(async () => {
      const r = await send('PUT', `${worker.restUrl}/connectors/words/config`, config);
      return r.status < 300 ? r : undefined;
    }, 15_000, 'the connector using the dropped-in plugin to be accepted'))!;
    assert.equal(created.body.name, 'words');
    const records = await consumeAll(wordsTopic, { expected: 2, timeoutMs: 60_000 });
    // words-source shouts with shout-lib 1.0.0 ("!"), Echo again with 2.0.0 ("!!"): each its own copy.
    assert.deepEqual(records.map((r) => r.value!.toString()), ['HELLO!!!', 'WORLD!!!']);
    assert.deepEqual(records.map((r) => r.headers['stamp']?.toString()), ['dropped-in', 'dropped-in']);
  });
});
