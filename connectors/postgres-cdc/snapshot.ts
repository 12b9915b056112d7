// The initial snapshot: every captured table read inside one REPEATABLE READ transaction that uses
// the snapshot exported when the slot was created, so the rows are exactly those committed before
// the slot's consistent point and streaming continues from there without gap or overlap. Rows come
// through a cursor, snapshot.fetch.size at a time, as text (the same converters as streaming).

import { type SourceRecord } from 'kconnect';
import type pg from 'pg';
import type { CdcConfig } from './config.js';
import { describeTable, type TypeRegistry } from './catalog.js';
import { EventFactory, TableSchema } from './events.js';
import { quoteIdent, quoteLiteral } from './ReplicationStream.js';

const TEXT_TYPES = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

export interface SnapshotTable {
  oid: number;
  schema: string;
  table: string;
}

export class Snapshotter {
  private index = -1;
  private current: TableSchema | undefined;
  private held: unknown[] | undefined;
  private rowsInTable = 0;
  private txId = 0;
  private tsMicros = 0;
  done = false;
  /** Tables whose schema the snapshot built, for streaming to start from. */
  readonly schemas = new Map<number, TableSchema>();

  constructor(
    private readonly client: pg.Client,
    private readonly config: CdcConfig,
    private readonly types: TypeRegistry,
    private readonly tables: SnapshotTable[],
    private readonly lsn: number,
    private readonly factory: EventFactory,
  ) {}

  /** Opens the snapshot transaction; must run while the exported snapshot is still valid. */
  async begin(snapshotName: string | null): Promise<void> {
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    if (snapshotName !== null) await this.client.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(snapshotName)}`);
    const r = await this.client.query<{ txid: string }>('SELECT txid_current()::text AS txid');
    this.txId = Number(r.rows[0]!.txid);
    this.tsMicros = Date.now() * 1000;
  }

  /** The next records, up to about `max`; done=true once every table was read. */
  async next(max: number): Promise<SourceRecord[]> {
    const out: SourceRecord[] = [];
    while (!this.done && out.length < max) {
      if (this.current === undefined) {
        if (!(await this.openNextTable())) {
          await this.finish();
          break;
        }
        continue;
      }
      const r = await this.client.query({ text: `FETCH ${this.config.snapshotFetchSize} FROM kconnect_snapshot`, rowMode: 'array', types: TEXT_TYPES });
      const rows = r.rows as unknown[][];
      // hold back the table's last row until we know it is the last
      const pending = this.held ? [this.held, ...rows] : rows;
      const exhausted = rows.length < this.config.snapshotFetchSize;
      this.held = exhausted ? undefined : pending.pop();
      for (let i = 0; i < pending.length; i++) this.emit(pending[i] as (string | null)[], exhausted && i === pending.length - 1, out);
      if (exhausted) {
        await this.client.query('CLOSE kconnect_snapshot');
        this.current = undefined;
      }
    }
    return out;
  }

  private async openNextTable(): Promise<boolean> {
    for (;;) {
      this.index++;
      const t = this.tables[this.index];
      if (t === undefined) return false;
      const cat = await describeTable(this.client, t.oid);
      if (cat === undefined) continue;
      const schema = new TableSchema(cat.schema, cat.table, cat.columns, cat, this.config, this.types);
      this.schemas.set(t.oid, schema);
      this.current = schema;
      this.rowsInTable = 0;
      this.held = undefined;
      const cols = cat.columns.map((c) => quoteIdent(c.name)).join(', ');
      await this.client.query(`DECLARE kconnect_snapshot NO SCROLL CURSOR FOR SELECT ${cols || '*'} FROM ${quoteIdent(cat.schema)}.${quoteIdent(cat.table)}`);
      return true;
    }
  }

  private emit(row: (string | null)[], lastInTable: boolean, out: SourceRecord[]): void {
    const t = this.current!;
    this.rowsInTable++;
    const first = this.rowsInTable === 1;
    const last = lastInTable && this.index === this.tables.length - 1;
    // Debezium's SnapshotMarkerResolver: last, then first, then per-table last/first
    const marker = last ? 'last' : first && this.index === 0 ? 'first' : lastInTable ? 'last_in_data_collection' : first ? 'first_in_data_collection' : 'true';
    const source = this.factory.source(t, {
      tsMicros: this.tsMicros, snapshot: marker, lastCommitLsn: null, lsn: this.lsn, txId: this.txId, origin: null, originLsn: null,
    });
    const offset = { last_snapshot_record: last, lsn: this.lsn, txId: this.txId, ts_usec: this.tsMicros, snapshot: 'INITIAL', snapshot_completed: false };
    this.factory.records(t, 'r', null, t.row(row), source, offset, null, out);
  }

  private async finish(): Promise<void> {
    await this.client.query('COMMIT');
    this.done = true;
  }

  /** The offset that says "snapshot complete, stream from the consistent point" when no row was emitted. */
  completedOffset(): Record<string, unknown> {
    return { last_snapshot_record: true, lsn: this.lsn, txId: this.txId, ts_usec: this.tsMicros, snapshot: 'INITIAL', snapshot_completed: false };
  }

  async abort(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => {});
  }
}
