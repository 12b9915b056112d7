import type { Converter, HeaderConverter } from '../api/Converter.js';
import type { ConnectRecord } from '../data/ConnectRecord.js';
import { OutageLog, retryTransient } from '../kafka/index.js';
import { closeConverters } from './converterFactory.js';
import type { Logger } from './logger.js';
import type { RecordErrorHandler } from './errorHandling.js';
import type { TransformationChain } from './TransformationChain.js';
import { traceOf, type ConnectorTaskId, type State, type StatusEntry } from './status.js';
import { TaskCounters, type TaskMetricsSnapshot } from './taskMetrics.js';

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
  /** The task's counters now, as plain data (read when metrics are scraped, never per record). */
  metrics(): TaskMetricsSnapshot;
  /**
   * Fails the task from outside its loop (an error thrown by its plugin code in a timer or a
   * stray promise): FAILED with the error's trace, and the loop stops taking records.
   */
  fail(err: unknown): void;
}

/** Where a task is, for the watchdog that names a task blocking its thread. Connect's stage names plus the lifecycle. */
export type TaskStage = 'TASK_START' | 'TASK_POLL' | 'TRANSFORMATION' | 'TASK_PUT' | 'TASK_COMMIT' | 'TASK_STOP' | 'IDLE';

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
  /** Told when the loop enters a stage that runs plugin code (once per batch, never per record). */
  onStage?: (stage: TaskStage) => void;
  /**
   * Distributed mode: false while the worker may have lost its group membership, when another
   * worker may already run this task; the loop hands nothing on until it is true again.
   */
  mayWork?: () => boolean;
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

/**
 * What the sink and source loops share, as Connect's abstract WorkerTask: the state and its
 * reporting, the failure path, pause/resume, the start and stop sequences around the loop's own
 * steps, and the stop signal that ends waits on the broker.
 */
export abstract class AbstractWorkerTask<R extends ConnectRecord<R>, D extends WorkerTaskDeps<R> & { task: { stop(): void | Promise<void> } }> implements WorkerTask {
  readonly id: ConnectorTaskId;
  private _state: State = 'UNASSIGNED';
  protected stopping = false;
  protected paused = false;
  /** Broker outages are waited out; stop() ends the wait. */
  protected readonly outage: OutageLog;
  private readonly stopSignal = new AbortController();
  protected readonly counters = new TaskCounters();
  private readonly seenTopics = new Set<string>();

  constructor(
    protected readonly deps: D,
    private readonly kind: 'sink' | 'source',
    /** What talks to the broker, for the outage log: "sink task consumer". */
    client: string,
  ) {
    this.id = deps.id;
    this.outage = new OutageLog(deps.logger, client);
  }

  get state(): State {
    return this._state;
  }

  protected get failed(): boolean {
    return this._state === 'FAILED';
  }

  protected setState(state: State, err?: unknown): void {
    this._state = state;
    this.deps.onStatus(this.id, err === undefined ? { state } : { state, trace: traceOf(err) });
  }

  /** Connects and starts the plugin; a throw fails the task before it ever runs. */
  protected abstract startTask(): Promise<void>;
  /** Starts the loop and its commit timer, once the task runs. */
  protected abstract started(): void;
  /** Everything between the stop signal and the release of the chain, converters and error reporter. */
  protected abstract stopTask(): Promise<void>;
  /** Ends the loop after fail(): nothing more is taken or committed. */
  protected abstract halt(): void;

  async start(): Promise<void> {
    try {
      this.deps.onStage?.('TASK_START');
      await this.startTask();
    } catch (err) {
      this.deps.logger.error({ err }, 'Task failed to start');
      this.setState('FAILED', err);
      return;
    }
    this.setState(this.paused ? 'PAUSED' : 'RUNNING');
    this.deps.logger.info(`${this.kind === 'sink' ? 'Sink' : 'Source'} task started`);
    this.started();
  }

  fail(err: unknown): void {
    if (this.stopping || this.failed) return;
    this.deps.logger.error({ err }, 'Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted');
    this.setState('FAILED', err);
    this.halt();
  }

  pause(): void {
    this.paused = true;
    if (this._state === 'RUNNING') this.setState('PAUSED');
  }

  resume(): void {
    this.paused = false;
    if (this._state === 'PAUSED') this.setState('RUNNING');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    await this.stopTask();
    this.deps.chain.close();
    closeConverters(this.deps);
    await this.deps.errors.close().catch(() => {});
    if (!this.failed) this.setState('UNASSIGNED');
    this.deps.logger.info(`${this.kind === 'sink' ? 'Sink' : 'Source'} task stopped`);
  }

  /** The plugin's stop(); what it throws is logged, the task stops anyway. */
  protected async stopPlugin(): Promise<void> {
    try {
      this.deps.onStage?.('TASK_STOP');
      await this.deps.task.stop();
    } catch (err) {
      this.deps.logger.warn({ err }, 'Task stop() threw');
    }
  }

  /** Retries through broker outages until the task stops. */
  protected untilReachable<T>(fn: () => Promise<T>): Promise<T> {
    return retryTransient(fn, { outage: this.outage, signal: this.stopSignal.signal });
  }

  /**
   * Waits while the worker may not work (see `mayWork`); false when the task is stopping meanwhile,
   * so what it holds is neither delivered nor committed.
   */
  protected async untilMayWork(): Promise<boolean> {
    while (this.deps.mayWork && !this.deps.mayWork()) {
      if (this.stopping) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  }

  /** Tells the worker of a topic the task's records really went to, once per topic. */
  protected sawTopic(topic: string): void {
    if (this.seenTopics.has(topic)) return;
    this.seenTopics.add(topic);
    this.deps.onTopic(topic);
  }

  /** The counters every task keeps; the loop adds its own. */
  protected baseMetrics(): TaskMetricsSnapshot {
    return this.counters.base(this.id.connector, this.id.task, this.kind, this.deps.errors.errorMetrics?.());
  }

  abstract commitOffsets(): Promise<void>;
  abstract metrics(): TaskMetricsSnapshot;
}
