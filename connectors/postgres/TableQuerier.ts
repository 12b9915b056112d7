// One table (or the custom query) of a source task: builds Confluent's incremental queries, reads
// their results through a server-side cursor in batches of batch.max.rows, and tracks the offset
// of the last row handed out.
//
//   incrementing            WHERE inc > $1 ORDER BY inc ASC
//   timestamp               WHERE ts > $1 AND ts < $2 ORDER BY ts ASC
//   timestamp+incrementing  WHERE ts < $1 AND ((ts = $2 AND inc > $3) OR ts > $2) ORDER BY ts, inc ASC
//
// where ts is COALESCE(ts1, ts2, …) of the timestamp columns and the upper bound is the database's
// clock minus timestamp.delay.interval.ms. Offsets: {"incrementing": n}, {"timestamp": epoch ms,
// "timestamp_nanos": nanos of the second}, or both; partitions {"protocol": "1", "table":
// "schema.table"} (bulk: {"table": "table"}, query: {"query": "query"}).

import type pg from 'pg';
import { SourceRecord, ConnectException, DataException } from 'kconnect';
import type { Mode, SourceConfig } from './config.js';
import { quoteIdent, quoteTable, unquotedTable, type TableId } from './identifiers.js';
import { log } from './log.js';
import { describeResultColumns, findColumn, Oid, RowMapper, type ColumnInfo } from './sourceSchema.js';
import { formatTimestamptz, microsToOffset, offsetToMicros, parseTimestampMicros } from './temporal.js';

export const TABLE_NAME_KEY = 'table';
export const QUERY_NAME_KEY = 'query';
export const QUERY_NAME_VALUE = 'query';
export const OFFSET_PROTOCOL_VERSION_KEY = 'protocol';
export const PROTOCOL_VERSION_ONE = '1';
export const INCREMENTING_FIELD = 'incrementing';
export const TIMESTAMP_FIELD = 'timestamp';
export const TIMESTAMP_NANOS_FIELD = 'timestamp_nanos';

const CURSOR = 'kconnect_source_cursor';

/** The partition of a table under offset protocol 1 (Confluent's current form). */
export function partitionV1(id: TableId): Record<string, string> {
  return { [OFFSET_PROTOCOL_VERSION_KEY]: PROTOCOL_VERSION_ONE, [TABLE_NAME_KEY]: unquotedTable(id) };
}

/** The partition of a table under offset protocol 0 (older Confluent versions: the bare table name). */
export function partitionV0(id: TableId): Record<string, string> {
  return { [TABLE_NAME_KEY]: id.table };
}

export const QUERY_PARTITION: Readonly<Record<string, string>> = Object.freeze({ [QUERY_NAME_KEY]: QUERY_NAME_VALUE });

/** Where a querier is: the last incrementing value and timestamp handed out. */
export interface QuerierOffset {
  incrementing: bigint | undefined;
  /** Epoch microseconds. */
  timestampMicros: number | undefined;
}

/** Reads a stored offset map; anything missing stays undefined. */
export function offsetFromMap(map: Record<string, unknown> | null | undefined): QuerierOffset {
  const out: QuerierOffset = { incrementing: undefined, timestampMicros: undefined };
  if (!map) return out;
  const inc = map[INCREMENTING_FIELD];
  if (typeof inc === 'number' || typeof inc === 'bigint' || (typeof inc === 'string' && /^-?\d+$/.test(inc))) out.incrementing = BigInt(inc);
  const ts = map[TIMESTAMP_FIELD];
  if (typeof ts === 'number' || typeof ts === 'string') {
    const nanos = map[TIMESTAMP_NANOS_FIELD];
    out.timestampMicros = offsetToMicros(Number(ts), nanos === undefined || nanos === null ? undefined : Number(nanos));
  }
  return out;
}

/** The offset map Confluent's connector writes: `incrementing` a number (a string beyond 2^53). */
export function offsetToMap(o: QuerierOffset): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  if (o.incrementing !== undefined) {
    const n = Number(o.incrementing);
    map[INCREMENTING_FIELD] = Number.isSafeInteger(n) ? n : o.incrementing.toString();
  }
  if (o.timestampMicros !== undefined) Object.assign(map, microsToOffset(o.timestampMicros));
  return map;
}

export interface QuerierSpec {
  mode: Mode;
  table?: TableId;
  query?: string;
  incrementingColumn?: string;
  timestampColumns: string[];
  /** The stored offset, if any. */
  offset: QuerierOffset;
}

export class TableQuerier {
  readonly mode: Mode;
  readonly table: TableId | undefined;
  readonly query: string | undefined;
  readonly topic: string;
  readonly partition: Record<string, string>;
  readonly incrementingColumn: string | undefined;
  readonly timestampColumns: string[];
  /** Epoch ms of the end of the last completed query; 0 = never queried. */
  lastUpdate = 0;
  offset: QuerierOffset;
  private querying = false;
  private mapper: RowMapper | undefined;
  private incIndex = -1;
  private tsIndexes: { index: number; zone: string }[] = [];
  private readonly sql: string;
  private warnedSkipped = '';

  constructor(spec: QuerierSpec, private readonly config: SourceConfig) {
    this.mode = spec.mode;
    this.table = spec.table;
    this.query = spec.query;
    this.incrementingColumn = spec.mode === 'incrementing' || spec.mode === 'timestamp+incrementing' ? spec.incrementingColumn : undefined;
    this.timestampColumns = spec.mode === 'timestamp' || spec.mode === 'timestamp+incrementing' ? spec.timestampColumns : [];
    this.offset = spec.offset;
    if (spec.table !== undefined) {
      this.topic = config.topicPrefix + spec.table.table;
      this.partition = spec.mode === 'bulk' ? partitionV0(spec.table) : partitionV1(spec.table);
    } else {
      this.topic = config.topicPrefix;
      this.partition = { ...QUERY_PARTITION };
    }
    this.sql = this.buildSql();
  }

  get isQuerying(): boolean {
    return this.querying;
  }

  describe(): string {
    return this.table !== undefined ? unquotedTable(this.table) : 'query';
  }

  private buildSql(): string {
    let sql = this.table !== undefined ? `SELECT * FROM ${quoteTable(this.table)}` : this.query!;
    const ts = this.timestampColumns.length === 1
      ? quoteIdent(this.timestampColumns[0]!)
      : `COALESCE(${this.timestampColumns.map(quoteIdent).join(',')})`;
    const inc = this.incrementingColumn !== undefined ? quoteIdent(this.incrementingColumn) : '';
    switch (this.mode) {
      case 'incrementing':
        sql += ` WHERE ${inc} > $1 ORDER BY ${inc} ASC`;
        break;
      case 'timestamp':
        sql += ` WHERE ${ts} > $1::timestamptz AND ${ts} < $2::timestamptz ORDER BY ${ts} ASC`;
        break;
      case 'timestamp+incrementing':
        sql += ` WHERE ${ts} < $1::timestamptz AND ((${ts} = $2::timestamptz AND ${inc} > $3) OR ${ts} > $2::timestamptz) ORDER BY ${ts},${inc} ASC`;
        break;
      case 'bulk':
        break;
    }
    if (this.config.querySuffix) sql += ` ${this.config.querySuffix}`;
    return sql;
  }

  /** The statement and its parameters for the next query; `dbNowMicros` is the database's clock. */
  statement(dbNowMicros: number): { text: string; values: string[] } {
    const inc = (this.offset.incrementing ?? -1n).toString();
    const begin = formatTimestamptz(this.offset.timestampMicros ?? 0);
    const end = formatTimestamptz(dbNowMicros - this.config.timestampDelayMs * 1000);
    switch (this.mode) {
      case 'incrementing': return { text: this.sql, values: [inc] };
      case 'timestamp': return { text: this.sql, values: [begin, end] };
      case 'timestamp+incrementing': return { text: this.sql, values: [end, begin, inc] };
      case 'bulk': return { text: this.sql, values: [] };
    }
  }

  /** Opens the read transaction and the cursor. */
  async startQuery(client: pg.Client): Promise<void> {
    const isolation = this.config.isolation === 'DEFAULT' ? '' : ` ISOLATION LEVEL ${this.config.isolation.replace(/_/g, ' ')}`;
    await client.query(`BEGIN${isolation}`);
    try {
      let now = 0;
      if (this.timestampColumns.length > 0) {
        const r = await client.query<{ now: string }>('SELECT floor(extract(epoch FROM now()) * 1000000)::int8::text AS now');
        now = Number(r.rows[0]!.now);
      }
      const { text, values } = this.statement(now);
      await client.query({ text: `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${text}`, values });
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
    this.querying = true;
    this.mapper = undefined;
  }

  /** Up to `maxRows` more records of the running query. */
  async fetch(client: pg.Client, maxRows: number): Promise<SourceRecord[]> {
    const r = await client.query<(string | null)[]>({ text: `FETCH FORWARD ${maxRows} FROM ${CURSOR}`, rowMode: 'array', types: RAW_TYPES });
    if (this.mapper === undefined) await this.prepareMapping(client, r.fields);
    const mapper = this.mapper!;
    const out = new Array<SourceRecord>(r.rows.length);
    const hasOffset = this.mode !== 'bulk';
    for (let i = 0; i < r.rows.length; i++) {
      const row = r.rows[i]!;
      const value = mapper.toStruct(row);
      let sourceOffset: Record<string, unknown> | null = null;
      if (hasOffset) {
        this.advance(row);
        sourceOffset = offsetToMap(this.offset);
      }
      out[i] = new SourceRecord({ sourcePartition: this.partition, sourceOffset, topic: this.topic, valueSchema: mapper.schema, value });
    }
    return out;
  }

  /** Closes the cursor and the read transaction; the next query is due poll.interval.ms after `now`. */
  async endQuery(client: pg.Client, now: number): Promise<void> {
    this.querying = false;
    this.lastUpdate = now;
    await client.query(`CLOSE ${CURSOR}`);
    await client.query('COMMIT');
  }

  /** After a failure: forget the query (the connection is rolled back or gone). */
  abandon(now: number): void {
    this.querying = false;
    this.lastUpdate = now;
  }

  private async prepareMapping(client: pg.Client, fields: readonly pg.FieldDef[]): Promise<void> {
    const columns = await describeResultColumns(client, fields);
    // Confluent names the struct schema after the table (unqualified), and leaves it unnamed for a query.
    this.mapper = new RowMapper(columns, this.table?.table, this.config);
    const skipped = this.mapper.skipped.join(',');
    if (skipped && skipped !== this.warnedSkipped) {
      log.warn({ table: this.describe(), columns: this.mapper.skipped }, 'PostgreSQL source: columns of types with no Connect mapping are left out');
    }
    this.warnedSkipped = skipped;
    const names = (): string => columns.map((c) => c.name).join(',');
    if (this.incrementingColumn !== undefined) {
      this.incIndex = findColumn(columns, this.incrementingColumn);
      if (this.incIndex === -1) throw new DataException(`Incrementing column ${this.incrementingColumn} not found in ${names()}`);
      if (!isIntegral(columns[this.incIndex]!)) {
        throw new ConnectException(`Invalid type for incrementing column ${this.incrementingColumn}: it must be an integer type or NUMERIC with scale 0`);
      }
    }
    this.tsIndexes = this.timestampColumns.map((name) => {
      const index = findColumn(columns, name);
      if (index === -1) throw new DataException(`Timestamp column ${name} not found in ${names()}`);
      const col = columns[index]!;
      return { index, zone: col.typeOid === Oid.TIMESTAMP ? this.config.timeZone : 'UTC' };
    });
  }

  private advance(row: readonly (string | null)[]): void {
    if (this.incIndex !== -1) {
      const text = row[this.incIndex];
      if (text === null || text === undefined) throw new ConnectException(`Null value for incrementing column ${this.incrementingColumn}`);
      if (!/^-?\d+$/.test(text)) throw new ConnectException('Scale of Decimal value for incrementing column must be 0');
      this.offset.incrementing = BigInt(text);
    }
    if (this.tsIndexes.length > 0) {
      for (const { index, zone } of this.tsIndexes) {
        const text = row[index];
        if (text === null || text === undefined) continue;
        const micros = parseTimestampMicros(text, zone);
        if (micros === undefined) throw new DataException(`Cannot read timestamp column value ${text}`);
        this.offset.timestampMicros = micros;
        break;
      }
    }
  }
}

function isIntegral(c: ColumnInfo): boolean {
  return c.typeOid === Oid.INT2 || c.typeOid === Oid.INT4 || c.typeOid === Oid.INT8 || c.typeOid === Oid.OID || c.typeOid === Oid.NUMERIC;
}

/** Every column as the server's text (converted per column by RowMapper). */
const RAW_TYPES = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;
