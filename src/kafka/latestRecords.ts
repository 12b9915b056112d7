// The last few records of a topic (the console's dead-letter queue view). kafkajs has no
// assign(): a throwaway consumer group seeks each partition to `end - limit`, reads up to the end
// offsets it saw at the start, and is deleted afterwards. Never commits.

import { randomUUID } from 'node:crypto';
import type { KafkaClients } from './KafkaClients.js';

export interface TopicRecord {
  partition: number;
  offset: number;
  timestamp: number | null;
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<{ key: string; value: Buffer | null }>;
}

/** Up to `limit` records of `topic`, the newest last (by timestamp, then partition and offset). */
export async function latestRecords(clients: KafkaClients, topic: string, limit: number, timeoutMs = 15000): Promise<TopicRecord[]> {
  const admin = clients.admin(`kconnect-latest-records-admin`);
  await admin.connect();
  const groupId = `kconnect-latest-records-${randomUUID()}`;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const ranges = new Map<number, { start: number; end: number }>();
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const end = Number(p.high);
      const start = Math.max(Number(p.low), end - limit);
      if (end > start) ranges.set(p.partition, { start, end });
    }
    if (ranges.size === 0) return [];
    const records: TopicRecord[] = [];
    const consumer = clients.consumer(groupId, `kconnect-latest-records-${topic}`);
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const pending = new Set(ranges.keys());
      let finished!: () => void;
      const done = new Promise<void>((resolve) => (finished = resolve));
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const range = ranges.get(batch.partition);
          if (!range) return;
          for (const m of batch.messages) {
            const offset = Number(m.offset);
            if (offset < range.start || offset >= range.end) continue;
            const headers: TopicRecord['headers'] = [];
            for (const [key, v] of Object.entries(m.headers ?? {})) {
              for (const one of Array.isArray(v) ? v : [v]) headers.push({ key, value: one === undefined ? null : Buffer.isBuffer(one) ? one : Buffer.from(one) });
            }
            records.push({ partition: batch.partition, offset, timestamp: m.timestamp ? Number(m.timestamp) : null, key: m.key, value: m.value, headers });
          }
          const last = batch.messages.at(-1);
          if (last && Number(last.offset) + 1 >= range.end) {
            pending.delete(batch.partition);
            if (pending.size === 0) finished();
          }
        },
      });
      for (const [partition, { start }] of ranges) consumer.seek({ topic, partition, offset: String(start) });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    } finally {
      await consumer.disconnect().catch(() => {});
    }
    records.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || a.partition - b.partition || a.offset - b.offset);
    return records.slice(-limit);
  } finally {
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}
