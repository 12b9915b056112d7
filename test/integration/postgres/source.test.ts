// The PostgreSQL source task against the real database: every mode with inserts, updates and late
// rows, rows sharing a timestamp, restarts from stored offsets, and the offset shapes Confluent uses.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PostgresSourceTask } from '../../../connectors/postgres/PostgresSourceTask.js';
import type { SourceRecord } from '../../../src/data/SourceRecord.js';
import type { Struct } from '../../../src/data/Struct.js';
import { eventually } from '../../helpers/worker.js';
import {
  MapOffsetReader, connectionProps, pollRecords, sourceContext, uniqueTable,
  testDatabase,
} from '../../helpers/postgres.js';

const database = testDatabase();

async function table(ddl: (name: string) => string, prefix = 'src'): Promise<string> {
  const name = uniqueTable(prefix);
  database.track(name);
  await database.client.query(ddl(`"public"."${name}"`));
  return name;
}

async function startTask(props: Record<string, string>, reader = new MapOffsetReader()): Promise<PostgresSourceTask> {
  const task = new PostgresSourceTask();
  task.initialize(sourceContext(reader));
  await task.start({ ...connectionProps(), 'poll.interval.ms': '20', ...props });
  return task;
}

const ids = (records: SourceRecord[], field = 'id'): number[] => records.map((r) => Number((r.value as Struct).get(field)));

describe('PostgreSQL source, incrementing mode', () => {
  it('reads new rows once, in order, with Confluent\'s partition and offset shapes; ignores updates', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id serial PRIMARY KEY, name text NOT NULL)`);
    await database.client.query(`INSERT INTO "${t}" (name) SELECT 'n' || g FROM generate_series(1, 5) g`);
    const task = await startTask({ mode: 'incrementing', 'incrementing.column.name': 'id', 'topic.prefix': 'pg-', tables: `"public"."${t}"` });
    try {
      const first = await pollRecords(task, 5);
      assert.deepEqual(ids(first), [1, 2, 3, 4, 5]);
      assert.equal(first[0]!.topic, `pg-${t}`);
      assert.deepEqual(first[0]!.sourcePartition, { protocol: '1', table: `public.${t}` });
      assert.deepEqual(first[4]!.sourceOffset, { incrementing: 5 });
      assert.equal(first[0]!.key, null);
      assert.equal(first[0]!.valueSchema!.name, t);
      assert.equal((first[1]!.value as Struct).get('name'), 'n2');

      await database.client.query(`UPDATE "${t}" SET name = 'changed' WHERE id = 2`);
      await database.client.query(`INSERT INTO "${t}" (name) VALUES ('n6'), ('n7')`);
      const next = await pollRecords(task, 10);
      assert.deepEqual(ids(next), [6, 7], 'only the new rows, not the update');
    } finally {
      await task.stop();
    }
  });

  it('auto-detects the serial column when incrementing.column.name is empty', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (name text, rid bigint GENERATED ALWAYS AS IDENTITY)`);
    await database.client.query(`INSERT INTO "${t}" (name) VALUES ('a'), ('b')`);
    const task = await startTask({ mode: 'incrementing', tables: `"public"."${t}"` });
    try {
      const got = await pollRecords(task, 2);
      assert.deepEqual(ids(got, 'rid'), [1, 2]);
      assert.deepEqual(got[1]!.sourceOffset, { incrementing: 2 });
    } finally {
      await task.stop();
    }
  });

  it('restarts mid-table from the stored offset with no loss and no duplicates', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int PRIMARY KEY, v text)`);
    await database.client.query(`INSERT INTO "${t}" SELECT g, 'v' || g FROM generate_series(1, 1000) g`);
    const props = { mode: 'incrementing', 'incrementing.column.name': 'id', 'batch.max.rows': '100', tables: `"public"."${t}"` };
    const reader = new MapOffsetReader();
    const task1 = await startTask(props, reader);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const batch = (await task1.poll())!;
      assert.equal(batch.length, 100);
      seen.push(...ids(batch));
      reader.commit(batch);
    }
    // One more batch is polled but never committed (the worker died before Kafka acknowledged it).
    assert.equal((await task1.poll())!.length, 100);
    await task1.stop();
    await database.client.query(`INSERT INTO "${t}" SELECT g, 'late' FROM generate_series(1001, 1050) g`);

    const task2 = await startTask(props, reader);
    try {
      const rest = await pollRecords(task2, 750);
      seen.push(...ids(rest));
      assert.equal(seen.length, 1050);
      assert.deepEqual(seen, Array.from({ length: 1050 }, (_, i) => i + 1));
      assert.equal((await task2.poll()), null, 'nothing more');
    } finally {
      await task2.stop();
    }
  });

  it('falls back to the protocol-0 partition {"table": name} of older offsets', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int NOT NULL, v text)`);
    await database.client.query(`INSERT INTO "${t}" SELECT g, 'v' FROM generate_series(1, 10) g`);
    const reader = new MapOffsetReader();
    reader.set({ table: t }, { incrementing: 7 });
    const task = await startTask({ mode: 'incrementing', 'incrementing.column.name': 'id', tables: `"public"."${t}"` }, reader);
    try {
      const got = await pollRecords(task, 10);
      assert.deepEqual(ids(got), [8, 9, 10]);
      assert.deepEqual(got[0]!.sourcePartition, { protocol: '1', table: `public.${t}` });
    } finally {
      await task.stop();
    }
  });

  it('streams a table larger than batch.max.rows through a cursor, one batch per poll', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id bigint NOT NULL, payload text)`);
    await database.client.query(`INSERT INTO "${t}" SELECT g, repeat('x', 100) FROM generate_series(1, 25000) g`);
    const task = await startTask({ mode: 'incrementing', 'incrementing.column.name': 'id', 'batch.max.rows': '1000', tables: `"public"."${t}"` });
    try {
      let total = 0;
      let last = 0;
      for (;;) {
        const batch = await task.poll();
        if (!batch || batch.length === 0) break;
        assert.ok(batch.length <= 1000);
        for (const id of ids(batch)) {
          assert.equal(id, last + 1);
          last = id;
        }
        total += batch.length;
      }
      assert.equal(total, 25000);
    } finally {
      await task.stop();
    }
  });
});

describe('PostgreSQL source, timestamp modes', () => {
  it('timestamp: new and updated rows, the delay interval holds back rows too recent by the database clock', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int, modified timestamp NOT NULL)`);
    await database.client.query(`INSERT INTO "${t}" VALUES (1, '2024-01-01 00:00:01.000001'), (2, '2024-01-01 00:00:02'), (3, now() AT TIME ZONE 'UTC')`);
    const task = await startTask({
      mode: 'timestamp', 'timestamp.column.name': 'modified', 'timestamp.delay.interval.ms': '1500', tables: `"public"."${t}"`,
    });
    try {
      const first = await pollRecords(task, 2);
      assert.deepEqual(ids(first), [1, 2], 'row 3 is younger than the delay');
      assert.deepEqual(first[0]!.sourceOffset, { timestamp: Date.UTC(2024, 0, 1, 0, 0, 1), timestamp_nanos: 1000 });
      assert.equal(((first[0]!.value as Struct).get('modified') as Date).toISOString(), '2024-01-01T00:00:01.000Z');
      // Polls until the delay has passed (bounded by eventually's deadline), not a fixed sleep.
      const third = await eventually(async () => { const r = await pollRecords(task, 1); return r.length > 0 ? r : undefined; }, 10000, 'row 3');
      assert.deepEqual(ids(third!), [3], 'row 3 once the delay has passed');

      await database.client.query(`UPDATE "${t}" SET modified = (SELECT modified FROM "${t}" WHERE id = 3) + interval '1 millisecond' WHERE id = 1`);
      assert.deepEqual(ids(await pollRecords(task, 1)), [1], 'the update');
      // A late row: committed now with a timestamp older than the stored offset is not seen (as in
      // Confluent's connector: timestamp.delay.interval.ms is what covers slow transactions).
      await database.client.query(`INSERT INTO "${t}" VALUES (4, '2024-01-01 00:00:03')`);
      assert.deepEqual(await pollRecords(task, 1, 2), []);
    } finally {
      await task.stop();
    }
  });

  it('timestamp: rows sharing a timestamp are all read within a run even across batches', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int, ts timestamptz NOT NULL)`);
    await database.client.query(`INSERT INTO "${t}" SELECT g, '2024-05-05 10:00:00+02' FROM generate_series(1, 7) g`);
    const task = await startTask({ mode: 'timestamp', 'timestamp.column.name': 'ts', 'batch.max.rows': '3', tables: `"public"."${t}"` });
    try {
      const got = await pollRecords(task, 7);
      assert.deepEqual(ids(got).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);
      assert.deepEqual(got[6]!.sourceOffset, { timestamp: Date.UTC(2024, 4, 5, 8), timestamp_nanos: 0 });
    } finally {
      await task.stop();
    }
  });

  it('timestamp+incrementing: rows sharing a timestamp survive a restart between them; updates and new rows follow', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int PRIMARY KEY, updated timestamp NOT NULL, v text)`);
    await database.client.query(`INSERT INTO "${t}" SELECT g, '2024-02-02 12:00:00.5', 'v' FROM generate_series(1, 5) g`);
    await database.client.query(`INSERT INTO "${t}" VALUES (6, '2024-02-02 12:00:01', 'v')`);
    const props = {
      mode: 'timestamp+incrementing', 'timestamp.column.name': 'updated', 'incrementing.column.name': 'id', 'batch.max.rows': '2',
      tables: `"public"."${t}"`,
    };
    const reader = new MapOffsetReader();
    const task1 = await startTask(props, reader);
    const first = (await task1.poll())!;
    assert.deepEqual(ids(first), [1, 2]);
    assert.deepEqual(first[1]!.sourceOffset, { incrementing: 2, timestamp: Date.UTC(2024, 1, 2, 12, 0, 0, 500), timestamp_nanos: 500_000_000 });
    reader.commit(first);
    await task1.stop();

    const task2 = await startTask(props, reader);
    try {
      const rest = await pollRecords(task2, 4);
      assert.deepEqual(ids(rest), [3, 4, 5, 6]);
      await database.client.query(`UPDATE "${t}" SET updated = '2024-02-02 12:00:02', v = 'changed' WHERE id = 3`);
      await database.client.query(`INSERT INTO "${t}" VALUES (7, '2024-02-02 12:00:02', 'new'), (0, '2024-02-02 12:00:02', 'low id')`);
      const more = await pollRecords(task2, 3);
      assert.deepEqual(ids(more), [0, 3, 7], 'ordered by timestamp, then id');
      assert.equal((more[1]!.value as Struct).get('v'), 'changed');
    } finally {
      await task2.stop();
    }
  });

  it('timestamp with several columns uses COALESCE, in order', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int, updated timestamp, created timestamp NOT NULL)`);
    await database.client.query(`INSERT INTO "${t}" VALUES (1, NULL, '2024-01-01'), (2, '2024-01-03', '2024-01-01'), (3, NULL, '2024-01-02')`);
    const task = await startTask({ mode: 'timestamp', 'timestamp.column.name': 'updated,created', tables: `"public"."${t}"` });
    try {
      assert.deepEqual(ids(await pollRecords(task, 3)), [1, 3, 2]);
    } finally {
      await task.stop();
    }
  });

  it('timestamp.initial=-1 starts at the database\'s current time', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int, ts timestamptz NOT NULL)`);
    await database.client.query(`INSERT INTO "${t}" VALUES (1, now() - interval '1 hour')`);
    const task = await startTask({ mode: 'timestamp', 'timestamp.column.name': 'ts', 'timestamp.initial': '-1', tables: `"public"."${t}"` });
    try {
      assert.deepEqual(await pollRecords(task, 1, 2), []);
      await database.client.query(`INSERT INTO "${t}" VALUES (2, now())`);
      assert.deepEqual(ids(await pollRecords(task, 1)), [2]);
    } finally {
      await task.stop();
    }
  });
});

describe('PostgreSQL source, bulk and query modes', () => {
  it('bulk: the whole table every poll.interval.ms, partition {"table": name}, no offset', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int, v text)`);
    await database.client.query(`INSERT INTO "${t}" VALUES (1, 'a'), (2, 'b')`);
    const task = await startTask({ mode: 'bulk', tables: `"public"."${t}"`, 'poll.interval.ms': '100' });
    try {
      const first = await pollRecords(task, 2);
      assert.deepEqual(ids(first), [1, 2]);
      assert.deepEqual(first[0]!.sourcePartition, { table: t });
      assert.equal(first[0]!.sourceOffset, null);
      await database.client.query(`INSERT INTO "${t}" VALUES (3, 'c')`);
      assert.deepEqual(ids(await pollRecords(task, 3)), [1, 2, 3]);
    } finally {
      await task.stop();
    }
  });

  it('query + incrementing: the WHERE clause is appended, records go to topic.prefix, partition {"query": "query"}', async () => {
    const a = await table((n) => `CREATE TABLE ${n} (id int PRIMARY KEY, name text)`);
    const b = await table((n) => `CREATE TABLE ${n} (a_id int, qty int)`);
    await database.client.query(`INSERT INTO "${a}" VALUES (1, 'x'), (2, 'y'), (3, 'z')`);
    await database.client.query(`INSERT INTO "${b}" VALUES (1, 10), (2, 20), (3, 30)`);
    const query = `SELECT * FROM (SELECT a.id, a.name, b.qty FROM "${a}" a JOIN "${b}" b ON b.a_id = a.id) joined`;
    const reader = new MapOffsetReader();
    reader.set({ query: 'query' }, { incrementing: 1 });
    const task = await startTask({ mode: 'incrementing', query, 'incrementing.column.name': 'id', 'topic.prefix': 'joined-topic' }, reader);
    try {
      const got = await pollRecords(task, 2);
      assert.deepEqual(ids(got), [2, 3]);
      assert.equal(got[0]!.topic, 'joined-topic');
      assert.deepEqual(got[0]!.sourcePartition, { query: 'query' });
      assert.equal(got[0]!.valueSchema!.name, undefined);
      assert.equal((got[1]!.value as Struct).get('qty'), 30);
      assert.equal(got[0]!.valueSchema!.field('qty')!.schema.optional, true, 'a computed column may be null');
    } finally {
      await task.stop();
    }
  });

  it('poll() waits poll.interval.ms when nothing is due and returns soon after stop()', async () => {
    const t = await table((n) => `CREATE TABLE ${n} (id int NOT NULL)`);
    const task = await startTask({ mode: 'incrementing', 'incrementing.column.name': 'id', tables: `"public"."${t}"`, 'poll.interval.ms': '60000' });
    // The first query finds nothing; poll() then waits for the next one to be due, until stop().
    const started = Date.now();
    const pending = task.poll();
    setTimeout(() => void task.stop(), 100);
    assert.equal(await pending, null);
    assert.ok(Date.now() - started < 2000, `poll returned ${Date.now() - started} ms after start`);
  });
});
