import type { OffsetStorageReader, SourceOffset, SourcePartition } from '../api/tasks.js';

/** Kafka Connect's offset key: the JSON array `["<connector>",{partition}]`. */
export function offsetKey(connector: string, partition: SourcePartition): string {
  return JSON.stringify([connector, partition]);
}

export function parseOffsetKey(key: string): { connector: string; partition: SourcePartition } | undefined {
  try {
    const parsed = JSON.parse(key) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string') {
      return { connector: parsed[0], partition: parsed[1] as SourcePartition };
    }
  } catch {
    /* not ours */
  }
  return undefined;
}

/** Reads stored offsets by key (`OffsetBackingStore.get`, or a message to the thread that owns the store). */
export type OffsetRead = (keys: readonly string[]) => Promise<Map<string, string | null>>;

/** Writes offsets by key; resolves once they are durable (a null value deletes the key). */
export type OffsetWrite = (entries: ReadonlyMap<string, string | null>) => Promise<void>;

/** A source task's OffsetStorageReader: its connector's partitions, read through `read`. */
export class ConnectorOffsetReader implements OffsetStorageReader {
  constructor(private readonly connector: string, private readonly read: OffsetRead) {}

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return (await this.offsets([partition])).get(partition) ?? null;
  }

  async offsets(partitions: SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    const keys = partitions.map((p) => offsetKey(this.connector, p));
    const values = await this.read(keys);
    const out = new Map<SourcePartition, SourceOffset | null>();
    partitions.forEach((p, i) => {
      const v = values.get(keys[i]!);
      out.set(p, v ? (JSON.parse(v) as SourceOffset) : null);
    });
    return out;
  }
}
