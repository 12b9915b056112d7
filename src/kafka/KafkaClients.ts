import { Kafka, logLevel, type Admin, type Consumer, type Producer, type ITopicConfig } from './kafkajs.js';
import { consumerSettings, kafkaSettings, producerSettings } from './clientConfig.js';
import { kafkajsLogCreator, type BridgeLogger } from './logBridge.js';
import { countingSocketFactory, type ClientKind } from './clientMetrics.js';
import { attachOutageSlot, outageSlot, type OutageSlot } from './outage.js';
import { waitForLeaders } from './topicLeaders.js';

export type { Admin, Consumer, Producer, Transaction } from './kafkajs.js';

export interface KafkaClientsOptions {
  /** Worker-level client settings (bootstrap.servers, security.*, client.id). */
  common: Record<string, string>;
  /** `producer.*` overrides with the prefix stripped. */
  producer?: Record<string, string>;
  /** `consumer.*` overrides with the prefix stripped. */
  consumer?: Record<string, string>;
  /** `admin.*` overrides with the prefix stripped. */
  admin?: Record<string, string>;
  clientId: string;
  logger: BridgeLogger;
}

/** Builds kafkajs clients from Connect-style settings. The only place that knows kafkajs. */
export class KafkaClients {
  private readonly opts: KafkaClientsOptions;
  readonly unsupported: string[];

  constructor(opts: KafkaClientsOptions) {
    this.opts = opts;
    this.unsupported = kafkaSettings({ ...opts.common, ...opts.producer, ...opts.consumer }, opts.clientId).unsupported;
  }

  /** `consumerSlot`: a consumer's client, whose connection errors go to the slot (outage.ts). */
  private kafka(overrides: Record<string, string> | undefined, clientId: string, kind: ClientKind, consumerSlot?: OutageSlot): Kafka {
    const { kafka } = kafkaSettings({ ...this.opts.common, ...overrides }, clientId, { consumer: consumerSlot !== undefined });
    const noise = consumerSlot && ((reason: string) => consumerSlot.listener?.(reason));
    return new Kafka({
      ...kafka,
      logLevel: logLevel.INFO,
      logCreator: kafkajsLogCreator(this.opts.logger, noise),
      socketFactory: countingSocketFactory(kind, kafka.clientId ?? clientId),
    });
  }

  producer(clientId = `${this.opts.clientId}-producer`, overrides: Record<string, string> = {}): Producer {
    const props = { ...this.opts.producer, ...overrides };
    return this.kafka(props, clientId, 'producer').producer(producerSettings(props));
  }

  /**
   * KIP-618: a transactional producer (idempotent, one request in flight, as kafkajs requires).
   * Its first transaction() initialises the transactional id, which fences every older producer
   * that used the same id: their sends and commits then fail with INVALID_PRODUCER_EPOCH.
   */
  transactionalProducer(transactionalId: string, clientId = `${this.opts.clientId}-producer`, overrides: Record<string, string> = {}): Producer {
    const props = { ...this.opts.producer, ...overrides };
    const settings = producerSettings({ ...props, 'enable.idempotence': 'true' });
    // Right after a commit the coordinator is still writing markers and answers the next
    // transaction's first send CONCURRENT_TRANSACTIONS; Java's producer retries that after 20 ms.
    // kafkajs uses one back-off for everything, 100 ms by default: at one transaction per poll
    // that is most of a task's time. Unless retry.backoff.ms is set, start at 20 ms here too.
    if (props['retry.backoff.ms'] === undefined && settings.retry) settings.retry = { ...settings.retry, initialRetryTime: 20 };
    return this.kafka(props, clientId, 'producer').producer({ ...settings, transactionalId, idempotent: true, maxInFlightRequests: 1 });
  }

  consumer(groupId: string, clientId = `${this.opts.clientId}-consumer`, overrides: Record<string, string> = {}): Consumer {
    const props = { ...this.opts.consumer, ...overrides };
    const slot = outageSlot();
    return attachOutageSlot(this.kafka(props, clientId, 'consumer', slot).consumer(consumerSettings(props, groupId)), slot);
  }

  admin(clientId = `${this.opts.clientId}-admin`): Admin {
    return this.kafka(this.opts.admin, clientId, 'admin').admin();
  }
}

/** Creates the topic unless it exists; returns true when it was created. */
export async function ensureTopic(admin: Admin, topic: ITopicConfig): Promise<boolean> {
  const existing = await admin.listTopics();
  if (existing.includes(topic.topic)) return false;
  let created: boolean;
  try {
    created = await admin.createTopics({ topics: [topic], waitForLeaders: false });
  } catch (err) {
    if ((err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return false;
    throw err;
  }
  await waitForLeaders(admin, topic.topic);
  return created;
}
