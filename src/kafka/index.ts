export * from './KafkaClients.js';
export * from './clientConfig.js';
export type { BridgeLogger } from './logBridge.js';
