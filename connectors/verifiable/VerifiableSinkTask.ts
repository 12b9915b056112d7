import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SinkTask, type TopicPartition, type TopicPartitionOffset, type SinkRecord } from 'kconnect';
import { OUTPUT_DIR_CONFIG } from './VerifiableSinkConnector.js';
import { VERSION } from './version.js';

/** One line of a sink task's file. */
export interface FlushedRecord {
  /** The sink task that flushed it. */
  sinkTask: number;
  /** The source task that produced it (the record key). */
  task: number;
  seqno: number;
  topic: string;
  partition: number;
  offset: number;
}

const tp = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Buffers what put() hands it and appends it to its file on flush (just before the commit). */
export class VerifiableSinkTask extends SinkTask {
  private id = 0;
  private file = '';
  private unflushed = new Map<string, string[]>();

  version(): string {
    return VERSION;
  }

  async start(props: Record<string, string>): Promise<void> {
    this.id = Number(props['id'] ?? 0);
    const dir = props[OUTPUT_DIR_CONFIG] ?? '.';
    await mkdir(dir, { recursive: true });
    this.file = join(dir, `${props['name'] ?? 'verifiable-sink'}-${this.id}.jsonl`);
  }

  put(records: SinkRecord[]): void {
    for (const r of records) {
      const line: FlushedRecord = {
        sinkTask: this.id,
        task: Number(r.key),
        seqno: Number(r.value),
        topic: r.topic,
        partition: r.kafkaPartition ?? -1,
        offset: r.kafkaOffset,
      };
      const key = tp(r.topic, r.kafkaPartition ?? -1);
      let list = this.unflushed.get(key);
      if (!list) this.unflushed.set(key, (list = []));
      list.push(JSON.stringify(line));
    }
  }

  override async flush(_offsets: TopicPartitionOffset[]): Promise<void> {
    const lines = [...this.unflushed.values()].flat();
    if (lines.length === 0) return;
    await appendFile(this.file, lines.join('\n') + '\n');
    this.unflushed = new Map();
  }

  /** Partitions taken away: what was not flushed will be delivered again to their new owner. */
  override close(partitions: TopicPartition[]): void {
    for (const p of partitions) this.unflushed.delete(tp(p.topic, p.partition));
  }

  stop(): void {
    this.unflushed = new Map();
  }
}
