// Configuration of the PostgreSQL connectors: Confluent's keys, the checks across keys, bad configs
// failing with the key named, URLs, the plugin's class names, and the source connector's tables.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { plugins } from '../../../connectors/postgres/index.js';
import { PostgresSinkConnector } from '../../../connectors/postgres/PostgresSinkConnector.js';
import { PostgresSourceConnector, filterTables, groupPartitions } from '../../../connectors/postgres/PostgresSourceConnector.js';
import { PostgresSourceTask } from '../../../connectors/postgres/PostgresSourceTask.js';
import { parseSinkConfig, parseSourceConfig } from '../../../connectors/postgres/config.js';
import { clientConfig, isConnectionError, parseConnectionUrl, redactUrl } from '../../../connectors/postgres/connection.js';
import { parseQualifiedName, parseTableId, splitQualifiedList } from '../../../connectors/postgres/identifiers.js';
import type { ConfigValue } from '../../../src/api/ConfigDef.js';
import type { ConnectorContext } from '../../../src/api/Connector.js';
import { ConfigException } from '../../../src/data/errors.js';
import { PluginRegistry } from '../../../src/plugins/PluginRegistry.js';
import { MapOffsetReader, PG_URL, connectionProps, sourceContext, testDatabase, uniqueTable } from '../../helpers/postgres.js';

function errorsOf(values: ConfigValue[]): Record<string, string[]> {
  return Object.fromEntries(values.filter((v) => v.errorMessages.length > 0).map((v) => [v.name, v.errorMessages]));
}

function throwsNaming(fn: () => unknown, key: string, pattern?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ConfigException, `a ConfigException, got ${String(e)}`);
    assert.equal(e.key, key);
    assert.ok(e.message.includes(key), `the message names ${key}: ${e.message}`);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

describe('PostgreSQL connector configuration', () => {
  const base = { ...connectionProps(), 'table.whitelist': 'a' };

  it('rejects an unknown mode, naming mode', () => {
    throwsNaming(() => parseSourceConfig({ ...base, mode: 'sometimes' }), 'mode', /String must be one of: , bulk, timestamp, incrementing, timestamp\+incrementing/);
    throwsNaming(() => parseSourceConfig({ ...base }), 'mode', /Query mode must be specified/);
    const errors = errorsOf(new PostgresSourceConnector().validate({ ...base, mode: 'sometimes' }));
    assert.deepEqual(Object.keys(errors), ['mode']);
  });

  it('rejects a timestamp mode without timestamp columns, naming timestamp.column.name', () => {
    throwsNaming(() => parseSourceConfig({ ...base, mode: 'timestamp+incrementing' }), 'timestamp.column.name');
  });

  it('a custom query in an incrementing mode needs incrementing.column.name', () => {
    throwsNaming(() => parseSourceConfig({ ...connectionProps(), mode: 'incrementing', query: 'SELECT * FROM x' }), 'incrementing.column.name');
    throwsNaming(() => parseSourceConfig({ ...connectionProps(), mode: 'bulk', query: 'DELETE FROM x' }), 'query', /Only SELECT/);
    throwsNaming(() => parseSourceConfig({ ...base, mode: 'bulk', query: 'SELECT 1' }), 'query', /table filtering/);
  });

  it('table filters that cannot go together', () => {
    throwsNaming(() => parseSourceConfig({ ...base, mode: 'bulk', 'table.blacklist': 'b' }), 'table.whitelist');
    throwsNaming(() => parseSourceConfig({ ...connectionProps(), mode: 'bulk', 'table.exclude.list': 'x.*' }), 'table.exclude.list');
    throwsNaming(() => parseSourceConfig({ ...connectionProps(), mode: 'bulk', 'table.include.list': '(' }), 'table.include.list');
  });

  it('rejects a connection.url that is not PostgreSQL (as the JDBC class names would receive), naming connection.url', () => {
    const jdbc = { 'connection.url': 'jdbc:mysql://localhost:3306/db', mode: 'bulk' };
    throwsNaming(() => parseSourceConfig(jdbc), 'connection.url', /PostgreSQL only/);
    throwsNaming(() => parseSinkConfig({ 'connection.url': 'jdbc:sqlserver://localhost;databaseName=x' }), 'connection.url', /PostgreSQL only/);
    assert.deepEqual(Object.keys(errorsOf(new PostgresSinkConnector().validate({ 'connection.url': 'jdbc:oracle:thin:@h:1521:x' }))), ['connection.url']);
    throwsNaming(() => parseSinkConfig({}), 'connection.url', /Missing required configuration "connection.url"/);
  });

  it('sink checks across keys', () => {
    const url = { 'connection.url': PG_URL };
    throwsNaming(() => parseSinkConfig({ ...url, 'delete.enabled': 'true', 'pk.mode': 'record_value' }), 'delete.enabled', /record_key/);
    throwsNaming(() => parseSinkConfig({ ...url, 'insert.mode': 'upsert' }), 'pk.mode');
    throwsNaming(() => parseSinkConfig({ ...url, 'pk.mode': 'kafka', 'pk.fields': 'a,b' }), 'pk.fields');
    throwsNaming(() => parseSinkConfig({ ...url, 'insert.mode': 'merge' }), 'insert.mode');
    throwsNaming(() => parseSinkConfig({ ...url, 'pk.mode': 'nope' }), 'pk.mode');
    const c = parseSinkConfig({ ...url, 'insert.mode': 'UPSERT', 'pk.mode': 'RECORD_KEY', 'connection.password': 'secret' });
    assert.equal(c.insertMode, 'upsert');
    assert.equal(c.pkMode, 'record_key');
    assert.equal(c.connection.password, 'secret');
    assert.equal(c.batchSize, 3000);
  });

  it('Confluent\'s defaults', () => {
    const c = parseSourceConfig({ ...base, mode: 'incrementing' });
    assert.equal(c.pollIntervalMs, 5000);
    assert.equal(c.batchMaxRows, 1000);
    assert.equal(c.tablePollIntervalMs, 60000);
    assert.equal(c.numericMapping, 'none');
    assert.equal(c.timestampDelayMs, 0);
    assert.equal(c.topicPrefix, '');
    assert.equal(c.incrementingColumn, '');
  });

  it('never shows the password', () => {
    const values = new PostgresSinkConnector().validate({ 'connection.url': PG_URL, 'connection.password': 'hunter2' });
    const pw = values.find((v) => v.name === 'connection.password')!;
    assert.equal(String(pw.value), '[hidden]');
    assert.ok(!JSON.stringify(values).includes('hunter2'));
  });
});

describe('PostgreSQL URLs and identifiers', () => {
  it('parses the JDBC and libpq URL forms', () => {
    assert.deepEqual(parseConnectionUrl('jdbc:postgresql://db.example:6543/orders?user=u&password=p%40ss&sslmode=require&ApplicationName=app'), {
      host: 'db.example', port: 6543, database: 'orders', user: 'u', password: 'p@ss', ssl: { rejectUnauthorized: false }, application_name: 'app',
    });
    assert.deepEqual(parseConnectionUrl('jdbc:postgresql:orders'), { host: 'localhost', port: 5432, database: 'orders' });
    assert.deepEqual(parseConnectionUrl('jdbc:postgresql://[::1]/x'), { host: '::1', port: 5432, database: 'x' });
    assert.deepEqual(parseConnectionUrl('postgresql://me:pw@h:1/d?currentSchema=app'), {
      host: 'h', port: 1, database: 'd', user: 'me', password: 'pw', options: '-c search_path=app',
    });
    assert.throws(() => parseConnectionUrl('jdbc:postgresql://h1:1,h2:2/d'), /Several hosts/);
    assert.equal(redactUrl('postgresql://me:pw@h/d?password=x'), 'postgresql://me:[hidden]@h/d?password=[hidden]');
  });

  it('the URL wins over connection.user, as with the JDBC driver; session settings are added', () => {
    const cfg = clientConfig({ url: 'jdbc:postgresql://h/d?user=fromurl', user: 'fromkey', password: 'k', timeZone: 'Europe/Paris', attempts: 1, backoffMs: 0 });
    assert.equal(cfg.user, 'fromurl');
    assert.equal(cfg.password, 'k');
    assert.match(cfg.options!, /-c TimeZone=Europe\/Paris -c DateStyle=ISO -c bytea_output=hex/);
  });

  it('parses qualified names with quotes', () => {
    assert.deepEqual(parseQualifiedName('"my.schema"."T""x"'), ['my.schema', 'T"x']);
    assert.deepEqual(parseTableId('db.public.orders'), { schema: 'public', table: 'orders' });
    assert.deepEqual(parseTableId('Orders'), { schema: undefined, table: 'Orders' });
    assert.deepEqual(parseTableId('App.Orders', true), { schema: 'app', table: 'orders' });
    assert.deepEqual(splitQualifiedList('"a,b"."c","public"."d"'), ['"a,b"."c"', '"public"."d"']);
    assert.equal(parseTableId('x'.repeat(70)).table.length, 63);
  });

  it('tells lost connections from rejected statements', () => {
    const withCode = (code: string): Error => Object.assign(new Error('x'), { code });
    assert.ok(isConnectionError(withCode('ECONNREFUSED')));
    assert.ok(isConnectionError(withCode('57P01')));
    assert.ok(isConnectionError(withCode('08006')));
    assert.ok(isConnectionError(new Error('Connection terminated unexpectedly')));
    assert.ok(!isConnectionError(withCode('23505')));
    assert.ok(!isConnectionError(withCode('22001')));
  });
});

describe('PostgreSQL plugins', () => {
  it('registers our class names and Confluent\'s JDBC ones', () => {
    const registry = new PluginRegistry();
    registry.registerManifest({ plugins }, 'builtin');
    for (const name of ['io.kconnect.postgres.PostgresSourceConnector', 'PostgresSource', 'io.confluent.connect.jdbc.JdbcSourceConnector', 'JdbcSourceConnector']) {
      assert.equal(registry.resolve(name, ['source']).impl, PostgresSourceConnector, name);
    }
    for (const name of ['io.kconnect.postgres.PostgresSinkConnector', 'PostgresSink', 'io.confluent.connect.jdbc.JdbcSinkConnector', 'JdbcSinkConnector']) {
      assert.equal(registry.resolve(name, ['sink']).impl, PostgresSinkConnector, name);
    }
  });
});

describe('PostgreSQL source connector: tables and tasks', () => {
  const database = testDatabase();
  const prefix = uniqueTable('disc');
  const names = [`${prefix}_a`, `${prefix}_b`, `${prefix}_c`].map((n) => database.track(n));

  before(async () => {
    for (const n of names.slice(0, 2)) await database.client.query(`CREATE TABLE "${n}" (id serial PRIMARY KEY)`);
  });

  it('groups tables like Kafka\'s ConnectorUtils.groupPartitions', () => {
    assert.deepEqual(groupPartitions([1, 2, 3, 4, 5], 2), [[1, 2, 3], [4, 5]]);
    assert.deepEqual(groupPartitions([1, 2], 2), [[1], [2]]);
  });

  it('filters by whitelist, blacklist, include and exclude lists', () => {
    const all = [{ schema: 'public', table: 'a' }, { schema: 'public', table: 'b' }, { schema: 'other', table: 'c' }];
    const props = { ...connectionProps(), mode: 'bulk' };
    const names = (ts: { schema: string | undefined; table: string }[]): string[] => ts.map((t) => `${t.schema}.${t.table}`);
    assert.deepEqual(names(filterTables(all, parseSourceConfig({ ...props, 'table.whitelist': 'a,"other"."c"' }))), ['public.a', 'other.c']);
    assert.deepEqual(names(filterTables(all, parseSourceConfig({ ...props, 'table.blacklist': 'public.a' }))), ['public.b', 'other.c']);
    assert.deepEqual(names(filterTables(all, parseSourceConfig({ ...props, 'table.include.list': 'public\\..*', 'table.exclude.list': '.*\\.b' }))), ['public.a']);
  });

  it('finds the tables, splits them over tasks.max, and picks up a new table', async () => {
    let reconfigured = 0;
    const context: ConnectorContext = { requestTaskReconfiguration: () => { reconfigured++; }, raiseError: (e) => { throw e; } };
    const connector = new PostgresSourceConnector();
    connector.initialize(context);
    await connector.start({ ...connectionProps(), mode: 'incrementing', 'table.include.list': `public\\.${prefix}_.*`, 'table.poll.interval.ms': '50' });
    try {
      const configs = await connector.taskConfigs(5);
      assert.deepEqual(configs.map((c) => c['tables']), [`"public"."${names[0]}"`, `"public"."${names[1]}"`]);
      assert.equal(configs[0]!['mode'], 'incrementing');
      assert.deepEqual((await connector.taskConfigs(1)).map((c) => c['tables']), [`"public"."${names[0]}","public"."${names[1]}"`]);

      await database.client.query(`CREATE TABLE "${names[2]}" (id serial PRIMARY KEY)`);
      const deadline = Date.now() + 5000;
      while (reconfigured === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(reconfigured, 1);
      assert.equal((await connector.taskConfigs(5)).length, 3);
    } finally {
      await connector.stop();
    }
  });

  it('a task fails to start with the key named when the incrementing column does not exist or may be null', async () => {
    const start = async (props: Record<string, string>): Promise<void> => {
      const task = new PostgresSourceTask();
      task.initialize(sourceContext(new MapOffsetReader()));
      try {
        await task.start({ ...connectionProps(), tables: `"public"."${names[0]}"`, ...props });
      } finally {
        await task.stop();
      }
    };
    await assert.rejects(start({ mode: 'incrementing', 'incrementing.column.name': 'nope' }),
      (e: Error) => e instanceof ConfigException && e.key === 'incrementing.column.name' && /Incrementing column: nope does not exist/.test(e.message));
    await assert.rejects(start({ mode: 'timestamp', 'timestamp.column.name': 'missing_ts' }),
      (e: Error) => e instanceof ConfigException && e.key === 'timestamp.column.name' && /missing_ts do not exist/.test(e.message));
    await database.client.query(`ALTER TABLE "${names[0]}" ADD COLUMN maybe int`);
    await assert.rejects(start({ mode: 'incrementing', 'incrementing.column.name': 'maybe' }),
      (e: Error) => e instanceof ConfigException && e.key === 'incrementing.column.name' && /nullable/.test(e.message));
    await start({ mode: 'incrementing', 'incrementing.column.name': 'maybe', 'validate.non.null': 'false' });
  });
});
