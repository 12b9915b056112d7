import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { SourceConnector } from '../../../src/api/Connector.js';
import { ConnectException } from '../../../src/data/errors.js';
import { loadPluginPath, type PluginLoadReport } from '../../../src/plugins/PluginLoader.js';
import { PluginRegistry } from '../../../src/plugins/PluginRegistry.js';
import { memoryLogger, preparePluginPath, type PreparedPluginPath } from '../../fixtures/plugins/pluginPath.js';

describe('loadPluginPath', () => {
  let prepared: PreparedPluginPath;
  let registry: PluginRegistry;
  let report: PluginLoadReport;
  const logger = memoryLogger();

  before(async () => {
    prepared = await preparePluginPath();
    registry = new PluginRegistry();
    report = await loadPluginPath(registry, [prepared.dir], logger);
  });
  after(() => prepared.cleanup());

  test('loads packages and single files, and records the folder as searched', () => {
    const loaded = report.loaded.map((l) => l.location.slice(prepared.dir.length + 1)).sort();
    assert.deepEqual(loaded, ['echo-transform', 'exclaim.mjs', 'tagger-a.mjs', 'tagger-b.mjs', 'words-source']);
    assert.deepEqual(registry.searchedPaths, [prepared.dir]);
    assert.equal(registry.resolve('com.example.fixtures.Exclaim', ['transformation']).location, join(prepared.dir, 'exclaim.mjs'));
  });

  test('a definition without a version gets its package version', () => {
    assert.equal(registry.resolve('WordsSource', ['source']).version, '1.2.0');
    assert.equal(registry.resolve('Exclaim', ['transformation']).version, '0.0.1');
  });

  test('skips each broken plugin, logging its path and the reason', () => {
    const reasons = new Map(report.failed.map((f) => [f.location.slice(prepared.dir.length + 1), f.reason]));
    assert.deepEqual([...reasons.keys()].sort(),
      ['bad-manifest', 'future-sdk', 'not-a-transform.mjs', 'nothing-exported.mjs', 'throws-on-import']);
    assert.match(reasons.get('throws-on-import')!, /failed to import .*index\.js: boom: this plugin cannot start/);
    assert.match(reasons.get('bad-manifest')!, /invalid package\.json manifest: package\.json field "kconnect" must have property "plugins"/);
    assert.match(reasons.get('future-sdk')!, /requires kconnect \^99\.0\.0, but this worker runs kconnect \d+\.\d+\.\d+/);
    assert.match(reasons.get('nothing-exported.mjs')!, /exports no plugins/);
    assert.match(reasons.get('not-a-transform.mjs')!, /plugins\[0\]\.impl: impl HalfDone is not a transformation plugin: it has no apply method/);
    for (const [name, reason] of reasons) {
      const line = logger.lines.find((l) => l.level === 'error' && l.msg.includes(join(prepared.dir, name)));
      assert.ok(line, `no error logged for ${name}`);
      assert.ok(line.msg.includes(reason), `the log line for ${name} gives the reason`);
    }
  });

  test('files that are not plugins are ignored quietly', () => {
    assert.ok(!logger.lines.some((l) => l.level !== 'debug' && l.msg.includes('README.txt')));
  });

  test('plugins import the SDK of this runtime, without kconnect in their node_modules', () => {
    const { instance } = registry.instantiate<SourceConnector>('WordsSource', ['source']);
    assert.ok(instance instanceof SourceConnector);
  });

  test('each package resolves its own dependencies (two versions of shout-lib side by side)', () => {
    const words = registry.resolve('WordsSource', ['source']).impl as unknown as { shoutVersion: string };
    const echo = registry.resolve('Echo', ['transformation']).impl as unknown as { shoutVersion: string };
    assert.equal(words.shoutVersion, '1.0.0');
    assert.equal(echo.shoutVersion, '2.0.0');
  });

  test('an alias two plugins claim is refused, naming both; full names still work', () => {
    assert.throws(() => registry.resolve('Tagger', ['transformation']), (err: Error) => {
      assert.ok(err instanceof ConnectException);
      assert.match(err.message, /More than one Transformation matches the name "Tagger"/);
      assert.ok(err.message.includes(`com.a.Tagger (${join(prepared.dir, 'tagger-a.mjs')})`));
      assert.ok(err.message.includes(`com.b.Tagger (${join(prepared.dir, 'tagger-b.mjs')})`));
      return true;
    });
    assert.equal(registry.resolve('com.b.Tagger', ['transformation']).className, 'com.b.Tagger');
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /The transformation name "Tagger" is claimed by more than one plugin/.test(l.msg)));
  });

  test('an unknown class names the plugin.path searched', () => {
    assert.throws(() => registry.resolve('com.example.Missing', ['source', 'sink']),
      new RegExp(`Failed to find any class that implements Connector and which name matches com\\.example\\.Missing; plugin\\.path searched: ${prepared.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('a missing plugin.path folder is logged, not fatal', async () => {
    const log = memoryLogger();
    const r = await loadPluginPath(new PluginRegistry(), [join(prepared.dir, 'no-such-folder')], log);
    assert.deepEqual(r, { loaded: [], failed: [] });
    assert.ok(log.lines.some((l) => l.level === 'warn' && l.msg.includes('no-such-folder')));
  });
});
