// Kafka's RetryWithToleranceOperator behind our RecordErrorHandler: which failures are retried,
// which are tolerated, and who hears about them (the log, the dead-letter queue).
//
// - Converters and transformations: any error is tolerated under errors.tolerance=all (the record
//   is reported and skipped); under none, the record is reported and the task fails with
//   "Tolerance exceeded in error handler".
// - Other stages (poll, put, produce): only a retriable failure is tolerated; anything else fails
//   the task ("Unhandled exception in error handler"), whatever errors.tolerance says.
// - retry(): retriable failures are attempted again with Kafka's back-off until errors.retry.timeout
//   (0: never, -1: forever). put() is the exception: its RetriableException is the sink loop's to
//   redeliver (forever, honouring context.timeout()), as in Kafka.
// - A failing record costs an await; a healthy one costs nothing here.

import { ConnectException } from '../../data/errors.js';
import { SourceRecord } from '../../data/SourceRecord.js';
import type { TaskConverters } from '../converterFactory.js';
import type { FailureContext, RecordErrorHandler, Stage, WorkerErrantRecordReporter } from '../errorHandling.js';
import type { Logger } from '../logger.js';
import { TransformationError } from '../TransformationChain.js';
import { LogReporter, type ErrorReporter, type ReportedFailure } from './reporters.js';
import { DeadLetterQueueReporter, reportedError } from './deadLetterQueue.js';
import type { TaskErrorCounters } from '../taskMetrics.js';
import { RETRIES_DELAY_MIN_MS, backoffDelay, isRetriable, systemClock, type Clock } from './retry.js';

export type ToleranceType = 'none' | 'all';

/** Stages where every exception may be tolerated (Kafka's TOLERABLE_EXCEPTIONS). */
const TOLERATE_ANY: ReadonlySet<Stage> = new Set<Stage>(['TRANSFORMATION', 'HEADER_CONVERTER', 'KEY_CONVERTER', 'VALUE_CONVERTER']);

/** Kafka's ErrorHandlingMetrics, as counters. */
export class ErrorHandlingMetrics {
  /** Every failed attempt, retried or not. */
  totalRecordFailures = 0;
  /** Failures that were not recovered by a retry. */
  totalRecordErrors = 0;
  totalRecordsSkipped = 0;
  totalRetries = 0;
  totalErrorsLogged = 0;
  deadletterqueueProduceRequests = 0;
  deadletterqueueProduceFailures = 0;
  lastErrorTimestamp = 0;
}

export interface OperatorOptions {
  retryTimeoutMs: number;
  retryDelayMaxMs: number;
  tolerance: ToleranceType;
  reporters: ErrorReporter[];
  logger: Logger;
  /** The full class name to report for what failed (converters and transforms resolve to their plugin class). */
  className?: (context: FailureContext, error: unknown) => string;
  /** Builds the sink task's errant record reporter, when there is one (Kafka: a DLQ or the error log is on). */
  errantReporter?: (operator: RetryWithToleranceOperator, converters: TaskConverters) => WorkerErrantRecordReporter;
  clock?: Clock;
  random?: () => number;
}

export class RetryWithToleranceOperator implements RecordErrorHandler {
  readonly metrics = new ErrorHandlingMetrics();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly stop = new AbortController();
  private totalFailures = 0;
  /** A report through the errant record reporter exceeded the tolerance: put() must fail the task. */
  private asyncError: ConnectException | undefined;

  constructor(private readonly options: OperatorOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  get stopping(): boolean {
    return this.stop.signal.aborted;
  }

  /** Kafka's withinToleranceLimits. */
  withinToleranceLimits(): boolean {
    return this.options.tolerance === 'all' || this.totalFailures === 0;
  }

  async start(): Promise<void> {
    try {
      for (const r of this.options.reporters) await r.start?.();
    } catch (err) {
      await this.close().catch(() => {});
      throw err;
    }
  }

  async tolerate(error: unknown, context: FailureContext): Promise<void> {
    if (context.stage === 'TASK_POLL') return this.pollFailed(error, context);
    this.markAsFailed();
    const tolerable = TOLERATE_ANY.has(context.stage) || isRetriable(error);
    if (!tolerable || !this.withinToleranceLimits()) {
      this.metrics.totalRecordErrors++;
      // Kafka reports the record before the task fails on it (it reaches the log and the DLQ too);
      // the write is not awaited: the task's FAILED status must not wait on a broker.
      this.dispatch(error, context, false);
      throw new ConnectException(tolerable ? 'Tolerance exceeded in error handler' : 'Unhandled exception in error handler', { cause: error });
    }
    this.metrics.totalRecordsSkipped++;
    this.dispatch(error, context, true);
    for (const r of this.options.reporters) {
      const wait = r.writable?.();
      if (wait) await wait;
    }
  }

  /**
   * Kafka's executeFailed, for the errant record reporter: reports the record and resolves when the
   * report is acknowledged. Under errors.tolerance=none it rejects at once, and the task fails when
   * put() returns even if the task swallowed the rejection.
   */
  reportFailed(error: unknown, context: FailureContext): Promise<void> {
    this.markAsFailed();
    const acks = this.dispatch(error, context, this.withinToleranceLimits());
    if (!this.withinToleranceLimits()) {
      this.metrics.totalRecordErrors++;
      return this.failAfterPut(new ConnectException('Tolerance exceeded in error handler', { cause: error }));
    }
    this.metrics.totalRecordsSkipped++;
    if (acks.length === 0) return Promise.resolve();
    // A task need not await it: a lost report also fails the flush before the next commit.
    const acked = acks.length === 1 ? acks[0]! : Promise.all(acks).then(() => {});
    acked.catch(() => {});
    return acked;
  }

  async retry<T>(operation: () => Promise<T>, context: FailureContext): Promise<T> {
    if (context.stage === 'TASK_PUT') return this.put(operation);
    const start = this.clock.now();
    const deadline = this.options.retryTimeoutMs >= 0 ? start + this.options.retryTimeoutMs : Number.POSITIVE_INFINITY;
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation();
      } catch (err) {
        if (!isRetriable(err)) throw err;
        this.metrics.totalRecordFailures++;
        const now = this.clock.now();
        if (now >= deadline || this.stopping) throw err;
        const delay = Math.min(backoffDelay(attempt, this.options.retryDelayMaxMs, this.random), deadline - now);
        this.options.logger.debug({ stage: context.stage, class: context.executingClass, attempt, retryInMs: delay, reason: (err as Error).message },
          'Retriable failure; retrying');
        await this.clock.sleep(delay, this.stop.signal);
        this.metrics.totalRetries++;
        if (this.stopping) throw err;
      }
    }
  }

  /** Fails the task when put() returns (whatever put() did with the rejection returned here). */
  failAfterPut(err: ConnectException): Promise<never> {
    this.asyncError ??= err;
    const rejected = Promise.reject(err);
    rejected.catch(() => {});
    return rejected;
  }

  /** put() runs once: a RetriableException goes back to the sink loop, which redelivers the batch. */
  private async put<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } finally {
      // Kafka's maybeThrowAsyncError: an errant report beyond the tolerance fails the task even if
      // put() swallowed it.
      if (this.asyncError) throw this.asyncError;
    }
  }

  /**
   * Kafka polls again after a RetriableException from poll(), whatever the tolerance; we wait a
   * little first, so a task that fails at once cannot spin the event loop. Anything else fails the task.
   */
  private async pollFailed(error: unknown, context: FailureContext): Promise<void> {
    if (!isRetriable(error)) throw error;
    this.metrics.totalRecordFailures++;
    this.options.logger.warn({ err: error, class: context.executingClass }, 'Failed to poll records from SourceTask. Will retry operation.');
    await this.clock.sleep(Math.min(RETRIES_DELAY_MIN_MS, Math.max(0, this.options.retryDelayMaxMs)), this.stop.signal);
  }

  private markAsFailed(): void {
    this.metrics.totalRecordFailures++;
    this.metrics.lastErrorTimestamp = this.clock.now();
    this.totalFailures++;
  }

  /** Hands the failure to every reporter; returns the acknowledgements still to come. */
  private dispatch(error: unknown, context: FailureContext, tolerated: boolean): Promise<void>[] {
    const failure: ReportedFailure = {
      error: reportedError(error),
      stage: context.stage,
      executingClass: this.options.className ? this.options.className(context, error) : context.executingClass,
      tolerated,
      ...(error instanceof TransformationError ? { transform: error.alias } : {}),
      ...(context.consumed ? { consumed: context.consumed } : {}),
      ...(context.sourceRecord instanceof SourceRecord ? { sourceRecord: context.sourceRecord } : {}),
    };
    const acks: Promise<void>[] = [];
    for (const r of this.options.reporters) {
      try {
        const ack = r.report(failure);
        if (r instanceof LogReporter) this.metrics.totalErrorsLogged++;
        if (r instanceof DeadLetterQueueReporter && ack) {
          this.metrics.deadletterqueueProduceRequests++;
          ack.catch(() => this.metrics.deadletterqueueProduceFailures++);
        }
        if (ack) acks.push(ack);
      } catch (err) {
        this.options.logger.error({ err }, 'An error reporter failed');
      }
    }
    return acks;
  }

  async flush(): Promise<void> {
    for (const r of this.options.reporters) await r.flush?.();
  }

  errorMetrics(): TaskErrorCounters {
    return { ...this.metrics };
  }

  errantRecordReporter(converters: TaskConverters): WorkerErrantRecordReporter | undefined {
    return this.options.errantReporter?.(this, converters);
  }

  /** Kafka's triggerStop: back-offs end now and their operations fail. */
  triggerStop(): void {
    this.stop.abort();
  }

  async close(): Promise<void> {
    this.triggerStop();
    let first: unknown;
    for (const r of this.options.reporters) {
      try {
        await r.close();
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== undefined) throw new ConnectException('Failed to close all reporters', { cause: first });
  }
}
