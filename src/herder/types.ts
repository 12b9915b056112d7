import type { StatusEntry } from '../runtime/status.js';
// The JSON shapes of Kafka Connect's REST API (connect/runtime/.../rest/entities/*.java), with
// Kafka's own field names. The herders produce them; src/rest/** sends them as they are.

import type { TargetState } from '../runtime/status.js';
import type { ConnectorType } from '../runtime/Worker.js';

export type { TargetState };

export interface TaskId {
  connector: string;
  task: number;
}

/** GET /connectors/{name} */
export interface ConnectorInfo {
  name: string;
  config: Record<string, string>;
  tasks: TaskId[];
  type: ConnectorType | 'unknown';
}

export interface StateInfo {
  state: string;
  worker_id: string;
  /** The running plugin's version (KIP-891). */
  version?: string;
  trace?: string;
  /** Ours, only for tasks that self-healed (task.restart.on.failure). */
  restart_attempts?: number;
  last_error?: string;
}

export type TaskStateInfo = StateInfo & { id: number };

/** A stored status as REST shows it; no status yet reads as UNASSIGNED on this worker. */
export function toStateInfo(entry: StatusEntry | undefined, workerId: string): StateInfo {
  return entry
    ? {
        state: entry.state,
        worker_id: entry.workerId,
        ...(entry.version ? { version: entry.version } : {}),
        ...(entry.trace ? { trace: entry.trace } : {}),
        ...(entry.restartAttempts ? { restart_attempts: entry.restartAttempts } : {}),
        ...(entry.restartAttempts && entry.lastError ? { last_error: entry.lastError } : {}),
      }
    : { state: 'UNASSIGNED', worker_id: workerId };
}

/** GET /connectors/{name}/status */
export interface ConnectorStateInfo {
  name: string;
  connector: StateInfo;
  tasks: TaskStateInfo[];
  type: ConnectorType | 'unknown';
}

/** GET /connectors/{name}/tasks (one element) */
export interface TaskInfo {
  id: TaskId;
  config: Record<string, string>;
}

/** GET /connectors/{name}/topics answers `{"<name>": {"topics": [...]}}`. */
export interface ActiveTopicsInfo {
  connector: string;
  topics: string[];
}

/**
 * One entry of GET/PATCH /connectors/{name}/offsets. Source: the connector's own partition and
 * offset maps. Sink: `{"kafka_topic", "kafka_partition"}` → `{"kafka_offset"}`.
 */
export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

export interface ConnectorOffsets {
  offsets: ConnectorOffset[];
}

/** The `{"message": "..."}` body of successful offset changes. */
/** GET /connectors/{name}/dlq (ours): the newest records of the connector's dead-letter queue. */
export interface DeadLetterRecords {
  topic: string;
  records: Array<{
    partition: number;
    offset: number;
    timestamp: number | null;
    /** UTF-8 text (null for a null key or value). */
    key: string | null;
    value: string | null;
    headers: Array<{ key: string; value: string | null }>;
  }>;
}

export interface Message {
  message: string;
}

export type PluginTypeName = 'source' | 'sink' | 'transformation' | 'predicate' | 'converter' | 'header_converter' | 'unknown';

/** GET /connector-plugins (one element) */
export interface PluginInfo {
  class: string;
  type: PluginTypeName;
  version: string;
}

/** GET /connector-plugins/{plugin}/config (one element) and ConfigInfo.definition */
export interface ConfigKeyInfo {
  name: string;
  type: string;
  required: boolean;
  default_value: string | null;
  importance: string;
  documentation: string;
  group: string | null;
  order_in_group: number;
  width: string;
  display_name: string;
  dependents: string[];
}

export interface ConfigValueInfo {
  name: string;
  value: string | null;
  recommended_values: string[];
  errors: string[];
  visible: boolean;
}

/** `definition` is null for a value no key declares; `value` is null for a key nothing validated. */
export interface ConfigInfo {
  definition: ConfigKeyInfo | null;
  value: ConfigValueInfo | null;
}

/** PUT /connector-plugins/{plugin}/config/validate */
export interface ConfigInfos {
  name: string;
  error_count: number;
  groups: string[];
  configs: ConfigInfo[];
}

/** GET /admin/loggers/{name}: a log4j level name and when it was last set over REST (epoch ms). */
export interface LoggerLevel {
  level: string;
  last_modified: number | null;
}

/** What a herder keeps per connector. */
export interface ConnectorEntry {
  config: Record<string, string>;
  targetState: TargetState;
  taskConfigs: Record<string, string>[];
}

export type { ConnectMetricsSnapshot, TaskMetricsInfo, ConnectorMetricsInfo, RebalanceMetrics } from '../runtime/workerMetrics.js';
export type { StatSnapshot } from '../runtime/taskMetrics.js';
