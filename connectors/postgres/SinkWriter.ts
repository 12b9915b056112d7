// Writes one put() batch: records grouped by destination table, each table's records cut into runs
// of one kind (write or delete) and one schema, each run written with multi-row statements of up to
// batch.size rows, all in one transaction. Rows travel as one array parameter per column, expanded
// with unnest():
//
//   insert  INSERT INTO t (c…) SELECT * FROM unnest($1::type[], …)
//   upsert  … ON CONFLICT (key…) DO UPDATE SET c = EXCLUDED.c …   (DO NOTHING when all columns are key)
//   update  UPDATE t SET c = v.c … FROM unnest(…) AS v(…) WHERE t.key = v.key …
//   delete  DELETE FROM t USING unnest(…) AS v(key…) WHERE t.key = v.key …
//
// Tables are created (auto.create) and given missing columns (auto.evolve) before the transaction.

import type pg from 'pg';
import { type ErrantRecordReporter, type SinkRecord, ConnectException, Timestamp } from 'kconnect';
import { columnNamed, currentSchema, describeTable, type TableDefinition } from './catalog.js';
import type { SinkConfig } from './config.js';
import { errorMessage, isConnectionError } from './connection.js';
import { parseTableId, quoteIdent, quoteTable, unquotedTable, type TableId } from './identifiers.js';
import { log } from './log.js';
import {
  FieldsCache, fieldValue, isDelete, sqlType, toPgText, validateRecord, type FieldsMetadata, type SinkField,
} from './sinkRecords.js';

/** A table that is missing, or lacks columns, and may not be created or altered (Confluent's TableAlterOrCreateException). */
export class TableAlterOrCreateException extends ConnectException {}

/** A column the statements write: the field, the table's column name and the array type for unnest. */
interface BoundColumn {
  field: SinkField;
  column: string;
  arrayType: string;
}

interface Run {
  table: TableId;
  meta: FieldsMetadata;
  delete: boolean;
  records: SinkRecord[];
}

interface Failure {
  record: SinkRecord;
  error: Error;
}

export class SinkWriter {
  private schema: string | undefined;
  private readonly tables = new Map<string, TableDefinition | null>();
  private readonly fields = new FieldsCache();
  private readonly destinations = new Map<string, { table: TableId; key: string }>();

  constructor(private readonly config: SinkConfig, private readonly connector: string) {}

  /** Forget what is known about tables (after an error that may mean they changed). */
  invalidate(): void {
    this.tables.clear();
  }

  /**
   * Writes `records` in one transaction. A record that is invalid, or that the database rejects,
   * goes to `reporter` when there is one (the rest are written); without one the write fails with
   * ConnectException. Errors of the connection propagate as they are.
   */
  async write(client: pg.Client, records: readonly SinkRecord[], reporter: ErrantRecordReporter | undefined): Promise<void> {
    this.schema ??= await currentSchema(client);
    const failures: Failure[] = [];
    const ready = await this.ensureTables(client, this.plan(records, failures), failures);
    if (failures.length > 0 && reporter === undefined) throw asConnectException(failures[0]!.error);
    try {
      await client.query('BEGIN');
      for (const run of ready) await this.execute(client, run, run.records);
      await reportAll(reporter, failures);
      await client.query('COMMIT');
      return;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      if (isConnectionError(e)) throw e;
      this.invalidate();
      if (reporter === undefined) throw asConnectException(e);
      log.warn({ err: errorMessage(e), rejectedByDatabase: isDatabaseError(e) },
        'PostgreSQL sink: batch failed; writing its records one by one to find the ones that fail');
    }
    await this.writeOneByOne(client, ready, failures, reporter);
  }

  /** Every record in its own savepoint: rejected ones are reported, the rest committed together. */
  private async writeOneByOne(client: pg.Client, runs: Run[], failures: Failure[], reporter: ErrantRecordReporter): Promise<void> {
    const checked = await this.ensureTables(client, runs, failures);
    try {
      await client.query('BEGIN');
      for (const run of checked) {
        for (const record of run.records) {
          await client.query('SAVEPOINT kconnect_record');
          try {
            await this.execute(client, run, [record]);
            await client.query('RELEASE SAVEPOINT kconnect_record');
          } catch (e) {
            if (isConnectionError(e)) throw e;
            await client.query('ROLLBACK TO SAVEPOINT kconnect_record');
            await reporter.report(record, asConnectException(e));
          }
        }
      }
      await reportAll(reporter, failures);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
  }

  /** The runs whose tables are ready to write; the records of the others are added to `failures`. */
  private async ensureTables(client: pg.Client, runs: readonly Run[], failures: Failure[]): Promise<Run[]> {
    const ready: Run[] = [];
    for (const run of runs) {
      try {
        if (await this.ensureTable(client, run)) ready.push(run);
      } catch (e) {
        if (isConnectionError(e) || !(e instanceof Error)) throw e;
        for (const record of run.records) failures.push({ record, error: e });
      }
    }
    return ready;
  }

  /** Groups records by table, then into runs of one kind and one schema pair, in order. */
  private plan(records: readonly SinkRecord[], failures: Failure[]): Run[] {
    const byTable = new Map<string, Run[]>();
    const order: Run[][] = [];
    for (const record of records) {
      try {
        validateRecord(record, this.config, this.connector);
        let dest = this.destinations.get(record.topic);
        if (dest === undefined) {
          const table = this.destination(record.topic);
          dest = { table, key: quoteTable(table) };
          this.destinations.set(record.topic, dest);
        }
        const { table, key } = dest;
        const del = isDelete(record, this.config);
        const meta = this.fields.get(key, this.config, record.keySchema, del ? null : record.valueSchema);
        let runs = byTable.get(key);
        if (runs === undefined) {
          runs = [];
          byTable.set(key, runs);
          order.push(runs);
        }
        const last = runs[runs.length - 1];
        if (last !== undefined && last.meta === meta && last.delete === del) last.records.push(record);
        else runs.push({ table, meta, delete: del, records: [record] });
      } catch (e) {
        failures.push({ record, error: e as Error });
      }
    }
    return order.flat();
  }

  /** table.name.format with ${topic}, in the connection's current schema unless it names one. */
  destination(topic: string): TableId {
    const name = this.config.tableNameFormat.replace(/\$\{topic\}/g, topic);
    if (name === '') {
      throw new ConnectException(`Destination table name for topic '${topic}' is empty using the format string '${this.config.tableNameFormat}'`);
    }
    const id = parseTableId(name, this.config.lowerCaseIdentifiers);
    return { schema: id.schema ?? this.schema, table: id.table };
  }

  private async definition(client: pg.Client, table: TableId, refresh = false): Promise<TableDefinition | null> {
    const key = quoteTable(table);
    if (!refresh && this.tables.has(key)) return this.tables.get(key)!;
    const def = (await describeTable(client, table)) ?? null;
    this.tables.set(key, def);
    return def;
  }

  /**
   * Makes sure the run's table exists with its columns (DbStructure.createOrAmendIfNecessary).
   * False for a delete run whose table does not exist (nothing to delete).
   */
  private async ensureTable(client: pg.Client, run: Run): Promise<boolean> {
    const name = unquotedTable(run.table);
    let def = await this.definition(client, run.table);
    if (def === null) {
      if (run.delete) return false;
      if (!this.config.autoCreate) throw new TableAlterOrCreateException(`Table ${name} is missing and auto-creation is disabled`);
      const sql = createTableSql(run.table, run.meta);
      log.info({ sql }, 'PostgreSQL sink: creating table');
      await client.query(sql);
      def = await this.definition(client, run.table, true);
      if (def === null) throw new TableAlterOrCreateException(`Table ${name} could not be created`);
    }
    if (!this.config.tableTypes.includes(def.type) && !(def.type === 'PARTITIONED TABLE' && this.config.tableTypes.includes('TABLE'))) {
      throw new TableAlterOrCreateException(`${name} is a ${def.type}, which table.types (${this.config.tableTypes.join(',')}) does not allow writing to`);
    }
    const fields = run.delete ? run.meta.keyFields : run.meta.allFields;
    const missing = fields.filter((f) => columnNamed(def, f.name) === undefined);
    if (missing.length === 0) return true;
    const list = missing.map((f) => f.name).join(', ');
    if (def.type !== 'TABLE' && def.type !== 'PARTITIONED TABLE') {
      throw new TableAlterOrCreateException(`${def.type} ${name} is missing fields (${list}) and ALTER ${def.type} is unsupported`);
    }
    for (const f of missing) {
      if (!f.schema.optional && f.schema.defaultValue === undefined) {
        throw new TableAlterOrCreateException(`Cannot ALTER TABLE ${name} to add missing field ${f.name}, as the field is not optional and does not have a default value`);
      }
    }
    if (!this.config.autoEvolve) throw new TableAlterOrCreateException(`Table ${name} is missing fields (${list}) and auto-evolution is disabled`);
    const sql = `ALTER TABLE ${quoteTable(run.table)} ${missing.map((f) => `ADD COLUMN IF NOT EXISTS ${columnSpec(f)}`).join(', ')}`;
    log.info({ sql }, 'PostgreSQL sink: adding missing columns');
    await client.query(sql);
    await this.definition(client, run.table, true);
    return true;
  }

  private bind(def: TableDefinition, fields: readonly SinkField[]): BoundColumn[] {
    return fields.map((field) => {
      const col = columnNamed(def, field.name);
      if (col === undefined) throw new TableAlterOrCreateException(`Table ${unquotedTable(def.id)} has no column ${field.name}`);
      if (col.type.endsWith(']')) throw new ConnectException(`Column ${col.name} of ${unquotedTable(def.id)} is an array, which this sink does not write`);
      // Values are cast to the type without its modifier, and then assigned: an explicit cast to
      // varchar(3) would silently truncate, the assignment rejects the value instead. Timestamps go in
      // as timestamptz, so a timestamp column gets the wall time of db.timezone.
      const arrayType = field.schema.name === Timestamp.LOGICAL_NAME && col.baseType.startsWith('timestamp') ? 'timestamptz' : col.baseType;
      return { field, column: col.name, arrayType };
    });
  }

  /** Writes `records` (all of `run`'s kind and schema) with statements of up to batch.size rows. */
  private async execute(client: pg.Client, run: Run, records: readonly SinkRecord[]): Promise<void> {
    const def = await this.definition(client, run.table);
    if (def === null) return; // a delete run on a missing table
    const keys = this.bind(def, run.meta.keyFields);
    const others = run.delete ? [] : this.bind(def, run.meta.nonKeyFields);
    const mode = run.delete ? 'delete' : this.config.insertMode;
    if (mode === 'update' && others.length === 0) return;
    const columns = [...keys, ...others];
    const sql = statementSql(mode, run.table, keys, others);
    const dedupe = mode !== 'insert' && keys.length > 0;
    const size = this.config.batchSize;
    for (let start = 0; start < records.length; start += size) {
      const chunk = records.slice(start, start + size);
      const rows = chunk.map((r) => columns.map((c) => toPgText(c.field.schema, fieldValue(r, c.field, this.config.replaceNullWithDefault))));
      const unique = dedupe ? lastPerKey(rows, keys.length) : rows;
      const params = columns.map((_c, i) => arrayLiteral(unique, i));
      await client.query(sql, params);
    }
  }
}

async function reportAll(reporter: ErrantRecordReporter | undefined, failures: readonly Failure[]): Promise<void> {
  if (reporter === undefined) return;
  for (const f of failures) await reporter.report(f.record, f.error);
}

function asConnectException(e: unknown): ConnectException {
  if (e instanceof ConnectException) return e;
  return new ConnectException(`Write to PostgreSQL failed: ${errorMessage(e)}`, { cause: e });
}

/** A statement the database rejected (it answered with a SQLSTATE), as opposed to a bug of ours. */
function isDatabaseError(e: unknown): boolean {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && /^[0-9A-Z]{5}$/.test((e as unknown as { code: string }).code);
}

/** Rows with distinct keys, the last of each key kept (what applying them in order leaves). */
export function lastPerKey(rows: (string | null)[][], keyCount: number): (string | null)[][] {
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    let k = '';
    for (let j = 0; j < keyCount; j++) {
      const v = row[j];
      k += v === null || v === undefined ? '\u0001' : `${v.length}:${v}`;
    }
    seen.set(k, i);
  }
  if (seen.size === rows.length) return rows;
  return [...seen.values()].sort((a, b) => a - b).map((i) => rows[i]!);
}

/** A PostgreSQL array literal of column `col` of `rows`: every element quoted, NULL for null. */
export function arrayLiteral(rows: readonly (string | null)[][], col: number): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![col];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else parts[i] = '"' + (/["\\]/.test(v) ? v.replace(/(["\\])/g, '\\$1') : v) + '"';
  }
  return '{' + parts.join(',') + '}';
}

function unnest(columns: readonly BoundColumn[], offset = 0): string {
  return `unnest(${columns.map((c, i) => `$${i + 1 + offset}::${c.arrayType}[]`).join(', ')})`;
}

function names(columns: readonly BoundColumn[]): string {
  return columns.map((c) => quoteIdent(c.column)).join(', ');
}

function keyMatch(keys: readonly BoundColumn[]): string {
  return keys.map((k) => `__kc_t.${quoteIdent(k.column)} = __kc_v.${quoteIdent(k.column)}`).join(' AND ');
}

/** The statement for a run, its parameters being one array per column (keys first). */
export function statementSql(mode: 'insert' | 'upsert' | 'update' | 'delete', table: TableId, keys: readonly BoundColumn[], others: readonly BoundColumn[]): string {
  const t = quoteTable(table);
  const all = [...keys, ...others];
  switch (mode) {
    case 'insert':
      return `INSERT INTO ${t} (${names(all)}) SELECT * FROM ${unnest(all)}`;
    case 'upsert': {
      const head = `INSERT INTO ${t} (${names(all)}) SELECT * FROM ${unnest(all)} ON CONFLICT (${names(keys)})`;
      if (others.length === 0) return `${head} DO NOTHING`;
      return `${head} DO UPDATE SET ${others.map((c) => `${quoteIdent(c.column)} = EXCLUDED.${quoteIdent(c.column)}`).join(', ')}`;
    }
    case 'update':
      return `UPDATE ${t} AS __kc_t SET ${others.map((c) => `${quoteIdent(c.column)} = __kc_v.${quoteIdent(c.column)}`).join(', ')} `
        + `FROM ${unnest(all)} AS __kc_v(${names(all)}) WHERE ${keyMatch(keys)}`;
    case 'delete':
      return `DELETE FROM ${t} AS __kc_t USING ${unnest(keys)} AS __kc_v(${names(keys)}) WHERE ${keyMatch(keys)}`;
  }
}

function columnSpec(f: SinkField): string {
  let spec = `${quoteIdent(f.name)} ${sqlType(f)}`;
  if (f.schema.defaultValue !== undefined && f.schema.defaultValue !== null) {
    const text = toPgText(f.schema, f.schema.defaultValue);
    spec += ` DEFAULT '${text!.replace(/'/g, "''")}'`;
  } else {
    spec += f.schema.optional ? ' NULL' : ' NOT NULL';
  }
  return spec;
}

/** CREATE TABLE from the record schema (buildCreateTableStatement), IF NOT EXISTS so concurrent tasks do not collide. */
export function createTableSql(table: TableId, meta: FieldsMetadata): string {
  const cols = meta.allFields.map((f) => `\n${columnSpec(f)}`);
  const pk = meta.keyFields.length > 0 ? [`\nPRIMARY KEY(${meta.keyFields.map((f) => quoteIdent(f.name)).join(',')})`] : [];
  return `CREATE TABLE IF NOT EXISTS ${quoteTable(table)} (${[...cols, ...pk].join(',')})`;
}
