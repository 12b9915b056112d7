// Benchmark of the PostgreSQL connectors against the real database (PGHOST/PGPORT/PGUSER/PGDATABASE,
// default 127.0.0.1:5432 postgres/test):
//   source  rows/s reading a 1,000,000-row table in incrementing mode: the task's poll loop driven
//           directly (no Kafka), every record counted, batch.max.rows as given (Confluent's default 1000).
//   sink    rows/s writing 1,000,000 records in insert.mode=upsert, pk.mode=record_key, batch.size=3000,
//           put() batches of 3000 records: once into an empty table (new rows), once again (every row updated).
//
//   npx tsc -p . && node dist/scripts/bench/postgres.js [--rows N] [--batch-max-rows N] [--json]

import { parseArgs } from 'node:util';
import { PostgresSinkTask } from '../../connectors/postgres/PostgresSinkTask.js';
import { PostgresSourceTask } from '../../connectors/postgres/PostgresSourceTask.js';
import type { SinkTaskContext, SourceTaskContext } from '../../src/api/tasks.js';
import { BigDecimal } from '../../src/data/BigDecimal.js';
import { Decimal } from '../../src/data/Decimal.js';
import { Schema } from '../../src/data/Schema.js';
import { SchemaBuilder } from '../../src/data/SchemaBuilder.js';
import { SinkRecord } from '../../src/data/SinkRecord.js';
import { Struct } from '../../src/data/Struct.js';
import { Timestamp } from '../../src/data/Timestamp.js';
import { PG, PG_URL, dropTables, pgClient, uniqueTable } from '../../test/helpers/postgres.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'batch-max-rows': { type: 'string', default: '1000' },
    'sink-batch': { type: 'string', default: '3000' },
    json: { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const BATCH_MAX_ROWS = Number(args['batch-max-rows']);
const SINK_BATCH = Number(args['sink-batch']);

const connection = { 'connection.url': PG_URL, 'connection.user': PG.user };

function say(msg: string): void {
  if (!args.json) console.log(msg);
}

async function benchSource(): Promise<{ rows: number; seconds: number; rowsPerSecond: number }> {
  const db = await pgClient();
  const table = uniqueTable('bench_src');
  try {
    await db.query(`CREATE TABLE "${table}" (id bigserial PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL, qty int NOT NULL,
      created timestamptz NOT NULL, active boolean NOT NULL, note text)`);
    say(`source: filling ${table} with ${ROWS} rows…`);
    await db.query(`INSERT INTO "${table}" (name, price, qty, created, active, note)
      SELECT 'customer-' || g, (g % 100000) / 100.0, g % 1000, timestamptz '2024-01-01' + g * interval '1 second', g % 2 = 0,
             CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || g END
        FROM generate_series(1, ${ROWS}) g`);
    await db.query(`ANALYZE "${table}"`);

    const task = new PostgresSourceTask();
    const offsets: SourceTaskContext = {
      configs: () => ({}),
      offsetStorageReader: () => ({ offset: async () => null, offsets: async (ps) => new Map(ps.map((p) => [p, null])) }),
    };
    task.initialize(offsets);
    await task.start({
      ...connection, mode: 'incrementing', 'incrementing.column.name': 'id', tables: `"public"."${table}"`,
      'batch.max.rows': String(BATCH_MAX_ROWS), 'poll.interval.ms': '60000',
    });
    const started = process.hrtime.bigint();
    let count = 0;
    let lastId = 0;
    while (count < ROWS) {
      const batch = await task.poll();
      if (!batch || batch.length === 0) break;
      count += batch.length;
      lastId = Number((batch[batch.length - 1]!.value as Struct).get('id'));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await task.stop();
    if (count !== ROWS || lastId !== ROWS) throw new Error(`source read ${count} rows (last id ${lastId}), expected ${ROWS}`);
    return { rows: count, seconds, rowsPerSecond: count / seconds };
  } finally {
    await dropTables(db, table);
    await db.end();
  }
}

const KEY = SchemaBuilder.struct().name('bench.Key').field('id', Schema.INT64_SCHEMA).build();
const VALUE = SchemaBuilder.struct().name('bench.Order')
  .field('id', Schema.INT64_SCHEMA)
  .field('name', Schema.STRING_SCHEMA)
  .field('price', Decimal.schema(2))
  .field('qty', Schema.INT32_SCHEMA)
  .field('created', Timestamp.SCHEMA)
  .field('active', Schema.BOOLEAN_SCHEMA)
  .field('note', Schema.OPTIONAL_STRING_SCHEMA)
  .build();

function sinkBatch(topic: string, from: number, size: number, pass: number): SinkRecord[] {
  const out: SinkRecord[] = [];
  for (let id = from; id < from + size; id++) {
    const value = new Struct(VALUE).put('id', id).put('name', `customer-${id}-${pass}`).put('price', new BigDecimal(BigInt(id % 100000), 2))
      .put('qty', id % 1000).put('created', new Date(1704067200000 + id * 1000)).put('active', id % 2 === 0)
      .put('note', id % 3 === 0 ? null : `note ${id}`);
    out.push(new SinkRecord({ topic, kafkaPartition: 0, kafkaOffset: id, keySchema: KEY, key: new Struct(KEY).put('id', id), valueSchema: VALUE, value }));
  }
  return out;
}

async function benchSink(): Promise<{ rows: number; insertSeconds: number; insertRowsPerSecond: number; updateSeconds: number; updateRowsPerSecond: number }> {
  const db = await pgClient();
  const topic = uniqueTable('bench_sink');
  const task = new PostgresSinkTask();
  const ctx: SinkTaskContext = {
    configs: () => ({}), offset: () => {}, timeout: () => {}, assignment: () => [], pause: () => {}, resume: () => {}, requestCommit: () => {},
    errantRecordReporter: () => undefined,
  };
  task.initialize(ctx);
  task.start({ ...connection, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'auto.create': 'true', 'batch.size': '3000' });
  try {
    const timed: number[] = [];
    for (let pass = 0; pass < 2; pass++) {
      say(`sink: ${pass === 0 ? 'upserting' : 'upserting again (updates)'} ${ROWS} records in puts of ${SINK_BATCH}…`);
      let nanos = 0n;
      for (let from = 1; from <= ROWS; from += SINK_BATCH) {
        const batch = sinkBatch(topic, from, Math.min(SINK_BATCH, ROWS - from + 1), pass);
        const t0 = process.hrtime.bigint();
        await task.put(batch);
        nanos += process.hrtime.bigint() - t0;
      }
      timed.push(Number(nanos) / 1e9);
    }
    const n = Number((await db.query(`SELECT count(*) AS n FROM "${topic}" WHERE name LIKE '%-1'`)).rows[0].n);
    if (n !== ROWS) throw new Error(`sink table has ${n} updated rows, expected ${ROWS}`);
    return { rows: ROWS, insertSeconds: timed[0]!, insertRowsPerSecond: ROWS / timed[0]!, updateSeconds: timed[1]!, updateRowsPerSecond: ROWS / timed[1]! };
  } finally {
    await task.stop();
    await dropTables(db, topic);
    await db.end();
  }
}

const version = await (async () => {
  const db = await pgClient();
  try {
    return String((await db.query('SHOW server_version')).rows[0].server_version);
  } finally {
    await db.end();
  }
})();
const source = await benchSource();
say(`source: ${source.rows} rows in ${source.seconds.toFixed(2)} s = ${Math.round(source.rowsPerSecond).toLocaleString('en')} rows/s (incrementing, batch.max.rows ${BATCH_MAX_ROWS})`);
const sink = await benchSink();
say(`sink:   ${sink.rows} rows upserted (new) in ${sink.insertSeconds.toFixed(2)} s = ${Math.round(sink.insertRowsPerSecond).toLocaleString('en')} rows/s`);
say(`sink:   ${sink.rows} rows upserted (existing) in ${sink.updateSeconds.toFixed(2)} s = ${Math.round(sink.updateRowsPerSecond).toLocaleString('en')} rows/s (batch.size 3000)`);
if (args.json) {
  console.log(JSON.stringify({ postgres: version, node: process.version, batchMaxRows: BATCH_MAX_ROWS, source, sink }));
}
