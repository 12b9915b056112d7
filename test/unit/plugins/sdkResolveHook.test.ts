import assert from 'node:assert/strict';
import type { ResolveFnOutput, ResolveHookContext } from 'node:module';
import { test } from 'node:test';
import { initialize, resolve } from '../../../src/plugins/sdkResolveHook.js';

const RUNTIME = 'file:///opt/kconnect/';
initialize({ anchorUrl: `${RUNTIME}dist/src/plugins/PluginLoader.js`, sharedUrls: [`${RUNTIME}dist/`, `${RUNTIME}node_modules/`] });

const context = (parentURL: string | undefined): ResolveHookContext =>
  ({ conditions: ['node', 'import'], importAssertions: {}, importAttributes: {}, parentURL });

/** A stand-in for Node's resolution: records what it was asked, answers with a fixed URL. */
function next(url: string, calls: { specifier: string; parentURL?: string }[], async: boolean) {
  return (specifier: string, ctx?: Partial<ResolveHookContext>) => {
    calls.push({ specifier, parentURL: ctx?.parentURL });
    const out: ResolveFnOutput = { url, format: 'module' };
    return async ? Promise.resolve(out) : out;
  };
}

for (const mode of ['sync (registerHooks)', 'async (register)'] as const) {
  const async = mode.startsWith('async');

  test(`${mode}: kconnect resolves from inside the runtime, whoever imports it`, async () => {
    const calls: { specifier: string; parentURL?: string }[] = [];
    const out = await resolve('kconnect', context('file:///plugins/p/index.js?kconnect-gen=3'), next(`${RUNTIME}dist/src/api/index.js`, calls, async));
    assert.deepEqual(calls, [{ specifier: 'kconnect', parentURL: `${RUNTIME}dist/src/plugins/PluginLoader.js` }]);
    assert.equal(out.url, `${RUNTIME}dist/src/api/index.js`, 'no reload marker on the SDK');
    await resolve('kconnect/package.json', context('file:///plugins/p/index.js'), next('x', calls, async));
    assert.equal(calls[1]!.parentURL, `${RUNTIME}dist/src/plugins/PluginLoader.js`);
  });

  test(`${mode}: other imports resolve from the importer; a reloaded plugin's files inherit its marker`, async () => {
    const calls: { specifier: string; parentURL?: string }[] = [];
    const parent = 'file:///plugins/p/index.js?kconnect-gen=7';
    const own = await resolve('./lib.js', context(parent), next('file:///plugins/p/lib.js', calls, async));
    assert.equal(calls[0]!.parentURL, parent);
    assert.equal(own.url, 'file:///plugins/p/lib.js?kconnect-gen=7');
    const dep = await resolve('shout-lib', context(parent), next('file:///plugins/p/node_modules/shout-lib/index.js', calls, async));
    assert.equal(dep.url, 'file:///plugins/p/node_modules/shout-lib/index.js?kconnect-gen=7');
    const shared = await resolve('pino', context(parent), next(`${RUNTIME}node_modules/pino/pino.js`, calls, async));
    assert.equal(shared.url, `${RUNTIME}node_modules/pino/pino.js`, "the runtime's dependencies are never reloaded");
    const builtin = await resolve('node:fs', context(parent), next('node:fs', calls, async));
    assert.equal(builtin.url, 'node:fs');
    const plain = await resolve('./lib.js', context('file:///plugins/p/index.js'), next('file:///plugins/p/lib.js', calls, async));
    assert.equal(plain.url, 'file:///plugins/p/lib.js');
  });
}
