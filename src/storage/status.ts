/** Connector and task states, with Kafka Connect's own strings. */
export type State = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED' | 'DESTROYED';

/** What the user asked for; persisted (target-state-<name> in distributed mode). */
export type TargetState = 'STARTED' | 'PAUSED' | 'STOPPED';

export interface ConnectorTaskId {
  readonly connector: string;
  readonly task: number;
}

export interface StatusEntry {
  state: State;
  trace?: string;
  workerId: string;
  generation: number;
  /** The running plugin's version (KIP-891), when the connector or task was instantiated. */
  version?: string;
  /** Self-healing (task.restart.on.failure): restarts so far and the error behind the last one. */
  restartAttempts?: number;
  lastError?: string;
}

/** Receives state changes from connectors and tasks; the status store implements it. */
export interface StatusListener {
  onConnectorState(connector: string, entry: StatusEntry): void;
  onTaskState(id: ConnectorTaskId, entry: StatusEntry): void;
}

export function taskKey(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}
