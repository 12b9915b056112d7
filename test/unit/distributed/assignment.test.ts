import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeAssignment,
  parseAssignmentRecord,
  sameAssignment,
  splitTaskId,
  type AssignInput,
  type AssignmentRecord,
  type MemberInfo,
} from '../../../src/herder/assignment.js';

const member = (workerId: string, owned?: MemberInfo['owned']): MemberInfo => ({ workerId, url: `http://${workerId}/`, nonce: `n-${workerId}`, ...(owned ? { owned } : {}) });
const tasks = (name: string, n: number) => Array.from({ length: n }, (_, i) => `${name}-${i}`);

function assign(over: Partial<AssignInput> & Pick<AssignInput, 'members'>): AssignmentRecord {
  return computeAssignment({
    prev: undefined,
    connectors: [],
    tasks: [],
    released: () => false,
    now: 1000,
    maxDelayMs: 5000,
    epoch: 1,
    leader: over.members[0]?.workerId ?? 'w1',
    leaderUrl: 'http://leader/',
    ...over,
  });
}

function counts(r: AssignmentRecord): Record<string, number> {
  return Object.fromEntries(Object.entries(r.assignments).map(([w, a]) => [w, a.tasks.length]));
}

describe('computeAssignment', () => {
  it('spreads new connectors and tasks evenly, each connector across the workers', () => {
    const r = assign({ members: [member('w1'), member('w2'), member('w3')], connectors: ['a'], tasks: tasks('a', 6) });
    assert.deepEqual(counts(r), { w1: 2, w2: 2, w3: 2 });
    assert.deepEqual(Object.values(r.assignments).flatMap((a) => a.connectors), ['a']);
    const b = assign({ members: [member('w1'), member('w2'), member('w3')], connectors: ['a', 'b'], tasks: [...tasks('a', 3), ...tasks('b', 3)] });
    for (const a of Object.values(b.assignments)) {
      assert.deepEqual(a.tasks.map((t) => splitTaskId(t).connector), ['a', 'b'], 'one task of each connector per worker');
    }
  });

  it('keeps what live workers run, and revokes only the excess when a worker joins', () => {
    const prev = assign({ members: [member('w1'), member('w2'), member('w3')], connectors: ['a'], tasks: tasks('a', 6) });
    const joined = assign({
      prev,
      epoch: 2,
      members: [member('w1', prev.assignments['w1']), member('w2', prev.assignments['w2']), member('w3', prev.assignments['w3']), member('w4', { connectors: [], tasks: [] })],
      connectors: ['a'],
      tasks: tasks('a', 6),
    });
    // Nothing is given to w4 before its previous owner let go of it.
    assert.equal(joined.assignments['w4']!.tasks.length, 0);
    assert.equal(joined.revoking.length, 1);
    const revoked = joined.revoking[0]!;
    assert.equal(revoked.epoch, 2);
    assert.ok(!joined.assignments[revoked.worker]!.tasks.includes(revoked.item.slice(2)));
    // Still revoking while the worker has not stopped it.
    const waiting = assign({ prev: joined, epoch: 3, members: Object.keys(joined.members).map((w) => member(w)), connectors: ['a'], tasks: tasks('a', 6) });
    assert.deepEqual(waiting.revoking, joined.revoking);
    // Released: it goes to the new worker; the others keep theirs.
    const done = assign({
      prev: joined,
      epoch: 3,
      members: Object.keys(joined.members).map((w) => member(w)),
      connectors: ['a'],
      tasks: tasks('a', 6),
      released: (item, worker, epoch) => item === revoked.item && worker === revoked.worker && epoch === 2,
    });
    assert.deepEqual(done.assignments['w4']!.tasks, [revoked.item.slice(2)]);
    assert.deepEqual(Object.values(counts(done)).sort(), [1, 1, 2, 2]);
    assert.equal(done.revoking.length, 0);
    for (const w of ['w1', 'w2', 'w3']) {
      for (const t of done.assignments[w]!.tasks) assert.ok(prev.assignments[w]!.tasks.includes(t), `${t} stayed on ${w}`);
    }
  });

  it('waits scheduled.rebalance.max.delay.ms for a departed worker, which gets its work back if it returns', () => {
    const all = [member('w1'), member('w2'), member('w3')];
    const prev = assign({ members: all, connectors: ['a'], tasks: tasks('a', 6) });
    const lost = assign({ prev, epoch: 2, now: 2000, members: [member('w1'), member('w2')], connectors: ['a'], tasks: tasks('a', 6) });
    const w3Work = [...prev.assignments['w3']!.tasks];
    assert.deepEqual(
      lost.delayed.map((d) => [d.item, d.worker, d.until]),
      [...prev.assignments['w3']!.connectors.map((c) => `C:${c}`), ...w3Work.map((t) => `T:${t}`)].map((i) => [i, 'w3', 7000]),
    );
    assert.deepEqual(lost.assignments['w1'], prev.assignments['w1']);
    // Back before the delay: its own work again.
    const back = assign({ prev: lost, epoch: 3, now: 4000, members: all, connectors: ['a'], tasks: tasks('a', 6) });
    assert.deepEqual(back.assignments['w3']!.tasks, w3Work);
    assert.equal(back.delayed.length, 0);
    // Not back in time: spread over the others, the delay's end kept across recomputations.
    const still = assign({ prev: lost, epoch: 3, now: 6999, members: [member('w1'), member('w2')], connectors: ['a'], tasks: tasks('a', 6) });
    assert.equal(still.delayed[0]!.until, 7000);
    const moved = assign({ prev: still, epoch: 4, now: 7000, members: [member('w1'), member('w2')], connectors: ['a'], tasks: tasks('a', 6) });
    assert.deepEqual(counts(moved), { w1: 3, w2: 3 });
    assert.equal(moved.delayed.length, 0);
  });

  it('reassigns at once with no delay, and when the whole cluster came back under new ids', () => {
    const prev = assign({ members: [member('w1'), member('w2')], connectors: ['a'], tasks: tasks('a', 4) });
    const noDelay = assign({ prev, epoch: 2, maxDelayMs: 0, members: [member('w1')], connectors: ['a'], tasks: tasks('a', 4) });
    assert.deepEqual(counts(noDelay), { w1: 4 });
    const fresh = assign({ prev, epoch: 2, members: [member('x1'), member('x2')], connectors: ['a'], tasks: tasks('a', 4) });
    assert.deepEqual(counts(fresh), { x1: 2, x2: 2 });
    assert.equal(fresh.delayed.length, 0);
  });

  it('treats work being revoked from a worker that then left as lost', () => {
    const prev: AssignmentRecord = {
      ...assign({ members: [member('w1'), member('w2')], connectors: [], tasks: ['a-0'] }),
      revoking: [{ item: 'T:a-1', worker: 'w2', epoch: 1 }],
    };
    const r = assign({ prev, epoch: 2, members: [member('w1')], tasks: ['a-0', 'a-1'] });
    assert.deepEqual(r.delayed.map((d) => d.item), ['T:a-1']);
    assert.ok(!r.assignments['w1']!.tasks.includes('a-1'));
  });

  it('drops deleted work, and a task claimed by two workers stays with its previous owner', () => {
    const prev = assign({ members: [member('w1'), member('w2')], connectors: ['a', 'b'], tasks: [...tasks('a', 2), ...tasks('b', 2)] });
    const owner = Object.entries(prev.assignments).find(([, a]) => a.tasks.includes('a-0'))![0];
    const other = owner === 'w1' ? 'w2' : 'w1';
    const r = assign({
      prev,
      epoch: 2,
      members: [
        member(owner, prev.assignments[owner]),
        member(other, { connectors: prev.assignments[other]!.connectors, tasks: [...prev.assignments[other]!.tasks, 'a-0'] }),
      ],
      connectors: ['a'],
      tasks: tasks('a', 2),
    });
    assert.ok(r.assignments[owner]!.tasks.includes('a-0'));
    assert.ok(!r.assignments[other]!.tasks.includes('a-0'));
    assert.ok(!JSON.stringify(r.assignments).includes('b-'), 'connector b was deleted');
  });

  it('compares and parses records', () => {
    const a = assign({ members: [member('w1')], connectors: ['a'], tasks: tasks('a', 1) });
    assert.ok(sameAssignment(a, { ...a, epoch: 9, createdAt: 5 }));
    assert.ok(!sameAssignment(undefined, a));
    assert.deepEqual(parseAssignmentRecord(JSON.parse(JSON.stringify(a))), a);
    assert.equal(parseAssignmentRecord({ version: 2 }), undefined);
    assert.equal(parseAssignmentRecord(null), undefined);
    assert.deepEqual(splitTaskId('my-conn-12'), { connector: 'my-conn', task: 12 });
  });
});
