import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConnectorConfigInfos } from '../../../src/herder/configInfos.js';
import { builtinRegistry } from '../../../src/plugins/builtins.js';
import { restartDelayMs, taskRestartPolicy } from '../../../src/runtime/taskRestartPolicy.js';

test('self-healing is off unless asked for; the back-off doubles up to its maximum', () => {
  assert.deepEqual(taskRestartPolicy({}), { enabled: false, initialBackoffMs: 1000, maxBackoffMs: 60000, maxAttempts: -1 });
  const p = taskRestartPolicy({ 'task.restart.on.failure': 'true', 'task.restart.backoff.initial.ms': '100', 'task.restart.backoff.max.ms': '350' });
  assert.equal(p.enabled, true);
  assert.deepEqual([1, 2, 3, 4, 40].map((n) => restartDelayMs(p, n)), [100, 200, 350, 350, 350]);
});

test('a bad self-healing value names its key', () => {
  assert.throws(() => taskRestartPolicy({ 'task.restart.max.attempts': '-2' }), /Invalid value -2 for configuration task\.restart\.max\.attempts: Value must be at least -1/);
  assert.throws(() => taskRestartPolicy({ 'task.restart.on.failure': 'sometimes' }), /task\.restart\.on\.failure/);
});

test('config/validate reports the self-healing keys only for configs that use them', () => {
  const base = { name: 'x', 'connector.class': 'FileStreamSource', topic: 't' };
  const plain = validateConnectorConfigInfos(builtinRegistry(), base);
  assert.ok(!plain.groups.includes('Self-healing'), "Connect's answer is unchanged");
  const bad = validateConnectorConfigInfos(builtinRegistry(), { ...base, 'task.restart.on.failure': 'true', 'task.restart.backoff.initial.ms': 'soon' });
  assert.ok(bad.groups.includes('Self-healing'));
  // As Kafka counts: the parse error, and the validator's verdict on the null it leaves.
  assert.equal(bad.error_count, 2);
  const field = bad.configs.find((c) => c.definition?.name === 'task.restart.backoff.initial.ms');
  assert.match(field!.value!.errors[0]!, /Invalid value soon for configuration task\.restart\.backoff\.initial\.ms/);
});
