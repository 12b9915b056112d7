// Helpers for the change-data-capture tests: the private PostgreSQL with wal_level=logical that
// `npm test` starts (scripts/postgres-logical.sh; PG_LOGICAL_PORT), connector configs with their own
// slot, publication and topic prefix, and Debezium-shaped events read back from Kafka.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { consumeAll, kafkaClient, type ConsumedRecord } from './kafka.js';
import { eventually } from './worker.js';

export const PG_LOGICAL = {
  host: process.env.PG_LOGICAL_HOST ?? '127.0.0.1',
  port: Number(process.env.PG_LOGICAL_PORT ?? 15432),
  user: 'postgres',
  database: 'test',
};

export async function logicalClient(): Promise<pg.Client> {
  const client = new pg.Client({ ...PG_LOGICAL, options: '-c TimeZone=UTC' });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`The CDC tests need PostgreSQL with wal_level=logical on ${PG_LOGICAL.host}:${PG_LOGICAL.port} `
      + `(npm test starts one; by hand: bash scripts/postgres-logical.sh start, then export PG_LOGICAL_PORT): ${(e as Error).message}`);
  }
  return client;
}

/** A name no other test uses, fit for a table, slot, publication and topic prefix alike. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/** A Debezium connector config for these tables, with its own slot, publication and prefix. */
export function cdcConfig(name: string, tables: string[], extra: Record<string, string> = {}): Record<string, string> {
  return {
    name,
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'database.hostname': PG_LOGICAL.host,
    'database.port': String(PG_LOGICAL.port),
    'database.user': PG_LOGICAL.user,
    'database.dbname': PG_LOGICAL.database,
    'topic.prefix': name,
    'plugin.name': 'pgoutput',
    'slot.name': name,
    'publication.name': `${name}_pub`,
    'publication.autocreate.mode': 'filtered',
    'table.include.list': tables.map((t) => `public.${t}`).join(','),
    ...extra,
  };
}

export interface CdcEvent {
  key: any;
  /** The envelope payload, or null for a tombstone. */
  value: any;
  keySchema: any;
  valueSchema: any;
}

/** Parses JsonConverter (schemas.enable=true) records into schema and payload. */
export function parseEvents(records: ConsumedRecord[]): CdcEvent[] {
  return records.map((r) => {
    const k = r.key ? JSON.parse(r.key.toString()) : null;
    const v = r.value ? JSON.parse(r.value.toString()) : null;
    return { key: k?.payload ?? null, keySchema: k?.schema ?? null, value: v?.payload ?? null, valueSchema: v?.schema ?? null };
  });
}

/** Waits until the connector's producer has created the topic (it does so with its first record). */
export async function topicExists(topic: string, timeoutMs = 60_000): Promise<void> {
  const admin = kafkaClient('kconnect-test-admin').admin();
  await admin.connect();
  try {
    await eventually(async () => (await admin.listTopics()).includes(topic), timeoutMs, `topic ${topic}`);
  } finally {
    await admin.disconnect();
  }
}

export async function readEvents(topic: string, expected: number, timeoutMs = 60_000): Promise<CdcEvent[]> {
  await topicExists(topic, timeoutMs);
  return parseEvents(await consumeAll(topic, { expected, timeoutMs }));
}

/** Drops what a test left behind: its slot (if no connector holds it) and publication. */
export async function dropSlotAndPublication(client: pg.Client, slot: string, publication: string): Promise<void> {
  await client.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active', [slot]).catch(() => {});
  await client.query(`DROP PUBLICATION IF EXISTS "${publication}"`);
}
