// Must load before kafkajs: replaces one of its modules (see kafkajsPatches.ts).
import './kafkajsPatches.js';
export * from './KafkaClients.js';
export * from './clientConfig.js';
export type { BridgeLogger } from './logBridge.js';
