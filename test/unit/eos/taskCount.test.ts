import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogMessage } from '../../../src/kafka/KafkaBasedLog.js';
import { KafkaConfigBackingStore } from '../../../src/storage/KafkaConfigBackingStore.js';
import { ZombieFencing } from '../../../src/herder/zombieFencing.js';
import type { KafkaClients } from '../../../src/kafka/index.js';
import { fakeLog, unusedClients } from '../../helpers/memoryLog.js';

/** A config store whose log is in memory: what is sent is read back in order. */
function memoryStore(): { store: KafkaConfigBackingStore; sent: LogMessage[]; feed(key: string, value: unknown): void } {
  const store = new KafkaConfigBackingStore({ ...unusedClients, topic: 'c', replicationFactor: 1, clientId: 't' });
  return { store, ...fakeLog(store) };
}

describe('KIP-618 task-count records', () => {
  it('a task config commit leaves the connector pending fencing until a tasks-fencing record follows it', async () => {
    const { store, sent, feed } = memoryStore();
    feed('connector-src', { properties: { 'connector.class': 'VerifiableSource' } });
    feed('task-src-0', { properties: { id: '0' } });
    feed('commit-src', { tasks: 1 });
    assert.ok(store.snapshot().pendingFencing.has('src'));
    await store.putTaskCountRecord('src', 1);
    assert.deepEqual(sent.at(-1), { key: 'tasks-fencing-src', value: '{"task-count":1}' }, "Connect's key and value");
    const snap = store.snapshot();
    assert.ok(!snap.pendingFencing.has('src'));
    assert.equal(snap.taskCountRecords.get('src'), 1);
    // A new generation is pending again; the old count is what the leader fences.
    feed('task-src-0', { properties: { id: '0' } });
    feed('task-src-1', { properties: { id: '1' } });
    feed('commit-src', { tasks: 2 });
    assert.ok(store.snapshot().pendingFencing.has('src'));
    assert.equal(store.snapshot().taskCountRecords.get('src'), 1);
  });

  it('the leader fences the previous generation, then writes the count; workers wait for it', async () => {
    const { store, sent, feed } = memoryStore();
    const fenced: string[][] = [];
    const kafka = {
      transactionalProducer: (id: string) => ({
        connect: async () => {},
        transaction: async () => {
          fenced.at(-1)!.push(id);
          return { abort: async () => {} };
        },
        disconnect: async () => {},
      }),
    } as unknown as KafkaClients;
    const workerProps = { 'group.id': 'g', 'exactly.once.source.support': 'enabled' };
    const fencing = new ZombieFencing({ workerProps, kafka, workerId: 'w', configStore: store, isSource: () => true });
    feed('connector-src', { properties: { 'connector.class': 'VerifiableSource' } });
    for (let i = 0; i < 3; i++) feed(`task-src-${i}`, { properties: { id: String(i) } });
    feed('commit-src', { tasks: 3 });
    assert.equal(fencing.mayStartTask(store.snapshot(), 'src'), false, 'no task starts before the record');
    fenced.push([]);
    assert.equal(await fencing.leaderTick(store.snapshot()), true);
    assert.deepEqual(fenced.at(-1), [], 'first generation: nothing to fence');
    assert.equal(fencing.mayStartTask(store.snapshot(), 'src'), true);
    // Reconfigured to 2 tasks: the 3 old transactional ids are fenced before the record is written.
    for (let i = 0; i < 2; i++) feed(`task-src-${i}`, { properties: { id: String(i) } });
    feed('commit-src', { tasks: 2 });
    fenced.push([]);
    await fencing.leaderTick(store.snapshot());
    assert.deepEqual(fenced.at(-1)!.sort(), ['g-src-0', 'g-src-1', 'g-src-2']);
    assert.deepEqual(sent.at(-1), { key: 'tasks-fencing-src', value: '{"task-count":2}' });
    // preparing: the leader fences, but tasks are not gated (they are not transactional yet).
    const preparing = new ZombieFencing({ workerProps: { ...workerProps, 'exactly.once.source.support': 'preparing' }, kafka, workerId: 'w', configStore: store, isSource: () => true });
    feed('commit-src', { tasks: 2 });
    assert.equal(preparing.mayStartTask(store.snapshot(), 'src'), true);
  });
});
