import { KafkaBasedLog, type KafkaClientSettings, type LogRecord } from '../kafka/KafkaBasedLog.js';
import type { OffsetBackingStore } from './OffsetBackingStore.js';

export interface KafkaOffsetBackingStoreOptions extends KafkaClientSettings {
  topic: string;
  partitions: number;
  replicationFactor: number;
  clientId: string;
  /** The key naming the topic in errors (`offsets.storage.topic` for a connector's own topic). */
  configKey?: string;
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
  /** KIP-618 connector-specific offsets topics, started on first use. */
  private readonly others = new Map<string, Promise<KafkaOffsetBackingStore>>();

  constructor(private readonly options: KafkaOffsetBackingStoreOptions) {
    this.log = new KafkaBasedLog({
      ...options,
      spec: { partitions: options.partitions, replicationFactor: options.replicationFactor, configKey: options.configKey ?? 'offset.storage.topic', purpose: 'source connector offsets' },
      onRecord: (r) => this.apply(r),
      // KIP-618: exactly-once source tasks write offsets in transactions. Read committed always (not
      // only while exactly-once is enabled, as Connect does): after a downgrade, an aborted
      // transaction's offsets must still not count. Plain writes are visible at once either way.
      readCommitted: true,
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
    const others = [...this.others.values()];
    this.others.clear();
    await Promise.allSettled([this.log.stop(), ...others.map(async (o) => (await o).stop())]);
  }

  get topic(): string {
    return this.options.topic;
  }

  /**
   * KIP-618: the store of a connector's own `offsets.storage.topic` (created like the worker's topic
   * when missing), started once and kept until this store stops; this store for its own topic.
   */
  forTopic(topic: string): Promise<KafkaOffsetBackingStore> {
    if (topic === this.options.topic) return Promise.resolve(this);
    let store = this.others.get(topic);
    if (!store) {
      const other = new KafkaOffsetBackingStore({ ...this.options, topic, configKey: 'offsets.storage.topic', clientId: `${this.options.clientId}-${topic}` });
      store = other.start().then(() => other);
      store.catch(() => this.others.delete(topic));
      this.others.set(topic, store);
    }
    return store;
  }

  async get(keys: readonly string[]): Promise<Map<string, string | null>> {
    await this.log.readToEnd();
    return new Map(keys.map((k) => [k, this.data.get(k) ?? null]));
  }

  async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    if (entries.size === 0) return;
    this.options.writeGuard?.();
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
