// What the connector asks PostgreSQL's catalog and replication commands: connections, types, table
// columns (nullability, defaults, primary key), the publication and the replication slot.

import { ConnectException } from 'kconnect';
import type pg from 'pg';
import type { CdcConfig } from './config.js';
import { tableCaptured } from './config.js';
import { parseLsn } from './lsn.js';
import { quoteIdent, quoteLiteral } from './ReplicationStream.js';

/** Settings every connection here relies on: UTC and ISO output, hex bytea, PostgreSQL's interval style. */
const SESSION = '-c TimeZone=UTC -c DateStyle=ISO -c bytea_output=hex -c IntervalStyle=postgres -c extra_float_digits=1';

function clientConfig(config: CdcConfig, replication: boolean): pg.ClientConfig {
  const cfg: pg.ClientConfig = {
    host: config.hostname, port: config.port, user: config.user, database: config.dbname,
    application_name: replication ? `kconnect-cdc-${config.slotName}` : 'kconnect-cdc', options: SESSION,
  };
  if (config.password !== null) cfg.password = config.password;
  if (config.sslmode === 'require' || config.sslmode === 'prefer' || config.sslmode === 'allow') cfg.ssl = { rejectUnauthorized: false };
  else if (config.sslmode === 'verify-ca' || config.sslmode === 'verify-full') cfg.ssl = { rejectUnauthorized: true };
  if (config.sslmode === 'prefer' || config.sslmode === 'allow') cfg.ssl = false; // pg has no "try TLS, fall back"
  if (replication) (cfg as pg.ClientConfig & { replication: string }).replication = 'database';
  return cfg;
}

/** A connection for queries, or (replication=true) for replication commands. */
export async function connectPg(config: CdcConfig, replication = false): Promise<pg.Client> {
  // pg is loaded by the first connection, not with the plugin (see ../postgres/connection.ts).
  const { Client } = (await import('pg')).default;
  const client = new Client(clientConfig(config, replication));
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw new ConnectException(`Could not connect to PostgreSQL at ${config.hostname}:${config.port}/${config.dbname} as ${config.user}${replication ? ' for replication' : ''}: ${(e as Error).message}`, { cause: e });
  }
  return client;
}

export interface PgType {
  oid: number;
  name: string;
  schema: string;
  /** b base, e enum, d domain, c composite, r range */
  kind: string;
  elemOid: number;
  baseOid: number;
  enumLabels?: string[];
}

/** pg_type, loaded once and again when an unknown type shows up (a type created after start). */
export class TypeRegistry {
  private readonly types = new Map<number, PgType>();

  constructor(types: PgType[] = []) {
    for (const t of types) this.types.set(t.oid, t);
  }

  async load(client: pg.Client): Promise<void> {
    const r = await client.query<{ oid: number; typname: string; nspname: string; typtype: string; typelem: number; typbasetype: number }>(
      `SELECT t.oid::int8 AS oid, t.typname, n.nspname, t.typtype, t.typelem::int8 AS typelem, t.typbasetype::int8 AS typbasetype
       FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace`);
    for (const row of r.rows) {
      this.types.set(Number(row.oid), { oid: Number(row.oid), name: row.typname, schema: row.nspname, kind: row.typtype, elemOid: Number(row.typelem), baseOid: Number(row.typbasetype) });
    }
    const e = await client.query<{ enumtypid: number; labels: string[] }>(
      'SELECT enumtypid::int8 AS enumtypid, array_agg(enumlabel::text ORDER BY enumsortorder) AS labels FROM pg_catalog.pg_enum GROUP BY enumtypid');
    for (const row of e.rows) {
      const t = this.types.get(Number(row.enumtypid));
      if (t) t.enumLabels = row.labels;
    }
  }

  get(oid: number): PgType | undefined {
    return this.types.get(oid);
  }

  has(oid: number): boolean {
    return this.types.has(oid);
  }
}

export interface CatalogColumn {
  name: string;
  typeOid: number;
  typmod: number;
  notNull: boolean;
  /** The default expression as pg_get_expr prints it, or null. */
  defaultExpr: string | null;
}

export interface CatalogTable {
  oid: number;
  schema: string;
  table: string;
  columns: CatalogColumn[];
  /** Primary key column names, in key order. */
  primaryKey: string[];
  replicaIdentity: string;
}

/** The captured tables (ordinary and partitioned), in the order the include list names them. */
export async function capturedTables(client: pg.Client, config: CdcConfig): Promise<{ schema: string; table: string; oid: number }[]> {
  const r = await client.query<{ oid: number; nspname: string; relname: string }>(
    `SELECT c.oid::int8 AS oid, n.nspname, c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
     ORDER BY n.nspname, c.relname`);
  const tables = r.rows.filter((t) => tableCaptured(config, t.nspname, t.relname))
    .map((t) => ({ schema: t.nspname, table: t.relname, oid: Number(t.oid) }));
  // Debezium snapshots in the order of table.include.list, then by name
  const rank = (t: { schema: string; table: string }): number => {
    const i = config.tableInclude.findIndex((re) => re.test(`${t.schema}.${t.table}`));
    return i < 0 ? config.tableInclude.length : i;
  };
  return tables.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i).map((x) => x.t);
}

/** Columns, key and replica identity of one table, by oid. Undefined when it no longer exists. */
export async function describeTable(client: pg.Client, oid: number): Promise<CatalogTable | undefined> {
  const t = await client.query<{ nspname: string; relname: string; relreplident: string }>(
    `SELECT n.nspname, c.relname, c.relreplident FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1`, [oid]);
  const row = t.rows[0];
  if (!row) return undefined;
  const cols = await client.query<{ attname: string; atttypid: number; atttypmod: number; attnotnull: boolean; def: string | null }>(
    `SELECT a.attname, a.atttypid::int8 AS atttypid, a.atttypmod, a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def
     FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, [oid]);
  const pk = await client.query<{ attname: string }>(
    `SELECT a.attname FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1 AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`, [oid]);
  return {
    oid, schema: row.nspname, table: row.relname, replicaIdentity: row.relreplident,
    columns: cols.rows.map((c) => ({ name: c.attname, typeOid: Number(c.atttypid), typmod: c.atttypmod, notNull: c.attnotnull, defaultExpr: c.def })),
    primaryKey: pk.rows.map((p) => p.attname),
  };
}

/** Creates or updates the publication as publication.autocreate.mode says; checks it exists when disabled. */
export async function ensurePublication(client: pg.Client, config: CdcConfig, tables: { schema: string; table: string }[]): Promise<void> {
  const name = config.publicationName;
  const exists = (await client.query('SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = $1', [name])).rowCount! > 0;
  const list = tables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`).join(', ');
  switch (config.publicationAutocreate) {
    case 'disabled':
      if (!exists) throw new ConnectException(`Publication '${name}' does not exist and publication.autocreate.mode is disabled: create it (CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE …)`);
      return;
    case 'all_tables':
      if (!exists) await client.query(`CREATE PUBLICATION ${quoteIdent(name)} FOR ALL TABLES`);
      return;
    case 'filtered':
      if (tables.length === 0) throw new ConnectException(`No table matches the include/exclude lists: the filtered publication '${name}' would be empty`);
      if (!exists) await client.query(`CREATE PUBLICATION ${quoteIdent(name)} FOR TABLE ${list}`);
      else await client.query(`ALTER PUBLICATION ${quoteIdent(name)} SET TABLE ${list}`);
  }
}

export interface SlotState {
  exists: boolean;
  active: boolean;
  confirmedFlushLsn: number | null;
}

export async function slotState(client: pg.Client, config: CdcConfig): Promise<SlotState> {
  const r = await client.query<{ plugin: string; database: string; active: boolean; confirmed_flush_lsn: string | null }>(
    'SELECT plugin, database, active, confirmed_flush_lsn::text FROM pg_catalog.pg_replication_slots WHERE slot_name = $1', [config.slotName]);
  const row = r.rows[0];
  if (!row) return { exists: false, active: false, confirmedFlushLsn: null };
  if (row.plugin !== 'pgoutput' || row.database !== config.dbname) {
    throw new ConnectException(`Replication slot '${config.slotName}' exists for plugin ${row.plugin} on database ${row.database}; this connector needs a pgoutput slot on ${config.dbname}: choose another slot.name`);
  }
  return { exists: true, active: row.active, confirmedFlushLsn: row.confirmed_flush_lsn ? parseLsn(row.confirmed_flush_lsn) : null };
}

/**
 * Creates the slot on a replication connection. With `exportSnapshot` the snapshot name it returns
 * stays valid while that connection runs no other command: the initial snapshot reads the tables as
 * of exactly the slot's consistent point, so streaming starts right after it.
 */
export async function createSlot(replication: pg.Client, slot: string, exportSnapshot: boolean): Promise<{ consistentLsn: number; snapshotName: string | null }> {
  const r = await replication.query<{ consistent_point: string; snapshot_name: string | null }>(
    `CREATE_REPLICATION_SLOT ${quoteIdent(slot)} LOGICAL pgoutput ${exportSnapshot ? 'EXPORT_SNAPSHOT' : 'NOEXPORT_SNAPSHOT'}`);
  const row = r.rows[0]!;
  return { consistentLsn: parseLsn(row.consistent_point), snapshotName: row.snapshot_name };
}

/** Drops the slot, waiting up to `waitMs` for the server to release it after our connection closed. */
export async function dropSlot(client: pg.Client, slot: string, waitMs = 10_000): Promise<void> {
  const end = Date.now() + waitMs;
  for (;;) {
    try {
      await client.query('SELECT pg_catalog.pg_drop_replication_slot(slot_name) FROM pg_catalog.pg_replication_slots WHERE slot_name = $1', [slot]);
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || Date.now() > end) throw e; // 55006: slot still active
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export function literal(value: string): string {
  return quoteLiteral(value);
}
