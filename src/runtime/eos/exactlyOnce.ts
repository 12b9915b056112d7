// KIP-618 settings shared by the herder (validation, fencing) and the worker (how a source task
// runs). Worker key `exactly.once.source.support`: disabled | preparing | enabled. Kafka Connect's
// upgrade path: roll every worker to `preparing` (the leader fences zombies and writes task-count
// records, tasks are not transactional yet), then roll them to `enabled` (tasks run in transactions).

export type ExactlyOnceSourceSupport = 'disabled' | 'preparing' | 'enabled';
export type TransactionBoundary = 'poll' | 'interval' | 'connector';

/** The worker's `exactly.once.source.support` (distributed mode only: standalone has no group, so it is always disabled). */
export function exactlyOnceSourceSupport(workerProps: Readonly<Record<string, string>>): ExactlyOnceSourceSupport {
  if (workerProps['group.id'] === undefined) return 'disabled';
  const v = (workerProps['exactly.once.source.support'] ?? 'disabled').trim().toLowerCase();
  return v === 'enabled' || v === 'preparing' ? v : 'disabled';
}

/** Source tasks run in transactions only with `enabled`. */
export function exactlyOnceSourceEnabled(workerProps: Readonly<Record<string, string>>): boolean {
  return exactlyOnceSourceSupport(workerProps) === 'enabled';
}

/** The leader fences and writes task-count records with `preparing` and `enabled`. */
export function zombieFencingEnabled(workerProps: Readonly<Record<string, string>>): boolean {
  return exactlyOnceSourceSupport(workerProps) !== 'disabled';
}

/** Kafka Connect's transactional id of a source task: `${group.id}-${connector}-${task}`. */
export function transactionalId(groupId: string, connector: string, task: number): string {
  return `${groupId}-${connector}-${task}`;
}

/** How an exactly-once source task runs; plain data, it travels to the task's thread in its TaskSpec. */
export interface ExactlyOnceSpec {
  transactionalId: string;
  /** Where the task's offsets go, in the same transaction as its records. */
  offsetsTopic: string;
  boundary: TransactionBoundary;
  /** transaction.boundary=interval: commit every this many ms. */
  intervalMs: number;
}

/** The spec for a source task on a worker with `exactly.once.source.support=enabled`; undefined otherwise. */
export function exactlyOnceSpec(
  workerProps: Readonly<Record<string, string>>,
  connectorProps: Readonly<Record<string, string>>,
  connector: string,
  task: number,
  offsetFlushIntervalMs: number,
): ExactlyOnceSpec | undefined {
  if (!exactlyOnceSourceEnabled(workerProps)) return undefined;
  const boundary = (connectorProps['transaction.boundary'] ?? 'poll').trim().toLowerCase() as TransactionBoundary;
  const interval = Number(connectorProps['transaction.boundary.interval.ms'] ?? '');
  return {
    transactionalId: transactionalId(workerProps['group.id']!, connector, task),
    offsetsTopic: connectorOffsetsTopic(connectorProps) ?? workerProps['offset.storage.topic'] ?? 'connect-offsets',
    boundary: boundary === 'interval' || boundary === 'connector' ? boundary : 'poll',
    intervalMs: Number.isFinite(interval) && interval > 0 && connectorProps['transaction.boundary.interval.ms']?.trim() ? interval : offsetFlushIntervalMs,
  };
}

/** KIP-618's per-connector `offsets.storage.topic`; null when the worker's topic is used. */
export function connectorOffsetsTopic(connectorProps: Readonly<Record<string, string>>): string | null {
  const t = connectorProps['offsets.storage.topic']?.trim();
  return t ? t : null;
}
