import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Source offsets as Kafka Connect keeps them: key `["<connector>",{partition}]` and value
 * `{offset}`, both JSON text. A null value deletes the key (a tombstone in the offsets topic).
 */
export interface OffsetBackingStore {
  start(): Promise<void>;
  stop(): Promise<void>;
  get(keys: readonly string[]): Promise<Map<string, string | null>>;
  /** Durably stores the entries; resolves once they are written. */
  set(entries: ReadonlyMap<string, string | null>): Promise<void>;
  /** Every key, for GET /connectors/{name}/offsets. */
  entries(): Promise<Map<string, string>>;
}

export class MemoryOffsetBackingStore implements OffsetBackingStore {
  protected data = new Map<string, string>();
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async get(keys: readonly string[]): Promise<Map<string, string | null>> {
    return new Map(keys.map((k) => [k, this.data.get(k) ?? null]));
  }
  async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    for (const [k, v] of entries) {
      if (v === null) this.data.delete(k);
      else this.data.set(k, v);
    }
  }
  async entries(): Promise<Map<string, string>> {
    return new Map(this.data);
  }
}

/**
 * Standalone mode's `offset.storage.file.filename`. Written whole to a temporary file and renamed,
 * so a crash mid-write leaves the previous offsets intact.
 */
export class FileOffsetBackingStore extends MemoryOffsetBackingStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    super();
  }

  override async start(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new Error(`${this.file}: the offsets file is not valid JSON (${(err as Error).message}); move it away to start from scratch`);
    }
    this.data = new Map(Object.entries(parsed as Record<string, string>));
  }

  override async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    await super.set(entries);
    const snapshot = JSON.stringify(Object.fromEntries(this.data));
    // Writes are chained so an older snapshot can never land after a newer one.
    this.writing = this.writing.catch(() => {}).then(() => this.write(snapshot));
    return this.writing;
  }

  private async write(snapshot: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    await writeFile(tmp, snapshot);
    await rename(tmp, this.file);
  }
}
