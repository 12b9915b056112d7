// Which kafkajs errors mean "the cluster is unreachable, wait" (retried without end, as Connect's
// clients do) and which mean "this request is wrong" (the task fails).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from '../../../src/kafka/kafkajs.js';
import { isTransientKafkaError, OutageLog, retryTransient } from '../../../src/kafka/outage.js';

const { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSGroupCoordinatorNotFound } =
  kafkajs as unknown as Record<string, new (...args: any[]) => Error>;

test('connection errors are transient however deeply kafkajs wraps them', () => {
  const refused = new KafkaJSConnectionError!('Connection error: connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' });
  const exhausted = new KafkaJSNumberOfRetriesExceeded!(refused, { retryCount: 8, retryTime: 1000 });
  // What a producer's send rejects with after its cluster's retries run out.
  const wrapped = new KafkaJSNonRetriableError!(exhausted, { cause: exhausted.cause ?? exhausted });
  assert.equal(wrapped.message, 'Connection error: connect ECONNREFUSED 127.0.0.1:1');
  for (const e of [refused, exhausted, wrapped]) assert.equal(isTransientKafkaError(e), true, e.name);
  assert.equal(isTransientKafkaError(new KafkaJSGroupCoordinatorNotFound!('Failed to find group coordinator')), true);
  assert.equal(isTransientKafkaError(Object.assign(new Error('socket'), { code: 'ECONNRESET' })), true);
});

test('retriable protocol errors are transient; request errors are not', () => {
  const notLeader = new KafkaJSProtocolError!({ message: 'not leader', type: 'NOT_LEADER_OR_FOLLOWER', code: 6, retriable: true });
  const tooLarge = new KafkaJSProtocolError!({ message: 'too large', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false });
  assert.equal(isTransientKafkaError(notLeader), true);
  assert.equal(isTransientKafkaError(tooLarge), false);
  assert.equal(isTransientKafkaError(new KafkaJSNonRetriableError!(tooLarge, { cause: tooLarge })), false);
  assert.equal(isTransientKafkaError(new TypeError('x is undefined')), false);
  assert.equal(isTransientKafkaError(undefined), false);
});

function memoryLogger() {
  const lines: string[] = [];
  const log = (_o: object, msg?: string) => void lines.push(msg ?? '');
  return { lines, logger: { error: log, warn: log, info: log, debug: log } };
}

test('retryTransient waits out an outage, logging its start and end once; a stop ends the wait', async () => {
  const { lines, logger } = memoryLogger();
  const outage = new OutageLog(logger, 'test producer');
  let calls = 0;
  const refused = () => new KafkaJSConnectionError!('Connection error: connect ECONNREFUSED', { code: 'ECONNREFUSED' });
  const result = await retryTransient(async () => {
    if (++calls < 4) throw refused();
    return 'sent';
  }, { outage });
  assert.equal(result, 'sent');
  assert.equal(calls, 4);
  assert.deepEqual(lines, ['Lost contact with the Kafka cluster; retrying until it is reachable again', 'The Kafka cluster is reachable again']);

  const stop = new AbortController();
  setTimeout(() => stop.abort(), 300);
  await assert.rejects(retryTransient(async () => { throw refused(); }, { outage, signal: stop.signal }), /ECONNREFUSED/);
  await assert.rejects(retryTransient(async () => { throw new TypeError('bug'); }, { outage }), TypeError);
});
