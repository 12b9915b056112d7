// Change data capture from a real PostgreSQL (wal_level=logical, scripts/postgres-logical.sh) into a
// real Kafka, through connect-standalone with a Debezium PostgresConnector config.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type pg from 'pg';
import { cdcConfig, dropSlotAndPublication, logicalClient, readEvents, topicExists, uniqueName, type CdcEvent } from '../helpers/cdc.js';
import { consumeAll } from '../helpers/kafka.js';
import { eventually, getJson, startStandaloneWorker } from '../helpers/worker.js';

let db: pg.Client;
const cleanup: { slot: string; publication: string; table: string }[] = [];

before(async () => {
  db = await logicalClient();
});

after(async () => {
  for (const c of cleanup) {
    await dropSlotAndPublication(db, c.slot, c.publication);
    await db.query(`DROP TABLE IF EXISTS "${c.table}"`);
  }
  await db.end();
});

function track(name: string, table: string): void {
  cleanup.push({ slot: name, publication: `${name}_pub`, table });
}

const ids = (events: CdcEvent[]) => events.map((e) => (e.value === null ? `tomb:${e.key.id}` : `${e.value.op}:${(e.value.after ?? e.value.before).id}`));

test('snapshot, then inserts, an update with its full before, a delete and its tombstone, a transaction, in commit order; a restart delivers exactly what changed meanwhile', async () => {
  const name = uniqueName('cdc_basic');
  const table = name;
  track(name, table);
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text, price numeric(8,2), at timestamptz)`);
  await db.query(`ALTER TABLE ${table} REPLICA IDENTITY FULL`);
  await db.query(`INSERT INTO ${table} VALUES (1, 'one', 1.10, '2024-05-06 07:08:09.5+00'), (2, 'two', 2.20, NULL), (3, 'three', NULL, NULL)`);
  const topic = `${name}.public.${table}`;
  const config = cdcConfig(name, [table]);
  let worker = await startStandaloneWorker({ connectors: [config] });
  try {
    const snapshot = await readEvents(topic, 3);
    assert.deepEqual(snapshot.map((e) => e.value.op), ['r', 'r', 'r']);
    assert.deepEqual(snapshot.map((e) => e.value.source.snapshot), ['first', 'true', 'last']);
    assert.deepEqual(snapshot.map((e) => e.key), [{ id: 1 }, { id: 2 }, { id: 3 }]);
    assert.equal(snapshot[0]!.value.after.name, 'one');
    assert.equal(snapshot[0]!.value.after.price, 'bg==', 'numeric(8,2) 1.10 is a Connect Decimal: unscaled 110 as big-endian bytes');
    assert.equal(snapshot[0]!.value.after.at, '2024-05-06T07:08:09.500000Z');
    assert.equal(snapshot[0]!.valueSchema.name, `${name}.public.${table}.Envelope`);
    assert.equal(snapshot[0]!.keySchema.name, `${name}.public.${table}.Key`);

    await db.query(`INSERT INTO ${table} VALUES (4, 'four', 4.40, NULL)`);
    await db.query(`UPDATE ${table} SET name = 'TWO' WHERE id = 2`);
    await db.query(`DELETE FROM ${table} WHERE id = 3`);
    await db.query('BEGIN');
    await db.query(`INSERT INTO ${table} VALUES (5, 'five', NULL, NULL)`);
    await db.query(`INSERT INTO ${table} VALUES (6, 'six', NULL, NULL)`);
    await db.query('COMMIT');

    const events = await readEvents(topic, 9);
    assert.deepEqual(ids(events), ['r:1', 'r:2', 'r:3', 'c:4', 'u:2', 'd:3', 'tomb:3', 'c:5', 'c:6']);
    const [, , , c4, u2, d3, tomb, c5, c6] = events as [CdcEvent, CdcEvent, CdcEvent, CdcEvent, CdcEvent, CdcEvent, CdcEvent, CdcEvent, CdcEvent];
    assert.equal(c4.value.source.snapshot, 'false');
    assert.deepEqual(u2.value.before, { id: 2, name: 'two', price: 'ANw=', at: null }, 'REPLICA IDENTITY FULL: the whole old row');
    assert.equal(u2.value.after.name, 'TWO');
    assert.equal(d3.value.before.name, 'three');
    assert.equal(d3.value.after, null);
    assert.deepEqual(tomb.key, { id: 3 });
    assert.equal(tomb.value, null);
    assert.equal(c5.value.source.txId, c6.value.source.txId, 'one transaction, one txId');
    assert.notEqual(c4.value.source.txId, c5.value.source.txId);
    assert.ok(c6.value.source.lsn > c5.value.source.lsn);

    // offsets reach the file, then an orderly stop; two rows change while nothing runs
    await eventually(async () => (await import('node:fs/promises')).readFile(worker.offsetsFile, 'utf8').then((s) => s.includes('lsn_proc')).catch(() => false), 20_000, 'streaming offsets flushed');
    assert.equal(await worker.stop(), 0);
    await db.query(`INSERT INTO ${table} VALUES (7, 'seven', NULL, NULL)`);
    await db.query(`INSERT INTO ${table} VALUES (8, 'eight', NULL, NULL)`);
    worker = await startStandaloneWorker({ dir: worker.dir, connectors: [config] });
    // a sentinel after them: once it is in, anything duplicated or repeated would be too
    await db.query(`INSERT INTO ${table} VALUES (9, 'nine', NULL, NULL)`);
    const all = await readEvents(topic, 12);
    assert.deepEqual(ids(all).slice(9), ['c:7', 'c:8', 'c:9']);
    assert.equal((await consumeAll(topic)).length, 12, 'no snapshot again, nothing twice');
  } finally {
    await worker.stop();
  }
});

test('a table without primary key, and ALTER TABLE mid-stream: the new columns appear in the events and their schema', async () => {
  const name = uniqueName('cdc_alter');
  const table = name;
  track(name, table);
  await db.query(`CREATE TABLE ${table} (a int, b text)`);
  await db.query(`ALTER TABLE ${table} REPLICA IDENTITY FULL`);
  const topic = `${name}.public.${table}`;
  const worker = await startStandaloneWorker({ connectors: [cdcConfig(name, [table], { 'snapshot.mode': 'no_data' })] });
  try {
    await eventually(async () => (await getJson(`${worker.restUrl}/connectors/${name}/status`)).body?.tasks?.[0]?.state === 'RUNNING', 30_000, 'task RUNNING');
    await eventually(async () => (await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [name])).rowCount === 1, 30_000, 'slot active');
    await db.query(`INSERT INTO ${table} VALUES (1, 'x')`);
    await db.query(`ALTER TABLE ${table} ADD COLUMN c int NOT NULL DEFAULT 5`);
    await db.query(`INSERT INTO ${table} VALUES (2, 'y', 6)`);
    await db.query(`ALTER TABLE ${table} DROP COLUMN b`);
    await db.query(`INSERT INTO ${table} VALUES (3, 7)`);
    await db.query(`DELETE FROM ${table} WHERE a = 1`);
    const events = await readEvents(topic, 5);
    for (const e of events) {
      assert.equal(e.key, null, 'no primary key: no key');
      assert.equal(e.keySchema, null);
    }
    assert.deepEqual(events.map((e) => e.value?.op ?? null), ['c', 'c', 'c', 'd', null], 'a delete is followed by its tombstone, with a null key as Debezium sends it');
    assert.deepEqual(events[0]!.value.after, { a: 1, b: 'x' });
    assert.deepEqual(events[1]!.value.after, { a: 2, b: 'y', c: 6 });
    const cField = events[1]!.valueSchema.fields[1].fields.find((f: any) => f.field === 'c');
    assert.deepEqual(cField, { type: 'int32', optional: false, default: 5, field: 'c' });
    assert.deepEqual(events[2]!.value.after, { a: 3, c: 7 });
    assert.deepEqual(events[3]!.value.before, { a: 1, c: 5 });
  } finally {
    await worker.stop();
  }
});

test('the slot and publication are created as configured and the slot dropped on stop with slot.drop.on.stop=true; a missing publication with autocreate disabled fails the task clearly', async () => {
  const name = uniqueName('cdc_slot');
  const table = name;
  track(name, table);
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  const worker = await startStandaloneWorker({ connectors: [cdcConfig(name, [table], { 'slot.drop.on.stop': 'true' })] });
  try {
    await eventually(async () => (await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND plugin = $2', [name, 'pgoutput'])).rowCount === 1, 30_000, 'slot created');
    const pub = await db.query('SELECT tablename FROM pg_publication_tables WHERE pubname = $1', [`${name}_pub`]);
    assert.deepEqual(pub.rows, [{ tablename: table }], 'filtered: the publication holds exactly the captured table');
  } finally {
    assert.equal(await worker.stop(), 0);
  }
  assert.equal((await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [name])).rowCount, 0, 'slot dropped on stop');

  const other = uniqueName('cdc_nopub');
  track(other, table);
  const failing = await startStandaloneWorker({ connectors: [cdcConfig(other, [table], { 'publication.autocreate.mode': 'disabled' })] });
  try {
    const status = await eventually(async () => {
      const s = (await getJson(`${failing.restUrl}/connectors/${other}/status`)).body;
      return s?.tasks?.[0]?.state === 'FAILED' ? s : undefined;
    }, 30_000, 'task FAILED');
    assert.match(status.tasks[0].trace, new RegExp(`Publication '${other}_pub' does not exist and publication.autocreate.mode is disabled`));
    assert.equal((await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [other])).rowCount, 0, 'no slot for a connector that could not start');
  } finally {
    await failing.stop();
  }
});

test('kill -9 during a stream of 10,000 rows: after a restart none is lost, and only the uncommitted tail is delivered again', async () => {
  const name = uniqueName('cdc_kill');
  const table = name;
  track(name, table);
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, pad text)`);
  const topic = `${name}.public.${table}`;
  const config = cdcConfig(name, [table], { 'snapshot.mode': 'no_data', 'max.batch.size': '500' });
  let worker = await startStandaloneWorker({ connectors: [config] });
  const TOTAL = 10_000;
  const PER_TXN = 100;
  let inserted = 0;
  const insertSome = async (txns: number) => {
    for (let i = 0; i < txns && inserted < TOTAL; i++) {
      await db.query(`INSERT INTO ${table} SELECT g, repeat('x', 100) FROM generate_series($1::int, $2::int) g`, [inserted + 1, inserted + PER_TXN]);
      inserted += PER_TXN;
    }
  };
  try {
    await eventually(async () => (await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [name])).rowCount === 1, 30_000, 'slot active');
    await insertSome(40);
    // some offsets committed (offset.flush.interval.ms=1000), more records in flight: then the kill
    await topicExists(topic);
    await eventually(async () => (await consumeAll(topic)).length >= 1000, 30_000, '1000 records in Kafka');
    await eventually(async () => (await import('node:fs/promises')).readFile(worker.offsetsFile, 'utf8').then((s) => s.includes('lsn_proc')).catch(() => false), 20_000, 'offsets flushed');
    await insertSome(20);
    await worker.kill();
    const firstRun = (await consumeAll(topic)).map((r) => JSON.parse(r.key!.toString()).payload.id as number);
    await insertSome(TOTAL / PER_TXN);
    worker = await startStandaloneWorker({ dir: worker.dir, connectors: [config] });
    const all = (await eventually(async () => {
      const got = (await consumeAll(topic)).map((r) => JSON.parse(r.key!.toString()).payload.id as number);
      return new Set(got).size >= TOTAL ? got : undefined;
    }, 120_000, 'every row in Kafka'))!;
    const secondRun = all.slice(firstRun.length);
    // what the second run repeats is exactly a tail of the first run (the records after the last commit)
    const repeated = secondRun.findIndex((id) => !firstRun.includes(id));
    const replay = secondRun.slice(0, repeated);
    assert.deepEqual(replay, firstRun.slice(firstRun.length - replay.length), 'only the uncommitted tail is delivered again');
    assert.equal(new Set(secondRun.slice(repeated)).size, secondRun.length - repeated);
    assert.ok(secondRun.slice(repeated).every((id) => !firstRun.includes(id)), 'nothing else is repeated');
    assert.deepEqual(all.slice(0, firstRun.length), firstRun);
  } finally {
    await worker.stop();
  }
});

test('with heartbeat.interval.ms, quiet captured tables do not hold WAL: heartbeats carry the position and the slot advances', async () => {
  const name = uniqueName('cdc_beat');
  const table = name;
  const busy = `${name}_busy`;
  track(name, table);
  track(`${name}_x`, busy);
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  await db.query(`CREATE TABLE ${busy} (id int)`);
  const worker = await startStandaloneWorker({ connectors: [cdcConfig(name, [table], { 'snapshot.mode': 'no_data', 'heartbeat.interval.ms': '300' })] });
  try {
    await eventually(async () => (await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [name])).rowCount === 1, 30_000, 'slot active');
    // WAL written for a table the connector does not capture
    await db.query(`INSERT INTO ${busy} SELECT generate_series(1, 1000)`);
    const written = (await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
    await eventually(async () => (await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND confirmed_flush_lsn >= $2::pg_lsn', [name, written])).rowCount === 1,
      30_000, `slot confirmed past ${written}`);
    const beats = await readEvents(`__debezium-heartbeat.${name}`, 1);
    assert.deepEqual(beats[0]!.key, { serverName: name });
    assert.equal(beats[0]!.valueSchema.name, 'io.debezium.connector.common.Heartbeat');
  } finally {
    await worker.stop();
  }
});
