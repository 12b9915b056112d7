// The messages between the main thread and a task thread. Plain data only (structured clone):
// control goes in, statuses, topics, offsets and heartbeats come out; records never cross.

import type { ConnectorTaskId, State } from '../status.js';
import type { TaskSpec } from '../taskFactory.js';
import type { TaskMetricsSnapshot } from '../taskMetrics.js';
import type { ClientMetricsSample } from '../../kafka/index.js';
import type { BuiltinCatalogue } from '../../plugins/builtinModules.js';

/** Given to a thread when it starts. */
export interface ThreadInit {
  workerProps: Record<string, string>;
  /** plugin.path entries; the thread loads them into its own registry. */
  pluginPath: string[];
  /** The levels set over admin/loggers so far (root first). */
  loggerLevels: Array<[string, string]>;
  /** [0] the slot of the task that last entered a stage, [1] that stage (STAGES index); then one abandon flag per slot. */
  shared: SharedArrayBuffer;
  /** One float64: until when (epoch ms) the worker surely is a group member; +Infinity in standalone. */
  workUntil: SharedArrayBuffer;
  heartbeatMs: number;
  /** The main registry's generation when the thread started: plugin.path is loaded at once for it. */
  pluginGeneration: number;
  /** Every built-in plugin, without code: the thread loads a built-in's module when a task uses it. */
  builtins: BuiltinCatalogue;
}

export const MAX_SLOTS = 4096;

export const STAGES = ['IDLE', 'TASK_START', 'TASK_POLL', 'TRANSFORMATION', 'TASK_PUT', 'TASK_COMMIT', 'TASK_STOP'] as const;

/** Main → thread. `slot` names a task within its thread. */
export type ToThread =
  | { op: 'start'; slot: number; spec: TaskSpec; paused: boolean; pluginGeneration: number }
  | { op: 'stop'; slot: number }
  | { op: 'pause'; slot: number }
  | { op: 'resume'; slot: number }
  | { op: 'commit'; slot: number; req: number }
  | { op: 'reply'; req: number; value?: unknown; error?: string }
  | { op: 'logLevel'; namespace: string; level: string };

/** Thread → main. */
export type FromThread =
  | { op: 'status'; slot: number; id: ConnectorTaskId; state: State; trace?: string; version?: string; metrics?: TaskMetricsSnapshot }
  | { op: 'topic'; slot: number; topic: string }
  | { op: 'readOffsets'; slot: number; req: number; keys: string[] }
  | { op: 'writeOffsets'; slot: number; req: number; entries: Map<string, string | null> }
  | { op: 'started'; slot: number; state: State }
  | { op: 'stopped'; slot: number }
  | { op: 'done'; req: number; error?: string }
  /** Every heartbeat carries the tasks' counters; the Kafka clients' samples ride along once a second. */
  | { op: 'beat'; heapUsed: number; tasks?: Array<{ slot: number; metrics: TaskMetricsSnapshot }>; clients?: ClientMetricsSample[] };
