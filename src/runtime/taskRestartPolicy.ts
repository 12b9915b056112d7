// Self-healing (beyond Kafka Connect, which never restarts a failed task by itself): with
// `task.restart.on.failure=true` a FAILED task is restarted after an exponential back-off. Off by
// default, so Connect's behaviour is unchanged. The keys are declared once here; the Worker applies them.

import { ConfigDef, Validators } from '../api/ConfigDef.js';

export interface TaskRestartPolicy {
  enabled: boolean;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** -1: no limit. */
  maxAttempts: number;
}

const GROUP = 'Self-healing';

export const TASK_RESTART_CONFIG_DEF = new ConfigDef()
  .define({ name: 'task.restart.on.failure', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM', group: GROUP, orderInGroup: 1,
    width: 'SHORT', displayName: 'Restart failed tasks',
    documentation: 'Restart a task that failed, after task.restart.backoff.initial.ms, doubling up to task.restart.backoff.max.ms.' })
  .define({ name: 'task.restart.backoff.initial.ms', type: 'LONG', defaultValue: 1000, validator: Validators.atLeast(0), importance: 'LOW',
    group: GROUP, orderInGroup: 2, width: 'SHORT', displayName: 'First restart delay', documentation: 'Delay before the first restart of a failed task.' })
  .define({ name: 'task.restart.backoff.max.ms', type: 'LONG', defaultValue: 60000, validator: Validators.atLeast(0), importance: 'LOW',
    group: GROUP, orderInGroup: 3, width: 'SHORT', displayName: 'Longest restart delay', documentation: 'The back-off doubles after each restart, up to this.' })
  .define({ name: 'task.restart.max.attempts', type: 'INT', defaultValue: -1, validator: Validators.atLeast(-1), importance: 'LOW',
    group: GROUP, orderInGroup: 4, width: 'SHORT', displayName: 'Restart attempts',
    documentation: 'Restarts in a row before the task is left FAILED; -1 for no limit. A task that ran longer than task.restart.backoff.max.ms starts counting again.' });

/** The policy of a connector config; throws ConfigException naming the bad key. */
export function taskRestartPolicy(connectorProps: Record<string, string>): TaskRestartPolicy {
  const own = Object.fromEntries(Object.entries(connectorProps).filter(([k]) => k.startsWith('task.restart.')));
  const v = TASK_RESTART_CONFIG_DEF.parse(own);
  return {
    enabled: v['task.restart.on.failure'] === true,
    initialBackoffMs: Number(v['task.restart.backoff.initial.ms']),
    maxBackoffMs: Number(v['task.restart.backoff.max.ms']),
    maxAttempts: Number(v['task.restart.max.attempts']),
  };
}

/** The delay before restart number `attempt` (1-based). */
export function restartDelayMs(policy: TaskRestartPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.min(attempt - 1, 30));
}
