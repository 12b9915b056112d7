// Consumer group offsets, for the offsets endpoints of sink connectors (KIP-875). A sink
// connector's offsets are the committed offsets of its consumer group (`connect-<name>` unless
// `consumer.override.group.id` says otherwise).
//
// kafkajs has no OffsetDelete request, so removing the offsets of some partitions deletes the
// whole group and commits the remaining offsets again. Both need an empty group, which a STOPPED
// connector guarantees.

import type { Admin } from './kafkajs.js';

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** Thrown when the group still has members (tasks not stopped yet, or a zombie). */
export class GroupNotEmptyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GroupNotEmptyError';
  }
}

function tpKey(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

/** Every committed offset of the group, sorted by topic then partition. */
export async function listGroupOffsets(admin: Admin, groupId: string): Promise<TopicPartitionOffset[]> {
  const topics = await admin.fetchOffsets({ groupId });
  const out: TopicPartitionOffset[] = [];
  for (const t of topics) {
    for (const p of t.partitions) {
      const offset = Number(p.offset);
      if (Number.isFinite(offset) && offset >= 0) out.push({ topic: t.topic, partition: p.partition, offset });
    }
  }
  return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}

async function groupState(admin: Admin, groupId: string): Promise<string> {
  const { groups } = await admin.describeGroups([groupId]);
  return groups[0]?.state ?? 'Dead';
}

async function ensureEmpty(admin: Admin, groupId: string): Promise<void> {
  const state = await groupState(admin, groupId);
  if (state !== 'Empty' && state !== 'Dead') throw new GroupNotEmptyError(`The consumer group ${groupId} is ${state}, not empty`);
}

async function commit(admin: Admin, groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const o of offsets) {
    const list = byTopic.get(o.topic) ?? [];
    list.push({ partition: o.partition, offset: String(o.offset) });
    byTopic.set(o.topic, list);
  }
  for (const [topic, partitions] of byTopic) {
    try {
      await admin.setOffsets({ groupId, topic, partitions });
    } catch (err) {
      if (/must have no running instances/.test((err as Error).message)) throw new GroupNotEmptyError((err as Error).message, { cause: err });
      throw err;
    }
  }
}

/** Deletes the group and its offsets. A group that does not exist is fine (reset is idempotent). */
export async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
  try {
    await admin.deleteGroups([groupId]);
  } catch (err) {
    // DeleteGroups error codes: 69 GROUP_ID_NOT_FOUND, 68 NON_EMPTY_GROUP.
    const groups = (err as { groups?: { errorCode?: number; error?: { type?: string } }[] }).groups ?? [];
    const codes = groups.map((g) => g.errorCode ?? (g.error?.type === 'GROUP_ID_NOT_FOUND' ? 69 : g.error?.type === 'NON_EMPTY_GROUP' ? 68 : -1));
    if (codes.length > 0 && codes.every((c) => c === 69)) return;
    if (codes.includes(68)) throw new GroupNotEmptyError(`The consumer group ${groupId} is not empty`, { cause: err });
    throw err;
  }
}

/**
 * Writes offsets for the given partitions; a null offset removes that partition's offset. Offsets
 * of partitions not mentioned stay as they are.
 */
export async function alterGroupOffsets(
  admin: Admin,
  groupId: string,
  changes: ReadonlyArray<{ topic: string; partition: number; offset: number | null }>,
): Promise<void> {
  await ensureEmpty(admin, groupId);
  const removals = changes.filter((c) => c.offset === null);
  const writes = changes.filter((c): c is TopicPartitionOffset => c.offset !== null);
  if (removals.length === 0) {
    await commit(admin, groupId, writes);
    return;
  }
  const current = await listGroupOffsets(admin, groupId);
  const next = new Map(current.map((o) => [tpKey(o.topic, o.partition), o]));
  for (const r of removals) next.delete(tpKey(r.topic, r.partition));
  for (const w of writes) next.set(tpKey(w.topic, w.partition), w);
  if (current.length > 0) await deleteGroup(admin, groupId);
  if (next.size > 0) await commit(admin, groupId, [...next.values()]);
}
