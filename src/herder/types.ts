import type { TargetState } from '../runtime/status.js';
import type { ConnectorType } from '../runtime/Worker.js';

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
  trace?: string;
}

/** GET /connectors/{name}/status */
export interface ConnectorStateInfo {
  name: string;
  connector: StateInfo;
  tasks: Array<StateInfo & { id: number }>;
  type: ConnectorType | 'unknown';
}

export interface TaskInfo {
  id: TaskId;
  config: Record<string, string>;
}

export interface ConnectorEntry {
  config: Record<string, string>;
  targetState: TargetState;
  taskConfigs: Record<string, string>[];
}
