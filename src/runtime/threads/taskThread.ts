// A task thread: hosts tasks built by createTask, each with its own plugin instance, chain,
// converters, error handler and Kafka client. Everything a task tells the worker becomes a
// message; errors its plugin code throws outside any call (timers, stray promises) are traced
// back to the task through AsyncLocalStorage and fail that task only.

import { AsyncLocalStorage } from 'node:async_hooks';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { clientMetricsSnapshot } from '../../kafka/index.js';
import { lazyBuiltinRegistry } from '../../plugins/builtinModules.js';
import type { PluginRegistry } from '../../plugins/PluginRegistry.js';
import { namedLogger, rootLogger, setLoggerLevel } from '../logger.js';
import { createTask } from '../taskFactory.js';
import { kafkaClientsFor } from '../workerClients.js';
import type { WorkerTask } from '../WorkerTask.js';
import { MAX_SLOTS, STAGES, type FromThread, type ThreadInit, type ToThread } from './protocol.js';
import type { AwaitInit } from './prewarm.js';
import { rememberProvidedValue } from '../../config/providedValues.js';
import { traceOf } from '../status.js';

// For start-up timelines (docs/BENCHMARKS.md): the modules above are loaded once this line runs.
const modulesLoadedMs = Math.round(process.uptime() * 1000);
const port = parentPort!;
// A prewarmed thread (./prewarm.ts) loaded the modules above before the worker had read its
// config; its ThreadInit is the first message it gets.
const init: ThreadInit = (workerData as AwaitInit | ThreadInit & { awaitInit?: undefined }).awaitInit
  ? await new Promise<ThreadInit>((resolve) => port.once('message', resolve))
  : (workerData as ThreadInit);
const marker = new Int32Array(init.shared, 0, 2);
const abandoned = new Int32Array(init.shared, 8, MAX_SLOTS);
const workUntil = new Float64Array(init.workUntil);
const log = namedLogger('kconnect.runtime.threads');
log.debug({ modulesLoadedMs, processUptimeMs: Math.round(process.uptime() * 1000) }, 'Task thread ready');

for (const [name, level] of init.loggerLevels) setLoggerLevel(name, level);

const kafka = kafkaClientsFor(init.workerProps, 'connect-task', rootLogger.child({ logger: 'kafkajs' }));
let plugins: PluginRegistry = lazyBuiltinRegistry(init.builtins);
let pluginGeneration = -1;
let pluginSync: Promise<void> = Promise.resolve();

/** Loads plugin.path again when the main thread's registry changed since the last load. */
function syncPlugins(generation: number): Promise<void> {
  pluginSync = pluginSync.then(async () => {
    if (generation === pluginGeneration) return;
    const fresh = lazyBuiltinRegistry(init.builtins);
    if (init.pluginPath.length > 0) {
      // The main thread already logged every plugin it loaded; a thread says nothing about them.
      const quiet = { debug() {}, info() {}, warn() {}, error() {} };
      const { loadPluginPath } = await import('../../plugins/PluginLoader.js');
      await loadPluginPath(fresh, init.pluginPath, quiet);
    }
    plugins = fresh;
    pluginGeneration = generation;
  });
  return pluginSync;
}

void syncPlugins(init.pluginGeneration);

interface Hosted {
  slot: number;
  task?: WorkerTask;
  stopping?: Promise<void>;
}

const tasks = new Map<number, Hosted>();
const taskContext = new AsyncLocalStorage<Hosted>();
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let nextReq = 1;

function send(m: FromThread): void {
  port.postMessage(m);
}

function request<T>(make: (req: number) => FromThread): Promise<T> {
  const req = nextReq++;
  return new Promise<T>((resolve, reject) => {
    pending.set(req, { resolve: resolve as (v: unknown) => void, reject });
    send(make(req));
  });
}

const isAbandoned = (slot: number): boolean => Atomics.load(abandoned, slot) !== 0;

async function start(slot: number, m: Extract<ToThread, { op: 'start' }>): Promise<void> {
  const hosted: Hosted = { slot };
  tasks.set(slot, hosted);
  for (const v of m.spec.providedValues ?? []) rememberProvidedValue(v);
  await taskContext.run(hosted, async () => {
    try {
      Atomics.store(marker, 0, slot);
      Atomics.store(marker, 1, STAGES.indexOf('TASK_START'));
      await syncPlugins(m.pluginGeneration);
      const stageOf = (s: (typeof STAGES)[number]) => STAGES.indexOf(s);
      hosted.task = await createTask(m.spec, { plugins, kafka }, {
        // The counters ride along, so a state and the counts behind it arrive together (a FAILED task's errors).
        onStatus: (id, e) => {
          if (isAbandoned(slot)) return;
          const metrics = hosted.task?.metrics();
          send({ op: 'status', slot, id, state: e.state, ...(e.trace === undefined ? {} : { trace: e.trace }), ...(e.version ? { version: e.version } : {}), ...(metrics ? { metrics } : {}) });
        },
        onTopic: (topic) => send({ op: 'topic', slot, topic }),
        readOffsets: (keys) => request((req) => ({ op: 'readOffsets', slot, req, keys: [...keys] })),
        // A task moved to another thread must not write offsets behind its successor's.
        writeOffsets: (entries) => (isAbandoned(slot) ? Promise.resolve() : request((req) => ({ op: 'writeOffsets', slot, req, entries: new Map(entries) }))),
        workUntil: () => workUntil[0]!,
        onStage: (stage) => {
          Atomics.store(marker, 0, slot);
          Atomics.store(marker, 1, stageOf(stage));
        },
      });
      if (m.paused) hosted.task.pause();
      await hosted.task.start();
      send({ op: 'started', slot, state: hosted.task.state });
    } catch (err) {
      rootLogger.child({ connector: m.spec.id.connector, task: m.spec.id.task }).error({ err }, 'Failed to create task');
      send({ op: 'status', slot, id: m.spec.id, state: 'FAILED', trace: traceOf(err) });
      send({ op: 'started', slot, state: 'FAILED' });
      tasks.delete(slot);
    }
  });
}

function stop(slot: number): Promise<void> {
  const hosted = tasks.get(slot);
  if (!hosted) {
    send({ op: 'stopped', slot });
    return Promise.resolve();
  }
  hosted.stopping ??= (async () => {
    await hosted.task?.stop();
    tasks.delete(slot);
    Atomics.store(abandoned, slot, 0);
    send({ op: 'stopped', slot });
  })();
  return hosted.stopping;
}

port.on('message', (m: ToThread) => {
  switch (m.op) {
    case 'start':
      void start(m.slot, m);
      break;
    case 'stop':
      void stop(m.slot);
      break;
    case 'pause':
      tasks.get(m.slot)?.task?.pause();
      break;
    case 'resume':
      tasks.get(m.slot)?.task?.resume();
      break;
    case 'commit': {
      const t = tasks.get(m.slot)?.task;
      void (t ? t.commitOffsets() : Promise.resolve()).then(
        () => send({ op: 'done', req: m.req }),
        (err: unknown) => send({ op: 'done', req: m.req, error: String(err) }),
      );
      break;
    }
    case 'reply': {
      const p = pending.get(m.req);
      pending.delete(m.req);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.value);
      break;
    }
    case 'logLevel':
      setLoggerLevel(m.namespace, m.level);
      break;
  }
});

/** An error thrown by plugin code outside any call the loop awaits: it fails that task, nothing else. */
function strayError(kind: string, err: unknown): void {
  const hosted = taskContext.getStore();
  if (hosted?.task) {
    hosted.task.fail(err);
    return;
  }
  log.error({ err, kind }, `${kind} in a task thread, outside any task; ignored`);
}
process.on('uncaughtException', (err) => strayError('Uncaught exception', err));
process.on('unhandledRejection', (err) => strayError('Unhandled promise rejection', err));

// The heartbeat the watchdog watches; also where an abandoned task (moved while this thread was
// blocked) is stopped as soon as the thread runs again.
let beats = 0;
/** Client samples (socket counters) once a second; task counters with every beat. */
const CLIENTS_EVERY = Math.max(1, Math.round(1000 / init.heartbeatMs));
setInterval(() => {
  for (const [slot, hosted] of tasks) if (isAbandoned(slot) && !hosted.stopping) void stop(slot);
  send({
    op: 'beat',
    heapUsed: getHeapStatistics().used_heap_size,
    tasks: [...tasks.values()].filter((h) => h.task && !isAbandoned(h.slot)).map((h) => ({ slot: h.slot, metrics: h.task!.metrics() })),
    ...(beats++ % CLIENTS_EVERY === 0 ? { clients: clientMetricsSnapshot() } : {}),
  });
}, init.heartbeatMs);
