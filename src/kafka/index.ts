export * from './KafkaClients.js';
export * from './clientConfig.js';
export type { BridgeLogger } from './logBridge.js';
export * from './outage.js';
export { clientMetricsSnapshot, type ClientMetricsSample, type ClientKind } from './clientMetrics.js';
export { latestRecords, type TopicRecord } from './latestRecords.js';
export { waitForLeaders, TopicLeadersTimeout } from './topicLeaders.js';
export { isProducerFenced, isFencingUnderWay, fenceTransactionalIds } from './fencing.js';
