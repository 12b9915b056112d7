// Test helpers for the PostgreSQL connectors: the test database (PGHOST, PGPORT, PGUSER, PGDATABASE;
// default 127.0.0.1:5432, user postgres, database test), unique table names, and small but real
// task contexts (an offset reader on a Map, an errant record reporter that remembers).

import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import pg from 'pg';
import type {
  ErrantRecordReporter, OffsetStorageReader, SinkTaskContext, SourcePartition, SourceOffset, SourceTaskContext, SourceTask,
  TopicPartition, TopicPartitionOffset,
} from '../../src/api/tasks.js';
import type { SinkRecord } from '../../src/data/SinkRecord.js';
import type { SourceRecord } from '../../src/data/SourceRecord.js';

export const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  database: process.env.PGDATABASE ?? 'test',
};

/** The JDBC URL of the test database, as a user would write it. */
export const PG_URL = `jdbc:postgresql://${PG.host}:${PG.port}/${PG.database}`;

/** Connection keys for a connector config. */
export function connectionProps(): Record<string, string> {
  return { 'connection.url': PG_URL, 'connection.user': PG.user };
}

export async function pgClient(): Promise<pg.Client> {
  const client = new pg.Client({ ...PG, options: '-c TimeZone=UTC' });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** A table name no other test uses: `${prefix}_<random>`. */
export function uniqueTable(prefix = 'kc'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** Drops the tables (in the public schema) if they exist. */
export async function dropTables(client: pg.Client, ...tables: string[]): Promise<void> {
  for (const t of tables) await client.query(`DROP TABLE IF EXISTS "public"."${t.replace(/"/g, '""')}" CASCADE`);
}

/** Stable key of a partition map (key order does not matter). */
export function partitionKey(p: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));
}

/** An OffsetStorageReader over offsets kept in a Map, as the runtime's store would after a flush. */
export class MapOffsetReader implements OffsetStorageReader {
  readonly stored = new Map<string, SourceOffset>();

  /** Records what these records say, as committing them would. */
  commit(records: readonly SourceRecord[]): void {
    for (const r of records) {
      if (r.sourcePartition && r.sourceOffset) this.stored.set(partitionKey(r.sourcePartition), JSON.parse(JSON.stringify(r.sourceOffset)));
    }
  }

  set(partition: SourcePartition, offset: SourceOffset): void {
    this.stored.set(partitionKey(partition), offset);
  }

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return this.stored.get(partitionKey(partition)) ?? null;
  }

  async offsets(partitions: SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    return new Map(partitions.map((p) => [p, this.stored.get(partitionKey(p)) ?? null]));
  }
}

export function sourceContext(reader: MapOffsetReader, configs: Record<string, string> = {}): SourceTaskContext {
  return {
    configs: () => configs,
    offsetStorageReader: () => ({
      offset: (p) => reader.offset(p),
      offsets: (ps) => reader.offsets(ps),
    }),
  };
}

/** Polls until `count` records arrived or `idlePolls` polls in a row brought nothing. */
export async function pollRecords(task: SourceTask, count: number, idlePolls = 3): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  let idle = 0;
  while (out.length < count && idle < idlePolls) {
    const batch = await task.poll();
    if (batch && batch.length > 0) {
      out.push(...batch);
      idle = 0;
    } else {
      idle++;
    }
  }
  return out;
}

export interface RecordingReporter extends ErrantRecordReporter {
  reported: { record: SinkRecord; error: Error }[];
}

export function recordingReporter(): RecordingReporter {
  const reported: { record: SinkRecord; error: Error }[] = [];
  return { reported, report: async (record, error) => { reported.push({ record, error }); } };
}

export interface TestSinkContext extends SinkTaskContext {
  timeouts: number[];
}

export function sinkContext(reporter?: ErrantRecordReporter, configs: Record<string, string> = {}): TestSinkContext {
  const timeouts: number[] = [];
  return {
    timeouts,
    configs: () => configs,
    offset: (_o: TopicPartitionOffset[]) => {},
    timeout: (ms: number) => { timeouts.push(ms); },
    assignment: (): TopicPartition[] => [],
    pause: () => {},
    resume: () => {},
    requestCommit: () => {},
    errantRecordReporter: () => reporter,
  };
}

export interface TestDatabase {
  /** The connection (open from the test file's `before` to its `after`). */
  readonly client: pg.Client;
  /** Remembers a table to drop after the file's tests; returns its name. */
  track(table: string): string;
  /** A statement to run after the tables are dropped (e.g. DROP TYPE). */
  cleanup(sql: string): void;
}

/** Registers before/after hooks: connect before the file's tests, drop the tracked tables and disconnect after. */
export function testDatabase(): TestDatabase {
  let client: pg.Client | undefined;
  const tables: string[] = [];
  const statements: string[] = [];
  before(async () => {
    client = await pgClient();
  });
  after(async () => {
    if (!client) return;
    await dropTables(client, ...tables);
    for (const sql of statements) await client.query(sql);
    await client.end();
  });
  return {
    get client(): pg.Client {
      if (!client) throw new Error('testDatabase() is used before its before() hook ran');
      return client;
    },
    track(table: string): string {
      tables.push(table);
      return table;
    },
    cleanup(sql: string): void {
      statements.push(sql);
    },
  };
}
