// The main thread's side of Kafka Connect's metrics: what the Worker itself knows (connector-metrics,
// connect-worker-metrics, the time each task spent in each state) beside the snapshots its tasks
// hand over (connector-task, source-task, sink-task, task-error). Everything here is plain data;
// src/rest/metrics.ts turns it into Prometheus text.

import type { ClientMetricsSample } from '../kafka/index.js';
import type { State } from './status.js';
import type { TaskMetricsSnapshot } from './taskMetrics.js';

export interface ConnectorMetricsInfo {
  name: string;
  type: 'source' | 'sink';
  className: string;
  version: string;
  state: State;
}

/** A task's own counters plus what the Worker observed about it. */
export interface TaskMetricsInfo extends TaskMetricsSnapshot {
  state: State;
  /** Share of its life (since its last start) the task spent RUNNING, and PAUSED. */
  runningRatio: number;
  pauseRatio: number;
  /** Self-healing (task.restart.on.failure): restarts so far, and the error that caused the last one. */
  restartAttempts: number;
  lastError?: string;
}

export interface StartupCounters {
  attempts: number;
  successes: number;
  failures: number;
}

export interface WorkerMetricsSnapshot {
  connectors: ConnectorMetricsInfo[];
  /** Tasks on this worker; a task that could not even be created has no counters and is absent. */
  tasks: TaskMetricsInfo[];
  /** Every task state this worker reported, by connector (connect-worker-metrics per connector). */
  taskStates: Array<{ connector: string; task: number; state: State }>;
  connectorStartup: StartupCounters;
  taskStartup: StartupCounters;
  clients: ClientMetricsSample[];
  /** Threads running tasks besides the main thread. */
  taskThreads: number;
}

/** The Worker's group membership as connect-worker-rebalance-metrics and connect-coordinator-metrics report it. */
export interface RebalanceMetrics {
  leaderName: string;
  connectProtocol: string;
  epoch: number;
  completedRebalances: number;
  rebalancing: boolean;
  rebalanceMaxMs: number;
  rebalanceAvgMs: number;
  /** -1 before the first rebalance. */
  timeSinceLastRebalanceMs: number;
  assignedConnectors: number;
  assignedTasks: number;
}

export interface ConnectMetricsSnapshot extends WorkerMetricsSnapshot {
  workerId: string;
  rebalance: RebalanceMetrics;
}

/** How long a task has been in RUNNING and PAUSED since it started, from its status changes. */
export class TaskStateClock {
  private readonly startedAt = Date.now();
  private since = this.startedAt;
  private state: State = 'UNASSIGNED';
  private running = 0;
  private paused = 0;

  onState(state: State, now = Date.now()): void {
    this.accrue(now);
    this.state = state;
  }

  ratios(now = Date.now()): { runningRatio: number; pauseRatio: number } {
    this.accrue(now);
    const total = now - this.startedAt;
    return total <= 0 ? { runningRatio: 0, pauseRatio: 0 } : { runningRatio: this.running / total, pauseRatio: this.paused / total };
  }

  private accrue(now: number): void {
    if (this.state === 'RUNNING') this.running += now - this.since;
    else if (this.state === 'PAUSED') this.paused += now - this.since;
    this.since = now;
  }
}

/** Times rebalances: from leaving the old assignment (joining) to adopting the new one. */
export class RebalanceTracker {
  private startedAt: number | undefined;
  private completed = 0;
  private max = 0;
  private sum = 0;
  private lastAt = -1;

  begin(now = Date.now()): void {
    this.startedAt ??= now;
  }

  end(now = Date.now()): void {
    if (this.startedAt === undefined) return;
    const took = now - this.startedAt;
    this.startedAt = undefined;
    this.completed++;
    this.sum += took;
    this.max = Math.max(this.max, took);
    this.lastAt = now;
  }

  snapshot(
    membership: Pick<RebalanceMetrics, 'leaderName' | 'connectProtocol' | 'epoch' | 'assignedConnectors' | 'assignedTasks'>,
    now = Date.now(),
  ): RebalanceMetrics {
    return {
      ...membership,
      completedRebalances: this.completed,
      rebalancing: this.startedAt !== undefined,
      rebalanceMaxMs: this.max,
      rebalanceAvgMs: this.completed === 0 ? 0 : this.sum / this.completed,
      timeSinceLastRebalanceMs: this.lastAt < 0 ? -1 : now - this.lastAt,
    };
  }
}
