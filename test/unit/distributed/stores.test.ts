import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogMessage } from '../../../src/kafka/KafkaBasedLog.js';
import { KafkaConfigBackingStore, parseTaskKey, type ConfigUpdate } from '../../../src/storage/KafkaConfigBackingStore.js';
import { KafkaOffsetBackingStore } from '../../../src/storage/KafkaOffsetBackingStore.js';
import { KafkaStatusBackingStore, parseStatus, serializeStatus } from '../../../src/storage/KafkaStatusBackingStore.js';
import { fakeLog, unusedClients } from '../../helpers/memoryLog.js';

const clients = unusedClients;

describe('KafkaConfigBackingStore', () => {
  it("writes and reads Kafka Connect's records", async () => {
    const updates: ConfigUpdate[] = [];
    const store = new KafkaConfigBackingStore({ ...clients, topic: 'c', replicationFactor: 1, clientId: 't' });
    store.watch((u) => updates.push(u));
    const log = fakeLog(store);
    (store as unknown as { started: boolean }).started = true;

    await store.putConnectorConfig('my-conn', { 'connector.class': 'X', name: 'my-conn' }, 'PAUSED');
    assert.deepEqual(
      log.sent.map((m) => [m.key, m.value]),
      [
        ['target-state-my-conn', '{"state":"PAUSED","state.v2":"PAUSED"}'],
        ['connector-my-conn', '{"properties":{"connector.class":"X","name":"my-conn"}}'],
      ],
    );
    assert.equal(store.targetState('my-conn'), 'PAUSED');
    await store.putTaskConfigs('my-conn', [{ a: '1' }, { a: '2' }]);
    assert.deepEqual(
      log.sent.slice(2).map((m) => [m.key, m.value]),
      [
        ['task-my-conn-0', '{"properties":{"a":"1"}}'],
        ['task-my-conn-1', '{"properties":{"a":"2"}}'],
        ['commit-my-conn', '{"tasks":2}'],
      ],
    );
    assert.deepEqual(store.taskConfigsOf('my-conn'), [{ a: '1' }, { a: '2' }]);
    assert.deepEqual(store.snapshot().appliedConfigs.get('my-conn'), { 'connector.class': 'X', name: 'my-conn' });

    await store.putTargetState('my-conn', 'STOPPED');
    assert.deepEqual(
      log.sent.slice(5).map((m) => [m.key, m.value]),
      [
        ['target-state-my-conn', '{"state":"PAUSED","state.v2":"STOPPED"}'],
        ['commit-my-conn', '{"tasks":0}'],
      ],
    );
    assert.equal(store.targetState('my-conn'), 'STOPPED');
    assert.deepEqual(store.taskConfigsOf('my-conn'), []);

    await store.putRestartRequest({ connector: 'my-conn', includeTasks: true, onlyFailed: false });
    assert.deepEqual(log.sent.at(-1), { key: 'restart-connector-my-conn', value: '{"include-tasks":true,"only-failed":false}' });
    await store.removeConnectorConfig('my-conn');
    assert.deepEqual(log.sent.slice(-2).map((m) => [m.key, m.value]), [['connector-my-conn', null], ['target-state-my-conn', null]]);
    assert.equal(store.contains('my-conn'), false);
    assert.equal(store.taskConfigsOf('my-conn'), undefined);
    assert.deepEqual(
      updates.map((u) => u.type),
      // The first target state came before its connector existed: nothing to announce yet.
      ['connector', 'tasks', 'target-state', 'tasks', 'restart', 'connector'],
    );
  });

  it('applies task configs only with a complete commit; reads older target-state records', () => {
    const store = new KafkaConfigBackingStore({ ...clients, topic: 'c', replicationFactor: 1, clientId: 't' });
    const log = fakeLog(store);
    log.feed('connector-a', { properties: { 'connector.class': 'X' } });
    assert.equal(store.targetState('a'), 'STARTED');
    log.feed('task-a-0', { properties: { n: '0' } });
    assert.equal(store.taskConfigsOf('a'), undefined, 'not before the commit');
    // Compaction removed task-a-1: the commit is inconsistent and nothing applies.
    log.feed('commit-a', { tasks: 2 });
    assert.equal(store.taskConfigsOf('a'), undefined);
    assert.ok(store.snapshot().inconsistent.has('a'));
    log.feed('task-a-0', { properties: { n: '0' } });
    log.feed('task-a-1', { properties: { n: '1' } });
    log.feed('commit-a', { tasks: 2 });
    assert.deepEqual(store.taskConfigsOf('a'), [{ n: '0' }, { n: '1' }]);
    assert.ok(!store.snapshot().inconsistent.has('a'));
    log.feed('target-state-a', { state: 'PAUSED' });
    assert.equal(store.targetState('a'), 'PAUSED');
    log.feed('target-state-a', null);
    assert.equal(store.targetState('a'), 'STARTED');
    // A commit for a connector whose config compaction removed after its deletion is ignored.
    log.feed('commit-gone', { tasks: 0 });
    assert.equal(store.taskConfigsOf('gone'), undefined);
    log.feed('kconnect-assignment', { version: 1, epoch: 3 });
    assert.deepEqual(store.latestAssignment(), { version: 1, epoch: 3 });
    log.feed('session-key', { key: 'x' });
    log.feed('connector-bad', 'not json');
    assert.equal(store.contains('bad'), false);
  });

  it('parses task keys whose connector names contain dashes', () => {
    assert.deepEqual(parseTaskKey('my-conn-3'), { connector: 'my-conn', task: 3 });
    assert.equal(parseTaskKey('nodash'), undefined);
    assert.equal(parseTaskKey('conn-'), undefined);
    assert.equal(parseTaskKey('conn-x'), undefined);
  });
});

describe('KafkaStatusBackingStore', () => {
  const entry = (state: string, workerId: string, generation: number) => ({ state, workerId, generation }) as Parameters<KafkaStatusBackingStore['onTaskState']>[1];

  it("writes Kafka Connect's status records and tombstones", async () => {
    const store = new KafkaStatusBackingStore({ ...clients, topic: 's', partitions: 1, replicationFactor: 1, clientId: 't' });
    const log = fakeLog(store);
    store.onConnectorState('c', { ...entry('FAILED', 'w1:8083', 4), trace: 'boom' });
    store.onTaskState({ connector: 'c', task: 0 }, { ...entry('RUNNING', 'w1:8083', 4), version: '1.2.3' });
    store.addTopic('c', 'orders', 0);
    await store.flush();
    // KIP-891: the running plugin's version, null when unknown.
    assert.deepEqual(log.sent[0], { key: 'status-connector-c', value: '{"state":"FAILED","trace":"boom","worker_id":"w1:8083","generation":4,"version":null}' });
    assert.deepEqual(log.sent[1], { key: 'status-task-c-0', value: '{"state":"RUNNING","trace":null,"worker_id":"w1:8083","generation":4,"version":"1.2.3"}' });
    assert.equal(log.sent[2]!.key, 'status-topic-orders:connector-c');
    assert.deepEqual(Object.keys(JSON.parse(String(log.sent[2]!.value)).topic), ['name', 'connector', 'task', 'discoverTimestamp']);
    assert.deepEqual([...store.topics('c')], ['orders']);
    assert.equal(store.task({ connector: 'c', task: 0 })?.state, 'RUNNING');

    store.deleteConnector('c');
    await store.flush();
    assert.deepEqual(
      log.sent.slice(3).map((m) => [m.key, m.value]),
      [
        ['status-task-c-0', null],
        ['status-topic-orders:connector-c', null],
        ['status-connector-c', null],
      ],
    );
    assert.equal(store.connector('c'), undefined);
    // A task stopping late must not bring the deleted status back.
    store.onTaskState({ connector: 'c', task: 0 }, entry('UNASSIGNED', 'w1:8083', 4));
    assert.equal(store.task({ connector: 'c', task: 0 }), undefined);
  });

  it('keeps the newer owner: stale UNASSIGNED writes and reads are ignored', async () => {
    const store = new KafkaStatusBackingStore({ ...clients, topic: 's', partitions: 1, replicationFactor: 1, clientId: 't' });
    const log = fakeLog(store);
    const id = { connector: 'c', task: 1 };
    log.feed('status-task-c-1', serializeStatus(entry('RUNNING', 'w2', 7)));
    // The old owner (an older generation) lets go after the new one started it.
    store.onTaskState(id, entry('UNASSIGNED', 'w1', 6));
    assert.equal(store.task(id)?.workerId, 'w2');
    log.feed('status-task-c-1', serializeStatus(entry('UNASSIGNED', 'w1', 6)));
    assert.deepEqual(store.task(id), entry('RUNNING', 'w2', 7));
    // Connectors too, whatever the newer owner's state.
    log.feed('status-connector-c', serializeStatus(entry('STOPPED', 'w2', 12)));
    log.feed('status-connector-c', serializeStatus(entry('UNASSIGNED', 'w1', 11)));
    assert.deepEqual(store.connector('c'), entry('STOPPED', 'w2', 12));
    // The same worker may always say it let go.
    store.onTaskState(id, entry('UNASSIGNED', 'w2', 7));
    assert.equal(store.task(id)?.state, 'UNASSIGNED');
    await store.flush();
  });

  it('a worker that lets go late, while a newer owner already wrote, ends up agreeing with it', async () => {
    const store = new KafkaStatusBackingStore({ ...clients, topic: 's', partitions: 1, replicationFactor: 1, clientId: 't' });
    const log = fakeLog(store);
    const id = { connector: 'c', task: 0 };
    store.onTaskState(id, entry('RUNNING', 'w1', 4));
    await store.flush();
    // w1 was stalled: its UNASSIGNED is on its way while w2's RUNNING (newer generation) lands first.
    const held: LogMessage[] = [];
    (store as unknown as { log: { send(m: LogMessage[]): Promise<void> } }).log.send = async (m) => void held.push(...m);
    store.onTaskState(id, entry('UNASSIGNED', 'w1', 4));
    await store.flush();
    log.feed('status-task-c-0', serializeStatus(entry('RUNNING', 'w2', 6)));
    log.feed(held[0]!.key!, String(held[0]!.value));
    assert.deepEqual(store.task(id), entry('RUNNING', 'w2', 6), 'as every other worker reads the topic');
  });

  it('parses statuses defensively', () => {
    assert.deepEqual(parseStatus('{"state":"PAUSED","trace":null,"worker_id":"w","generation":2}'), entry('PAUSED', 'w', 2));
    assert.equal(parseStatus('{"state":"BOGUS"}'), undefined);
    assert.equal(parseStatus('nope'), undefined);
  });
});

describe('KafkaOffsetBackingStore', () => {
  it('writes JSON keys and values, tombstones for null, and refuses writes once fenced', async () => {
    let fenced = false;
    const store = new KafkaOffsetBackingStore({
      ...clients,
      topic: 'o',
      partitions: 1,
      replicationFactor: 1,
      clientId: 't',
      writeGuard: () => {
        if (fenced) throw new Error('fenced');
      },
    });
    const log = fakeLog(store);
    const key = JSON.stringify(['src', { id: 0 }]);
    await store.set(new Map([[key, '{"seqno":41}']]));
    assert.deepEqual(log.sent, [{ key: '["src",{"id":0}]', value: '{"seqno":41}' }]);
    assert.deepEqual(await store.get([key, 'other']), new Map([[key, '{"seqno":41}'], ['other', null]]));
    fenced = true;
    await assert.rejects(store.set(new Map([[key, '{"seqno":42}']])), /fenced/);
    fenced = false;
    await store.set(new Map([[key, null]]));
    assert.deepEqual(await store.entries(), new Map());
  });
});
