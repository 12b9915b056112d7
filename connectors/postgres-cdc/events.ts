// Debezium's change events: the source block, the per-table Key/Value/Envelope schemas and the
// records (c, u, d, r, t; a tombstone after each delete), with Debezium's offsets. One TableSchema
// per table version: a relation message that changes the columns builds a new one.

import { SchemaBuilder, type Schema, Struct, SourceRecord } from 'kconnect';
import type { CdcConfig } from './config.js';
import { columnCaptured } from './config.js';
import { defaultValue, mappingFor, type Convert } from './columns.js';
import type { CatalogTable, TypeRegistry } from './catalog.js';
import type { Tuple } from './pgoutput.js';

export const DEBEZIUM_VERSION = '3.6.1.Final';
/** What Debezium puts in place of an unchanged TOASTed value pgoutput did not send. */
export const UNAVAILABLE_VALUE = '__debezium_unavailable_value';

const SNAPSHOT_ALLOWED = 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental';

export const SOURCE_SCHEMA: Schema = SchemaBuilder.struct().name('io.debezium.connector.postgresql.Source').version(1)
  .field('version', SchemaBuilder.string().build())
  .field('connector', SchemaBuilder.string().build())
  .field('name', SchemaBuilder.string().build())
  .field('ts_ms', SchemaBuilder.int64().build())
  .field('snapshot', SchemaBuilder.string().optional().name('io.debezium.data.Enum').version(1).parameter('allowed', SNAPSHOT_ALLOWED).defaultValue('false').build())
  .field('db', SchemaBuilder.string().build())
  .field('sequence', SchemaBuilder.string().optional().build())
  .field('ts_us', SchemaBuilder.int64().optional().build())
  .field('ts_ns', SchemaBuilder.int64().optional().build())
  .field('schema', SchemaBuilder.string().build())
  .field('table', SchemaBuilder.string().build())
  .field('txId', SchemaBuilder.int64().optional().build())
  .field('lsn', SchemaBuilder.int64().optional().build())
  .field('xmin', SchemaBuilder.int64().optional().build())
  .field('origin', SchemaBuilder.string().optional().build())
  .field('origin_lsn', SchemaBuilder.int64().optional().build())
  .build();

export const TRANSACTION_SCHEMA: Schema = SchemaBuilder.struct().name('event.block').version(1).optional()
  .field('id', SchemaBuilder.string().build())
  .field('total_order', SchemaBuilder.int64().build())
  .field('data_collection_order', SchemaBuilder.int64().build())
  .build();

/** A column as the connector sees it: from a relation message (streaming) or the catalog (snapshot). */
export interface ColumnDef {
  name: string;
  typeOid: number;
  typmod: number;
}

interface FieldPlan {
  /** Index of the column in the incoming tuple. */
  index: number;
  name: string;
  convert: Convert;
  isString: boolean;
  isBytes: boolean;
}

/** The schemas and converters of one version of a table. */
export class TableSchema {
  readonly topic: string;
  readonly keySchema: Schema | null;
  readonly valueSchema: Schema;
  readonly envelopeSchema: Schema;
  private readonly fields: FieldPlan[];
  private readonly keyFields: FieldPlan[];
  readonly columnNames: string[];

  constructor(readonly schema: string, readonly table: string, columns: readonly ColumnDef[], catalog: CatalogTable | undefined,
    config: CdcConfig, types: TypeRegistry) {
    const base = `${config.topicPrefix}.${schema}.${table}`;
    this.topic = base;
    this.columnNames = columns.map((c) => c.name);
    const value = SchemaBuilder.struct().name(`${base}.Value`).optional();
    const fieldSchemas = new Map<string, Schema>();
    this.fields = [];
    columns.forEach((c, index) => {
      if (!columnCaptured(config, schema, table, c.name)) return;
      const mapping = mappingFor(c.typeOid, c.typmod, config, types);
      if (mapping === undefined) return;
      const info = catalog?.columns.find((cc) => cc.name === c.name);
      const b = mapping.builder();
      if (!info?.notNull) b.optional();
      const dflt = defaultValue(info?.defaultExpr ?? null, mapping);
      if (dflt !== undefined) {
        try {
          b.defaultValue(dflt);
        } catch {
          // a default the schema cannot carry is left out, as Debezium does
        }
      }
      const fs = b.build();
      fieldSchemas.set(c.name, fs);
      value.field(c.name, fs);
      this.fields.push({ index, name: c.name, convert: mapping.convert, isString: fs.type === 'STRING', isBytes: fs.type === 'BYTES' });
    });
    this.valueSchema = value.build();
    const pk = (catalog?.primaryKey ?? []).filter((k) => fieldSchemas.has(k));
    if (pk.length > 0) {
      const key = SchemaBuilder.struct().name(`${base}.Key`);
      for (const k of pk) key.field(k, fieldSchemas.get(k)!);
      this.keySchema = key.build();
      this.keyFields = pk.map((k) => this.fields.find((f) => f.name === k)!);
    } else {
      this.keySchema = null;
      this.keyFields = [];
    }
    this.envelopeSchema = SchemaBuilder.struct().name(`${base}.Envelope`).version(2)
      .field('before', this.valueSchema)
      .field('after', this.valueSchema)
      .field('source', SOURCE_SCHEMA)
      .field('transaction', TRANSACTION_SCHEMA)
      .field('op', SchemaBuilder.string().build())
      .field('ts_ms', SchemaBuilder.int64().optional().build())
      .field('ts_us', SchemaBuilder.int64().optional().build())
      .field('ts_ns', SchemaBuilder.int64().optional().build())
      .build();
  }

  /** The row as a Value struct; an unchanged TOASTed value becomes Debezium's placeholder (or null). */
  row(tuple: Tuple): Struct {
    const s = new Struct(this.valueSchema);
    for (const f of this.fields) {
      const t = tuple[f.index];
      if (t === null) continue;
      if (t === undefined) {
        if (f.isString) s.put(f.name, UNAVAILABLE_VALUE);
        else if (f.isBytes) s.put(f.name, Buffer.from(UNAVAILABLE_VALUE));
        continue;
      }
      s.put(f.name, f.convert(t));
    }
    return s;
  }

  /** The key struct taken from a row struct, or null for a table without primary key. */
  key(row: Struct): Struct | null {
    if (this.keySchema === null) return null;
    const k = new Struct(this.keySchema);
    for (const f of this.keyFields) k.put(f.name, row.get(f.name));
    return k;
  }
}

/** What the source block says about one event. */
export interface SourceInfo {
  tsMicros: number;
  snapshot: string;
  /** [last commit LSN, event LSN], Debezium's `sequence`. */
  lastCommitLsn: number | null;
  lsn: number | null;
  txId: number | null;
  origin: string | null;
  originLsn: number | null;
}

/** Builds records for one connector: source partition, source block, envelope. */
export class EventFactory {
  readonly partition: Record<string, string>;

  constructor(private readonly config: CdcConfig) {
    this.partition = { server: config.topicPrefix };
  }

  source(t: TableSchema, info: SourceInfo): Struct {
    const ms = Math.floor(info.tsMicros / 1000);
    const s = new Struct(SOURCE_SCHEMA)
      .put('version', DEBEZIUM_VERSION)
      .put('connector', 'postgresql')
      .put('name', this.config.topicPrefix)
      .put('ts_ms', ms)
      .put('snapshot', info.snapshot)
      .put('db', this.config.dbname)
      .put('ts_us', info.tsMicros)
      .put('ts_ns', BigInt(info.tsMicros) * 1000n)
      .put('schema', t.schema)
      .put('table', t.table)
      .put('sequence', JSON.stringify([info.lastCommitLsn === null ? null : String(info.lastCommitLsn), info.lsn === null ? null : String(info.lsn)]));
    if (info.txId !== null) s.put('txId', info.txId);
    if (info.lsn !== null) s.put('lsn', info.lsn);
    if (info.origin !== null) s.put('origin', info.origin);
    if (info.originLsn !== null) s.put('origin_lsn', info.originLsn);
    return s;
  }

  /** The change event, plus its tombstone for a delete when tombstones.on.delete is on. */
  records(t: TableSchema, op: 'c' | 'u' | 'd' | 'r', before: Struct | null, after: Struct | null, source: Struct,
    offset: Record<string, unknown>, transaction: Struct | null, out: SourceRecord[]): void {
    const nowMs = Date.now();
    const env = new Struct(t.envelopeSchema)
      .put('before', before)
      .put('after', after)
      .put('source', source)
      .put('op', op)
      .put('ts_ms', nowMs)
      .put('ts_us', nowMs * 1000)
      .put('ts_ns', BigInt(nowMs) * 1_000_000n);
    if (transaction !== null) env.put('transaction', transaction);
    const key = t.key((after ?? before)!);
    out.push(new SourceRecord({
      sourcePartition: this.partition, sourceOffset: offset, topic: t.topic,
      keySchema: t.keySchema, key, valueSchema: t.envelopeSchema, value: env,
    }));
    if (op === 'd' && this.config.tombstonesOnDelete) {
      out.push(new SourceRecord({
        sourcePartition: this.partition, sourceOffset: offset, topic: t.topic,
        keySchema: t.keySchema, key, valueSchema: null, value: null,
      }));
    }
  }

  /** A truncate event (op t): no before, no after, no key. */
  truncate(t: TableSchema, source: Struct, offset: Record<string, unknown>, transaction: Struct | null, out: SourceRecord[]): void {
    const nowMs = Date.now();
    const env = new Struct(t.envelopeSchema).put('source', source).put('op', 't')
      .put('ts_ms', nowMs).put('ts_us', nowMs * 1000).put('ts_ns', BigInt(nowMs) * 1_000_000n);
    if (transaction !== null) env.put('transaction', transaction);
    out.push(new SourceRecord({ sourcePartition: this.partition, sourceOffset: offset, topic: t.topic, keySchema: null, key: null, valueSchema: t.envelopeSchema, value: env }));
  }
}
