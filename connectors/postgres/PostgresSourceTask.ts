// The source task: one connection, one querier per assigned table (or the custom query). poll()
// takes the querier that is mid-query or whose next query is due soonest, reads up to
// batch.max.rows rows, and sleeps (waking on stop) when nothing is due.

import type pg from 'pg';
import { SourceTask, type SourceRecord, ConfigException, ConnectException, DataException } from 'kconnect';
import { columnNamed, describeTable } from './catalog.js';
import {
  INCREMENTING_COLUMN_NAME, TABLES, TIMESTAMP_COLUMN_NAME, parseSourceConfig, type SourceConfig,
} from './config.js';
import { closeQuietly, connect, errorMessage, isConnectionError } from './connection.js';
import { parseTableId, splitQualifiedList, unquotedTable, type TableId } from './identifiers.js';
import { log } from './log.js';
import {
  QUERY_PARTITION, TableQuerier, offsetFromMap, partitionV0, partitionV1, type QuerierOffset,
} from './TableQuerier.js';
import { VERSION } from './version.js';

export class PostgresSourceTask extends SourceTask {
  private config!: SourceConfig;
  private client: pg.Client | undefined;
  private queriers: TableQuerier[] = [];
  private stopped = false;
  private wake: (() => void) | undefined;
  private failures = 0;

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.stopped = false;
    const config = (this.config = parseSourceConfig(props));
    const tables = splitQualifiedList(props[TABLES] ?? '').map((t) => parseTableId(t, config.lowerCaseIdentifiers));
    if (!config.query && tables.length === 0) {
      log.warn('PostgreSQL source task: no tables assigned; idle until the connector reconfigures its tasks');
      return;
    }
    this.client = await connect(config.connection, () => this.stopped);
    if (config.query) {
      this.queriers = [new TableQuerier({
        mode: config.mode, query: config.query, incrementingColumn: config.incrementingColumn,
        timestampColumns: config.timestampColumns, offset: await this.initialOffset([QUERY_PARTITION]),
      }, config)];
    } else {
      for (const table of tables) this.queriers.push(await this.querierFor(table));
    }
    log.info({ tables: this.queriers.map((q) => q.describe()), mode: config.mode }, 'PostgreSQL source task started');
  }

  /** Resolves and checks the table's offset columns, reads its stored offset (protocol 1, then 0). */
  private async querierFor(table: TableId): Promise<TableQuerier> {
    const config = this.config;
    const id: TableId = table.schema !== undefined ? table : { schema: 'public', table: table.table };
    const def = await describeTable(this.client!, id);
    if (def === undefined) throw new ConnectException(`Table ${unquotedTable(id)} does not exist`);
    const fqn = unquotedTable(id);
    const usesInc = config.mode === 'incrementing' || config.mode === 'timestamp+incrementing';
    const usesTs = config.mode === 'timestamp' || config.mode === 'timestamp+incrementing';
    let incrementingColumn: string | undefined;
    if (usesInc) {
      const wanted = config.incrementingColumnMapping.find((m) => m.regex.test(fqn))?.column ?? config.incrementingColumn;
      const col = wanted === '' ? def.columns.find((c) => c.autoIncrement) : columnNamed(def, wanted);
      if (col === undefined) {
        throw new ConfigException(INCREMENTING_COLUMN_NAME, wanted, wanted === ''
          ? `table '${fqn}' has no auto-incrementing column; name the incrementing column`
          : `Incrementing column: ${wanted} does not exist in table '${fqn}'`);
      }
      if (config.validateNonNull && !col.notNull) {
        throw new ConfigException(INCREMENTING_COLUMN_NAME, col.name,
          `Cannot make incremental queries using incrementing column ${col.name} on ${fqn} because this column is nullable.`);
      }
      incrementingColumn = col.name;
    }
    let timestampColumns: string[] = [];
    if (usesTs) {
      const wanted = config.timestampColumnsMapping.find((m) => m.regex.test(fqn))?.columns ?? config.timestampColumns;
      const cols = wanted.map((name) => ({ name, col: columnNamed(def, name) }));
      const missing = cols.filter((c) => c.col === undefined).map((c) => c.name);
      if (missing.length > 0) {
        throw new ConfigException(TIMESTAMP_COLUMN_NAME, wanted.join(','), `Timestamp columns: ${missing.join(', ')} do not exist in table '${fqn}'`);
      }
      if (config.validateNonNull && cols.every((c) => !c.col!.notNull)) {
        throw new ConfigException(TIMESTAMP_COLUMN_NAME, wanted.join(','),
          `Cannot make incremental queries using timestamp columns ${wanted.join(',')} on ${fqn} because all of these columns are nullable.`);
      }
      timestampColumns = cols.map((c) => c.col!.name);
    }
    const offset = config.mode === 'bulk' ? offsetFromMap(null) : await this.initialOffset([partitionV1(id), partitionV0(id)]);
    return new TableQuerier({ mode: config.mode, table: id, incrementingColumn, timestampColumns, offset }, config);
  }

  /** The first stored offset among `partitions`, else timestamp.initial, else nothing. */
  private async initialOffset(partitions: Record<string, string>[]): Promise<QuerierOffset> {
    const reader = this.context.offsetStorageReader();
    for (const p of partitions) {
      const stored = await reader.offset(p);
      if (stored) return offsetFromMap(stored);
    }
    const initial = this.config.timestampInitial;
    if (initial === null || this.config.mode === 'bulk' || this.config.mode === 'incrementing') return offsetFromMap(null);
    if (initial === -1) {
      const r = await this.client!.query<{ now: string }>('SELECT floor(extract(epoch FROM now()) * 1000000)::int8::text AS now');
      return { incrementing: undefined, timestampMicros: Number(r.rows[0]!.now) };
    }
    return { incrementing: undefined, timestampMicros: initial * 1000 };
  }

  async poll(): Promise<SourceRecord[] | null> {
    while (!this.stopped) {
      const q = this.next();
      if (q === undefined) {
        await this.idle(this.config?.pollIntervalMs ?? 1000);
        return null;
      }
      if (!q.isQuerying) {
        const wait = q.lastUpdate + this.config.pollIntervalMs - Date.now();
        if (wait > 0) {
          await this.idle(wait);
          return null;
        }
      }
      let records: SourceRecord[];
      try {
        this.client ??= await connect(this.config.connection, () => this.stopped);
        if (!q.isQuerying) await q.startQuery(this.client);
        records = await q.fetch(this.client, this.config.batchMaxRows);
        if (records.length < this.config.batchMaxRows) await q.endQuery(this.client, Date.now());
        this.failures = 0;
      } catch (e) {
        await this.onQueryError(q, e);
        return null;
      }
      if (records.length > 0) return records;
    }
    return null;
  }

  /** The querier mid-query, else the one whose last query ended longest ago. */
  private next(): TableQuerier | undefined {
    let best: TableQuerier | undefined;
    for (const q of this.queriers) {
      if (q.isQuerying) return q;
      if (best === undefined || q.lastUpdate < best.lastUpdate) best = q;
    }
    return best;
  }

  private async onQueryError(q: TableQuerier, e: unknown): Promise<void> {
    q.abandon(Date.now());
    if (this.stopped) return;
    if (e instanceof DataException || (e instanceof ConnectException && !isConnectionError(e))) {
      await this.rollback();
      throw e;
    }
    this.failures++;
    const retries = this.config.queryRetries;
    if (isConnectionError(e)) {
      const client = this.client;
      this.client = undefined;
      await closeQuietly(client);
    } else {
      await this.rollback();
    }
    if (retries >= 0 && this.failures > retries) {
      throw new ConnectException(`Failed to query ${q.describe()} ${this.failures} time(s) in a row: ${errorMessage(e)}`, { cause: e });
    }
    log.warn({ table: q.describe(), err: errorMessage(e) }, 'PostgreSQL source: query failed; retrying at the next poll');
  }

  private async rollback(): Promise<void> {
    await this.client?.query('ROLLBACK').catch(() => {});
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    this.client = undefined;
    await closeQuietly(client);
  }
}
