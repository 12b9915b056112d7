// Which failures are retried, and how long to wait between attempts (Kafka's
// RetryWithToleranceOperator.backoff): 300 ms, doubling per attempt; once that passes
// errors.retry.delay.max.ms, a random delay below the maximum (jitter); never past the deadline.

import { RetriableException } from '../../data/errors.js';

export const RETRIES_DELAY_MIN_MS = 300;

/** Time and sleeping, replaceable by a fake clock in tests. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/**
 * The delay before attempt `attempt + 1` (attempt counts from 1), as Kafka computes it.
 * `random` returns [0, 1). The caller clips it to the deadline.
 */
export function backoffDelay(attempt: number, maxDelayMs: number, random: () => number = Math.random): number {
  const exponential = RETRIES_DELAY_MIN_MS * 2 ** Math.max(0, attempt - 1);
  if (exponential <= maxDelayMs) return exponential;
  return Math.floor(random() * Math.max(0, maxDelayMs));
}

/**
 * A failure worth another attempt: Connect's RetriableException, or a Kafka client error the
 * client itself calls retriable (also once it ran out of its own retries).
 */
export function isRetriable(err: unknown): boolean {
  if (err instanceof RetriableException) return true;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { retriable?: unknown; name?: unknown; cause?: unknown };
  if (e.retriable === true) return true;
  return e.name === 'KafkaJSNumberOfRetriesExceeded' && (e.cause as { retriable?: unknown } | undefined)?.retriable === true;
}
