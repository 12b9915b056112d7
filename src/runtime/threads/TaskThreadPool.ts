// The main thread's side of task threads: a small pool sized to the machine (one thread per core
// by default), plus a thread of its own for every task with task.heap.max.mb (a V8 heap limit is
// per thread). The main thread never waits on a task: statuses, topics and offsets arrive as
// messages and go to the worker's stores; a watchdog notices a thread whose event loop is stuck,
// says which task and stage hold it, and moves that thread's other tasks to a healthy thread.

import { availableParallelism } from 'node:os';
import { Worker as Thread } from 'node:worker_threads';
import { ConfigException } from '../../data/errors.js';
import type { ClientMetricsSample } from '../../kafka/index.js';
import type { PluginRegistry } from '../../plugins/PluginRegistry.js';
import { builtinCatalogue } from '../../plugins/builtins.js';
import type { BuiltinCatalogue } from '../../plugins/builtinModules.js';
import { allLoggerLevels, namedLogger, onLoggerLevelSet, taskLogger, type Logger } from '../logger.js';
import { traceOf, type ConnectorTaskId, type State } from '../status.js';
import type { TaskCallbacks, TaskSpec } from '../taskFactory.js';
import type { WorkerTask } from '../WorkerTask.js';
import { TaskCounters, type TaskMetricsSnapshot } from '../taskMetrics.js';
import { MAX_SLOTS, STAGES, type FromThread, type ThreadInit, type ToThread } from './protocol.js';
import { PRESTARTED_THREADS, THREAD_MODULE, discardPrewarmedThreads, takePrewarmedThread } from './prewarm.js';


export interface TaskThreadPoolOptions {
  workerProps: Record<string, string>;
  /** The main thread's registry: when it changes (hot discovery), threads reload plugin.path. */
  plugins: PluginRegistry;
  pluginPath: string[];
  /** Threads for tasks without a heap cap (default: one per core). */
  poolSize?: number;
  /** task.shutdown.graceful.timeout.ms: a task not stopped by then loses its thread. */
  gracefulStopMs?: number;
  /** A thread whose heartbeat is this late is blocked (default 1000 ms). */
  blockedAfterMs?: number;
  heartbeatMs?: number;
}

/** The heap cap of a task's connector (task.heap.max.mb), or undefined. */
export function taskHeapLimitMb(spec: TaskSpec): number | undefined {
  const raw = spec.connector.props['task.heap.max.mb']?.trim();
  if (raw === undefined || raw === '') return undefined;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < 16) throw new ConfigException('task.heap.max.mb', raw, 'Must be a whole number of megabytes, at least 16');
  return mb;
}

class TaskThread {
  readonly thread: Thread;
  readonly marker: Int32Array;
  readonly abandoned: Int32Array;
  readonly tasks = new Map<number, RemoteTask>();
  lastBeat = Date.now();
  /** Until its first heartbeat a thread is loading modules and plugins: not watched. */
  ready = false;
  blockedSince: number | undefined;
  /** Took a blocked task: no new tasks go here, and it ends when its last task does. */
  quarantined = false;
  exited = false;
  terminating = false;
  error: (Error & { code?: string }) | undefined;
  heapUsed = 0;
  /** The Kafka clients this thread made, as of its last heartbeat. */
  clients: ClientMetricsSample[] = [];
  private nextSlot = 0;
  private readonly requests = new Map<number, (error?: string) => void>();
  private nextReq = 1;

  constructor(readonly index: number, init: Omit<ThreadInit, 'shared'>, readonly heapLimitMb?: number) {
    const shared = new SharedArrayBuffer(8 + 4 * MAX_SLOTS);
    this.marker = new Int32Array(shared, 0, 2);
    this.abandoned = new Int32Array(shared, 8, MAX_SLOTS);
    // A heap limit is set when a thread is created, so only pool threads can be prewarmed ones.
    const prewarmed = heapLimitMb === undefined ? takePrewarmedThread() : undefined;
    if (prewarmed) {
      this.thread = prewarmed;
      this.thread.postMessage({ ...init, shared } satisfies ThreadInit);
    } else {
      this.thread = new Thread(THREAD_MODULE, {
        workerData: { ...init, shared } satisfies ThreadInit,
        ...(heapLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } }),
        name: `kconnect-tasks-${index}`,
      });
    }
    this.thread.unref();
  }

  get dedicated(): boolean {
    return this.heapLimitMb !== undefined;
  }

  slotFor(task: RemoteTask): number {
    for (let i = 0; i < MAX_SLOTS; i++) {
      const slot = (this.nextSlot + i) % MAX_SLOTS;
      if (!this.tasks.has(slot) && Atomics.load(this.abandoned, slot) === 0) {
        this.nextSlot = slot + 1;
        this.tasks.set(slot, task);
        return slot;
      }
    }
    throw new Error('Too many tasks on one thread');
  }

  post(m: ToThread): void {
    if (!this.exited) this.thread.postMessage(m);
  }

  request(make: (req: number) => ToThread, timeoutMs: number): Promise<void> {
    if (this.exited) return Promise.resolve();
    const req = this.nextReq++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => done('timed out'), timeoutMs);
      const done = (error?: string) => {
        clearTimeout(timer);
        this.requests.delete(req);
        if (error) reject(new Error(error));
        else resolve();
      };
      this.requests.set(req, done);
      this.post(make(req));
    });
  }

  answered(req: number, error?: string): void {
    this.requests.get(req)?.(error);
  }

  endRequests(): void {
    for (const done of [...this.requests.values()]) done();
  }
}

/** The main thread's handle on a task living in a thread; follows it when the watchdog moves it. */
class RemoteTask implements WorkerTask {
  private _state: State = 'UNASSIGNED';
  private version: string | undefined;
  thread: TaskThread | undefined;
  slot = -1;
  paused = false;
  stopping = false;
  private startWaiter: (() => void) | undefined;
  private stopWaiter: (() => void) | undefined;
  /** The task's counters as its thread last sent them with a heartbeat (metrics never wait on a thread). */
  lastMetrics: TaskMetricsSnapshot | undefined;

  constructor(
    readonly spec: TaskSpec,
    readonly callbacks: TaskCallbacks,
    private readonly pool: TaskThreadPool,
    readonly logger: Logger,
  ) {}

  get id(): ConnectorTaskId {
    return this.spec.id;
  }

  get state(): State {
    return this._state;
  }

  /** Binds to a thread and starts there; resolves once the task runs (or failed). */
  async start(): Promise<void> {
    const started = new Promise<void>((resolve) => (this.startWaiter = resolve));
    try {
      this.pool.place(this);
    } catch (err) {
      this.report('FAILED', traceOf(err));
      this.logger.error({ err }, 'Failed to create task');
      this.startWaiter?.();
    }
    await started;
  }

  /** (Re)sends the start message to the bound thread. */
  launch(): void {
    this.thread!.post({ op: 'start', slot: this.slot, spec: this.spec, paused: this.paused, pluginGeneration: this.pool.pluginGeneration });
  }

  report(state: State, trace?: string, version?: string): void {
    this._state = state;
    // The version (KIP-891) rides with every status the thread sends; a local report keeps the last one.
    if (version) this.version = version;
    this.callbacks.onStatus(this.id, { state, ...(trace === undefined ? {} : { trace }), ...(this.version ? { version: this.version } : {}) });
  }

  onMessage(m: FromThread): void {
    switch (m.op) {
      case 'status':
        if (m.metrics) this.lastMetrics = m.metrics;
        this.report(m.state, m.trace, m.version);
        break;
      case 'topic':
        this.callbacks.onTopic(m.topic);
        break;
      case 'readOffsets':
        this.callbacks.readOffsets(m.keys).then(
          (value) => this.thread?.post({ op: 'reply', req: m.req, value }),
          (err: unknown) => this.thread?.post({ op: 'reply', req: m.req, error: String(err) }),
        );
        break;
      case 'writeOffsets': {
        const from = this.thread;
        this.callbacks.writeOffsets(m.entries).then(
          () => from?.post({ op: 'reply', req: m.req }),
          (err: unknown) => from?.post({ op: 'reply', req: m.req, error: String(err) }),
        );
        break;
      }
      case 'started':
        this._state = m.state;
        this.startWaiter?.();
        this.startWaiter = undefined;
        break;
      case 'stopped':
        this.stopped();
        break;
    }
  }

  /** The thread is gone (or let go of the task): whatever waits on it, waits no more. */
  stopped(): void {
    this.startWaiter?.();
    this.startWaiter = undefined;
    this.stopWaiter?.();
    this.stopWaiter = undefined;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const thread = this.thread;
    if (!thread || thread.exited) {
      this.stopped();
      return;
    }
    const done = new Promise<void>((resolve) => (this.stopWaiter = resolve));
    thread.post({ op: 'stop', slot: this.slot });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.pool.gracefulStopMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) this.pool.abandonStuck(this);
    this.pool.release(this);
  }

  pause(): void {
    this.paused = true;
    this.thread?.post({ op: 'pause', slot: this.slot });
  }

  resume(): void {
    this.paused = false;
    this.thread?.post({ op: 'resume', slot: this.slot });
  }

  commitOffsets(): Promise<void> {
    const thread = this.thread;
    if (!thread) return Promise.resolve();
    return thread.request((req) => ({ op: 'commit', slot: this.slot, req }), this.pool.gracefulStopMs).catch((err: unknown) => {
      this.logger.warn({ err }, 'Offset commit did not finish');
    });
  }

  metrics(): TaskMetricsSnapshot {
    return this.lastMetrics ?? new TaskCounters().base(this.id.connector, this.id.task, this.spec.connector.type, undefined);
  }

  fail(err: unknown): void {
    if (this._state === 'FAILED') return;
    this.logger.error({ err }, 'Task failed');
    this.report('FAILED', traceOf(err));
  }
}

export class TaskThreadPool {
  private readonly threads: TaskThread[] = [];
  private threadsStarted = 0;
  private readonly log = namedLogger('kconnect.runtime.threads');
  private readonly watchdog: NodeJS.Timeout;
  private readonly unfollowLevels: () => void;
  readonly poolSize: number;
  readonly gracefulStopMs: number;
  private readonly blockedAfterMs: number;
  private readonly heartbeatMs: number;
  private closed = false;
  /** Shared with every thread: the membership deadline of the tasks' worker (see Worker's workUntil). */
  private readonly workUntil = new Float64Array(new SharedArrayBuffer(8)).fill(Infinity);
  /** Sent to every thread: it registers the built-ins from this and loads only the modules its tasks use. */
  private readonly builtins: BuiltinCatalogue = builtinCatalogue();

  constructor(private readonly options: TaskThreadPoolOptions) {
    this.poolSize = Math.max(1, options.poolSize ?? availableParallelism());
    this.gracefulStopMs = options.gracefulStopMs ?? 5000;
    this.blockedAfterMs = options.blockedAfterMs ?? 1000;
    this.heartbeatMs = options.heartbeatMs ?? 200;
    this.watchdog = setInterval(() => this.watch(), this.heartbeatMs);
    this.watchdog.unref();
    this.unfollowLevels = onLoggerLevelSet((namespace, level) => {
      for (const t of this.threads) t.post({ op: 'logLevel', namespace, level });
    });
    // A thread loads the runtime and plugin.path before it can run anything: start a first pair
    // now, while the worker connects to Kafka, so the first tasks do not wait for that.
    for (let i = 0; i < Math.min(this.poolSize, PRESTARTED_THREADS); i++) this.newThread();
    discardPrewarmedThreads();
  }

  get pluginGeneration(): number {
    return this.options.plugins.generation;
  }

  /** A task handle; nothing runs until its start(). */
  create(spec: TaskSpec, callbacks: TaskCallbacks): WorkerTask {
    // Named after the task class here too, so GET /admin/loggers on this thread lists it.
    const logger = taskLogger(spec.id.connector, spec.id.task, spec.taskProps['task.class'] ?? '');
    return new RemoteTask(spec, callbacks, this, logger);
  }

  /** The task threads' Kafka clients (the main thread's are in clientMetricsSnapshot()). */
  clientMetrics(): ClientMetricsSample[] {
    return this.threads.flatMap((t) => t.clients);
  }

  /** Task threads alive now (pool, dedicated and quarantined ones). */
  threadCount(): number {
    return this.threads.length;
  }

  /** Per-thread facts for metrics and docs: tasks, heap, whether blocked. */
  threadStats(): Array<{ index: number; tasks: number; heapUsed: number; blocked: boolean; heapLimitMb?: number }> {
    return this.threads.map((t) => ({
      index: t.index,
      tasks: t.tasks.size,
      heapUsed: t.heapUsed,
      blocked: t.blockedSince !== undefined,
      ...(t.heapLimitMb === undefined ? {} : { heapLimitMb: t.heapLimitMb }),
    }));
  }

  private newThread(heapLimitMb?: number): TaskThread {
    const levels = Object.entries(allLoggerLevels()).map(([name, v]) => [name, v.level] as [string, string]);
    levels.sort(([a], [b]) => (a === 'root' ? -1 : b === 'root' ? 1 : 0));
    const t = new TaskThread(this.threadsStarted++, {
      workerProps: this.options.workerProps,
      pluginPath: this.options.pluginPath,
      loggerLevels: levels,
      workUntil: this.workUntil.buffer as SharedArrayBuffer,
      heartbeatMs: this.heartbeatMs,
      pluginGeneration: this.pluginGeneration,
      builtins: this.builtins,
    }, heapLimitMb);
    t.thread.on('message', (m: FromThread) => this.onMessage(t, m));
    t.thread.on('error', (err) => {
      t.error = err;
    });
    t.thread.on('exit', (code) => this.onExit(t, code));
    this.threads.push(t);
    return t;
  }

  /**
   * Chooses a thread for a task and starts it there. A task moved off a blocked thread (`avoid`)
   * goes to a running thread when there is one: starting a thread costs far more than sharing one.
   */
  place(task: RemoteTask, avoid?: TaskThread): void {
    if (this.closed) throw new Error('The worker is stopping');
    const heapLimitMb = taskHeapLimitMb(task.spec);
    let thread: TaskThread;
    if (heapLimitMb !== undefined) {
      thread = this.newThread(heapLimitMb);
    } else {
      const usable = this.threads.filter((t) => !t.dedicated && !t.quarantined && !t.exited && !t.terminating && t !== avoid);
      const least = usable.sort((a, b) => a.tasks.size - b.tasks.size)[0];
      thread = least && (least.tasks.size === 0 || usable.length >= this.poolSize || avoid) ? least : this.newThread();
    }
    this.publishWorkUntil(task);
    task.thread = thread;
    task.slot = thread.slotFor(task);
    task.launch();
  }

  /** The task is stopped: its slot is free, and a quarantined or dedicated thread with nothing left ends. */
  release(task: RemoteTask): void {
    const t = task.thread;
    if (!t) return;
    if (t.tasks.get(task.slot) === task) t.tasks.delete(task.slot);
    task.thread = undefined;
    if (t.tasks.size === 0 && (t.quarantined || t.dedicated)) void this.terminate(t);
  }

  /** A task that did not stop in time: its thread goes if it holds nothing else, or it is left behind. */
  abandonStuck(task: RemoteTask): void {
    const t = task.thread;
    task.logger.error({ timeoutMs: this.gracefulStopMs }, `Graceful stop of task ${task.id.connector}-${task.id.task} failed: it did not stop within task.shutdown.graceful.timeout.ms`);
    if (!t) return;
    Atomics.store(t.abandoned, task.slot, 1);
    const others = [...t.tasks.values()].filter((x) => x !== task);
    if (others.length === 0 || t.blockedSince !== undefined) {
      for (const other of others) this.move(other, t);
      void this.terminate(t);
    }
    task.stopped();
  }

  private async terminate(t: TaskThread): Promise<void> {
    if (t.exited || t.terminating) return;
    t.terminating = true;
    await t.thread.terminate();
  }

  private onMessage(t: TaskThread, m: FromThread): void {
    if (m.op === 'beat') {
      t.lastBeat = Date.now();
      t.ready = true;
      t.heapUsed = m.heapUsed;
      for (const beat of m.tasks ?? []) {
        const task = t.tasks.get(beat.slot);
        if (task?.thread === t) task.lastMetrics = beat.metrics;
      }
      if (m.clients) t.clients = m.clients;
      if (t.blockedSince !== undefined) {
        this.log.warn({ thread: t.index, blockedMs: t.lastBeat - t.blockedSince }, 'Task thread runs again');
        t.blockedSince = undefined;
      }
      return;
    }
    if (m.op === 'done') {
      t.answered(m.req, m.error);
      return;
    }
    const task = t.tasks.get(m.slot);
    // Messages of a task that was moved away belong to its old incarnation.
    if (!task || task.thread !== t) return;
    task.onMessage(m);
  }

  private onExit(t: TaskThread, code: number): void {
    t.exited = true;
    t.endRequests();
    this.threads.splice(this.threads.indexOf(t), 1);
    const oom = t.error?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    for (const task of t.tasks.values()) {
      if (task.thread !== t) continue;
      task.thread = undefined;
      if (!task.stopping && !t.terminating) {
        const why = oom
          ? `Task exceeded its heap limit task.heap.max.mb=${t.heapLimitMb}; its thread was stopped (${t.error!.message})`
          : `The task's thread exited unexpectedly with code ${code}${t.error ? `: ${traceOf(t.error)}` : ''}`;
        task.logger.error({ heapLimitMb: t.heapLimitMb, code }, why);
        task.report('FAILED', why);
      } else if (!task.stopping) {
        task.report('UNASSIGNED');
      }
      task.stopped();
    }
    t.tasks.clear();
  }

  /** Restarts a task on another thread from its committed offsets; its old incarnation is abandoned. */
  private move(task: RemoteTask, from: TaskThread): void {
    Atomics.store(from.abandoned, task.slot, 1);
    from.tasks.delete(task.slot);
    try {
      this.place(task, from);
      task.logger.warn({ fromThread: from.index, toThread: task.thread!.index }, 'Moved task off a blocked thread; it restarts from its committed offsets');
    } catch (err) {
      task.fail(err);
    }
  }

  private lastWatch = Date.now();

  /**
   * Copies the worker's membership deadline where the threads read it. Every task of a worker has
   * the same one; it moves with each heartbeat answer, and drops to 0 when the worker is fenced.
   */
  private publishWorkUntil(task?: RemoteTask): void {
    const source = task?.callbacks.workUntil ?? this.threads.flatMap((t) => [...t.tasks.values()]).find((x) => x.callbacks.workUntil)?.callbacks.workUntil;
    if (source) this.workUntil[0] = source();
  }

  private watch(): void {
    this.publishWorkUntil();
    const now = Date.now();
    // When the main thread itself ran late, the machine was starved, not a thread blocked: threads
    // get the same grace.
    const lag = now - this.lastWatch - this.heartbeatMs;
    this.lastWatch = now;
    for (const t of [...this.threads]) {
      if (lag > 100) t.lastBeat += lag;
      if (!t.ready || t.exited || t.terminating || t.blockedSince !== undefined || now - t.lastBeat < this.blockedAfterMs) continue;
      t.blockedSince = t.lastBeat;
      t.quarantined = true;
      const slot = Atomics.load(t.marker, 0);
      const stage = STAGES[Atomics.load(t.marker, 1)] ?? 'IDLE';
      const blocker = t.tasks.get(slot);
      const others = [...t.tasks.values()].filter((x) => x !== blocker && !x.stopping);
      this.log.error(
        {
          thread: t.index,
          blockedMs: now - t.lastBeat,
          ...(blocker ? { connector: blocker.id.connector, task: blocker.id.task } : {}),
          stage,
          moving: others.map((x) => `${x.id.connector}-${x.id.task}`),
        },
        blocker
          ? `Task ${blocker.id.connector}-${blocker.id.task} is blocking its thread in ${stage} (no heartbeat for ${now - t.lastBeat} ms); moving the thread's other tasks`
          : `A task thread is blocked (no heartbeat for ${now - t.lastBeat} ms); moving its tasks`,
      );
      for (const other of others) this.move(other, t);
    }
  }

  /** Ends every thread; tasks should have been stopped first. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    this.unfollowLevels();
    await Promise.all([...this.threads].map((t) => this.terminate(t)));
  }
}
