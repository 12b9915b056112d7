// Runs a transform-chain preview (POST /connector-plugins/transforms/preview) on a worker thread
// with a time limit. Sample records are user input and so are the chain's regexes: one that
// backtracks catastrophically (RegexRouter `(a+)+$` on forty a's and a `!`) spins for minutes, and
// on the main thread it would stop REST, every task and even SIGTERM. A thread can be terminated.

import { Worker } from 'node:worker_threads';
import { ConfigException } from '../data/errors.js';
import type { PreviewStep, SampleRecord } from './chainPreview.js';

/** How long one preview may take: real chains on a few samples need milliseconds. */
export const PREVIEW_TIME_LIMIT_MS = 5000;
/** Previews running at once; more wait for a free slot (each thread holds its own plugins). */
const MAX_CONCURRENT = 2;

/** The preview did not finish in time (a 4xx: the request's own regex or chain is at fault). */
export class PreviewTimeoutException extends ConfigException {
  constructor(ms: number) {
    super(
      `The transform chain did not finish within ${ms} ms on the sample records and was stopped; ` +
        'a regular expression that backtracks catastrophically (such as (a+)+$) is the usual cause',
    );
    this.name = 'PreviewTimeoutException';
  }
}

/** What the thread answers. */
export type PreviewReply = { ok: true; results: PreviewStep[][] } | { ok: false; config: boolean; message: string };

export interface PreviewRequest {
  /** The worker's `plugin.path`, so the thread sees the same plugins. */
  pluginPath: string;
  config: Record<string, string>;
  records: readonly SampleRecord[];
}

let running = 0;
const waiting: Array<() => void> = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Runs the preview in a fresh thread; rejects with ConfigException for a bad config or a timeout. */
export async function previewOnThread(request: PreviewRequest, timeLimitMs = PREVIEW_TIME_LIMIT_MS): Promise<PreviewStep[][]> {
  const release = await slot();
  const thread = new Worker(new URL('./transformPreviewWorker.js', import.meta.url), { workerData: request });
  // A preview never keeps the process alive (SIGTERM must not wait for it).
  thread.unref();
  try {
    const reply = await new Promise<PreviewReply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new PreviewTimeoutException(timeLimitMs)), timeLimitMs);
      thread.once('message', (m: PreviewReply) => (clearTimeout(timer), resolve(m)));
      thread.once('error', (err) => (clearTimeout(timer), reject(err)));
      thread.once('exit', (code) => (clearTimeout(timer), reject(new Error(`The preview thread exited with code ${code} before answering`))));
    });
    if (reply.ok) return reply.results;
    throw reply.config ? new ConfigException(reply.message) : new Error(reply.message);
  } finally {
    // Terminating interrupts even a regex in the middle of backtracking.
    void thread.terminate().catch(() => {});
    release();
  }
}
