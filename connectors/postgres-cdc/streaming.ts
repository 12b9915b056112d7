// Streaming: pgoutput messages → Debezium change events and offsets, in commit order. Knows the
// tables (a relation message with new columns builds a new TableSchema: ALTER TABLE mid-stream),
// the current transaction, and after a restart which already-delivered events to skip: the slot is
// confirmed only up to the last committed offset, so the server replays the transaction that was
// in flight; its events up to the stored `lsn` (and `lsn_events_processed` at that LSN) are dropped.

import { type SourceRecord, Struct } from 'kconnect';
import type pg from 'pg';
import type { CdcConfig } from './config.js';
import { tableCaptured } from './config.js';
import { describeTable, type TypeRegistry } from './catalog.js';
import { EventFactory, TableSchema, TRANSACTION_SCHEMA } from './events.js';
import { log } from './log.js';
import { decodePgOutput, type RelationMessage, type Tuple } from './pgoutput.js';
import type { WalMessage } from './ReplicationStream.js';

/** Where a restart resumes: Debezium's stored offset fields. */
export interface ResumePoint {
  lsnCommit: number | null;
  lsn: number | null;
  txId: number | null;
  eventsAtLsn: number;
  messageType: string | null;
}

export function resumePointOf(offset: Record<string, unknown> | null): ResumePoint | null {
  if (offset === null || offset['lsn_proc'] === undefined) return null;
  const num = (k: string): number | null => (typeof offset[k] === 'number' ? offset[k] as number : null);
  return {
    lsnCommit: num('lsn_commit'),
    lsn: num('lsn_proc') ?? num('lsn'),
    txId: num('txId'),
    eventsAtLsn: num('lsn_events_processed') ?? 1,
    messageType: typeof offset['messageType'] === 'string' ? offset['messageType'] : null,
  };
}

interface Relation {
  message: RelationMessage;
  /** null: not captured. */
  schema: TableSchema | null;
}

interface Txn {
  xid: number;
  commitMicros: number;
  finalLsn: number;
  /** Events so far (transaction metadata total_order). */
  order: number;
  perTable: Map<string, number>;
  skip: 'all' | 'until' | 'none';
}

const OPS = { I: ['c', 'INSERT'], U: ['u', 'UPDATE'], D: ['d', 'DELETE'] } as const;

export class ChangeStream {
  private readonly relations = new Map<number, Relation>();
  private txn: Txn | undefined;
  private lastCommitLsn: number | null;
  private origin: { name: string; lsn: number } | null = null;
  private resume: ResumePoint | null;
  private lastLsn = -1;
  private sameLsnCount = 0;
  /** The offset of the last commit seen: what a heartbeat carries. */
  lastCommitOffset: Record<string, unknown> | null = null;

  constructor(
    private readonly client: pg.Client,
    private readonly config: CdcConfig,
    private readonly types: TypeRegistry,
    private readonly factory: EventFactory,
    resume: ResumePoint | null,
    /** Schemas the snapshot built, by table oid: used until the first relation message of each. */
    private readonly known: Map<number, TableSchema>,
  ) {
    this.resume = resume;
    this.lastCommitLsn = resume?.lsnCommit ?? null;
  }

  get inTransaction(): boolean {
    return this.txn !== undefined;
  }

  /** Turns a batch of WAL messages into records (awaiting the catalog only for relation messages). */
  async process(batch: WalMessage[], out: SourceRecord[]): Promise<void> {
    for (const wal of batch) {
      const msg = decodePgOutput(wal.data);
      switch (msg.tag) {
        case 'B':
          this.txn = { xid: msg.xid, commitMicros: msg.commitMicros, finalLsn: msg.finalLsn, order: 0, perTable: new Map(), skip: this.skipOf(msg.xid, msg.finalLsn) };
          this.origin = null;
          break;
        case 'C':
          this.lastCommitLsn = wal.lsn;
          this.lastCommitOffset = {
            lsn_proc: wal.lsn, messageType: 'COMMIT', lsn_commit: wal.lsn, lsn: wal.lsn,
            txId: this.txn?.xid ?? null, ts_usec: msg.commitMicros,
          };
          this.txn = undefined;
          break;
        case 'O':
          this.origin = { name: msg.name, lsn: msg.originLsn };
          break;
        case 'R':
          await this.onRelation(msg);
          break;
        case 'Y':
          if (!this.types.has(msg.typeOid)) await this.types.load(this.client);
          break;
        case 'I':
          this.onRow(wal.lsn, msg.relid, 'I', null, msg.tuple, out);
          break;
        case 'U':
          this.onRow(wal.lsn, msg.relid, 'U', msg.old, msg.tuple, out);
          break;
        case 'D':
          this.onRow(wal.lsn, msg.relid, 'D', msg.old, null, out);
          break;
        case 'T':
          if (!this.config.skippedOperations.has('t')) for (const relid of msg.relids) this.onTruncate(wal.lsn, relid, out);
          break;
        case 'M':
          break;
      }
    }
  }

  /** Whether the events of transaction `xid` were (partly) delivered before the restart. */
  private skipOf(xid: number, finalLsn: number): Txn['skip'] {
    const r = this.resume;
    if (r === null) return 'none';
    if (r.messageType !== 'COMMIT' && r.txId === xid) return 'until';
    if (r.lsnCommit !== null && finalLsn < r.lsnCommit) return 'all';
    // the first transaction past the stored position: from here on nothing is skipped
    this.resume = null;
    return 'none';
  }

  private async onRelation(msg: RelationMessage): Promise<void> {
    if (!tableCaptured(this.config, msg.schema, msg.table)) {
      this.relations.set(msg.relid, { message: msg, schema: null });
      return;
    }
    const prev = this.relations.get(msg.relid)?.schema ?? this.known.get(msg.relid);
    const same = prev !== undefined && prev !== null && prev.schema === msg.schema && prev.table === msg.table
      && prev.columnNames.length === msg.columns.length && prev.columnNames.every((n, i) => n === msg.columns[i]!.name)
      && this.sameTypes(msg);
    if (same) {
      this.relations.set(msg.relid, { message: msg, schema: prev! });
      return;
    }
    if (msg.columns.some((c) => !this.types.has(c.typeOid))) await this.types.load(this.client);
    const catalog = await describeTable(this.client, msg.relid);
    const schema = new TableSchema(msg.schema, msg.table, msg.columns, catalog, this.config, this.types);
    if (prev) log.info({ table: `${msg.schema}.${msg.table}`, columns: msg.columns.map((c) => c.name) }, 'Table schema changed');
    this.relations.set(msg.relid, { message: msg, schema });
  }

  private sameTypes(msg: RelationMessage): boolean {
    const prev = this.relations.get(msg.relid)?.message;
    return prev === undefined || prev.columns.every((c, i) => c.typeOid === msg.columns[i]?.typeOid && c.typmod === msg.columns[i]?.typmod);
  }

  private onRow(lsn: number, relid: number, tag: 'I' | 'U' | 'D', old: Tuple | null, tuple: Tuple | null, out: SourceRecord[]): void {
    const txn = this.txn;
    if (lsn === this.lastLsn) this.sameLsnCount++;
    else {
      this.lastLsn = lsn;
      this.sameLsnCount = 1;
    }
    if (txn === undefined) return;
    if (txn.skip === 'all') return;
    if (txn.skip === 'until') {
      const r = this.resume!;
      if (lsn < r.lsn! || (lsn === r.lsn && this.sameLsnCount <= r.eventsAtLsn)) return;
      txn.skip = 'none';
      this.resume = null;
    }
    const rel = this.relations.get(relid);
    const t = rel?.schema;
    if (!t) return;
    const [op, messageType] = OPS[tag];
    if (this.config.skippedOperations.has(op)) return;
    const after = tuple === null ? null : t.row(tuple);
    const before = old === null ? null : t.row(old);
    const offset: Record<string, unknown> = { lsn_proc: lsn, messageType, lsn, txId: txn.xid, ts_usec: txn.commitMicros };
    if (this.lastCommitLsn !== null) offset['lsn_commit'] = this.lastCommitLsn;
    if (this.sameLsnCount > 1) offset['lsn_events_processed'] = this.sameLsnCount;
    const source = this.factory.source(t, {
      tsMicros: txn.commitMicros, snapshot: 'false', lastCommitLsn: this.lastCommitLsn, lsn, txId: txn.xid,
      origin: this.origin?.name ?? null, originLsn: this.origin?.lsn ?? null,
    });
    this.factory.records(t, op, before, after, source, offset, this.transactionBlock(txn, t, offset), out);
  }

  private onTruncate(lsn: number, relid: number, out: SourceRecord[]): void {
    const txn = this.txn;
    const t = this.relations.get(relid)?.schema;
    if (!txn || !t || txn.skip !== 'none') return;
    const offset: Record<string, unknown> = { lsn_proc: lsn, messageType: 'TRUNCATE', lsn, txId: txn.xid, ts_usec: txn.commitMicros };
    if (this.lastCommitLsn !== null) offset['lsn_commit'] = this.lastCommitLsn;
    const source = this.factory.source(t, {
      tsMicros: txn.commitMicros, snapshot: 'false', lastCommitLsn: this.lastCommitLsn, lsn, txId: txn.xid, origin: null, originLsn: null,
    });
    this.factory.truncate(t, source, offset, this.transactionBlock(txn, t, offset), out);
  }

  private transactionBlock(txn: Txn, t: TableSchema, offset: Record<string, unknown>): Struct | null {
    if (!this.config.provideTransactionMetadata) return null;
    txn.order++;
    const key = `${t.schema}.${t.table}`;
    const n = (txn.perTable.get(key) ?? 0) + 1;
    txn.perTable.set(key, n);
    offset['transaction_id'] = `${txn.xid}:${txn.finalLsn}`;
    return new Struct(TRANSACTION_SCHEMA).put('id', `${txn.xid}:${txn.finalLsn}`).put('total_order', txn.order).put('data_collection_order', n);
  }
}
