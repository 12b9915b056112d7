import type { OffsetStorageReader, SourceOffset, SourcePartition } from '../api/tasks.js';
import type { OffsetBackingStore } from '../storage/OffsetBackingStore.js';

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

export class ConnectorOffsetReader implements OffsetStorageReader {
  constructor(private readonly connector: string, private readonly store: OffsetBackingStore) {}

  async offset(partition: SourcePartition): Promise<SourceOffset | null> {
    return (await this.offsets([partition])).get(partition) ?? null;
  }

  async offsets(partitions: SourcePartition[]): Promise<Map<SourcePartition, SourceOffset | null>> {
    const keys = partitions.map((p) => offsetKey(this.connector, p));
    const values = await this.store.get(keys);
    const out = new Map<SourcePartition, SourceOffset | null>();
    partitions.forEach((p, i) => {
      const v = values.get(keys[i]!);
      out.set(p, v ? (JSON.parse(v) as SourceOffset) : null);
    });
    return out;
  }
}
