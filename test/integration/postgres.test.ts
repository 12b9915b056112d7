// A round trip through a real worker and a real broker: a PostgreSQL table → PostgresSource
// (timestamp+incrementing) → Kafka (JsonConverter, schemas on) → JdbcSinkConnector (upsert) → another
// table, compared row by row; updates follow; a restart resumes from the stored offsets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRegistry } from '../../src/plugins/builtins.js';
import { consumeAll, uniqueTopic } from '../helpers/kafka.js';
import { PG, PG_URL, testDatabase, uniqueTable } from '../helpers/postgres.js';
import { eventually, getJson, startStandaloneWorker } from '../helpers/worker.js';

const database = testDatabase();
const source = database.track(uniqueTable('rt_src'));
const dest = database.track(uniqueTable('rt_dest'));

/** The worker finds the connectors among its built-ins, or else (until they are registered there) through plugin.path. */
function pluginProps(): Record<string, string> {
  if (builtinRegistry().find('PostgresSource')) return {};
  return { 'plugin.path': resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'connectors', 'postgres', 'index.js') };
}

// Both sides, normalised to text: the source's timestamptz column is written to a TIMESTAMP column
// in UTC (Confluent's mapping), NUMERIC(10,2) to an unconstrained DECIMAL.
const SELECT_SOURCE = (t: string): string => `SELECT id, name, price::numeric(12,2)::text AS price, qty, big::text AS big, ratio, active, data,
  to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS') AS created, to_char(modified, 'YYYY-MM-DD HH24:MI:SS.MS') AS modified,
  day::text AS day, at::text AS at, uid::text AS uid, doc::text AS doc, note FROM "${t}" ORDER BY id`;
const SELECT_DEST = (t: string): string => `SELECT id, name, price::numeric(12,2)::text AS price, qty, big::text AS big, ratio, active, data,
  to_char(created, 'YYYY-MM-DD HH24:MI:SS.MS') AS created, to_char(modified, 'YYYY-MM-DD HH24:MI:SS.MS') AS modified,
  day::text AS day, at::text AS at, uid AS uid, doc, note FROM "${t}" ORDER BY id`;

async function insertRows(from: number, to: number): Promise<void> {
  await database.client.query(`INSERT INTO "${source}" (id, name, price, qty, big, ratio, active, data, created, modified, day, at, uid, doc, note)
    SELECT g, 'name ' || g || ' ''quoted'' ☃', g * 1.25, g % 7, 9007199254740993 + g, g / 3.0, g % 2 = 0, decode(lpad(to_hex(g), 8, '0'), 'hex'),
           timestamptz '2024-03-01 12:00:00+00' + g * interval '1.5 seconds', date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC'),
           date '2024-01-01' + g, time '08:00:00' + g * interval '1 second', gen_random_uuid(), jsonb_build_object('g', g),
           CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END
      FROM generate_series(${from}, ${to}) g`);
}

test('table → Kafka (JsonConverter) → table through a real worker: equal rows, updates follow, restarts resume', async () => {
  await database.client.query(`CREATE TABLE "${source}" (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, qty smallint NOT NULL,
    big bigint NOT NULL, ratio double precision, active boolean NOT NULL, data bytea, created timestamptz NOT NULL, modified timestamp NOT NULL,
    day date, at time, uid uuid, doc jsonb, note varchar(40))`);
  await insertRows(1, 300);

  const prefix = `${uniqueTopic('pgrt')}-`;
  const topic = prefix + source;
  const connectors: Record<string, string>[] = [
    {
      name: `pg-source-${source}`, 'connector.class': 'io.confluent.connect.jdbc.JdbcSourceConnector', 'tasks.max': '1',
      'connection.url': PG_URL, 'connection.user': PG.user, 'table.whitelist': source, mode: 'timestamp+incrementing',
      'timestamp.column.name': 'modified', 'incrementing.column.name': 'id', 'topic.prefix': prefix, 'poll.interval.ms': '200',
      'batch.max.rows': '50',
    },
    {
      name: `pg-sink-${dest}`, 'connector.class': 'PostgresSink', 'tasks.max': '1', topics: topic,
      'connection.url': PG_URL, 'connection.user': PG.user, 'table.name.format': dest, 'insert.mode': 'upsert',
      'pk.mode': 'record_value', 'pk.fields': 'id', 'auto.create': 'true', 'auto.evolve': 'true',
    },
  ];
  const dir = await mkdtemp(join(tmpdir(), 'kconnect-pg-'));
  let worker: Awaited<ReturnType<typeof startStandaloneWorker>> | undefined;
  let difference = '';
  const same = async (what: string, rows: number): Promise<void> => {
    await eventually(async () => {
      const exists = (await database.client.query('SELECT to_regclass($1) AS r', [`"public"."${dest}"`])).rows[0].r;
      if (!exists) return false;
      const [a, b] = [(await database.client.query(SELECT_SOURCE(source))).rows, (await database.client.query(SELECT_DEST(dest))).rows];
      const i = a.findIndex((row, n) => JSON.stringify(row) !== JSON.stringify(b[n]));
      difference = i === -1 ? `${b.length} of ${a.length} rows` : `row ${i}: source ${JSON.stringify(a[i])}, destination ${JSON.stringify(b[i])}`;
      return a.length === rows && b.length === rows && i === -1;
    }, 60000, what).catch((e: Error) => {
      throw new Error(`${e.message}\nlast difference: ${difference}\nworker output:\n${worker?.output().slice(-6000)}`);
    });
  };

  worker = await startStandaloneWorker({ dir, connectors, workerProps: pluginProps(), env: { KCONNECT_LOG_LEVEL: 'info' } });
  try {
    await same('the 300 rows in the destination table', 300);
    const status = await getJson(`${worker.restUrl}/connectors/pg-source-${source}/status`);
    assert.equal(status.body?.tasks?.[0]?.state, 'RUNNING', JSON.stringify(status));

    // Updates (a newer timestamp) and new rows follow.
    await database.client.query(`UPDATE "${source}" SET name = 'renamed ' || id, note = NULL, modified = date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC') WHERE id % 10 = 0`);
    await insertRows(301, 350);
    await same('updates and new rows', 350);
  } finally {
    assert.equal(await worker.stop(), 0);
  }

  // While the worker is down; on restart the source resumes from its offsets file.
  await insertRows(351, 400);
  worker = await startStandaloneWorker({ dir, connectors, workerProps: pluginProps() });
  try {
    await same('rows written while the worker was down', 400);
    const records = await consumeAll(topic);
    assert.equal(records.length, 400 + 30, 'every row once, plus the 30 updates: nothing read twice after the restart');
    const first = JSON.parse(records[0]!.value!.toString()) as { schema: { name: string; fields: { field: string; type: string; name?: string }[] }; payload: Record<string, unknown> };
    assert.equal(first.schema.name, source);
    assert.deepEqual(first.schema.fields.find((f) => f.field === 'price'), {
      field: 'price', type: 'bytes', optional: false, name: 'org.apache.kafka.connect.data.Decimal', version: 1,
      parameters: { scale: '2', 'connect.decimal.precision': '10' },
    });
    assert.equal(first.payload['id'], 1);
    assert.equal(records[0]!.key, null);
  } finally {
    assert.equal(await worker.stop(), 0);
  }
});
