import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// Load kafkajs's own Batch first, so the comparison is against the original.
const require = createRequire(import.meta.url);
type AnyBatch = Record<string, unknown>;
const OriginalBatch = require('kafkajs/src/consumer/batch.js') as new (topic: string, fetchedOffset: unknown, data: object) => AnyBatch;
const { Batch } = await import('../../../src/kafka/consumerBatch.js');

const METHODS = ['isEmpty', 'isEmptyIncludingFiltered', 'isEmptyDueToFiltering', 'isEmptyControlRecord', 'isEmptyDueToLogCompactedMessages', 'firstOffset', 'lastOffset', 'offsetLag', 'offsetLagLow'];

/** Everything a caller can see of a batch: its fields, and what each method returns or throws. */
function observe(make: () => AnyBatch): unknown {
  let batch: AnyBatch;
  try {
    batch = make();
  } catch (e) {
    return { threw: (e as Error).name, message: (e as Error).message };
  }
  const results = METHODS.map((m) => {
    try {
      return [m, (batch[m] as () => unknown)()];
    } catch (e) {
      return [m, { threw: (e as Error).name }];
    }
  });
  return { fields: Object.entries(batch), results };
}

function same(fetchedOffset: unknown, data: object): void {
  const ours = observe(() => new Batch('t', fetchedOffset as string, data as never) as unknown as AnyBatch);
  const theirs = observe(() => new OriginalBatch('t', fetchedOffset, data));
  assert.deepStrictEqual(ours, theirs);
  // the message arrays hold the very message objects, as kafkajs's do
  if ('fields' in (ours as object)) {
    const o = Object.fromEntries((ours as { fields: [string, unknown][] }).fields);
    const t = Object.fromEntries((theirs as { fields: [string, unknown][] }).fields);
    for (const k of ['messagesWithinOffset', 'messages']) (o[k] as unknown[]).forEach((m, i) => assert.equal(m, (t[k] as unknown[])[i]));
  }
}

const ctx = (producerId = '-1', inTransaction = false) => ({ producerId, inTransaction });
const msg = (offset: unknown, extra: object = {}) => ({ offset, key: null, value: Buffer.from('v'), isControlRecord: false, batchContext: ctx(), ...extra });
const run = (from: number, n: number, extra: object = {}) => Array.from({ length: n }, (_, i) => msg(String(from + i), extra));
const partition = (messages: object[], more: object = {}) => ({ partition: 3, highWatermark: '100', abortedTransactions: [], messages, ...more });

test('a batch keeps the messages from the fetched offset on, as kafkajs\'s does', () => {
  for (const fetched of ['0', '5', '9', '10', '50', '-1']) same(fetched, partition(run(0, 10)));
});

test('an empty fetch, and one with only messages before the fetched offset', () => {
  same('7', partition([]));
  same('7', partition(run(0, 7)));
  same('0', partition([], { highWatermark: '0' }));
});

test('offsets across 2^53 and near the int64 maximum compare as kafkajs\'s Long compares them', () => {
  const near = (first: bigint) => Array.from({ length: 6 }, (_, i) => msg(String(first + BigInt(i))));
  same(String(2n ** 53n + 1n), partition(near(2n ** 53n - 2n), { highWatermark: String(2n ** 53n + 10n) }));
  same(String(2n ** 53n - 1n), partition(near(2n ** 53n - 3n), { highWatermark: String(2n ** 53n + 10n) }));
  same('999999999999998', partition(near(999999999999996n), { highWatermark: '1000000000000009' })); // 15 and 16 digits
  same('9223372036854775806', partition(near(9223372036854775804n), { highWatermark: '9223372036854775807' }));
});

test('offsets that are not plain decimal digits go through kafkajs\'s Long, with its results and errors', () => {
  for (const odd of ['007', '-0', '+5', ' 6', '0x10', '1e3', '1.0', '', '-', 'abc', 5, 5n, '99999999999999999999']) {
    same('3', partition([msg('1'), msg(odd), msg('8')]));
  }
  for (const fetched of ['1e3', '', '0x2', 3, 'abc']) same(fetched, partition(run(0, 5)));
});

test('control records and aborted transactions are filtered as in kafkajs', () => {
  const txn = { batchContext: ctx('9', true) };
  const messages = [
    ...run(0, 3),
    ...run(3, 4, txn), // aborted below
    msg('7', { ...txn, key: Buffer.from([0, 0, 0, 0]), isControlRecord: true }), // the abort marker
    ...run(8, 2, { batchContext: ctx('11', true) }), // committed
    msg('10', { batchContext: ctx('11', true), key: Buffer.from([0, 0, 0, 1]), isControlRecord: true }), // commit marker
    ...run(11, 2),
  ];
  for (const fetched of ['0', '4', '8', '11', '13']) {
    same(fetched, partition(messages, { abortedTransactions: [{ producerId: '9', firstOffset: '3' }] }));
    same(fetched, partition(messages));
  }
  same('0', partition([msg('0', { isControlRecord: true, key: Buffer.from([0, 0, 0, 1]) })]));
});

test('the replacement has kafkajs\'s methods and no others', () => {
  const names = (C: { prototype: object }) => Object.getOwnPropertyNames(C.prototype).sort();
  assert.deepEqual(names(Batch), names(OriginalBatch));
  assert.equal(Batch.name, OriginalBatch.name);
});
