// The CDC task: sets up the publication and the slot, runs the initial snapshot when one is due,
// then streams. Everything it needs comes from its props and its own connections, so it runs the
// same on the main thread or a task thread. The slot is confirmed only in commit(), up to the
// offset of the last record Kafka acknowledged, so the server never drops WAL we still need.

import { SourceTask, ConnectException, SchemaBuilder, type Schema, SourceRecord, Struct } from 'kconnect';
import type pg from 'pg';
import {
  TypeRegistry, capturedTables, connectPg, createSlot, dropSlot, ensurePublication, slotState,
} from './catalog.js';
import { parseCdcConfig, type CdcConfig } from './config.js';
import { EventFactory } from './events.js';
import { formatLsn } from './lsn.js';
import { log } from './log.js';
import { ReplicationStream } from './ReplicationStream.js';
import { Snapshotter } from './snapshot.js';
import { ChangeStream, resumePointOf } from './streaming.js';
import { VERSION } from './version.js';

const HEARTBEAT_KEY: Schema = SchemaBuilder.struct().name('io.debezium.connector.common.ServerNameKey').field('serverName', SchemaBuilder.string().build()).build();
const HEARTBEAT_VALUE: Schema = SchemaBuilder.struct().name('io.debezium.connector.common.Heartbeat').field('ts_ms', SchemaBuilder.int64().build()).build();

export class PostgresCdcTask extends SourceTask {
  private config!: CdcConfig;
  private client: pg.Client | undefined;
  private replication: pg.Client | undefined;
  private stream: ReplicationStream | undefined;
  private changes: ChangeStream | undefined;
  private snapshot: Snapshotter | undefined;
  private factory!: EventFactory;
  private readonly types = new TypeRegistry();
  private streamFrom: { resume: ReturnType<typeof resumePointOf> } | undefined;
  private ackedOffset: Record<string, unknown> | null = null;
  private lastHeartbeat = Date.now();
  private stopped = false;
  private idleWake: (() => void) | undefined;

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.stopped = false;
    const config = (this.config = parseCdcConfig(props));
    this.factory = new EventFactory(config);
    const client = (this.client = await connectPg(config));
    await this.types.load(client);
    const tables = await capturedTables(client, config);
    await ensurePublication(client, config, tables);
    const stored = await this.context.offsetStorageReader().offset(this.factory.partition);
    const slot = await slotState(client, config);
    if (slot.active) throw new ConnectException(`Replication slot '${config.slotName}' is in use by another connection: is another connector using slot.name=${config.slotName}?`);

    const snapshotInterrupted = stored !== null && stored['snapshot'] !== undefined && stored['last_snapshot_record'] !== true;
    let wantSnapshot: boolean;
    switch (config.snapshotMode) {
      case 'always': wantSnapshot = true; break;
      case 'initial': case 'initial_only': wantSnapshot = stored === null || snapshotInterrupted; break;
      case 'when_needed': wantSnapshot = stored === null || snapshotInterrupted || !slot.exists; break;
      default: wantSnapshot = false;
    }
    if (stored !== null && !slot.exists && !wantSnapshot) {
      log.warn({ slot: config.slotName }, 'The replication slot is gone although offsets exist: changes made while it was missing are lost; use snapshot.mode=when_needed to snapshot again');
    }

    this.replication = await connectPg(config, true);
    let consistentLsn = slot.confirmedFlushLsn ?? 0;
    let snapshotName: string | null = null;
    if (!slot.exists) {
      const created = await createSlot(this.replication, config.slotName, wantSnapshot);
      consistentLsn = created.consistentLsn;
      snapshotName = created.snapshotName;
      log.info({ slot: config.slotName, lsn: formatLsn(consistentLsn) }, 'Created replication slot');
    }
    const resume = wantSnapshot ? null : resumePointOf(stored);
    this.streamFrom = { resume };
    if (wantSnapshot) {
      this.snapshot = new Snapshotter(client, config, this.types, tables, consistentLsn, this.factory);
      await this.snapshot.begin(snapshotName);
      log.info({ tables: tables.map((t) => `${t.schema}.${t.table}`), exported: snapshotName !== null }, 'Snapshot started');
    } else {
      await this.startStreaming();
    }
  }

  private async startStreaming(): Promise<void> {
    const config = this.config;
    if (config.snapshotMode === 'initial_only') {
      log.info('snapshot.mode=initial_only: snapshot done, not streaming');
      return;
    }
    this.stream = new ReplicationStream(this.replication!, config.maxQueueSize, config.statusUpdateIntervalMs);
    this.changes = new ChangeStream(this.client!, config, this.types, this.factory, this.streamFrom?.resume ?? null, this.snapshot?.schemas ?? new Map());
    // 0/0: the server starts at the slot's confirmed position; the resume point skips what was delivered
    await this.stream.start(config.slotName, config.publicationName, 0);
    log.info({ slot: config.slotName, publication: config.publicationName }, 'Streaming started');
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    const snapshot = this.snapshot;
    if (snapshot !== undefined && !snapshot.done) {
      const records = await snapshot.next(this.config.maxBatchSize);
      if (snapshot.done) {
        log.info('Snapshot completed');
        await this.startStreaming();
      }
      return records.length > 0 ? records : null;
    }
    const stream = this.stream;
    if (stream === undefined) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, this.config.pollIntervalMs);
        this.idleWake = () => { clearTimeout(t); r(); };
      });
      return null;
    }
    stream.check();
    if (stream.pending === 0) await stream.wait(this.config.pollIntervalMs);
    if (this.stopped) return null;
    stream.check();
    const out: SourceRecord[] = [];
    await this.changes!.process(stream.take(this.config.maxBatchSize), out);
    this.maybeHeartbeat(out);
    return out.length > 0 ? out : null;
  }

  /**
   * A heartbeat record carries the position of the last commit, so quiet tables still let the slot
   * advance. When nothing is queued and no transaction is open, every change the server sent so far
   * was handled: the heartbeat may then carry the server's position, so that WAL written for other
   * tables and databases is released too.
   */
  private maybeHeartbeat(out: SourceRecord[]): void {
    const interval = this.config.heartbeatIntervalMs;
    const changes = this.changes!;
    // mid-transaction the last commit lies before records just polled: the stored offset would go back
    if (interval <= 0 || Date.now() - this.lastHeartbeat < interval || changes.inTransaction) return;
    const stream = this.stream!;
    let offset = changes.lastCommitOffset;
    const committed = typeof offset?.['lsn_commit'] === 'number' ? offset['lsn_commit'] as number : 0;
    if (stream.pending === 0 && out.length === 0 && stream.serverLsn > committed) {
      const lsn = stream.serverLsn;
      offset = { lsn_proc: lsn, messageType: 'COMMIT', lsn_commit: lsn, lsn, txId: offset?.['txId'] ?? null, ts_usec: Date.now() * 1000 };
    }
    if (offset === null) return;
    this.lastHeartbeat = Date.now();
    const prefix = this.config.topicPrefix;
    out.push(new SourceRecord({
      sourcePartition: this.factory.partition, sourceOffset: { ...offset },
      topic: `${this.config.heartbeatTopicsPrefix}.${prefix}`,
      keySchema: HEARTBEAT_KEY, key: new Struct(HEARTBEAT_KEY).put('serverName', prefix),
      valueSchema: HEARTBEAT_VALUE, value: new Struct(HEARTBEAT_VALUE).put('ts_ms', Date.now()),
    }));
  }

  override commitRecord(record: SourceRecord): void {
    if (record.sourceOffset) this.ackedOffset = record.sourceOffset;
  }

  /** Offsets up to the last acknowledged record are stored: the slot may release WAL before them. */
  override commit(): void {
    const o = this.ackedOffset;
    if (o === null || this.stream === undefined) return;
    const lsn = (o['lsn_commit'] ?? o['lsn_proc']) as number | undefined;
    if (typeof lsn === 'number') this.stream.confirm(lsn);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.idleWake?.();
    this.stream?.wakeUp();
    const config = this.config;
    await this.snapshot?.abort();
    if (this.stream) await this.stream.close();
    else await this.replication?.end().catch(() => {});
    this.stream = undefined;
    this.replication = undefined;
    const client = this.client;
    this.client = undefined;
    if (client && config?.slotDropOnStop) {
      try {
        await dropSlot(client, config.slotName);
        log.info({ slot: config.slotName }, 'Dropped the replication slot (slot.drop.on.stop=true)');
      } catch (e) {
        log.warn({ slot: config.slotName, err: (e as Error).message }, 'Could not drop the replication slot');
      }
    }
    await client?.end().catch(() => {});
  }
}
