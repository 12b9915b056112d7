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
}

/** Receives state changes from connectors and tasks; the status store implements it. */
export interface StatusListener {
  onConnectorState(connector: string, entry: StatusEntry): void;
  onTaskState(id: ConnectorTaskId, entry: StatusEntry): void;
}

export function taskKey(id: ConnectorTaskId): string {
  return `${id.connector}-${id.task}`;
}

export function traceOf(err: unknown): string {
  if (err instanceof Error) {
    let out = err.stack ?? `${err.name}: ${err.message}`;
    let cause = (err as { cause?: unknown }).cause;
    while (cause instanceof Error) {
      out += `\nCaused by: ${cause.stack ?? cause.message}`;
      cause = (cause as { cause?: unknown }).cause;
    }
    return out;
  }
  return String(err);
}
