import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectException, DataException, RetriableException } from '../../../src/data/errors.js';
import { SinkRecord } from '../../../src/data/SinkRecord.js';
import { RetryWithToleranceOperator, type OperatorOptions } from '../../../src/runtime/errors/RetryWithToleranceOperator.js';
import { backoffDelay, isRetriable, RETRIES_DELAY_MIN_MS } from '../../../src/runtime/errors/retry.js';
import type { ErrorReporter, ReportedFailure } from '../../../src/runtime/errors/reporters.js';
import { TransformationError } from '../../../src/runtime/TransformationChain.js';
import type { FailureContext } from '../../../src/runtime/errorHandling.js';
import { SinkErrantRecordReporter } from '../../../src/runtime/errors/errantRecordReporter.js';
import { FakeClock, recordingLogger } from './helpers.js';

class CollectingReporter implements ErrorReporter {
  readonly reports: ReportedFailure[] = [];
  ack: Promise<void> | undefined;
  report(f: ReportedFailure): Promise<void> | undefined {
    this.reports.push(f);
    return this.ack;
  }
  async close(): Promise<void> {}
}

function operator(o: Partial<OperatorOptions> = {}) {
  const clock = new FakeClock();
  const reporter = new CollectingReporter();
  const { logger, lines } = recordingLogger();
  const op = new RetryWithToleranceOperator({
    retryTimeoutMs: 0,
    retryDelayMaxMs: 60000,
    tolerance: 'none',
    reporters: [reporter],
    logger,
    clock,
    random: () => 0.5,
    ...o,
  });
  return { op, clock, reporter, lines };
}

const VALUE: FailureContext = {
  stage: 'VALUE_CONVERTER',
  executingClass: 'JsonConverter',
  consumed: { topic: 't', partition: 0, offset: 7, timestamp: 1, key: null, value: Buffer.from('x'), headers: [] },
};

/** An operation failing with `errors` in turn, then returning 'ok'. */
function failing(...errors: unknown[]) {
  let calls = 0;
  const op = async () => {
    const e = errors[calls++];
    if (e !== undefined) throw e;
    return 'ok';
  };
  return { op, calls: () => calls };
}

describe('backoff', () => {
  test('doubles from 300 ms; past errors.retry.delay.max.ms it is a random delay below the maximum', () => {
    assert.equal(RETRIES_DELAY_MIN_MS, 300);
    assert.deepEqual([1, 2, 3, 4, 5].map((a) => backoffDelay(a, 60000)), [300, 600, 1200, 2400, 4800]);
    assert.equal(backoffDelay(3, 1000, () => 0.25), 250);
    assert.equal(backoffDelay(40, 1000, () => 0.999), 999);
    assert.equal(backoffDelay(2, 0, () => 0.5), 0);
  });

  test("retriable: Connect's RetriableException and Kafka client errors that say so", () => {
    assert.equal(isRetriable(new RetriableException('x')), true);
    assert.equal(isRetriable(new DataException('x')), false);
    assert.equal(isRetriable(Object.assign(new Error('leader moved'), { retriable: true })), true);
    assert.equal(isRetriable(Object.assign(new Error('gave up'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: { retriable: true } })), true);
    assert.equal(isRetriable(Object.assign(new Error('bad'), { retriable: false })), false);
    assert.equal(isRetriable('nope'), false);
  });
});

describe('retry', () => {
  test('errors.retry.timeout=0: one attempt, the retriable error is thrown', async () => {
    const { op, clock } = operator();
    const f = failing(new RetriableException('busy'));
    await assert.rejects(op.retry(f.op, { stage: 'KAFKA_PRODUCE', executingClass: 'KafkaProducer' }), /busy/);
    assert.equal(f.calls(), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  test('retries RetriableException with exponential back-off until it succeeds', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 60000 });
    const f = failing(new RetriableException('a'), new RetriableException('b'), new RetriableException('c'));
    assert.equal(await op.retry(f.op, { stage: 'KAFKA_PRODUCE', executingClass: 'KafkaProducer' }), 'ok');
    assert.equal(f.calls(), 4);
    assert.deepEqual(clock.sleeps, [300, 600, 1200]);
    assert.equal(op.metrics.totalRetries, 3);
    assert.equal(op.metrics.totalRecordFailures, 3);
  });

  test('the last back-off is cut at the deadline, then the last error is thrown', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 1000 });
    const f = failing(...Array.from({ length: 10 }, (_, i) => new RetriableException(`try ${i}`)));
    await assert.rejects(op.retry(f.op, { stage: 'KAFKA_PRODUCE', executingClass: 'p' }), /try 3/);
    assert.deepEqual(clock.sleeps, [300, 600, 100]);
  });

  test('past errors.retry.delay.max.ms the delay is jittered below it', async () => {
    const { op, clock } = operator({ retryTimeoutMs: 10000, retryDelayMaxMs: 500, random: () => 0.5 });
    const f = failing(new RetriableException('1'), new RetriableException('2'), new RetriableException('3'));
    await op.retry(f.op, { stage: 'KAFKA_PRODUCE', executingClass: 'p' });
    assert.deepEqual(clock.sleeps, [300, 250, 250]);
  });

  test('-1 retries forever', async () => {
    const { op } = operator({ retryTimeoutMs: -1, retryDelayMaxMs: 1000 });
    const f = failing(...Array.from({ length: 50 }, () => new RetriableException('again')));
    assert.equal(await op.retry(f.op, { stage: 'KAFKA_PRODUCE', executingClass: 'p' }), 'ok');
    assert.equal(f.calls(), 51);
  });

  test('a non-retriable error is thrown at once', async () => {
    const { op, clock } = operator({ retryTimeoutMs: -1 });
    const f = failing(new DataException('bad'));
    await assert.rejects(op.retry(f.op, { stage: 'KAFKA_PRODUCE', executingClass: 'p' }), DataException);
    assert.equal(f.calls(), 1);
    assert.deepEqual(clock.sleeps, []);
  });

  test('triggerStop ends the back-off and fails the operation', async () => {
    const { op } = operator({ retryTimeoutMs: -1 });
    let calls = 0;
    const p = op.retry(async () => {
      calls++;
      if (calls === 2) op.triggerStop();
      throw new RetriableException(`attempt ${calls}`);
    }, { stage: 'KAFKA_PRODUCE', executingClass: 'p' });
    await assert.rejects(p, /attempt 2/);
    assert.equal(calls, 2);
  });

  test("put() runs once: its RetriableException is the sink loop's to redeliver", async () => {
    const { op, clock } = operator({ retryTimeoutMs: -1 });
    const f = failing(new RetriableException('later'));
    await assert.rejects(op.retry(f.op, { stage: 'TASK_PUT', executingClass: 'MySinkTask' }), RetriableException);
    assert.equal(f.calls(), 1);
    assert.deepEqual(clock.sleeps, []);
  });
});

describe('tolerance', () => {
  test('none: the record is reported, then the task fails with "Tolerance exceeded in error handler"', async () => {
    const { op, reporter } = operator();
    const cause = new DataException('Converting byte[] to Kafka Connect data failed');
    await assert.rejects(op.tolerate(cause, VALUE), (e: unknown) => {
      assert.ok(e instanceof ConnectException);
      assert.equal(e.message, 'Tolerance exceeded in error handler');
      assert.equal(e.cause, cause);
      return true;
    });
    assert.equal(reporter.reports.length, 1);
    assert.equal(reporter.reports[0]!.tolerated, false);
    assert.equal(reporter.reports[0]!.consumed?.offset, 7);
    assert.equal(op.metrics.totalRecordErrors, 1);
  });

  test('all: converter and transformation failures are reported and skipped', async () => {
    const { op, reporter } = operator({ tolerance: 'all' });
    await op.tolerate(new DataException('bad json'), VALUE);
    await op.tolerate(new TransformationError('boom', 'Boom', new Error('no!')), { stage: 'TRANSFORMATION', executingClass: 'boom' });
    assert.equal(reporter.reports.length, 2);
    assert.equal(reporter.reports[0]!.tolerated, true);
    // A transformation is reported with its own exception and its alias.
    assert.equal((reporter.reports[1]!.error as Error).message, 'no!');
    assert.equal(reporter.reports[1]!.transform, 'boom');
    assert.equal(op.metrics.totalRecordsSkipped, 2);
    assert.equal(op.withinToleranceLimits(), true);
  });

  test('all: a non-retriable failure at another stage still fails the task', async () => {
    const { op } = operator({ tolerance: 'all' });
    await assert.rejects(op.tolerate(new Error('disk full'), { stage: 'KAFKA_PRODUCE', executingClass: 'p' }), /Unhandled exception in error handler/);
    await op.tolerate(new RetriableException('timeout'), { stage: 'KAFKA_PRODUCE', executingClass: 'p' });
  });

  test('poll: a RetriableException polls again after a short pause; anything else fails the task as it is', async () => {
    const { op, clock, reporter, lines } = operator({ tolerance: 'none' });
    await op.tolerate(new RetriableException('source busy'), { stage: 'TASK_POLL', executingClass: 'MyTask' });
    assert.deepEqual(clock.sleeps, [300]);
    assert.match(lines[0]!.msg, /Failed to poll records from SourceTask. Will retry operation./);
    const fatal = new Error('gone');
    await assert.rejects(op.tolerate(fatal, { stage: 'TASK_POLL', executingClass: 'MyTask' }), (e) => e === fatal);
    assert.equal(reporter.reports.length, 0);
  });

  test('the reporters decide the executing class name', async () => {
    const { op, reporter } = operator({ tolerance: 'all', className: (ctx) => `org.example.${ctx.executingClass}` });
    await op.tolerate(new DataException('x'), VALUE);
    assert.equal(reporter.reports[0]!.executingClass, 'org.example.JsonConverter');
  });
});

describe('errant record reporter', () => {
  const record = new SinkRecord({ topic: 't', kafkaPartition: 0, value: 'v', kafkaOffset: 7 });
  const converters = {
    keyConverter: { fromConnectData: () => null, toConnectData: () => { throw new Error(); }, configure() {} },
    valueConverter: { fromConnectData: (_t: string, _h: unknown, _s: unknown, v: unknown) => Buffer.from(`re:${String(v)}`), toConnectData: () => { throw new Error(); }, configure() {} },
    headerConverter: { fromConnectHeader: () => null, toConnectHeader: () => { throw new Error(); }, configure() {} },
  } as never;

  test('all: resolves when the report is acknowledged, with the original bytes of the batch', async () => {
    const { op, reporter } = operator({ tolerance: 'all' });
    let ack!: () => void;
    reporter.ack = new Promise<void>((r) => (ack = r));
    const errant = new SinkErrantRecordReporter(op, converters);
    errant.delivering('t', 0, [
      { key: null, value: Buffer.from('six'), timestamp: '5', offset: '6' },
      { key: Buffer.from('k'), value: Buffer.from('original'), timestamp: '5', offset: '7', headers: { h: 'hv' } },
    ]);
    let done = false;
    const p = errant.report(record.newRecord({ value: 'transformed' }), new Error('rejected by the database')).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false, 'not before the DLQ acknowledged it');
    ack();
    await p;
    const f = reporter.reports[0]!;
    assert.equal(f.stage, 'TASK_PUT');
    assert.equal(f.executingClass, 'org.apache.kafka.connect.sink.SinkTask');
    assert.equal(f.consumed!.value!.toString(), 'original');
    assert.deepEqual(f.consumed!.headers, [['h', Buffer.from('hv')]]);
  });

  test('a record not in the batch is converted back', async () => {
    const { op, reporter } = operator({ tolerance: 'all' });
    const errant = new SinkErrantRecordReporter(op, converters);
    await errant.report(record, new Error('x'));
    assert.equal(reporter.reports[0]!.consumed!.value!.toString(), 're:v');
    assert.equal(reporter.reports[0]!.consumed!.offset, 7);
  });

  test('a record that cannot be converted back is not skipped: the task fails when put() returns', async () => {
    const { op } = operator({ tolerance: 'all' });
    const throwing = { ...(converters as object), valueConverter: { fromConnectData: () => { throw new Error('no schema'); } } } as never;
    const errant = new SinkErrantRecordReporter(op, throwing);
    const result = await op.retry(async () => {
      await assert.rejects(errant.report(record, new Error('x')), /Could not report an errant record of t: no schema/);
      return 'put returned';
    }, { stage: 'TASK_PUT', executingClass: 'T' }).catch((e: Error) => e.message);
    assert.match(result, /Could not report an errant record/);
  });

  test('none: report() rejects, and put() fails the task even if the task swallowed it', async () => {
    const { op, reporter } = operator({ tolerance: 'none' });
    const errant = new SinkErrantRecordReporter(op, converters);
    const result = await op.retry(async () => {
      await errant.report(record, new Error('x')).catch(() => {});
      return 'put returned';
    }, { stage: 'TASK_PUT', executingClass: 'T' }).catch((e: Error) => e.message);
    assert.equal(result, 'Tolerance exceeded in error handler');
    assert.equal(reporter.reports.length, 1, 'still reported (log, DLQ)');
  });
});
