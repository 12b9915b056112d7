import { KafkaBasedLog, type KafkaClientSettings, type LogRecord } from '../kafka/KafkaBasedLog.js';
import type { OffsetBackingStore } from './OffsetBackingStore.js';

export interface KafkaOffsetBackingStoreOptions extends KafkaClientSettings {
  topic: string;
  partitions: number;
  replicationFactor: number;
  clientId: string;
  /**
   * Called before every write; throws when this worker must not write offsets any more (it lost
   * its group membership: a zombie's commits are refused, see docs/distributed.md).
   */
  writeGuard?: () => void;
}

/**
 * Source offsets in `offset.storage.topic`, as Kafka Connect's KafkaOffsetBackingStore: key
 * `["<connector>",{partition}]` and value `{offset}`, both JSON text as JsonConverter writes them
 * with schemas.enable=false; a null value is a tombstone. Reads first catch up with the topic, so
 * a task that moved here sees every offset its previous worker committed.
 */
export class KafkaOffsetBackingStore implements OffsetBackingStore {
  private readonly data = new Map<string, string>();
  private readonly log: KafkaBasedLog;

  constructor(private readonly o: KafkaOffsetBackingStoreOptions) {
    this.log = new KafkaBasedLog({
      ...o,
      spec: { partitions: o.partitions, replicationFactor: o.replicationFactor, configKey: 'offset.storage.topic', purpose: 'source connector offsets' },
      onRecord: (r) => this.apply(r),
    });
  }

  private apply(r: LogRecord): void {
    if (r.key === null) return;
    if (r.value === null) this.data.delete(r.key);
    else this.data.set(r.key, r.value.toString('utf8'));
  }

  async start(): Promise<void> {
    await this.log.start();
  }

  async stop(): Promise<void> {
    await this.log.stop();
  }

  async get(keys: readonly string[]): Promise<Map<string, string | null>> {
    await this.log.readToEnd();
    return new Map(keys.map((k) => [k, this.data.get(k) ?? null]));
  }

  async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    if (entries.size === 0) return;
    this.o.writeGuard?.();
    await this.log.send([...entries].map(([key, value]) => ({ key, value })));
    for (const [k, v] of entries) {
      if (v === null) this.data.delete(k);
      else this.data.set(k, v);
    }
  }

  async entries(): Promise<Map<string, string>> {
    await this.log.readToEnd();
    return new Map(this.data);
  }
}
