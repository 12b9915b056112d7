import { open, stat, type FileHandle } from 'node:fs/promises';
import { watch, type FSWatcher } from 'chokidar';
import { SourceTask, SourceRecord, Schema } from 'kconnect';
import { DEFAULT_TASK_BATCH_SIZE, FILE_CONFIG, TASK_BATCH_SIZE_CONFIG, TOPIC_CONFIG } from './FileStreamSourceConnector.js';
import { VERSION } from './version.js';

export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;
const CR = 0x0d;
/** How long poll() waits for new data before returning nothing (it wakes early on a change event). */
const IDLE_WAIT_MS = 1000;

/**
 * Emits every complete line of the file as a STRING value, with offset {position: byte after the
 * line}. A partial last line waits for its newline. If the file shrinks below the stored position
 * (truncated, or replaced by a shorter one) or is replaced by a new file, reading restarts at 0.
 */
export class FileStreamSourceTask extends SourceTask {
  private filename: string | undefined;
  private topic = '';
  private batchSize = DEFAULT_TASK_BATCH_SIZE;
  private partition: Record<string, unknown> | null = null;
  private handle: FileHandle | undefined;
  private inode: number | undefined;
  /** Byte position in the file of the first byte of `pending`. */
  private position = 0;
  private pending: Buffer = Buffer.alloc(0);
  private readBuf = Buffer.allocUnsafe(CHUNK);
  private watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;
  private stdinLines: string[] = [];

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.filename = props[FILE_CONFIG] || undefined;
    this.topic = (props[TOPIC_CONFIG] ?? '').trim();
    this.batchSize = Number(props[TASK_BATCH_SIZE_CONFIG] ?? DEFAULT_TASK_BATCH_SIZE);
    if (this.filename === undefined) {
      this.startStdin();
      return;
    }
    this.partition = { [FILENAME_FIELD]: this.filename };
    const offset = await this.context.offsetStorageReader().offset(this.partition);
    const stored = offset?.[POSITION_FIELD];
    this.position = typeof stored === 'number' ? stored : typeof stored === 'string' ? Number(stored) : 0;
    this.watcher = watch(this.filename, { persistent: false, ignoreInitial: true, awaitWriteFinish: false });
    this.watcher.on('all', () => this.wake?.());
    this.watcher.on('error', () => this.wake?.());
  }

  private startStdin(): void {
    let rest = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? '';
      this.stdinLines.push(...parts);
      this.wake?.();
    });
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.stopped) return null;
    const records = this.filename === undefined ? this.pollStdin() : await this.pollFile();
    if (records.length > 0) return records;
    await this.idle();
    return null;
  }

  private pollStdin(): SourceRecord[] {
    const lines = this.stdinLines.splice(0, this.batchSize);
    return lines.map(
      (line) => new SourceRecord({ sourcePartition: null, sourceOffset: null, topic: this.topic, valueSchema: Schema.STRING_SCHEMA, value: line, timestamp: Date.now() }),
    );
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      timer = setTimeout(done, IDLE_WAIT_MS);
      this.wake = done;
    });
  }

  /** Opens the file if needed and notices truncation or replacement. False when it does not exist. */
  private async ensureOpen(): Promise<boolean> {
    const file = this.filename!;
    let st;
    try {
      st = await stat(file);
    } catch {
      // Not there (yet, or rotated away): keep what we have open, if anything, and wait.
      return this.handle !== undefined;
    }
    if (this.handle && this.inode !== st.ino) {
      // Replaced by a new file: finish nothing of the old one's partial line, start the new one at 0.
      await this.handle.close();
      this.handle = undefined;
      this.position = 0;
      this.pending = Buffer.alloc(0);
    }
    if (!this.handle) {
      this.handle = await open(file, 'r');
      this.inode = st.ino;
    }
    const end = this.position + this.pending.length;
    if (st.size < end) {
      // Truncated below what we already read: the content we knew is gone, read it again from 0.
      this.position = 0;
      this.pending = Buffer.alloc(0);
    }
    return true;
  }

  private async pollFile(): Promise<SourceRecord[]> {
    if (!(await this.ensureOpen())) return [];
    const out: SourceRecord[] = [];
    const now = Date.now();
    for (;;) {
      this.extractLines(out, now);
      if (out.length >= this.batchSize) break;
      const { bytesRead } = await this.handle!.read(this.readBuf, 0, CHUNK, this.position + this.pending.length);
      if (bytesRead === 0) break;
      this.pending = this.pending.length === 0 ? Buffer.from(this.readBuf.subarray(0, bytesRead)) : Buffer.concat([this.pending, this.readBuf.subarray(0, bytesRead)]);
    }
    return out;
  }

  /**
   * Moves complete lines from `pending` into records, up to batch.size. Lines end at \n, \r\n or a
   * lone \r, as in Kafka's task. The next CR position is remembered so a file without CRs is scanned
   * once, not once per line.
   */
  private extractLines(out: SourceRecord[], now: number): void {
    const buf = this.pending;
    let start = 0;
    let nextCr = buf.indexOf(CR);
    while (out.length < this.batchSize) {
      const nl = buf.indexOf(NEWLINE, start);
      if (nextCr !== -1 && nextCr < start) nextCr = buf.indexOf(CR, start);
      let lineEnd: number;
      let next: number;
      if (nextCr !== -1 && (nl === -1 || nextCr < nl)) {
        // A \r as the last byte we have may be the first half of \r\n: wait for more.
        if (nextCr === buf.length - 1) break;
        lineEnd = nextCr;
        next = buf[nextCr + 1] === NEWLINE ? nextCr + 2 : nextCr + 1;
      } else if (nl !== -1) {
        lineEnd = nl;
        next = nl + 1;
      } else {
        break;
      }
      const line = buf.toString('utf8', start, lineEnd);
      start = next;
      out.push(
        new SourceRecord({
          sourcePartition: this.partition,
          sourceOffset: { [POSITION_FIELD]: this.position + start },
          topic: this.topic,
          valueSchema: Schema.STRING_SCHEMA,
          value: line,
          timestamp: now,
        }),
      );
    }
    if (start > 0) {
      this.position += start;
      this.pending = buf.subarray(start);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.watcher?.close();
    await this.handle?.close().catch(() => {});
    this.handle = undefined;
  }
}
