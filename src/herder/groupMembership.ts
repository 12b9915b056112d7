// This worker's membership of its Connect group (distributed mode): joining through Kafka's group
// coordinator, knowing whether it is still a member, and fencing itself when it may not be.
//
// The group coordinator drops a member whose heartbeats stop for session.timeout.ms, after which
// the leader may give its work to others. So every answer of the coordinator (a heartbeat, a join)
// is a proof of membership; a worker that has had none for a session timeout stops all its work
// (it is fenced) and rejoins. The MembershipLease turns the last proof into the deadline its tasks
// and offset commits obey. This is the worker fencing of Connect's WorkerCoordinator, not the
// exactly-once fencing of zombie producers.
//
// Kept apart from the herder so that the herder sees only a few facts (the round it joined, whether
// a rebalance runs, whether it is fenced) and never the coordinator's events themselves.

import { randomUUID } from 'node:crypto';
import { GroupMember, type GroupEvent } from '../kafka/GroupMember.js';
import type { KafkaClientSettings } from '../kafka/KafkaBasedLog.js';
import { namedLogger } from '../runtime/logger.js';
import { RebalanceTracker, type RebalanceMetrics } from '../runtime/workerMetrics.js';
import type { MemberInfo, WorkAssignment } from './assignment.js';
import { MembershipLease } from './membershipLease.js';

const log = namedLogger('kconnect.herder.distributed');

/** The group protocol every kconnect worker offers; Java Connect workers speak another and cannot share a group. */
export const PROTOCOL = 'kconnect-cooperative-v1';

/** What a member says about itself when it joins (the userData of its JoinGroup metadata). */
interface JoinMetadata {
  workerId: string;
  url: string;
  nonce: string;
  epoch: number;
  owned: WorkAssignment;
}

/** A member of the generation being formed, as the leader reads it from its join metadata. */
export type JoinedMember = MemberInfo & { epoch: number };

/** The generation this worker joined: `nonce` identifies it in the leader's assignment. */
export interface Round {
  nonce: string;
  joinedAt: number;
}

export interface GroupMembershipOptions {
  workerId: string;
  clients: KafkaClientSettings;
  groupId: string;
  /** The config topic: the coordinator's group is keyed to it, as in Connect. */
  configTopic: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
}

/** What the membership asks of the herder once it has joined; given to start(), before the group calls back. */
export interface MembershipHost {
  /** What this worker tells the leader when it joins: its URL, the generation it ran under, what it still owns. */
  describe(): { url: string; epoch: number; owned: WorkAssignment };
  /** This worker leads the generation being formed: assign the members' work. */
  assign(members: JoinedMember[]): Promise<void>;
  /** Whether this worker has adopted an assignment yet. */
  hasAssignment(): boolean;
  /** Membership changed (joined, fenced): the herder's work loop should look again. */
  wake(): void;
}

export class GroupMembership {
  /** Whether this worker's tasks may work now (src/herder/membershipLease.ts). */
  readonly lease: MembershipLease;
  private member: GroupMember | undefined;
  private readonly rebalances = new RebalanceTracker();
  private pendingNonce = '';
  private joinedRound: Round | undefined;
  private rebalanceRunning = true;
  private lastProof = Date.now();
  private isFenced = false;
  private stopping = false;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: GroupMembershipOptions) {
    this.lease = new MembershipLease({
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      lastProof: () => this.lastProof,
      fenced: () => this.isFenced,
    });
  }

  /** The generation this worker last joined (undefined while a rebalance runs). */
  get round(): Round | undefined {
    return this.joinedRound;
  }

  get rebalancing(): boolean {
    return this.rebalanceRunning;
  }

  /** This worker gave up its membership: it runs nothing until it adopts an assignment again. */
  get fenced(): boolean {
    return this.isFenced;
  }

  /** Starts watching the membership, then joins the group; `host` answers the group's questions from then on. */
  async start(host: MembershipHost): Promise<void> {
    const { options } = this;
    this.watchdog = setInterval(() => this.checkMembership(host), Math.max(100, Math.min(1000, options.heartbeatIntervalMs)));
    this.watchdog.unref();
    this.lease.start((stalledMs) => {
      // A loaded machine lags a second now and then; a stall that may have cost the membership is news.
      const news = stalledMs >= options.sessionTimeoutMs / 2;
      log[news ? 'warn' : 'debug']({ stalledMs }, 'This worker was stalled; checking its group membership before its tasks go on');
      this.checkMembership(host);
    });
    this.member = new GroupMember({
      ...options.clients,
      groupId: options.groupId,
      topic: options.configTopic,
      clientId: `connect-${options.workerId}-coordinator`,
      sessionTimeoutMs: options.sessionTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      rebalanceTimeoutMs: options.rebalanceTimeoutMs,
      protocol: PROTOCOL,
      metadata: () => this.joinMetadata(host),
      assign: (members) => host.assign(this.readMembers(members)),
      onEvent: (e) => this.onGroupEvent(e, host),
    });
    await this.member.start();
  }

  /** Stops fencing and rejoining (shutdown begins); the worker stays a member until leave(). */
  halt(): void {
    this.stopping = true;
    if (this.watchdog) clearInterval(this.watchdog);
    this.lease.stop();
    for (const t of this.timers) clearTimeout(t);
  }

  /** Leaves the group: last, once the worker's offsets are committed. */
  async leave(): Promise<void> {
    await this.member?.stop();
  }

  /** An assignment for the joined round was adopted: the rebalance is over and a fenced worker works again. */
  resume(): void {
    this.rebalances.end();
    if (this.isFenced) log.info('Rejoined the group; resuming work');
    this.isFenced = false;
  }

  /** Joined, but the leader's assignment never arrived (worker.sync.timeout.ms): join anew. */
  rejoinUnassigned(waitedMs: number): void {
    log.warn({ waitedMs }, 'No assignment for this generation arrived; rejoining the group');
    this.joinedRound = undefined;
    this.rebalanceRunning = true;
    this.rejoin();
  }

  /** connect-worker-rebalance-metrics: the herder adds what it knows of the adopted assignment. */
  rebalanceMetrics(adopted: Pick<RebalanceMetrics, 'leaderName' | 'epoch' | 'assignedConnectors' | 'assignedTasks'>): RebalanceMetrics {
    const { leaderName, epoch, assignedConnectors, assignedTasks } = adopted;
    return this.rebalances.snapshot({ leaderName, connectProtocol: PROTOCOL, epoch, assignedConnectors, assignedTasks });
  }

  private rejoin(): void {
    void this.member?.rejoin().catch((err: unknown) => log.error({ err }, 'Rejoining the group failed'));
  }

  private joinMetadata(host: MembershipHost): Buffer {
    this.pendingNonce = randomUUID();
    const { url, epoch, owned } = host.describe();
    const meta: JoinMetadata = { workerId: this.options.workerId, url, nonce: this.pendingNonce, epoch, owned };
    return Buffer.from(JSON.stringify(meta));
  }

  private readMembers(members: Array<{ memberId: string; metadata: Buffer }>): JoinedMember[] {
    const infos: JoinedMember[] = [];
    for (const m of members) {
      try {
        const meta = JSON.parse(m.metadata.toString('utf8')) as JoinMetadata;
        infos.push({ workerId: meta.workerId, url: meta.url, nonce: meta.nonce, owned: meta.owned, epoch: meta.epoch });
      } catch {
        log.warn({ memberId: m.memberId }, 'Ignoring a group member with unreadable metadata');
      }
    }
    return infos;
  }

  private onGroupEvent(e: GroupEvent, host: MembershipHost): void {
    const now = Date.now();
    switch (e.type) {
      case 'joining':
        this.rebalances.begin(now);
        this.rebalanceRunning = true;
        this.joinedRound = undefined;
        // Before its first assignment a worker runs nothing: silence while it starts up is no reason to fence.
        if (!host.hasAssignment()) this.lastProof = now;
        break;
      case 'rebalancing':
        this.rebalances.begin(now);
        log.info('Rebalance started');
        this.lastProof = now;
        this.rebalanceRunning = true;
        this.joinedRound = undefined;
        break;
      case 'heartbeat':
        this.lastProof = now;
        break;
      case 'joined':
        this.lastProof = now;
        this.rebalanceRunning = false;
        this.joinedRound = { nonce: this.pendingNonce, joinedAt: now };
        log.info({ memberId: e.memberId, leader: e.isLeader }, 'Joined group');
        host.wake();
        break;
      case 'crashed':
        this.rebalances.begin(now);
        if (!e.outage) log.warn({ err: e.error }, 'Group membership failed');
        this.rebalanceRunning = true;
        this.joinedRound = undefined;
        // A worker never stops trying to be a member.
        if (!this.stopping) {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.rejoin();
          }, 1000);
          this.timers.add(timer);
        }
        break;
    }
  }

  /**
   * Self-fencing: a worker that has not heard from the coordinator for about a session timeout
   * has been (or is about to be) removed from the group; it stops all its work before the leader
   * may give it to others (which happens only after scheduled.rebalance.max.delay.ms more).
   */
  private checkMembership(host: MembershipHost): void {
    if (this.isFenced || this.stopping) return;
    // The coordinator drops a member whose heartbeats stop for session.timeout.ms; its last answer
    // came after it counted our last heartbeat, so we give up no later than it does. A join parked
    // at the coordinator waits at most for silent members to time out, so the same bound holds.
    const limit = this.options.sessionTimeoutMs;
    const silent = Date.now() - this.lastProof;
    if (silent <= limit) return;
    log.warn({ silentMs: silent, limitMs: limit }, 'Lost contact with the group coordinator; stopping all connectors and tasks until this worker rejoins');
    this.isFenced = true;
    host.wake();
    // Whether or not the coordinator already dropped it, it must join anew to get work again.
    this.rejoin();
  }
}
