// The counters a task keeps about itself (Kafka Connect's connector-task, source-task, sink-task
// and task-error metric groups). They are plain numbers bumped once per batch inside the task
// loops; `WorkerTask.metrics()` copies them into a TaskMetricsSnapshot, which is plain data so it
// can cross a thread. Rates and ratios are derived on the main side from successive snapshots.

/** Kafka's metric windows: two samples of 30 s (metrics.sample.window.ms × metrics.num.samples). */
const WINDOW_MS = 30_000;

/** count and sum since start (for averages over any interval) and the maximum over the last two windows. */
export interface StatSnapshot {
  count: number;
  sum: number;
  /** NaN when nothing was recorded in the last two windows (Java reports NaN too). */
  max: number;
}

export class WindowedStat {
  count = 0;
  sum = 0;
  private current = Number.NaN;
  private previous = Number.NaN;
  private windowStart = 0;

  record(value: number, now = Date.now()): void {
    this.roll(now);
    this.count++;
    this.sum += value;
    if (!(value <= this.current)) this.current = value;
  }

  snapshot(now = Date.now()): StatSnapshot {
    this.roll(now);
    const max = Number.isNaN(this.current) ? this.previous : Number.isNaN(this.previous) ? this.current : Math.max(this.current, this.previous);
    return { count: this.count, sum: this.sum, max };
  }

  private roll(now: number): void {
    if (now - this.windowStart < WINDOW_MS) return;
    this.previous = now - this.windowStart < 2 * WINDOW_MS ? this.current : Number.NaN;
    this.current = Number.NaN;
    this.windowStart = now;
  }
}

/** source-task-metrics, as totals. */
export interface SourceTaskCounters {
  /** Records returned by poll() (source-record-poll-total). */
  pollTotal: number;
  /** Records acknowledged by Kafka, after transformations (source-record-write-total). */
  writeTotal: number;
  /** Polled but not yet acknowledged, dropped or skipped (source-record-active-count). */
  activeCount: number;
  /** poll() durations in ms (poll-batch-*-time-ms). */
  pollBatchMs: StatSnapshot;
}

/** sink-task-metrics, as totals. */
export interface SinkTaskCounters {
  /** Records read from Kafka (sink-record-read-total). */
  readTotal: number;
  /** Records handed to put() after transformations (sink-record-send-total). */
  sendTotal: number;
  /** Put but not yet committed (sink-record-active-count). */
  activeCount: number;
  /** put() durations in ms (put-batch-*-time-ms). */
  putBatchMs: StatSnapshot;
  partitionCount: number;
  /** Records behind the end of the log, the largest over the task's partitions (sink-record-lag-max). */
  lagMax: number;
  offsetCommitSeqNo: number;
  offsetCommitCompletionTotal: number;
  offsetCommitSkipTotal: number;
}

/** task-error-metrics. */
export interface TaskErrorCounters {
  totalRecordFailures: number;
  totalRecordErrors: number;
  totalRecordsSkipped: number;
  totalRetries: number;
  totalErrorsLogged: number;
  deadletterqueueProduceRequests: number;
  deadletterqueueProduceFailures: number;
  /** ms since the epoch; 0 when there was none (as in Kafka). */
  lastErrorTimestamp: number;
}

export const NO_ERRORS: TaskErrorCounters = Object.freeze({
  totalRecordFailures: 0,
  totalRecordErrors: 0,
  totalRecordsSkipped: 0,
  totalRetries: 0,
  totalErrorsLogged: 0,
  deadletterqueueProduceRequests: 0,
  deadletterqueueProduceFailures: 0,
  lastErrorTimestamp: 0,
});

/** What one task says about itself, at one instant. */
export interface TaskMetricsSnapshot {
  connector: string;
  task: number;
  type: 'source' | 'sink';
  /** Records per poll() or per put() (batch-size-max/avg). */
  batchSize: StatSnapshot;
  /** Offset commit durations in ms (offset-commit-max/avg-time-ms). */
  offsetCommitMs: StatSnapshot;
  offsetCommitSuccesses: number;
  offsetCommitFailures: number;
  source?: SourceTaskCounters;
  sink?: SinkTaskCounters;
  errors: TaskErrorCounters;
}

/** The connector-task counters both loops keep. */
export class TaskCounters {
  readonly batchSize = new WindowedStat();
  readonly offsetCommitMs = new WindowedStat();
  offsetCommitSuccesses = 0;
  offsetCommitFailures = 0;

  commitDone(startedAt: number, ok: boolean): void {
    const now = Date.now();
    this.offsetCommitMs.record(now - startedAt, now);
    if (ok) this.offsetCommitSuccesses++;
    else this.offsetCommitFailures++;
  }

  base(connector: string, task: number, type: 'source' | 'sink', errors: TaskErrorCounters | undefined): TaskMetricsSnapshot {
    const now = Date.now();
    return {
      connector,
      task,
      type,
      batchSize: this.batchSize.snapshot(now),
      offsetCommitMs: this.offsetCommitMs.snapshot(now),
      offsetCommitSuccesses: this.offsetCommitSuccesses,
      offsetCommitFailures: this.offsetCommitFailures,
      errors: errors ?? NO_ERRORS,
    };
  }
}
