import type { ConnectorTaskId, State, StatusEntry } from './status.js';

/**
 * How the Worker drives a task. Tasks talk to the Worker only through this interface and the
 * status callback — no shared mutable state — so a task can later be hosted in a worker thread.
 */
export interface WorkerTask {
  readonly id: ConnectorTaskId;
  readonly state: State;
  /** Starts the task and its loop; resolves once the loop is running (or the task failed). */
  start(): Promise<void>;
  /** Stops the loop, commits what was delivered, stops the plugin. Never rejects. */
  stop(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Commits offsets of everything delivered so far. */
  commitOffsets(): Promise<void>;
}

export type TaskStatusCallback = (id: ConnectorTaskId, entry: Omit<StatusEntry, 'workerId' | 'generation'>) => void;

/** A one-shot latch: lets a loop sleep until it is woken (resume, stop) or a timeout passes. */
export class Wakeup {
  private waiter: (() => void) | undefined;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.waiter === done) self.waiter = undefined;
        resolve();
      }
      this.waiter = done;
    });
  }

  wake(): void {
    this.waiter?.();
  }
}
