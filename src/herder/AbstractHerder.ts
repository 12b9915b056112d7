// What every herder answers the same way, whatever the mode (Kafka's AbstractHerder): the
// worker-local plugin, validation and logger endpoints, and the checks around offset changes.
// StandaloneHerder and DistributedHerder extend it and implement the rest of Herder.

import { allLoggerLevels, loggerLevel, namedLogger, setLoggerLevel } from '../runtime/logger.js';
import type { Worker } from '../runtime/Worker.js';
import type { ConnectMetricsSnapshot, RebalanceMetrics } from '../runtime/workerMetrics.js';
import type { PreviewStep, SampleRecord } from '../runtime/chainPreview.js';
import { previewOnThread } from '../runtime/transformPreviewThread.js';
import { listPlugins, pluginConfigKeys, validateConnectorConfigInfos } from './configInfos.js';
import { BadRequestException } from './Herder.js';
import type { StatusBackingStore } from '../storage/StatusBackingStore.js';
import type { ActiveTopicsInfo, ConfigInfos, ConfigKeyInfo, ConnectorOffset, DeadLetterRecords, LoggerLevel, Message, PluginInfo } from './types.js';
import { latestRecords } from '../kafka/index.js';

const log = namedLogger('kconnect.herder');

export abstract class AbstractHerder {
  /** Per-connector chains: one change to a connector runs at a time, in arrival order. */
  private readonly locks = new Map<string, Promise<unknown>>();

  /** `statuses`: the store both herders answer status and active-topics requests from. */
  constructor(readonly worker: Worker, protected readonly statuses: StatusBackingStore) {}

  /** Throws NotFoundException (404) when no connector of that name exists. */
  protected abstract requireConnector(name: string): void;

  /** Runs `fn` after every earlier change to connector `name` has settled, whatever their outcome. */
  protected withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(name) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    this.locks.set(name, tail);
    void tail.then(() => {
      if (this.locks.get(name) === tail) this.locks.delete(name);
    });
    return run;
  }

  /** Resolves once every change under way has settled (shutdown). */
  protected settleChanges(): Promise<unknown> {
    return Promise.all([...this.locks.values()]);
  }

  async connectorActiveTopics(name: string): Promise<ActiveTopicsInfo> {
    this.requireConnector(name);
    return { connector: name, topics: [...this.statuses.topics(name)].sort() };
  }

  async resetConnectorActiveTopics(name: string): Promise<void> {
    this.requireConnector(name);
    this.statuses.resetTopics(name);
  }

  get workerId(): string {
    return this.worker.workerId;
  }

  /** This worker's group membership, as connect-worker-rebalance-metrics and connect-coordinator-metrics report it. */
  protected abstract rebalanceMetrics(): RebalanceMetrics;

  /** GET /metrics: everything this worker measures, as plain data. */
  metrics(): ConnectMetricsSnapshot {
    return { ...this.worker.metricsSnapshot(), workerId: this.workerId, rebalance: this.rebalanceMetrics() };
  }

  abstract connectorConfig(name: string): Promise<Record<string, string>>;

  /** The newest `limit` records of the connector's dead-letter queue, read from Kafka by this worker. */
  async deadLetterQueueRecords(name: string, limit: number): Promise<DeadLetterRecords> {
    const topic = (await this.connectorConfig(name))['errors.deadletterqueue.topic.name']?.trim();
    if (!topic) throw new BadRequestException(`Connector ${name} has no dead-letter queue: errors.deadletterqueue.topic.name is not set`);
    const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));
    const records = await latestRecords(this.worker.kafka, topic, limit);
    return {
      topic,
      records: records.map((r) => ({
        partition: r.partition,
        offset: r.offset,
        timestamp: r.timestamp,
        key: text(r.key),
        value: text(r.value),
        headers: r.headers.map((h) => ({ key: h.key, value: text(h.value) })),
      })),
    };
  }

  /** Alters (offsets) or resets (null) a connector's offsets; see offsetsChangeRefused. */
  protected abstract modifyOffsets(name: string, offsets: ConnectorOffset[] | null): Promise<Message>;

  /** Kafka's answer to an offsets change on a connector that is not STOPPED (or still has tasks). */
  protected static offsetsChangeRefused(name: string): BadRequestException {
    return new BadRequestException(
      'Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified ' +
        `connector by issuing a 'PUT' request to the '/connectors/${name}/stop' endpoint`,
    );
  }

  alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<Message> {
    if (offsets.length === 0) return Promise.reject(new BadRequestException('The offsets to be altered may not be null or empty'));
    return this.modifyOffsets(name, offsets);
  }

  resetConnectorOffsets(name: string): Promise<Message> {
    return this.modifyOffsets(name, null);
  }

  connectorPlugins(connectorsOnly: boolean): PluginInfo[] {
    return listPlugins(this.worker.plugins, connectorsOnly);
  }

  connectorPluginConfig(pluginName: string): ConfigKeyInfo[] {
    return pluginConfigKeys(this.worker.plugins, pluginName);
  }

  async validateConnectorConfig(config: Record<string, string | null>): Promise<ConfigInfos> {
    return validateConnectorConfigInfos(this.worker.plugins, config, this.worker.workerProps);
  }

  async previewTransforms(config: Record<string, string>, records: readonly SampleRecord[]): Promise<PreviewStep[][]> {
    // Off the main thread, with a time limit: the chain's regexes are user input.
    return previewOnThread({ pluginPath: this.worker.plugins.searchedPaths.join(','), config, records });
  }

  allLoggerLevels(): Record<string, LoggerLevel> {
    return allLoggerLevels();
  }

  loggerLevel(name: string): LoggerLevel | null {
    return loggerLevel(name);
  }

  setWorkerLoggerLevel(namespace: string, level: string): string[] {
    log.info({ namespace, level }, 'Setting level of namespace and children');
    return setLoggerLevel(namespace, level);
  }
}
