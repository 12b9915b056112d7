// Must load before kafkajs: replaces one of its modules (see kafkajsPatches.ts).
import './kafkajsPatches.js';
import { AssignerProtocol, type Consumer } from 'kafkajs';
import { consumerSettings } from './clientConfig.js';
import { kafkaFor, type KafkaClientSettings } from './KafkaBasedLog.js';

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
  | { type: 'crashed'; error: Error; restarting: boolean }
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

  constructor(private readonly o: GroupMemberOptions) {}

  async start(): Promise<void> {
    const { o } = this;
    const emptyAssignment = AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: {}, userData: Buffer.alloc(0) });
    const consumer = kafkaFor(o, o.clientId).consumer({
      ...consumerSettings({}, o.groupId),
      allowAutoTopicCreation: false,
      sessionTimeout: o.sessionTimeoutMs,
      heartbeatInterval: o.heartbeatIntervalMs,
      rebalanceTimeout: o.rebalanceTimeoutMs,
      // With nothing assigned, the fetch loop sleeps this long between heartbeat checks.
      maxWaitTimeInMs: Math.max(50, Math.min(Math.floor(o.heartbeatIntervalMs / 2), 500)),
      partitionAssigners: [
        () => ({
          name: o.protocol,
          version: 1,
          protocol: ({ topics }) => ({
            name: o.protocol,
            metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: o.metadata() }),
          }),
          assign: async ({ members }) => {
            const decoded = members.map((m) => ({
              memberId: m.memberId,
              metadata: AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData ?? Buffer.alloc(0),
            }));
            await o.assign(decoded);
            return members.map((m) => ({ memberId: m.memberId, memberAssignment: emptyAssignment }));
          },
        }),
      ],
    });
    const { events } = consumer;
    consumer.on(events.GROUP_JOIN, (e) =>
      o.onEvent({ type: 'joined', memberId: e.payload.memberId, leaderId: e.payload.leaderId, isLeader: e.payload.isLeader }),
    );
    consumer.on(events.REBALANCING, () => o.onEvent({ type: 'rebalancing' }));
    consumer.on(events.HEARTBEAT, () => o.onEvent({ type: 'heartbeat' }));
    consumer.on(events.CRASH, (e) => {
      o.onEvent({ type: 'crashed', error: e.payload.error, restarting: e.payload.restart && !this.stopped });
      if (e.payload.restart && !this.stopped) o.onEvent({ type: 'joining' });
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [o.topic] });
    o.onEvent({ type: 'joining' });
    await consumer.run({ autoCommit: false, eachBatch: async () => {} });
  }

  /** Leaves the group and joins again: a new generation is formed (kafkajs has no rejoin request). */
  rejoin(): Promise<void> {
    if (this.rejoining) return this.rejoining;
    this.rejoining = (async () => {
      const consumer = this.consumer;
      if (!consumer || this.stopped) return;
      await consumer.stop();
      if (this.stopped) return;
      this.o.onEvent({ type: 'joining' });
      await consumer.run({ autoCommit: false, eachBatch: async () => {} });
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
}
