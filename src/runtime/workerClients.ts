// The worker's Kafka clients from its properties: built on the main thread for the stores and
// group membership, and again in every task thread for the tasks' own producers and consumers.

import { workerClientProps } from '../config/workerConfig.js';
import { KafkaClients } from '../kafka/index.js';
import type { Logger } from './logger.js';

export function kafkaClientsFor(workerProps: Record<string, string>, clientId: string, logger: Logger): KafkaClients {
  return new KafkaClients({ ...workerClientProps(workerProps), clientId, logger });
}
