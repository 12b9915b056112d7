// Table and column names: parsing `schema.table` (with or without double quotes) and quoting them
// for SQL. Every identifier this connector puts into SQL goes through quoteIdent().

/** A table: its schema (undefined = the connection's current schema) and name. */
export interface TableId {
  readonly schema: string | undefined;
  readonly table: string;
}

/** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated by the server. */
export const MAX_IDENTIFIER_LENGTH = 63;

/** `"name"` with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`, or `"table"` when the schema is not known. */
export function quoteTable(id: TableId): string {
  return id.schema === undefined ? quoteIdent(id.table) : `${quoteIdent(id.schema)}.${quoteIdent(id.table)}`;
}

/** `schema.table` without quotes (Confluent's QuoteMethod.NEVER form, used in source partitions). */
export function unquotedTable(id: TableId): string {
  return id.schema === undefined ? id.table : `${id.schema}.${id.table}`;
}

/**
 * Splits a qualified name on dots outside double quotes; quoted parts keep their case and may hold
 * dots (`"my.schema"."T"`), `""` inside quotes is one quote. Unquoted parts are kept as written.
 */
export function parseQualifiedName(fqn: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let inQuotes = false;
  let quoted = false;
  for (let i = 0; i < fqn.length; i++) {
    const ch = fqn[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (fqn[i + 1] === '"') {
          cur += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        cur += ch;
      }
    } else if (ch === '"') {
      inQuotes = true;
      quoted = true;
    } else if (ch === '.') {
      parts.push(quoted ? cur : cur.trim());
      cur = '';
      quoted = false;
    } else {
      cur += ch;
    }
  }
  if (inQuotes) throw new Error(`Unbalanced quotes in identifier: ${fqn}`);
  parts.push(quoted ? cur : cur.trim());
  if (parts.some((p) => p.length === 0)) throw new Error(`Invalid fully qualified name: '${fqn}'`);
  return parts;
}

/**
 * A TableId from `table`, `schema.table` or `database.schema.table` (the database part is dropped:
 * a PostgreSQL connection sees one database). Names longer than 63 characters are truncated, as
 * the server would.
 */
export function parseTableId(fqn: string, lowerCase = false): TableId {
  const parts = parseQualifiedName(fqn);
  if (parts.length > 3) throw new Error(`Invalid fully qualified name: '${fqn}'`);
  const fix = (s: string): string => {
    const t = s.length > MAX_IDENTIFIER_LENGTH ? s.slice(0, MAX_IDENTIFIER_LENGTH) : s;
    return lowerCase ? t.toLowerCase() : t;
  };
  const table = fix(parts[parts.length - 1]!);
  const schema = parts.length >= 2 ? fix(parts[parts.length - 2]!) : undefined;
  return { schema, table };
}

/** Parses a comma-separated list of possibly quoted qualified names (commas inside quotes kept). */
export function splitQualifiedList(list: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (const ch of list) {
    if (ch === '"') inQuotes = !inQuotes;
    if (ch === ',' && !inQuotes) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function sameTable(a: TableId, b: TableId): boolean {
  return a.schema === b.schema && a.table === b.table;
}
