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
  /** KIP-618: the store of another offsets topic (a connector's `offsets.storage.topic`); Kafka-backed stores only. */
  forTopic?(topic: string): Promise<OffsetBackingStore>;
}

/**
 * KIP-618's view of a connector with its own `offsets.storage.topic`, as Connect's
 * ConnectorOffsetBackingStore: writes go to the connector's topic; reads prefer it and fall back to
 * the worker's topic (offsets written before the connector had a topic of its own).
 */
export class ConnectorOffsetStore implements OffsetBackingStore {
  constructor(private readonly primary: OffsetBackingStore, private readonly fallback: OffsetBackingStore) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async get(keys: readonly string[]): Promise<Map<string, string | null>> {
    const out = await this.primary.get(keys);
    const missing = keys.filter((k) => (out.get(k) ?? null) === null);
    if (missing.length > 0) for (const [k, v] of await this.fallback.get(missing)) out.set(k, v);
    return out;
  }
  async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    await this.primary.set(entries);
    // A reset (tombstones) must not let the worker's topic's older offsets show through.
    const deletes = new Map([...entries].filter(([, v]) => v === null));
    if (deletes.size > 0) await this.fallback.set(deletes);
  }
  async entries(): Promise<Map<string, string>> {
    const out = await this.fallback.entries();
    for (const [k, v] of await this.primary.entries()) out.set(k, v);
    return out;
  }
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

  /**
   * A missing file is a fresh start. Anything else must be an offsets file as this store writes
   * it, or the worker refuses to start (and so never overwrites it): a file replaced by mistake
   * would otherwise silently re-send everything from the beginning.
   */
  override async start(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`${this.file}: cannot read the offsets file: ${(err as Error).message}`);
    }
    this.data = parseOffsetsFile(this.file, text);
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

const MOVE_AWAY = 'move it away to start from scratch (every source connector then reads from the beginning)';

/** The offsets file's content: `{"[\"<connector>\",{partition}]": "{offset}", …}`, both sides JSON text. */
export function parseOffsetsFile(file: string, text: string): Map<string, string> {
  const bad = (what: string) => new Error(`${file}: not a valid offsets file: ${what}; ${MOVE_AWAY}`);
  if (text.trim() === '') throw bad('the file is empty (a missing file is a fresh start, an empty one is not)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw bad(`it is not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw bad(`it must hold a JSON object of offsets, but holds ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`}`);
  }
  const data = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    const shown = key.length > 200 ? `${key.slice(0, 200)}…` : key;
    let k: unknown;
    try {
      k = JSON.parse(key);
    } catch {
      k = undefined;
    }
    if (!Array.isArray(k) || k.length !== 2 || typeof k[0] !== 'string' || typeof k[1] !== 'object' || Array.isArray(k[1])) {
      throw bad(`the key ${JSON.stringify(shown)} is not a source partition key (["<connector>",{partition}] as JSON text)`);
    }
    let v: unknown;
    try {
      v = typeof value === 'string' ? JSON.parse(value) : undefined;
    } catch {
      v = undefined;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw bad(`the offset of ${JSON.stringify(shown)} is not a source offset ({…} as JSON text): ${JSON.stringify(value)?.slice(0, 200)}`);
    }
    data.set(key, value as string);
  }
  return data;
}
