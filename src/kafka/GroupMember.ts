import { AssignerProtocol, type Consumer } from './kafkajs.js';
import { consumerSettings } from './clientConfig.js';
import { kafkaFor, type KafkaClientSettings } from './KafkaBasedLog.js';
import { OutageLog, isTransientKafkaError } from './outage.js';

/**
 * Membership of a Connect cluster through Kafka's own group coordinator (the classic JoinGroup /
 * SyncGroup / Heartbeat protocol, spoken by a kafkajs consumer group that consumes nothing).
 *
 * Each join sends `metadata()` to the coordinator; the member the coordinator elects leader gets
 * every member's metadata in `assign()`. kafkajs drops the userData of SyncGroup assignments, so
 * the assignment itself does not travel here: `assign()` publishes it elsewhere (the herder writes
 * it to the config topic) before the group's SyncGroup completes, and every member learns it has
 * joined through the `joined` event.
 */
export type GroupEvent =
  | { type: 'joined'; memberId: string; leaderId: string; isLeader: boolean }
  /** The coordinator said a rebalance is under way; this member is about to rejoin. */
  | { type: 'rebalancing' }
  /** A heartbeat was answered: this member is still in the current generation. */
  | { type: 'heartbeat' }
  /**
   * The member stopped: the owner decides when to rejoin(). `outage`: the cluster is unreachable
   * (logged once by the member, not at every attempt).
   */
  | { type: 'crashed'; error: Error; outage: boolean }
  /** The member (re)starts joining from scratch (first start or rejoin()). */
  | { type: 'joining' };

export interface GroupMemberOptions extends KafkaClientSettings {
  groupId: string;
  /** A topic that exists (the config topic); the group subscribes to it but never reads it. */
  topic: string;
  clientId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  /** The assignment protocol name; every member of a group must offer the same. */
  protocol: string;
  /** This member's metadata, asked at every join. */
  metadata(): Buffer;
  /** Leader only: every member's metadata of the generation being formed. */
  assign(members: Array<{ memberId: string; metadata: Buffer }>): Promise<void>;
  onEvent(event: GroupEvent): void;
}

export class GroupMember {
  private consumer: Consumer | undefined;
  private stopped = false;
  private rejoining: Promise<void> | undefined;
  /** consumer.run() in flight: it settles once the join succeeded or crashed. */
  private joining: Promise<void> | undefined;

  constructor(private readonly options: GroupMemberOptions) {}

  async start(): Promise<void> {
    const { options } = this;
    const emptyAssignment = AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: {}, userData: Buffer.alloc(0) });
    const consumer = kafkaFor(options, options.clientId, 'connect').consumer({
      ...consumerSettings({}, options.groupId),
      // Unlike a consumer of records, a member that loses its coordinator must notice (the herder
      // stops its work and rejoins): kafkajs's ordinary retries, then a crash the herder handles.
      // kafkajs never restarts the member itself: its restart timer and our rejoin() would each run
      // a join, and the one nobody stops stays in the group as a second member of this worker.
      retry: { restartOnFailure: async () => false },
      allowAutoTopicCreation: false,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      rebalanceTimeout: options.rebalanceTimeoutMs,
      // With nothing assigned, the fetch loop sleeps this long between heartbeat checks.
      maxWaitTimeInMs: Math.max(50, Math.min(Math.floor(options.heartbeatIntervalMs / 2), 500)),
      partitionAssigners: [
        () => ({
          name: options.protocol,
          version: 1,
          protocol: ({ topics }) => ({
            name: options.protocol,
            metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: options.metadata() }),
          }),
          assign: async ({ members }) => {
            const decoded = members.map((m) => ({
              memberId: m.memberId,
              metadata: AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData ?? Buffer.alloc(0),
            }));
            await options.assign(decoded);
            return members.map((m) => ({ memberId: m.memberId, memberAssignment: emptyAssignment }));
          },
        }),
      ],
    });
    const { events } = consumer;
    consumer.on(events.GROUP_JOIN, (e) =>
      options.onEvent({ type: 'joined', memberId: e.payload.memberId, leaderId: e.payload.leaderId, isLeader: e.payload.isLeader }),
    );
    consumer.on(events.REBALANCING, () => options.onEvent({ type: 'rebalancing' }));
    consumer.on(events.HEARTBEAT, () => options.onEvent({ type: 'heartbeat' }));
    const outage = new OutageLog(options.logger, 'group membership');
    consumer.on(events.GROUP_JOIN, () => outage.recovered());
    consumer.on(events.HEARTBEAT, () => outage.recovered());
    consumer.on(events.CRASH, (e) => {
      const transient = isTransientKafkaError(e.payload.error);
      if (transient) outage.failed(e.payload.error);
      if (!this.stopped) options.onEvent({ type: 'crashed', error: e.payload.error, outage: transient });
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [options.topic] });
    await this.join(consumer);
  }

  /**
   * Leaves the group and joins again: a new generation is formed (kafkajs has no rejoin request).
   * A join already under way forms that generation itself, so it is awaited, not stopped: kafkajs
   * cannot cancel a join, and a stopped one would finish as a second member of this worker.
   */
  rejoin(): Promise<void> {
    if (this.rejoining) return this.rejoining;
    this.rejoining = (async () => {
      const consumer = this.consumer;
      if (!consumer || this.stopped) return;
      if (this.joining) return this.joining;
      await consumer.stop();
      if (this.stopped) return;
      await this.join(consumer);
    })().finally(() => {
      this.rejoining = undefined;
    });
    return this.rejoining;
  }

  /** Leaves the group (the coordinator rebalances the others at once) and closes the client. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.rejoining?.catch(() => {});
    await this.consumer?.disconnect().catch(() => {});
  }

  private join(consumer: Consumer): Promise<void> {
    this.options.onEvent({ type: 'joining' });
    const joining = consumer.run({ autoCommit: false, eachBatch: async () => {} }).finally(() => {
      if (this.joining === joining) this.joining = undefined;
    });
    this.joining = joining;
    return joining;
  }
}
