import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConnectorConfigInfos } from '../../../src/herder/configInfos.js';
import { builtinRegistry } from '../../../src/plugins/builtins.js';
import { exactlyOnceSpec, transactionalId } from '../../../src/runtime/eos/exactlyOnce.js';

const distributed = { 'group.id': 'g', 'exactly.once.source.support': 'enabled', 'offset.storage.topic': 'connect-offsets' };

function errorsOf(infos: ReturnType<typeof validateConnectorConfigInfos>, key: string): string[] {
  return infos.configs.find((c) => c.definition?.name === key)?.value?.errors ?? [];
}

test('exactly.once.support=required passes for a connector that declares support', () => {
  const infos = validateConnectorConfigInfos(builtinRegistry(), { name: 'v', 'connector.class': 'VerifiableSource', topic: 't', 'exactly.once.support': 'required' }, distributed);
  assert.equal(infos.error_count, 0, JSON.stringify(errorsOf(infos, 'exactly.once.support')));
});

test("exactly.once.support=required is refused with Connect's message when the connector does not declare support", () => {
  // FileStreamSource reading stdin (no file) cannot be re-read: UNSUPPORTED, as in Kafka.
  const stdin = validateConnectorConfigInfos(builtinRegistry(), { name: 'f', 'connector.class': 'FileStreamSource', topic: 't', 'exactly.once.support': 'required' }, distributed);
  assert.deepEqual(errorsOf(stdin, 'exactly.once.support'), ['The connector does not support exactly-once semantics with the provided configuration.']);
  // A worker without exactly-once source support says so too.
  const off = validateConnectorConfigInfos(
    builtinRegistry(),
    { name: 'v', 'connector.class': 'VerifiableSource', topic: 't', 'exactly.once.support': 'required' },
    { 'group.id': 'g' },
  );
  assert.deepEqual(errorsOf(off, 'exactly.once.support'), ['This worker does not have exactly-once source support enabled.']);
  // `requested` is never refused.
  const requested = validateConnectorConfigInfos(builtinRegistry(), { name: 'f', 'connector.class': 'FileStreamSource', topic: 't' }, distributed);
  assert.equal(requested.error_count, 0);
});

test('transaction.boundary=connector is refused for a connector that cannot define boundaries', () => {
  const infos = validateConnectorConfigInfos(builtinRegistry(), { name: 'v', 'connector.class': 'VerifiableSource', topic: 't', 'transaction.boundary': 'connector' }, distributed);
  assert.deepEqual(errorsOf(infos, 'transaction.boundary'), [
    'The connector does not support connector-defined transaction boundaries with the given configuration. Please reconfigure it to use a different transaction boundary definition.',
  ]);
});

test('standalone workers do not run the exactly-once preflight checks (as in Connect)', () => {
  const infos = validateConnectorConfigInfos(builtinRegistry(), { name: 'f', 'connector.class': 'FileStreamSource', topic: 't', 'exactly.once.support': 'required' }, {});
  assert.equal(infos.error_count, 0);
});

test("a task's exactly-once spec: Connect's transactional id, the connector's offsets topic, the boundary", () => {
  assert.equal(transactionalId('connect-cluster', 'orders', 2), 'connect-cluster-orders-2');
  assert.equal(exactlyOnceSpec({ 'group.id': 'g' }, {}, 'c', 0, 60000), undefined, 'disabled by default');
  assert.equal(exactlyOnceSpec({ ...distributed, 'exactly.once.source.support': 'preparing' }, {}, 'c', 0, 60000), undefined, 'preparing: not transactional');
  assert.deepEqual(exactlyOnceSpec(distributed, {}, 'c', 1, 60000), { transactionalId: 'g-c-1', offsetsTopic: 'connect-offsets', boundary: 'poll', intervalMs: 60000 });
  assert.deepEqual(
    exactlyOnceSpec(distributed, { 'transaction.boundary': 'INTERVAL', 'transaction.boundary.interval.ms': '250', 'offsets.storage.topic': 'c-offsets' }, 'c', 0, 60000),
    { transactionalId: 'g-c-0', offsetsTopic: 'c-offsets', boundary: 'interval', intervalMs: 250 },
  );
  assert.equal(exactlyOnceSpec(distributed, { 'transaction.boundary': 'interval' }, 'c', 0, 5000)!.intervalMs, 5000, 'unset: offset.flush.interval.ms');
});
