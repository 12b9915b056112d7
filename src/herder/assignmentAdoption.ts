// Who runs what, in distributed mode: the leader computes and publishes assignments in the config
// topic, and every worker adopts the one of the generation it joined.
//
// The pure algorithm is in assignment.ts; this module feeds it (members, the config topic's
// connectors and tasks, the status topic's word on revoked work) and keeps the two records a worker
// needs: the assignment it adopted and, as leader, the one it last published (the topic's reader may
// not have caught up with it yet). It owns no timers and never wakes the herder: it answers, and
// the herder's work loop decides when to ask again.

import type { KafkaConfigBackingStore } from '../storage/KafkaConfigBackingStore.js';
import type { KafkaStatusBackingStore } from '../storage/KafkaStatusBackingStore.js';
import { namedLogger } from '../runtime/logger.js';
import {
  computeAssignment,
  isConnectorItem,
  itemId,
  itemsOf,
  parseAssignmentRecord,
  sameAssignment,
  splitTaskId,
  type AssignmentRecord,
  type Item,
  type MemberInfo,
  type WorkAssignment,
} from './assignment.js';
import type { GroupMembership, JoinedMember } from './groupMembership.js';

const log = namedLogger('kconnect.herder.distributed');

export interface AssignmentAdoptionOptions {
  workerId: string;
  configStore: KafkaConfigBackingStore;
  statusStore: KafkaStatusBackingStore;
  membership: GroupMembership;
  scheduledRebalanceMaxDelayMs: number;
  workerSyncTimeoutMs: number;
}

/** What adopt() found: `waiting` = joined, but the leader's assignment has not been read yet (ask again soon). */
export type AdoptOutcome = 'adopted' | 'waiting' | 'idle';

const NOTHING: WorkAssignment = { connectors: [], tasks: [] };

export class AssignmentAdoption {
  private adopted: AssignmentRecord | undefined;
  /** The last assignment this worker published as leader (the reader may not have caught up with it yet). */
  private lastPublished: AssignmentRecord | undefined;
  private isReady = false;
  private readyWaiters: Array<() => void> = [];

  constructor(private readonly options: AssignmentAdoptionOptions) {}

  /** The assignment this worker runs under, once it adopted one. */
  get record(): AssignmentRecord | undefined {
    return this.adopted;
  }

  /** The generation (assignment epoch) this worker runs under. */
  get generation(): number {
    return this.adopted?.epoch ?? 0;
  }

  /** True once the first assignment was adopted. */
  get ready(): boolean {
    return this.isReady;
  }

  /** Resolves once the first assignment is adopted, or after `waitMs`. */
  whenReady(waitMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.isReady) return resolve();
      const timer = setTimeout(resolve, waitMs);
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The work `workerId` is given by the adopted assignment. */
  assignmentOf(workerId: string): WorkAssignment {
    return this.adopted?.assignments[workerId] ?? NOTHING;
  }

  /** Leader of the generation this worker joined, and it adopted that generation's assignment. */
  isLeader(): boolean {
    const { workerId, membership } = this.options;
    const a = this.adopted;
    const round = membership.round;
    return !membership.rebalancing && round !== undefined && a !== undefined && a.leader === workerId && a.members[workerId]?.nonce === round.nonce;
  }

  /** The URL of the worker `item` is assigned to, if any. */
  ownerUrl(item: Item): string | null {
    const a = this.adopted;
    if (!a) return null;
    for (const [w, work] of Object.entries(a.assignments)) {
      if (itemsOf(work).includes(item)) return a.members[w]?.url ?? null;
    }
    return null;
  }

  /**
   * The latest assignment waits for `item`'s previous owner to release it: a status change may let
   * the leader go on. Not only while isLeader(): a release can arrive between the leader publishing
   * an assignment and adopting it, and would otherwise never be looked at again (the new member then
   * waited for the item forever; seen in the exactly-once clean bounce). The leader's tick checks.
   */
  awaitsRelease(item: Item): boolean {
    return this.latestRecord()?.revoking.some((r) => r.item === item) ?? false;
  }

  /** The leader of the generation being formed: compute and publish the assignment. */
  async leaderAssign(members: JoinedMember[], leaderUrl: string): Promise<AssignmentRecord> {
    const { configStore } = this.options;
    await configStore.readToEnd();
    const prev = this.latestRecord();
    const epoch = Math.max(prev?.epoch ?? 0, ...members.map((i) => i.epoch)) + 1;
    const record = this.compute(prev, members, epoch, leaderUrl);
    await configStore.putAssignment(record);
    this.lastPublished = record;
    log.info({ epoch, members: Object.keys(record.members), delayed: record.delayed.length, revoking: record.revoking.length }, 'Published assignment');
    return record;
  }

  /**
   * Within a generation the leader republishes when configs change, delays end or revocations
   * complete; undefined when nothing changed (or this worker no longer leads the newest record).
   */
  async republish(leaderUrl: string): Promise<AssignmentRecord | undefined> {
    const { workerId, membership, configStore } = this.options;
    const prev = this.latestRecord();
    if (!prev || prev.members[workerId]?.nonce !== membership.round?.nonce) return undefined;
    const members = Object.entries(prev.members).map(([id, m]) => ({ workerId: id, url: m.url, nonce: m.nonce }));
    const next = this.compute(prev, members, prev.epoch + 1, leaderUrl);
    if (sameAssignment(prev, next)) return undefined;
    await configStore.putAssignment(next);
    this.lastPublished = next;
    log.info({ epoch: next.epoch, delayed: next.delayed.length, revoking: next.revoking.length }, 'Published assignment');
    return next;
  }

  /** Takes the latest assignment if it is for the generation this worker joined. */
  async adopt(): Promise<AdoptOutcome> {
    const { workerId, membership, configStore } = this.options;
    const round = membership.round;
    if (!round || membership.rebalancing) return 'idle';
    const awaiting = this.adopted?.members[workerId]?.nonce !== round.nonce;
    // The leader wrote it before the group's SyncGroup completed: it is in the topic by now.
    if (awaiting) await configStore.readToEnd();
    if (membership.round !== round) return 'idle';
    const latest = parseAssignmentRecord(configStore.latestAssignment());
    if (latest && latest.members[workerId]?.nonce === round.nonce && latest.epoch > (this.adopted?.epoch ?? 0)) {
      this.adopted = latest;
      membership.resume();
      const a = latest.assignments[workerId] ?? NOTHING;
      log.info({ epoch: latest.epoch, leader: latest.leader, connectors: a.connectors, tasks: a.tasks }, 'Adopted assignment');
      if (!this.isReady) {
        this.isReady = true;
        for (const w of this.readyWaiters.splice(0)) w();
      }
      return 'adopted';
    }
    if (!awaiting) return 'idle';
    // Joined, but the leader's assignment for this generation has not arrived: rejoin if it never does.
    const waitedMs = Date.now() - round.joinedAt;
    if (waitedMs <= this.options.workerSyncTimeoutMs) return 'waiting';
    membership.rejoinUnassigned(waitedMs);
    return 'idle';
  }

  /** The worker a revoked item was taken from has stopped it (its status says so). */
  released(item: Item, worker: string, since: number): boolean {
    const { statusStore } = this.options;
    const id = itemId(item);
    const status = isConnectorItem(item) ? statusStore.connector(id) : statusStore.task(splitTaskId(id));
    if (status === undefined) return true;
    // Its own UNASSIGNED since the revocation; or a newer status of another worker (nothing left to wait for).
    return status.generation >= since && (status.workerId !== worker || status.state === 'UNASSIGNED');
  }

  /** The newest assignment: the topic's, or the one this worker just published. */
  private latestRecord(): AssignmentRecord | undefined {
    const read = parseAssignmentRecord(this.options.configStore.latestAssignment());
    const own = this.lastPublished;
    return own && (!read || own.epoch > read.epoch) ? own : read;
  }

  private compute(prev: AssignmentRecord | undefined, members: MemberInfo[], epoch: number, leaderUrl: string): AssignmentRecord {
    const snap = this.options.configStore.snapshot();
    const tasks: string[] = [];
    for (const [name, configs] of snap.taskConfigs) if (snap.connectors.has(name)) configs.forEach((_, i) => tasks.push(`${name}-${i}`));
    return computeAssignment({
      prev,
      members,
      connectors: [...snap.connectors.keys()],
      tasks,
      released: (item, worker, since) => this.released(item, worker, since),
      now: Date.now(),
      maxDelayMs: this.options.scheduledRebalanceMaxDelayMs,
      epoch,
      leader: this.options.workerId,
      leaderUrl,
    });
  }
}
