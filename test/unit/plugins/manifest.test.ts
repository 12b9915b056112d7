import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceConnector } from '../../../src/api/Connector.js';
import { ConfigDef } from '../../../src/api/ConfigDef.js';
import { SourceTask } from '../../../src/api/tasks.js';
import {
  definitionsProblem,
  exportedDefinitions,
  implProblem,
  packageJsonProblem,
  sdkVersionProblem,
  withDefaultVersion,
} from '../../../src/plugins/manifest.js';

class Task extends SourceTask {
  version() { return '1'; }
  start() {}
  async poll() { return null; }
  stop() {}
}
class Source extends SourceConnector {
  version() { return '1'; }
  start() {}
  taskClass() { return Task; }
  taskConfigs() { return []; }
  stop() {}
  config() { return new ConfigDef(); }
}
class Transform {
  configure() {}
  apply(r: unknown) { return r; }
  config() { return new ConfigDef(); }
  close() {}
}

test('a package.json manifest needs "kconnect": { "plugins": <path> }', () => {
  assert.equal(packageJsonProblem({ name: 'x', kconnect: { plugins: './dist/index.js' } }), undefined);
  assert.match(packageJsonProblem({ name: 'x' })!, /package\.json must have property "kconnect"/);
  assert.match(packageJsonProblem({ kconnect: { plugins: 42 } })!, /package\.json field "kconnect\.plugins" must be string/);
  assert.match(packageJsonProblem({ kconnect: 'yes' })!, /package\.json field "kconnect" must be object/);
  assert.match(packageJsonProblem({ kconnect: { plugins: 'x.js' }, peerDependencies: { kconnect: 1 } })!,
    /"peerDependencies\.kconnect" must be string/);
});

test('definitions: a known type, a full class name, an impl with the methods of its type', () => {
  assert.equal(definitionsProblem([
    { type: 'source', className: 'com.x.Source', impl: Source },
    { type: 'transformation', className: 'com.x.T', aliases: ['T2'], version: '1.0', impl: Transform },
  ]), undefined);
  assert.match(definitionsProblem([])!, /plugins must NOT have fewer than 1 items/);
  assert.match(definitionsProblem([{ type: 'sourcе', className: 'a.B', impl: Source }])!,
    /plugins\[0\]\.type must be one of source, sink, transformation, predicate, converter, header_converter, config_provider/);
  assert.match(definitionsProblem([{ type: 'source', impl: Source }])!, /plugins\[0\] must have property "className"/);
  assert.match(definitionsProblem([{ type: 'source', className: 'has space', impl: Source }])!, /plugins\[0\]\.className must match pattern/);
  assert.match(definitionsProblem([{ type: 'source', className: 'a.B', aliases: [''], impl: Source }])!, /plugins\[0\]\.aliases\[0\]/);
  assert.match(definitionsProblem([{ type: 'source', className: 'a.B', impl: {} }])!,
    /plugins\[0\]\.impl: impl must be a class/);
  assert.match(definitionsProblem([{ type: 'transformation', className: 'a.B', impl: Transform }, { type: 'sink', className: 'a.C', impl: Transform }])!,
    /plugins\[1\]\.impl: impl Transform is not a sink plugin: it has no initialize, version, start, taskClass, taskConfigs, stop methods/);
});

test('implProblem checks the prototype chain (inherited methods count)', () => {
  assert.equal(implProblem('source', Source), undefined);
  assert.equal(implProblem('predicate', class { configure() {} test() { return true; } config() {} close() {} }), undefined);
  assert.match(implProblem('converter', class Half { configure() {} })!, /impl Half is not a converter plugin: it has no fromConnectData, toConnectData methods/);
  assert.match(implProblem('config_provider', () => undefined)!, /impl must be a class/);
});

test('a module exports plugins as an array or a manifest, named or default', () => {
  const defs = [{ type: 'source' }];
  assert.equal(exportedDefinitions({ plugins: defs }), defs);
  assert.equal(exportedDefinitions({ plugins: { plugins: defs } }), defs);
  assert.equal(exportedDefinitions({ default: defs }), defs);
  assert.equal(exportedDefinitions({ default: { plugins: defs } }), defs);
  assert.equal(exportedDefinitions({ something: defs }), undefined);
  assert.equal(exportedDefinitions({ plugins: 'nope' }), undefined);
});

test('the version clash rule: peerDependencies.kconnect (else dependencies.kconnect) must admit the runtime', () => {
  const pkg = (peer?: string, dep?: string) => ({
    kconnect: { plugins: 'x.js' },
    ...(peer ? { peerDependencies: { kconnect: peer } } : {}),
    ...(dep ? { dependencies: { kconnect: dep } } : {}),
  });
  assert.equal(sdkVersionProblem(pkg(), '0.1.0'), undefined);
  assert.equal(sdkVersionProblem(pkg('^0.1.0'), '0.1.3'), undefined);
  assert.equal(sdkVersionProblem(pkg('^0.2.0'), '0.1.3'), 'requires kconnect ^0.2.0, but this worker runs kconnect 0.1.3');
  assert.equal(sdkVersionProblem(pkg(undefined, '>=1'), '0.1.3'), 'requires kconnect >=1, but this worker runs kconnect 0.1.3');
  assert.equal(sdkVersionProblem(pkg('^0.1.0', '>=1'), '0.1.3'), undefined, 'peerDependencies wins');
  assert.equal(sdkVersionProblem(pkg(undefined, 'file:../kconnect'), '0.1.3'), undefined, 'a local install is not a range');
  assert.match(sdkVersionProblem(pkg('latest please'), '0.1.3')!, /is not a semver range/);
});

test('definitions without a version take the package version', () => {
  const out = withDefaultVersion([
    { type: 'source', className: 'a.B', impl: Source },
    { type: 'source', className: 'a.C', version: '9', impl: Source },
  ], '1.2.3');
  assert.deepEqual(out.map((d) => d.version), ['1.2.3', '9']);
});
