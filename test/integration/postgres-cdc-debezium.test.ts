// The differential test of the CDC connector: the same tables and the same changes captured by
// Debezium 3.6.1's PostgresConnector in Apache Kafka Connect (scripts/connect-java.sh, the plugin from
// scripts/debezium.sh) and by kconnect, with the same connector config but for the names. Every
// event must be the same, key and value, schema and payload, once timestamps, LSNs and
// transaction ids (which differ between two captures) are taken out.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { fetchKafkaConnect, repoRoot, startRuntime, type RuntimeName, type StartedRuntime } from '../../scripts/bench/lib.js';
import { cdcConfig, dropSlotAndPublication, logicalClient, readEvents, uniqueName, type CdcEvent } from '../helpers/cdc.js';
import { eventually } from '../helpers/worker.js';

let db: pg.Client;
let dir = '';
let pluginPath = '';
const base = uniqueName('dz');
const typesTable = `${base}_types`;
const nopkTable = `${base}_nopk`;
const runs: { name: string; runtime: RuntimeName; started?: StartedRuntime }[] = [
  { name: `${base}_kc`, runtime: 'kconnect' },
  { name: `${base}_dbz`, runtime: 'kafka-connect' },
];

before(async () => {
  fetchKafkaConnect();
  pluginPath = execFileSync('bash', [join(repoRoot, 'scripts', 'debezium.sh'), 'plugin-path'], { encoding: 'utf8' }).trim();
  dir = await mkdtemp(join(tmpdir(), 'cdc-debezium-'));
  db = await logicalClient();
  await db.query(`CREATE TYPE ${base}_mood AS ENUM ('sad', 'ok', 'happy')`);
  await db.query(`CREATE TABLE ${typesTable} (
    id serial PRIMARY KEY, i2 smallint, i8 bigint NOT NULL DEFAULT 7, r real, d double precision,
    n numeric(10,3), nu numeric, b boolean DEFAULT true, t text DEFAULT 'dflt', vc varchar(20), ch char(3),
    ts timestamp, ts3 timestamp(3), tstz timestamptz, tstz3 timestamptz(3), tstz0 timestamptz(0), dt date, tm time, tm3 time(3),
    tmtz timetz, iv interval, js json, jsb jsonb, u uuid, by bytea, arr int[], tarr text[], m ${base}_mood, bt bit(3), bt1 bit(1),
    vb varbit, mon money, x xml, inet1 inet, pt point)`);
  await db.query(`ALTER TABLE ${typesTable} REPLICA IDENTITY FULL`);
  await db.query(`INSERT INTO ${typesTable} (i2,i8,r,d,n,nu,b,t,vc,ch,ts,ts3,tstz,tstz3,tstz0,dt,tm,tm3,tmtz,iv,js,jsb,u,by,arr,tarr,m,bt,bt1,vb,mon,x,inet1,pt) VALUES
    (1, 9007199254740993, 1.5, 2.25, 123.456, -0.00012345, true, 'hé"llo', 'vc', 'ab', '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123',
     '2024-01-02 03:04:05.1+02', '2024-01-02 03:04:05.12+00', '2024-01-02 03:04:05+00', '2024-02-29', '13:14:15.5', '13:14:15.25', '13:14:15+03',
     '1 year 2 mons 3 days 04:05:06.5', '{"a": 1,  "b":[1,2]}', '{"b": [1, 2], "a": 1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\xdeadbeef',
     '{1,2,NULL}', '{"a b","c"}', 'happy', B'100', B'1', B'11', 12.34, '<a>x</a>', '10.0.0.1', '(1,2)')`);
  await db.query(`INSERT INTO ${typesTable} (i8) VALUES (1)`);
  await db.query(`CREATE TABLE ${nopkTable} (a int, b text)`);
  await db.query(`ALTER TABLE ${nopkTable} REPLICA IDENTITY FULL`);
  await db.query(`INSERT INTO ${nopkTable} VALUES (1, 'x')`);
});

after(async () => {
  for (const r of runs) {
    await r.started?.stop();
    await dropSlotAndPublication(db, r.name, `${r.name}_pub`);
  }
  await db.query(`DROP TABLE IF EXISTS ${typesTable}, ${nopkTable}`);
  await db.query(`DROP TYPE IF EXISTS ${base}_mood`);
  await db.end();
  await rm(dir, { recursive: true, force: true });
});

/** What differs between two captures of the same changes: when, where in the WAL, which transaction. */
function normalise(e: CdcEvent, name: string): unknown {
  const text = JSON.stringify(e).split(name).join('PREFIX');
  const out = JSON.parse(text) as CdcEvent;
  const v = out.value;
  if (v) {
    for (const k of ['ts_ms', 'ts_us', 'ts_ns']) delete v[k];
    for (const k of ['ts_ms', 'ts_us', 'ts_ns', 'lsn', 'txId', 'sequence']) delete v.source[k];
  }
  return out;
}

test('the same table changes give the same events through Debezium in Apache Kafka Connect and through kconnect', { timeout: 240_000 }, async () => {
  await Promise.all(runs.map(async (r) => {
    const rdir = await mkdtemp(join(dir, `${r.runtime}-`));
    r.started = await startRuntime(r.runtime, {
      dir: rdir,
      connectors: [cdcConfig(r.name, [typesTable, nopkTable])],
      workerProps: r.runtime === 'kafka-connect' ? { 'plugin.path': pluginPath, 'plugin.discovery': 'service_load', 'offset.flush.interval.ms': '1000' } : { 'offset.flush.interval.ms': '1000' },
    });
  }));
  // both snapshots done and both slots streaming before the changes
  for (const r of runs) {
    await readEvents(`${r.name}.public.${nopkTable}`, 1, 120_000).catch(async (e) => {
      throw new Error(`${r.runtime}: ${(e as Error).message}\n${await r.started!.output()}`);
    });
    await eventually(async () => (await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [r.name])).rowCount === 1, 60_000, `${r.runtime} streaming`);
  }
  await db.query(`UPDATE ${typesTable} SET t = 'upd', n = 1, tstz = '2020-01-01 00:00:00+00' WHERE id = 2`);
  await db.query(`DELETE FROM ${typesTable} WHERE id = 2`);
  await db.query('BEGIN');
  await db.query(`INSERT INTO ${nopkTable} VALUES (2, 'y')`);
  await db.query(`INSERT INTO ${nopkTable} VALUES (3, 'z')`);
  await db.query('COMMIT');
  await db.query(`UPDATE ${nopkTable} SET b = 'q' WHERE a = 1`);
  await db.query(`DELETE FROM ${nopkTable} WHERE a = 3`);
  await db.query(`ALTER TABLE ${nopkTable} ADD COLUMN c int DEFAULT 5`);
  await db.query(`INSERT INTO ${nopkTable} VALUES (4, 'w', 6)`);
  await db.query(`INSERT INTO ${typesTable} (i2, nu, ts, tstz, arr) VALUES (-3, 12345678901234567890.5, '1969-12-31 23:59:59.999999', '1900-06-01 12:00:00+01', '{}')`);

  const expected: Record<string, number> = { [typesTable]: 2 + 2 + 1 + 1, [nopkTable]: 1 + 2 + 1 + 2 + 1 };
  for (const table of [typesTable, nopkTable]) {
    const [kc, dbz] = await Promise.all(runs.map((r) => readEvents(`${r.name}.public.${table}`, expected[table]!, 120_000)));
    assert.equal(kc!.length, dbz!.length, `${table}: as many events`);
    if (process.env.CDC_DIFF_DUMP) for (const [i, e] of dbz!.entries()) console.log('DBZ', JSON.stringify(normalise(e, runs[1]!.name)).slice(0, 3000), '\nKC ', JSON.stringify(normalise(kc![i]!, runs[0]!.name)).slice(0, 3000));
    for (let i = 0; i < dbz!.length; i++) {
      assert.deepEqual(normalise(kc![i]!, runs[0]!.name), normalise(dbz![i]!, runs[1]!.name), `${table}: event ${i + 1} of ${dbz!.length}`);
    }
  }
});
