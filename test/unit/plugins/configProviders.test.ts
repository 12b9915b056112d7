import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConfigData, ConfigProvider } from '../../../src/api/ConfigProvider.js';
import {
  configProviderSpecs,
  configVariables,
  instantiateConfigProviders,
  resolveConfig,
  reverseTransform,
  transformConfig,
} from '../../../src/config/configProviders.js';
import { DirectoryConfigProvider, EnvVarConfigProvider, FileConfigProvider, plugins } from '../../../src/config/providers/index.js';
import { ConfigException } from '../../../src/data/errors.js';
import { PluginRegistry } from '../../../src/plugins/PluginRegistry.js';
import { memoryLogger } from '../../fixtures/plugins/pluginPath.js';

/** A provider answering from a fixed table, recording what it was asked. */
class TableProvider implements ConfigProvider {
  calls: { path: string; keys: string[] }[] = [];
  constructor(private readonly table: Record<string, Record<string, string>>, private readonly ttl?: number) {}
  configure(): void {}
  get(path: string, keys?: Set<string>): ConfigData {
    this.calls.push({ path, keys: [...(keys ?? [])].sort() });
    const data: Record<string, string> = {};
    for (const k of keys ?? []) if (this.table[path]?.[k] !== undefined) data[k] = this.table[path]![k]!;
    return this.ttl === undefined ? { data } : { data, ttl: this.ttl };
  }
}

describe('variable syntax', () => {
  test("Kafka's pattern: ${provider:[path:]key}", () => {
    assert.deepEqual(configVariables('${file:/etc/creds.properties:password}'),
      [{ text: '${file:/etc/creds.properties:password}', provider: 'file', path: '/etc/creds.properties', key: 'password' }]);
    assert.deepEqual(configVariables('${env:HOME}'), [{ text: '${env:HOME}', provider: 'env', path: '', key: 'HOME' }]);
    assert.deepEqual(configVariables('${env::HOME}'), [{ text: '${env::HOME}', provider: 'env', path: '', key: 'HOME' }]);
    // The path ends at the first colon after the provider, as Kafka's lazy groups make it.
    assert.deepEqual(configVariables('${vault:secret/db:pass:word}').map((v) => [v.path, v.key]), [['secret/db', 'pass:word']]);
    assert.deepEqual(configVariables('jdbc://${env:HOST}:${env:PORT}/db').map((v) => v.key), ['HOST', 'PORT']);
    assert.deepEqual(configVariables('${nocolon} $env:X} ${}'), []);
  });
});

describe('transformConfig / resolveConfig', () => {
  const vault = () => new TableProvider({ 'db': { user: 'scott', password: 'tiger' }, '': { token: 't0k' } });

  test('replaces known variables, anywhere in a value, several per value', async () => {
    const out = await resolveConfig({
      'connection.url': 'postgres://${vault:db:user}:${vault:db:password}@host/db',
      token: '${vault:token}',
      plain: 'no variables',
    }, new Map([['vault', vault()]]));
    assert.deepEqual(out, { 'connection.url': 'postgres://scott:tiger@host/db', token: 't0k', plain: 'no variables' });
  });

  test('leaves unknown providers and keys as written, as Kafka does', async () => {
    const log = memoryLogger();
    const out = await resolveConfig({
      a: '${nosuch:db:user}',
      b: '${vault:db:nosuchkey}',
      c: '${vault:nosuchpath:user}',
    }, new Map([['vault', vault()]]), log);
    assert.deepEqual(out, { a: '${nosuch:db:user}', b: '${vault:db:nosuchkey}', c: '${vault:nosuchpath:user}' });
    assert.ok(log.lines.some((l) => l.level === 'warn' && l.msg.includes('${vault:db:nosuchkey}') && l.msg.includes('"b"')));
  });

  test('asks each provider once per path, for all the keys wanted there, and keeps the smallest ttl', async () => {
    const p = new TableProvider({ db: { user: 'u', password: 'p' } }, 5000);
    const { data, ttls } = await transformConfig({ a: '${v:db:user}', b: '${v:db:password}', c: '${v:db:user}' }, new Map([['v', p]]));
    assert.deepEqual(data, { a: 'u', b: 'p', c: 'u' });
    assert.deepEqual(p.calls, [{ path: 'db', keys: ['password', 'user'] }]);
    assert.deepEqual([...ttls], [['db', 5000]]);
  });

  test('a failing provider fails the resolution', async () => {
    const failing: ConfigProvider = { configure() {}, get() { throw new ConfigException('Could not read properties from file /x'); } };
    await assert.rejects(resolveConfig({ a: '${f:/x:k}' }, new Map([['f', failing]])), /Could not read properties from file \/x/);
  });

  test('never logs a resolved value', async () => {
    const log = memoryLogger();
    await resolveConfig({ password: '${vault:db:password}', other: '${vault:db:nope}' }, new Map([['vault', vault()]]), log);
    assert.ok(log.lines.length > 0);
    assert.ok(!log.text().includes('tiger'));
  });

  test('reverseTransform puts the raw variables back into task configs', () => {
    const raw = { 'connection.password': '${file:/etc/c.properties:pw}', topic: 't' };
    const tasks = reverseTransform(raw, [{ 'connection.password': 'secret', topic: 't', 'task.id': '0' }, { topic: 't' }]);
    assert.deepEqual(tasks, [{ 'connection.password': '${file:/etc/c.properties:pw}', topic: 't', 'task.id': '0' }, { topic: 't' }]);
  });
});

describe('worker config: config.providers', () => {
  const registry = new PluginRegistry();
  for (const def of plugins) registry.register(def, 'builtin');

  test('specs: names, classes and params', () => {
    assert.deepEqual(configProviderSpecs({
      'config.providers': 'file, env',
      'config.providers.file.class': 'FileConfigProvider',
      'config.providers.file.param.allowed.paths': '/etc',
      'config.providers.env.class': 'EnvVarConfigProvider',
    }), [
      { name: 'file', className: 'FileConfigProvider', params: { 'allowed.paths': '/etc' } },
      { name: 'env', className: 'EnvVarConfigProvider', params: {} },
    ]);
  });

  test('instantiates the built-ins by Java class name or alias, and configures them', () => {
    const providers = instantiateConfigProviders({
      'config.providers': 'file,env,dir',
      'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
      'config.providers.env.class': 'EnvVarConfigProvider',
      'config.providers.dir.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    }, registry);
    assert.ok(providers.get('file') instanceof FileConfigProvider);
    assert.ok(providers.get('env') instanceof EnvVarConfigProvider);
    assert.ok(providers.get('dir') instanceof DirectoryConfigProvider);
  });

  test('a name without a class is skipped with a warning; an unknown class is a ConfigException', () => {
    const log = memoryLogger();
    assert.equal(instantiateConfigProviders({ 'config.providers': 'vault' }, registry, log).size, 0);
    assert.ok(log.lines.some((l) => l.level === 'warn' && l.msg.includes('config.providers.vault.class is not set')));
    assert.throws(() => instantiateConfigProviders({ 'config.providers': 'vault', 'config.providers.vault.class': 'com.example.Vault' }, registry),
      /Invalid value com\.example\.Vault for configuration config\.providers\.vault\.class: Could not load config provider class or one of its dependencies: Failed to find any class that implements ConfigProvider/);
  });

  test('a provider that rejects its params is a ConfigException naming it', () => {
    assert.throws(() => instantiateConfigProviders({
      'config.providers': 'file',
      'config.providers.file.class': 'FileConfigProvider',
      'config.providers.file.param.allowed.paths': 'relative/path',
    }, registry), /Config provider "file" \(FileConfigProvider\) failed to configure: Path relative\/path is not absolute/);
  });
});

describe('built-in providers', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kconnect-providers-'));
    await writeFile(join(dir, 'creds.properties'), '# db\nuser=scott\npassword = tig\\u0065r\nempty=\n');
    await mkdir(join(dir, 'secrets'));
    await writeFile(join(dir, 'secrets', 'db-password'), 'hunter2\n');
    await writeFile(join(dir, 'secrets', 'api-key'), 'k');
    await mkdir(join(dir, 'secrets', 'nested'));
    await symlink(join(dir, 'secrets', 'api-key'), join(dir, 'secrets', 'linked-key'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('FileConfigProvider: ${file:/path/creds.properties:password}', async () => {
    const file = new FileConfigProvider();
    file.configure({});
    const providers = new Map([['file', file]]);
    const path = join(dir, 'creds.properties');
    assert.deepEqual(await resolveConfig({ u: `\${file:${path}:user}`, p: `\${file:${path}:password}`, e: `\${file:${path}:empty}` }, providers),
      { u: 'scott', p: 'tiger', e: '' });
    assert.deepEqual((await file.get(path)).data, { user: 'scott', password: 'tiger', empty: '' });
    await assert.rejects(file.get(join(dir, 'missing.properties'), new Set(['x'])), /Could not read properties from file .*missing\.properties/);
    assert.deepEqual(await file.get('', new Set(['x'])), { data: {} });
  });

  test('FileConfigProvider: allowed.paths limits what it reads', async () => {
    const file = new FileConfigProvider();
    file.configure({ 'allowed.paths': join(dir, 'secrets') });
    assert.deepEqual(await file.get(join(dir, 'creds.properties'), new Set(['user'])), { data: {} });
    assert.deepEqual(await file.get(join(dir, 'secrets', '..', 'creds.properties'), new Set(['user'])), { data: {} });
    assert.throws(() => new FileConfigProvider().configure({ 'allowed.paths': join(dir, 'nope') }), /does not exist/);
    await assert.rejects(async () => new FileConfigProvider().get('/x'), /The provider has not been configured yet/);
  });

  test('DirectoryConfigProvider: ${dir:/path:file} reads regular files (following links)', async () => {
    const d = new DirectoryConfigProvider();
    d.configure({});
    const secrets = join(dir, 'secrets');
    assert.deepEqual(await resolveConfig({ pw: `\${dir:${secrets}:db-password}`, k: `\${dir:${secrets}:linked-key}` }, new Map([['dir', d]])),
      { pw: 'hunter2\n', k: 'k' });
    assert.deepEqual(Object.keys((await d.get(secrets)).data).sort(), ['api-key', 'db-password', 'linked-key']);
    assert.deepEqual(await d.get(join(dir, 'creds.properties')), { data: {} }, 'not a directory');
    const limited = new DirectoryConfigProvider();
    limited.configure({ 'allowed.paths': join(secrets, 'nested') });
    assert.deepEqual(await limited.get(secrets), { data: {} });
  });

  test('EnvVarConfigProvider: ${env:NAME} and ${env::NAME}; a path is an error; allowlist.pattern', async () => {
    const env = new EnvVarConfigProvider({ DB_PASSWORD: 'pw', HOME: '/home/x' });
    env.configure({});
    const providers = new Map([['env', env]]);
    assert.deepEqual(await resolveConfig({ a: '${env:DB_PASSWORD}', b: '${env::HOME}', c: '${env:NOPE}' }, providers),
      { a: 'pw', b: '/home/x', c: '${env:NOPE}' });
    await assert.rejects(resolveConfig({ a: '${env:some/path:HOME}' }, providers),
      /Path is not supported for EnvVarConfigProvider, invalid value 'some\/path'/);
    const limited = new EnvVarConfigProvider({ DB_PASSWORD: 'pw', HOME: '/home/x' });
    limited.configure({ 'allowlist.pattern': 'DB_.*' });
    assert.deepEqual(limited.get(''), { data: { DB_PASSWORD: 'pw' } });
    const partial = new EnvVarConfigProvider({ XDB_X: '1' });
    partial.configure({ 'allowlist.pattern': 'DB_.*' });
    assert.deepEqual(partial.get(''), { data: {} }, 'the pattern must match the whole name');
  });
});
