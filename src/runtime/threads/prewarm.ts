// A task thread spends about half a second loading the runtime before it can run a task. The CLIs
// start the first threads here, before the main thread loads the runtime and reads its config, so
// both loads overlap and the first task starts sooner. A prewarmed thread waits for its ThreadInit
// as its first message; TaskThreadPool adopts it in place of starting a new one.

import { availableParallelism } from 'node:os';
import { Worker as Thread } from 'node:worker_threads';

export const THREAD_MODULE = new URL('./taskThread.js', import.meta.url);
/** How many pool threads a worker starts before its first task: enough for a source and a sink. */
export const PRESTARTED_THREADS = 2;

/** What a prewarmed thread is given at creation instead of its ThreadInit. */
export interface AwaitInit {
  awaitInit: true;
}

const warm: Array<{ thread: Thread; dead: boolean }> = [];

export function prewarmTaskThreads(count = Math.min(PRESTARTED_THREADS, availableParallelism())): void {
  for (let i = 0; i < count; i++) {
    const entry = { thread: new Thread(THREAD_MODULE, { workerData: { awaitInit: true } satisfies AwaitInit, name: `kconnect-tasks-${warm.length}` }), dead: false };
    // Until adopted nobody listens: a thread that fails to load is simply not adopted.
    entry.thread.once('error', () => (entry.dead = true));
    entry.thread.once('exit', () => (entry.dead = true));
    entry.thread.unref();
    warm.push(entry);
  }
}

/** A prewarmed thread for the pool to adopt (it must post the ThreadInit first), if one is left. */
export function takePrewarmedThread(): Thread | undefined {
  for (let entry = warm.shift(); entry; entry = warm.shift()) {
    if (!entry.dead) return entry.thread;
  }
  return undefined;
}

/** Ends the prewarmed threads nobody adopted (a pool smaller than what was prewarmed). */
export function discardPrewarmedThreads(): void {
  for (const { thread } of warm.splice(0)) void thread.terminate();
}
