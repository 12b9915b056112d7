// What the source and the sink ask the catalog: which tables there are, and a table's columns.

import type pg from 'pg';
import { quoteTable, type TableId } from './identifiers.js';

export interface ColumnDefinition {
  name: string;
  /** format_type(): `integer`, `character varying(10)`, `timestamp without time zone`, … */
  type: string;
  /** The type without its modifier (`character varying`, `numeric`): what values are cast to before assignment. */
  baseType: string;
  typeOid: number;
  notNull: boolean;
  hasDefault: boolean;
  /** A serial or identity column. */
  autoIncrement: boolean;
}

export interface TableDefinition {
  id: TableId;
  /** pg_class.relkind as a JDBC table type: TABLE, PARTITIONED TABLE, VIEW, MATERIALIZED VIEW, FOREIGN TABLE. */
  type: string;
  columns: ColumnDefinition[];
  /** Primary key column names, in key order. */
  primaryKey: string[];
}

const RELKIND_TYPES: Record<string, string> = {
  r: 'TABLE', p: 'PARTITIONED TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', f: 'FOREIGN TABLE',
};

/** relkinds for the configured table.types (TABLE includes partitioned tables, as pgjdbc reports them). */
export function relkindsFor(tableTypes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of tableTypes) {
    for (const [kind, name] of Object.entries(RELKIND_TYPES)) {
      if (name === t || (t === 'TABLE' && kind === 'p')) out.add(kind);
    }
  }
  return [...out];
}

/** The session's current schema (where unqualified names go). */
export async function currentSchema(client: pg.Client): Promise<string> {
  const r = await client.query<{ s: string | null }>('SELECT current_schema() AS s');
  return r.rows[0]?.s ?? 'public';
}

/** Tables (schema-qualified) of the given kinds, outside the system schemas, optionally in schemas LIKE a pattern. */
export async function listTables(client: pg.Client, relkinds: readonly string[], schemaPattern: string | null): Promise<TableId[]> {
  const r = await client.query<{ schema: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS table
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = ANY($1::"char"[])
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND ($2::text IS NULL OR n.nspname LIKE $2::text)
      ORDER BY n.nspname, c.relname`,
    [relkinds, schemaPattern]);
  return r.rows.map((row) => ({ schema: row.schema, table: row.table }));
}

/** The table's definition, or undefined when there is no such table. `id.schema` must be set. */
export async function describeTable(client: pg.Client, id: TableId): Promise<TableDefinition | undefined> {
  const rel = await client.query<{ oid: string; relkind: string }>(
    'SELECT c.oid::int8::text AS oid, c.relkind FROM pg_catalog.pg_class c WHERE c.oid = to_regclass($1)', [quoteTable(id)]);
  const row = rel.rows[0];
  if (row === undefined) return undefined;
  const cols = await client.query<{ name: string; type: string; base: string; oid: number; notnull: boolean; hasdef: boolean; autoinc: boolean; pk: number | null }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, format_type(a.atttypid, NULL) AS base, a.atttypid::int8 AS oid, a.attnotnull AS notnull,
            a.atthasdef AS hasdef,
            (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS autoinc,
            array_position(i.indkey::int2[], a.attnum) AS pk
       FROM pg_catalog.pg_attribute a
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       LEFT JOIN pg_catalog.pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
      WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [row.oid]);
  const columns = cols.rows.map((c) => ({
    name: c.name, type: c.type, baseType: c.base, typeOid: Number(c.oid), notNull: c.notnull, hasDefault: c.hasdef, autoIncrement: c.autoinc,
  }));
  const primaryKey = cols.rows.filter((c) => c.pk !== null).sort((a, b) => a.pk! - b.pk!).map((c) => c.name);
  return { id, type: RELKIND_TYPES[row.relkind] ?? 'TABLE', columns, primaryKey };
}

/** A column by name: exactly, else the one matching case-insensitively. */
export function columnNamed(def: TableDefinition, name: string): ColumnDefinition | undefined {
  const exact = def.columns.find((c) => c.name === name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  const matches = def.columns.filter((c) => c.name.toLowerCase() === lower);
  return matches.length === 1 ? matches[0] : undefined;
}
