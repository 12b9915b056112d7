import type { Converter, HeaderConverter } from '../api/Converter.js';
import type { ConnectRecord } from '../data/ConnectRecord.js';
import type { Logger } from './logger.js';
import type { RecordErrorHandler } from './errorHandling.js';
import type { TransformationChain } from './TransformationChain.js';
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

/** What both task loops are given by the Worker: the plugin's config, the record pipeline, reporting. */
export interface WorkerTaskDeps<R extends ConnectRecord<R>> {
  id: ConnectorTaskId;
  taskConfig: Record<string, string>;
  chain: TransformationChain<R>;
  keyConverter: Converter;
  valueConverter: Converter;
  headerConverter: HeaderConverter;
  errors: RecordErrorHandler;
  logger: Logger;
  onStatus: TaskStatusCallback;
  /** Called with every topic a record really went to (GET /connectors/{name}/topics). */
  onTopic: (topic: string) => void;
  offsetFlushIntervalMs: number;
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
