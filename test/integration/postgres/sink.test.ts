// The PostgreSQL sink task against the real database: insert / upsert / update with every pk.mode,
// auto.create and auto.evolve, tombstone deletes, redelivery, rejected rows, lost connections.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PostgresSinkTask } from '../../../connectors/postgres/PostgresSinkTask.js';
import { BigDecimal } from '../../../src/data/BigDecimal.js';
import { ConnectDate } from '../../../src/data/Date.js';
import { Decimal } from '../../../src/data/Decimal.js';
import { ConnectException, RetriableException } from '../../../src/data/errors.js';
import { Schema, type Schema as SchemaT } from '../../../src/data/Schema.js';
import { SchemaBuilder } from '../../../src/data/SchemaBuilder.js';
import { SinkRecord } from '../../../src/data/SinkRecord.js';
import { Struct } from '../../../src/data/Struct.js';
import { Time } from '../../../src/data/Time.js';
import { Timestamp } from '../../../src/data/Timestamp.js';
import {
  PG_URL, connectionProps, recordingReporter, sinkContext, uniqueTable, type RecordingReporter,
  testDatabase,
} from '../../helpers/postgres.js';

const database = testDatabase();

function topic(prefix = 'sink'): string {
  return database.track(uniqueTable(prefix));
}

async function startSink(props: Record<string, string>, reporter?: RecordingReporter): Promise<{ task: PostgresSinkTask; ctx: ReturnType<typeof sinkContext> }> {
  const task = new PostgresSinkTask();
  const ctx = sinkContext(reporter);
  task.initialize(ctx);
  await task.start({ ...connectionProps(), name: 'test-sink', ...props });
  return { task, ctx };
}

const KEY = SchemaBuilder.struct().name('Key').field('id', Schema.INT32_SCHEMA).build();
const VALUE = SchemaBuilder.struct().name('Value')
  .field('id', Schema.INT32_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('score', Schema.OPTIONAL_FLOAT64_SCHEMA)
  .build();

let offset = 0;
function rec(t: string, id: number | null, name: string | null, opts: { score?: number | null; keySchema?: SchemaT | null; key?: unknown; valueSchema?: SchemaT; partition?: number; offset?: number } = {}): SinkRecord {
  const key = opts.key !== undefined ? opts.key : id === null ? null : new Struct(KEY).put('id', id);
  const value = name === null ? null : new Struct(opts.valueSchema ?? VALUE).put('id', id).put('name', name).put('score', opts.score ?? null);
  return new SinkRecord({
    topic: t, kafkaPartition: opts.partition ?? 0, kafkaOffset: opts.offset ?? offset++,
    keySchema: opts.keySchema !== undefined ? opts.keySchema : KEY, key, valueSchema: value === null ? null : (opts.valueSchema ?? VALUE), value,
  });
}

async function rows(t: string, order = 'id'): Promise<Record<string, unknown>[]> {
  return (await database.client.query(`SELECT * FROM "${t}" ORDER BY ${order}`)).rows;
}

async function columns(t: string): Promise<string[]> {
  const r = await database.client.query<{ c: string }>(
    `SELECT column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS c
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`, [t]);
  return r.rows.map((x) => x.c);
}

async function primaryKey(t: string): Promise<string[]> {
  const r = await database.client.query<{ a: string }>(
    `SELECT a.attname AS a FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = to_regclass($1) AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`, [`"public"."${t}"`]);
  return r.rows.map((x) => x.a);
}

describe('PostgreSQL sink: insert mode and auto.create', () => {
  it('creates the table from the value schema and inserts with pk.mode none', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true' });
    try {
      await task.put([rec(t, 1, 'a', { score: 1.5 }), rec(t, 2, 'b')]);
      assert.deepEqual(await columns(t), ['id integer not null', 'name text not null', 'score double precision']);
      assert.deepEqual(await primaryKey(t), []);
      assert.deepEqual(await rows(t), [{ id: 1, name: 'a', score: 1.5 }, { id: 2, name: 'b', score: null }]);
    } finally {
      await task.stop();
    }
  });

  it('without auto.create a missing table fails the put, naming the table', async () => {
    const t = topic();
    const { task } = await startSink({});
    try {
      await assert.rejects(task.put([rec(t, 1, 'a')]), (e: Error) => e instanceof ConnectException && e.message.includes(`${t} is missing and auto-creation is disabled`));
    } finally {
      await task.stop();
    }
  });

  it('writes batches larger than batch.size and several topics in one put, table.name.format applied', async () => {
    const a = topic('a');
    const b = topic('b');
    database.track(`kc_${a}`);
    database.track(`kc_${b}`);
    const { task } = await startSink({ 'auto.create': 'true', 'batch.size': '3', 'table.name.format': 'public.kc_${topic}' });
    try {
      const batch: SinkRecord[] = [];
      for (let i = 1; i <= 10; i++) batch.push(rec(a, i, `a${i}`), rec(b, i, `b${i}`));
      await task.put(batch);
      assert.equal((await rows(`kc_${a}`)).length, 10);
      assert.deepEqual((await rows(`kc_${b}`)).map((r) => r['name']), Array.from({ length: 10 }, (_, i) => `b${i + 1}`));
    } finally {
      await task.stop();
    }
  });
});

describe('PostgreSQL sink: upsert and update with every pk.mode', () => {
  it('upsert, pk.mode record_key (struct): the primary key from the key; redelivery leaves the table identical', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
    try {
      const batch = [rec(t, 1, 'a'), rec(t, 2, 'b'), rec(t, 1, 'a2', { score: 2 }), rec(t, 3, 'c')];
      await task.put(batch);
      assert.deepEqual(await primaryKey(t), ['id']);
      const once = await rows(t);
      assert.deepEqual(once, [{ id: 1, name: 'a2', score: 2 }, { id: 2, name: 'b', score: null }, { id: 3, name: 'c', score: null }]);
      await task.put(batch); // redelivered (e.g. after a crash before the consumer committed)
      assert.deepEqual(await rows(t), once);
      await task.put([rec(t, 2, 'b2')]);
      assert.equal((await rows(t))[1]!['name'], 'b2');
    } finally {
      await task.stop();
    }
    // A new task (the worker restarted) redelivering the same records changes nothing either.
    const again = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
    try {
      const before = await rows(t);
      await again.task.put([rec(t, 2, 'b2'), rec(t, 3, 'c')]);
      assert.deepEqual(await rows(t), before);
    } finally {
      await again.task.stop();
    }
  });

  it('upsert, pk.mode record_key with a primitive key and pk.fields', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'pk.fields': 'key_id' });
    try {
      const valueOnly = SchemaBuilder.struct().field('name', Schema.STRING_SCHEMA).build();
      const r = (k: bigint, name: string): SinkRecord => new SinkRecord({
        topic: t, kafkaPartition: 0, kafkaOffset: offset++, keySchema: Schema.INT64_SCHEMA, key: k, valueSchema: valueOnly, value: new Struct(valueOnly).put('name', name),
      });
      await task.put([r(10n, 'x'), r(9007199254740993n, 'big'), r(10n, 'y')]);
      // Confluent's column order: Kafka coordinates, value fields, then the other (key) fields.
      assert.deepEqual(await columns(t), ['name text not null', 'key_id bigint not null']);
      assert.deepEqual((await rows(t, 'key_id')).map((x) => [x['key_id'], x['name']]), [['10', 'y'], ['9007199254740993', 'big']]);
    } finally {
      await task.stop();
    }
  });

  it('upsert, pk.mode kafka: __connect_topic, __connect_partition, __connect_offset; redelivery idempotent', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'kafka' });
    try {
      const batch = [rec(t, 1, 'a', { partition: 0, offset: 5 }), rec(t, 1, 'b', { partition: 1, offset: 5 })];
      await task.put(batch);
      await task.put(batch);
      assert.deepEqual(await primaryKey(t), ['__connect_topic', '__connect_partition', '__connect_offset']);
      assert.deepEqual((await rows(t, '__connect_partition')).map((x) => [x['__connect_topic'], x['__connect_partition'], x['__connect_offset'], x['name']]),
        [[t, 0, '5', 'a'], [t, 1, '5', 'b']]);
    } finally {
      await task.stop();
    }
  });

  it('upsert, pk.mode record_value with pk.fields; fields.whitelist limits the other columns', async () => {
    const t = topic();
    const { task } = await startSink({
      'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'pk.fields': 'id', 'fields.whitelist': 'name',
    });
    try {
      await task.put([rec(t, 1, 'a', { score: 3 }), rec(t, 1, 'b', { score: 4 })]);
      assert.deepEqual(await columns(t), ['id integer not null', 'name text not null']);
      assert.deepEqual(await rows(t), [{ id: 1, name: 'b' }]);
    } finally {
      await task.stop();
    }
  });

  it('upsert, pk.mode record_value without pk.fields: every value field is key (ON CONFLICT DO NOTHING)', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_value', 'fields.whitelist': '' });
    try {
      const s = SchemaBuilder.struct().field('a', Schema.INT32_SCHEMA).field('b', Schema.STRING_SCHEMA).build();
      const r = (a: number, b: string): SinkRecord => new SinkRecord({ topic: t, kafkaPartition: 0, kafkaOffset: offset++, valueSchema: s, value: new Struct(s).put('a', a).put('b', b) });
      await task.put([r(1, 'x'), r(1, 'x'), r(2, 'y')]);
      await task.put([r(1, 'x')]);
      assert.deepEqual(await primaryKey(t), ['a', 'b']);
      assert.deepEqual(await rows(t, 'a'), [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);
    } finally {
      await task.stop();
    }
  });

  it('update: changes existing rows by key, ignores keys that are not there', async () => {
    const t = topic();
    await database.client.query(`CREATE TABLE "${t}" (id int PRIMARY KEY, name text NOT NULL, score double precision)`);
    await database.client.query(`INSERT INTO "${t}" VALUES (1, 'a', 1), (2, 'b', 2)`);
    const { task } = await startSink({ 'insert.mode': 'update', 'pk.mode': 'record_key' });
    try {
      await task.put([rec(t, 2, 'b2', { score: 20 }), rec(t, 3, 'c'), rec(t, 2, 'b3', { score: 30 })]);
      assert.deepEqual(await rows(t), [{ id: 1, name: 'a', score: 1 }, { id: 2, name: 'b3', score: 30 }]);
    } finally {
      await task.stop();
    }
  });

  it('insert with pk.mode record_key writes into an existing table, matching column names case-insensitively', async () => {
    const t = topic();
    await database.client.query(`CREATE TABLE "${t}" ("ID" int PRIMARY KEY, "Name" text, score double precision, extra text DEFAULT 'd')`);
    const { task } = await startSink({ 'pk.mode': 'record_key' });
    try {
      await task.put([rec(t, 1, 'a', { score: 1 })]);
      assert.deepEqual(await rows(t, '"ID"'), [{ ID: 1, Name: 'a', score: 1, extra: 'd' }]);
    } finally {
      await task.stop();
    }
  });
});

describe('PostgreSQL sink: auto.evolve', () => {
  const V2 = SchemaBuilder.struct().name('Value')
    .field('id', Schema.INT32_SCHEMA).field('name', Schema.STRING_SCHEMA).field('score', Schema.OPTIONAL_FLOAT64_SCHEMA)
    .field('email', Schema.OPTIONAL_STRING_SCHEMA)
    .field('level', SchemaBuilder.int16().defaultValue(3).build())
    .build();
  const v2 = (t: string, id: number, email: string | null): SinkRecord => new SinkRecord({
    topic: t, kafkaPartition: 0, kafkaOffset: offset++, keySchema: KEY, key: new Struct(KEY).put('id', id),
    valueSchema: V2, value: new Struct(V2).put('id', id).put('name', `n${id}`).put('email', email),
  });

  it('adds the new optional columns (and ones with a default) when the schema grows', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'auto.evolve': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' });
    try {
      await task.put([rec(t, 1, 'a')]);
      await task.put([v2(t, 2, 'x@example.com'), rec(t, 3, 'c')]);
      assert.deepEqual(await columns(t), ['id integer not null', 'name text not null', 'score double precision', 'email text', 'level smallint']);
      assert.deepEqual(await rows(t), [
        { id: 1, name: 'a', score: null, email: null, level: 3 },
        { id: 2, name: 'n2', score: null, email: 'x@example.com', level: 3 },
        { id: 3, name: 'c', score: null, email: null, level: 3 },
      ]);
    } finally {
      await task.stop();
    }
  });

  it('without auto.evolve, or for a required field without default, the put fails naming the fields', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'pk.mode': 'record_key' });
    try {
      await task.put([rec(t, 1, 'a')]);
      await assert.rejects(task.put([v2(t, 2, null)]), /is missing fields \((email, level|level, email)\) and auto-evolution is disabled/);
      const required = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('must', Schema.STRING_SCHEMA).build();
      const evolve = await startSink({ 'auto.evolve': 'true', 'pk.mode': 'record_key' });
      await assert.rejects(evolve.task.put([new SinkRecord({ topic: t, kafkaPartition: 0, kafkaOffset: 1, keySchema: KEY, key: new Struct(KEY).put('id', 9),
        valueSchema: required, value: new Struct(required).put('id', 9).put('must', 'x') })]), /Cannot ALTER TABLE .* to add missing field must/);
      await evolve.task.stop();
    } finally {
      await task.stop();
    }
  });
});

describe('PostgreSQL sink: deletes', () => {
  it('a tombstone deletes by key; order within the batch is kept', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
    try {
      await task.put([rec(t, 1, 'a'), rec(t, 2, 'b'), rec(t, 3, 'c')]);
      await task.put([rec(t, 1, null), rec(t, 2, null), rec(t, 2, 'b again'), rec(t, 3, 'c2'), rec(t, 3, null), rec(t, 99, null)]);
      assert.deepEqual(await rows(t), [{ id: 2, name: 'b again', score: null }]);
    } finally {
      await task.stop();
    }
  });

  it('a tombstone for a table that does not exist yet is a no-op', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'delete.enabled': 'true' });
    try {
      await task.put([rec(t, 1, null)]);
      assert.equal((await database.client.query('SELECT to_regclass($1) AS r', [`"public"."${t}"`])).rows[0].r, null);
    } finally {
      await task.stop();
    }
  });

  it('a tombstone without delete.enabled is an invalid record', async () => {
    const t = topic();
    const reporter = recordingReporter();
    const { task } = await startSink({ 'auto.create': 'true', 'insert.mode': 'upsert', 'pk.mode': 'record_key' }, reporter);
    try {
      await task.put([rec(t, 1, 'a'), rec(t, 2, null)]);
      assert.equal(reporter.reported.length, 1);
      assert.match(reporter.reported[0]!.error.message, /requires records with a non-null Struct or String value/);
      assert.equal((await rows(t)).length, 1);
    } finally {
      await task.stop();
    }
  });
});

describe('PostgreSQL sink: errors', () => {
  it('a row the database rejects goes to the errant record reporter; the others are written in the same transaction', async () => {
    const t = topic();
    await database.client.query(`CREATE TABLE "${t}" (id int PRIMARY KEY, name varchar(3) NOT NULL CHECK (name <> 'bad'), score double precision)`);
    const reporter = recordingReporter();
    const { task } = await startSink({ 'insert.mode': 'upsert', 'pk.mode': 'record_key' }, reporter);
    try {
      const bad = rec(t, 2, 'bad');
      const tooLong = rec(t, 3, 'toolong');
      await task.put([rec(t, 1, 'ok'), bad, tooLong, rec(t, 4, 'ok4')]);
      assert.deepEqual(reporter.reported.map((r) => r.record), [bad, tooLong]);
      assert.match(reporter.reported[0]!.error.message, /check constraint/);
      assert.match(reporter.reported[1]!.error.message, /too long/);
      assert.deepEqual((await rows(t)).map((r) => r['id']), [1, 4]);
    } finally {
      await task.stop();
    }
  });

  it('without a reporter the put fails and writes nothing of the batch', async () => {
    const t = topic();
    await database.client.query(`CREATE TABLE "${t}" (id int PRIMARY KEY, name varchar(3) NOT NULL, score double precision)`);
    const { task } = await startSink({ 'pk.mode': 'record_key' });
    try {
      await assert.rejects(task.put([rec(t, 1, 'ok'), rec(t, 2, 'toolong')]),
        (e: Error) => e instanceof ConnectException && !(e instanceof RetriableException) && /too long/.test(e.message));
      assert.deepEqual(await rows(t), []);
      await assert.rejects(task.put([rec(t, 5, 'x'), rec(t, 5, 'y')]), /duplicate key/, 'insert mode does not hide duplicates');
    } finally {
      await task.stop();
    }
  });

  it('a lost connection is retriable: RetriableException, context.timeout(retry.backoff.ms), then the redelivery succeeds', async () => {
    const t = topic();
    const app = uniqueTable('kcapp');
    const task = new PostgresSinkTask();
    const ctx = sinkContext();
    task.initialize(ctx);
    task.start({ ...connectionProps(), 'connection.url': `${PG_URL}?ApplicationName=${app}`, 'auto.create': 'true', 'insert.mode': 'upsert',
      'pk.mode': 'record_key', 'retry.backoff.ms': '123' });
    try {
      await task.put([rec(t, 1, 'a')]);
      await database.client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
      const batch = [rec(t, 2, 'b'), rec(t, 3, 'c')];
      await assert.rejects(task.put(batch), RetriableException);
      assert.deepEqual(ctx.timeouts, [123]);
      await task.put(batch);
      assert.deepEqual((await rows(t)).map((r) => r['id']), [1, 2, 3]);
    } finally {
      await task.stop();
    }
  });

  it('a database that cannot be reached is retriable until max.retries is used up', async () => {
    const { task, ctx } = await startSink({
      'connection.url': 'jdbc:postgresql://127.0.0.1:1/test', 'connection.attempts': '1', 'max.retries': '1', 'retry.backoff.ms': '10',
    });
    try {
      await assert.rejects(task.put([rec('nowhere', 1, 'a')]), RetriableException);
      await assert.rejects(task.put([rec('nowhere', 1, 'a')]), (e: Error) => e instanceof ConnectException && !(e instanceof RetriableException));
      assert.deepEqual(ctx.timeouts, [10]);
    } finally {
      await task.stop();
    }
  });
});

describe('PostgreSQL sink: value types', () => {
  it('writes every Connect type into the auto-created columns and reads them back equal', async () => {
    const t = topic();
    const s = SchemaBuilder.struct()
      .field('i8', Schema.INT8_SCHEMA).field('i16', Schema.INT16_SCHEMA).field('i32', Schema.INT32_SCHEMA).field('i64', Schema.INT64_SCHEMA)
      .field('f32', Schema.FLOAT32_SCHEMA).field('f64', Schema.FLOAT64_SCHEMA).field('b', Schema.BOOLEAN_SCHEMA)
      .field('s', Schema.STRING_SCHEMA).field('bytes', Schema.BYTES_SCHEMA).field('dec', Decimal.schema(3))
      .field('d', ConnectDate.SCHEMA).field('tm', Time.SCHEMA).field('ts', Timestamp.SCHEMA)
      .field('opt', Schema.OPTIONAL_STRING_SCHEMA)
      .build();
    const value = new Struct(s).put('i8', -8).put('i16', 1600).put('i32', -32).put('i64', 9007199254740993n).put('f32', 0.5).put('f64', 1e-300)
      .put('b', false).put('s', 'quote " backslash \\ comma , brace { }').put('bytes', Buffer.from([0, 1, 255]))
      .put('dec', BigDecimal.fromString('-12345.678')).put('d', new Date(Date.UTC(1969, 11, 31))).put('tm', new Date(3723004))
      .put('ts', new Date(Date.UTC(2024, 6, 1, 12, 30, 45, 123)));
    const { task } = await startSink({ 'auto.create': 'true' });
    try {
      await task.put([new SinkRecord({ topic: t, kafkaPartition: 0, kafkaOffset: 0, valueSchema: s, value })]);
      assert.deepEqual(await columns(t), [
        'i8 smallint not null', 'i16 smallint not null', 'i32 integer not null', 'i64 bigint not null', 'f32 real not null',
        'f64 double precision not null', 'b boolean not null', 's text not null', 'bytes bytea not null', 'dec numeric not null',
        'd date not null', 'tm time without time zone not null', 'ts timestamp without time zone not null', 'opt text',
      ]);
      const r = (await database.client.query(`SELECT i8, i16, i32, i64::text, f32, f64, b, s, bytes, dec::text, d::text, tm::text, ts::text, opt FROM "${t}"`)).rows[0];
      assert.deepEqual(r, {
        i8: -8, i16: 1600, i32: -32, i64: '9007199254740993', f32: 0.5, f64: 1e-300, b: false, s: 'quote " backslash \\ comma , brace { }',
        bytes: Buffer.from([0, 1, 255]), dec: '-12345.678', d: '1969-12-31', tm: '01:02:03.004', ts: '2024-07-01 12:30:45.123', opt: null,
      });
    } finally {
      await task.stop();
    }
  });

  it('db.timezone: Timestamps go into timestamp columns as that zone\'s wall time, into timestamptz as the instant', async () => {
    const t = topic();
    await database.client.query(`CREATE TABLE "${t}" (id int PRIMARY KEY, ts timestamp, tz timestamptz)`);
    const s = SchemaBuilder.struct().field('id', Schema.INT32_SCHEMA).field('ts', Timestamp.SCHEMA).field('tz', Timestamp.SCHEMA).build();
    const when = new Date(Date.UTC(2024, 0, 15, 15, 0, 0));
    const { task } = await startSink({ 'db.timezone': 'America/New_York', 'pk.mode': 'record_value', 'pk.fields': 'id', 'insert.mode': 'upsert' });
    try {
      await task.put([new SinkRecord({ topic: t, kafkaPartition: 0, kafkaOffset: 0, valueSchema: s, value: new Struct(s).put('id', 1).put('ts', when).put('tz', when) })]);
      const r = (await database.client.query(`SELECT ts::text, tz FROM "${t}"`)).rows[0];
      assert.equal(r.ts, '2024-01-15 10:00:00');
      assert.equal((r.tz as Date).toISOString(), when.toISOString());
    } finally {
      await task.stop();
    }
  });

  it('a STRING value goes to string.output.value.column.name', async () => {
    const t = topic();
    const { task } = await startSink({ 'auto.create': 'true', 'pk.mode': 'kafka', 'string.output.value.column.name': 'payload' });
    try {
      await task.put([new SinkRecord({ topic: t, kafkaPartition: 0, kafkaOffset: 7, valueSchema: Schema.STRING_SCHEMA, value: 'hello' })]);
      assert.deepEqual((await rows(t, '__connect_offset')).map((r) => r['payload']), ['hello']);
    } finally {
      await task.stop();
    }
  });
});
