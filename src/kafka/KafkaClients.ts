// Must load before kafkajs: replaces one of its modules (see kafkajsPatches.ts).
import './kafkajsPatches.js';
import { Kafka, logLevel, type Admin, type Consumer, type Producer, type ITopicConfig } from 'kafkajs';
import { consumerSettings, kafkaSettings, producerSettings } from './clientConfig.js';
import { kafkajsLogCreator, type BridgeLogger } from './logBridge.js';

export type { Admin, Consumer, Producer } from 'kafkajs';

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

  private kafka(overrides: Record<string, string> | undefined, clientId: string): Kafka {
    const { kafka } = kafkaSettings({ ...this.opts.common, ...overrides }, clientId);
    return new Kafka({ ...kafka, logLevel: logLevel.INFO, logCreator: kafkajsLogCreator(this.opts.logger) });
  }

  producer(clientId = `${this.opts.clientId}-producer`, overrides: Record<string, string> = {}): Producer {
    const props = { ...this.opts.producer, ...overrides };
    return this.kafka(props, clientId).producer(producerSettings(props));
  }

  consumer(groupId: string, clientId = `${this.opts.clientId}-consumer`, overrides: Record<string, string> = {}): Consumer {
    const props = { ...this.opts.consumer, ...overrides };
    return this.kafka(props, clientId).consumer(consumerSettings(props, groupId));
  }

  admin(clientId = `${this.opts.clientId}-admin`): Admin {
    return this.kafka(this.opts.admin, clientId).admin();
  }
}

/** Creates the topic unless it exists; returns true when it was created. */
export async function ensureTopic(admin: Admin, topic: ITopicConfig): Promise<boolean> {
  const existing = await admin.listTopics();
  if (existing.includes(topic.topic)) return false;
  try {
    return await admin.createTopics({ topics: [topic], waitForLeaders: true });
  } catch (err) {
    if ((err as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return false;
    throw err;
  }
}
