// Membership safety in distributed mode: no task may ever run on two workers at once.
//
// The group coordinator drops a member whose heartbeats stop for session.timeout.ms, and the
// leader may then give its tasks to others (after scheduled.rebalance.max.delay.ms). A worker
// cannot know it was dropped while it is stalled (a long GC pause, SIGSTOP, a task blocking the
// event loop), so it treats every answered heartbeat as a lease on its work, valid for less than a
// session timeout. Once the lease has
// run out its tasks hand nothing more to Kafka or to sink systems until the worker is a member
// again, and its offset commits are refused (Kafka Connect's worker.unsync.backoff.ms, and the
// revocation of WorkerCoordinator when the coordinator is unreachable).
//
// The lease also notices a stall itself: time that jumps between two ticks of a short timer means
// the whole process was frozen, and the herder checks its membership at once.

export interface MembershipLeaseOptions {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** When the coordinator last answered this worker as a member (a heartbeat, a join). */
  lastProof(): number;
  /** The worker gave up its membership (it stops its work and rejoins). */
  fenced(): boolean;
}

/** The stall detector's tick; a gap of more than STALL_MS between two ticks is a stall. */
const TICK_MS = 100;
const STALL_MS = 1000;

export class MembershipLease {
  private timer: NodeJS.Timeout | undefined;
  private lastTick = Date.now();

  constructor(private readonly options: MembershipLeaseOptions) {}

  /**
   * True while this worker may still be a member of its group, so its tasks may work: within a
   * session timeout of the coordinator's last answer, less a heartbeat interval for the round trip
   * (the coordinator counted that heartbeat when it was sent, before the answer arrived).
   */
  valid(now = Date.now()): boolean {
    return now < this.validUntil();
  }

  /** The same rule as a deadline (epoch ms; 0 once fenced), which task threads compare with their own clock. */
  validUntil(): number {
    return this.options.fenced() ? 0 : this.options.lastProof() + this.options.sessionTimeoutMs - this.options.heartbeatIntervalMs;
  }

  /** Starts the stall detector: `onStall(stalledMs)` when the process was frozen, so the membership is checked at once. */
  start(onStall: (stalledMs: number) => void): void {
    this.lastTick = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      const gap = now - this.lastTick;
      this.lastTick = now;
      if (gap > STALL_MS) onStall(gap);
    }, TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
