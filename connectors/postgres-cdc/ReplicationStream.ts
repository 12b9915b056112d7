// One logical replication stream: START_REPLICATION on a `replication=database` connection (pg's
// CopyBoth support), XLogData payloads queued for the task, keepalives answered, and standby status
// updates that confirm only what the task says was committed. Reading from the socket pauses while
// max.queue.size messages wait, so a slow Kafka never grows memory.

import type pg from 'pg';
import { formatLsn, readLsn, writeLsn } from './lsn.js';

export interface WalMessage {
  /** The WAL position of the message (XLogData walStart): a change's LSN, a commit's end LSN. */
  lsn: number;
  data: Buffer;
}

/** What pg's Connection exposes beneath the Client: its message events, socket and raw CopyData sending. */
interface RawConnection {
  on(event: 'copyData', listener: (msg: { chunk: Buffer }) => void): void;
  once(event: 'replicationStart', listener: () => void): void;
  removeAllListeners(event: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  stream: { pause(): void; resume(): void };
}

const PG_EPOCH_MS = 946_684_800_000;

export class ReplicationStream {
  private queue: WalMessage[] = [];
  private head = 0;
  private paused = false;
  private waiter: (() => void) | undefined;
  private failure: Error | undefined;
  private ended = false;
  private timer: NodeJS.Timeout | undefined;
  /** The server's WAL end as last reported: written to the server as our write position. */
  private receivedLsn = 0;
  /** Confirmed as flushed: the server may recycle WAL before it; the slot's confirmed_flush_lsn. */
  private flushedLsn = 0;

  constructor(
    private readonly client: pg.Client,
    private readonly maxQueue: number,
    private readonly statusIntervalMs: number,
  ) {}

  private get connection(): RawConnection {
    return (this.client as unknown as { connection: RawConnection }).connection;
  }

  /** Starts streaming the slot from `startLsn` (the server starts at its confirmed position if that is later). */
  async start(slot: string, publication: string, startLsn: number): Promise<void> {
    this.flushedLsn = startLsn;
    const conn = this.connection;
    conn.on('copyData', (msg) => this.onCopyData(msg.chunk));
    const started = new Promise<void>((resolve) => conn.once('replicationStart', resolve));
    const sql = `START_REPLICATION SLOT ${quoteIdent(slot)} LOGICAL ${formatLsn(startLsn)} `
      + `(proto_version '1', publication_names ${quoteLiteral(quoteIdent(publication))})`;
    const done = this.client.query(sql).then(
      () => { this.ended = true; this.wake(); },
      (e: unknown) => { this.failure = e instanceof Error ? e : new Error(String(e)); this.wake(); },
    );
    await Promise.race([started, done.then(() => { if (this.failure) throw this.failure; })]);
    this.timer = setInterval(() => this.sendStatus(false), this.statusIntervalMs);
    this.timer.unref();
  }

  private onCopyData(chunk: Buffer): void {
    const type = chunk[0];
    if (type === 0x77 /* w: XLogData */) {
      const walEnd = readLsn(chunk, 9);
      if (walEnd > this.receivedLsn) this.receivedLsn = walEnd;
      // pg's parser may reuse its buffer for the next socket read: keep a copy
      this.queue.push({ lsn: readLsn(chunk, 1), data: Buffer.from(chunk.subarray(25)) });
      if (!this.paused && this.queue.length - this.head >= this.maxQueue) {
        this.paused = true;
        this.connection.stream.pause();
      }
      this.wake();
    } else if (type === 0x6b /* k: primary keepalive */) {
      const walEnd = readLsn(chunk, 1);
      if (walEnd > this.receivedLsn) this.receivedLsn = walEnd;
      if (chunk[17] === 1) this.sendStatus(false);
    }
  }

  /** Up to `max` queued messages, in WAL order. */
  take(max: number): WalMessage[] {
    const end = Math.min(this.queue.length, this.head + max);
    const out = this.queue.slice(this.head, end);
    this.head = end;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 4096) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.paused && this.queue.length - this.head < this.maxQueue / 2) {
      this.paused = false;
      this.connection.stream.resume();
    }
    return out;
  }

  /** Throws what ended the stream, if anything did. */
  check(): void {
    if (this.failure) throw this.failure;
    if (this.ended) throw new Error('The replication stream ended');
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Resolves when a message arrives, the stream fails, `wakeUp()` is called or `ms` pass. */
  wait(ms: number): Promise<void> {
    if (this.pending > 0 || this.failure || this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.waiter === done) self.waiter = undefined;
        resolve();
      }
      this.waiter = done;
    });
  }

  wakeUp(): void {
    this.wake();
  }

  private wake(): void {
    this.waiter?.();
  }

  /** The slot may release WAL up to `lsn`: everything before it is in Kafka and in the stored offsets. */
  confirm(lsn: number): void {
    if (lsn <= this.flushedLsn) return;
    this.flushedLsn = lsn;
    this.sendStatus(false);
  }

  /** How far the server has sent WAL (XLogData and keepalives): with nothing queued, everything before it was seen. */
  get serverLsn(): number {
    return this.receivedLsn;
  }

  get confirmedLsn(): number {
    return this.flushedLsn;
  }

  private sendStatus(replyRequested: boolean): void {
    if (this.ended || this.failure) return;
    const buf = Buffer.alloc(34);
    buf[0] = 0x72; // r: standby status update
    writeLsn(buf, Math.max(this.receivedLsn, this.flushedLsn), 1);
    writeLsn(buf, this.flushedLsn, 9);
    writeLsn(buf, this.flushedLsn, 17);
    buf.writeBigInt64BE(BigInt(Date.now() - PG_EPOCH_MS) * 1000n, 25);
    buf[33] = replyRequested ? 1 : 0;
    try {
      this.connection.sendCopyFromChunk(buf);
    } catch {
      // the socket is gone: the query's failure reports it
    }
  }

  /** Sends a last status update and closes the connection. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.sendStatus(false);
    this.ended = true;
    this.wake();
    await this.client.end().catch(() => {});
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
