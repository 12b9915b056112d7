// `kconnect new-plugin`: every kind of generated package compiles, passes its own test, and loads
// from plugin.path. node_modules is linked the way `npm install` links this repo (no network);
// docs/plugins.md shows the real `npm install` flow.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { generatePlugin, newPluginCommand, PLUGIN_KINDS, pluginNames, sdkRange } from '../../src/cli/newPlugin.js';
import { loadPluginPath } from '../../src/plugins/PluginLoader.js';
import { PluginRegistry } from '../../src/plugins/PluginRegistry.js';
import { memoryLogger, REPO_ROOT } from '../fixtures/plugins/pluginPath.js';

const run = promisify(execFile);

async function linkDevDependencies(dir: string): Promise<void> {
  await mkdir(join(dir, 'node_modules'));
  await symlink(REPO_ROOT, join(dir, 'node_modules', 'kconnect'), 'dir');
  await symlink(join(REPO_ROOT, 'node_modules', 'typescript'), join(dir, 'node_modules', 'typescript'), 'dir');
  await symlink(join(REPO_ROOT, 'node_modules', '@types'), join(dir, 'node_modules', '@types'), 'dir');
}

/** Captures console.log/error while fn runs. */
async function captured(fn: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  console.error = (...a: unknown[]) => lines.push(a.join(' '));
  try {
    return { code: await fn(), out: lines.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('kconnect new-plugin', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kconnect-new-plugin-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  for (const kind of PLUGIN_KINDS) {
    test(`${kind}: compiles and its test passes`, async () => {
      const dir = join(root, 'plugins', `acme-${kind}`);
      await generatePlugin(kind, `acme-${kind}`, dir);
      await linkDevDependencies(dir);
      await run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir });
      const env = { ...process.env };
      delete env['NODE_TEST_CONTEXT'];
      const { stdout } = await run(process.execPath, ['--test', '--test-reporter=tap', join('dist', 'test', 'plugin.test.js')], { cwd: dir, env });
      assert.match(stdout, /# pass 2\n# fail 0/);
      await rm(join(dir, 'node_modules'), { recursive: true });
    });
  }

  test('all generated plugins load from plugin.path, under names derived from the package name', async () => {
    const registry = new PluginRegistry();
    const report = await loadPluginPath(registry, [join(root, 'plugins')], memoryLogger());
    assert.deepEqual(report.failed, []);
    assert.deepEqual(registry.list().map((p) => `${p.type} ${p.className} ${p.version}`).sort(), [
      'config_provider acme.config.provider.AcmeConfigProvider 0.1.0',
      'converter acme.converter.AcmeConverter 0.1.0',
      'predicate acme.predicate.AcmePredicate 0.1.0',
      'sink acme.sink.AcmeSinkConnector 0.1.0',
      'source acme.source.AcmeSourceConnector 0.1.0',
      'transformation acme.transform.AcmeTransform 0.1.0',
    ]);
    assert.ok(registry.resolve('AcmeSource', ['source', 'sink']));
  });

  test('the manifest: kconnect.plugins, the SDK range as an optional peer dependency', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'plugins', 'acme-source', 'package.json'), 'utf8'));
    assert.deepEqual(pkg.kconnect, { plugins: './dist/src/index.js' });
    assert.equal(pkg.type, 'module');
    assert.deepEqual(pkg.peerDependencies, { kconnect: sdkRange() });
    assert.deepEqual(pkg.peerDependenciesMeta, { kconnect: { optional: true } });
    assert.equal(sdkRange('0.1.7'), '^0.1.0');
    assert.equal(sdkRange('2.3.4'), '^2.3.0');
  });

  test('names: package name → namespace and class base', () => {
    assert.deepEqual(pluginNames('@acme/orders-db'), { pkg: '@acme/orders-db', namespace: 'acme.orders.db', base: 'OrdersDb' });
    assert.deepEqual(pluginNames('kafka2pg'), { pkg: 'kafka2pg', namespace: 'kafka2pg', base: 'Kafka2pg' });
  });

  test('the command: usage errors, --dir, and refusing a non-empty folder', async () => {
    assert.equal((await captured(() => newPluginCommand([]))).code, 2);
    const badKind = await captured(() => newPluginCommand(['widget', 'x']));
    assert.equal(badKind.code, 2);
    assert.match(badKind.out, /unknown kind "widget"; use one of source, sink, transform, predicate, converter, config-provider/);
    const badName = await captured(() => newPluginCommand(['source', 'My Plugin']));
    assert.equal(badName.code, 2);
    assert.match(badName.out, /is not an npm package name/);
    const dir = join(root, 'cli', 'x');
    const ok = await captured(() => newPluginCommand(['predicate', 'only-eu', '--dir', dir]));
    assert.equal(ok.code, 0, ok.out);
    assert.match(ok.out, /Created only-eu, a kconnect predicate only\.eu\.OnlyEu/);
    assert.match(await readFile(join(dir, 'src', 'index.ts'), 'utf8'), /className: 'only\.eu\.OnlyEu'/);
    await writeFile(join(dir, 'extra'), '');
    const again = await captured(() => newPluginCommand(['predicate', 'only-eu', '--dir', dir]));
    assert.equal(again.code, 1);
    assert.match(again.out, /already exists and is not empty/);
  });
});
