import type { Connector } from '../api/Connector.js';
import type { ConfigProvider } from '../api/ConfigProvider.js';
import { resolveConfig, reverseTransform } from '../config/configProviders.js';
import type { SinkTask, SourceTask } from '../api/tasks.js';
import type { SourceRecord } from '../data/SourceRecord.js';
import type { SinkRecord } from '../data/SinkRecord.js';
import { ConnectException } from '../data/errors.js';
import type { KafkaClients } from '../kafka/index.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import type { OffsetBackingStore } from '../storage/OffsetBackingStore.js';
import type { StatusBackingStore } from '../storage/StatusBackingStore.js';
import { buildTransformationChain, listValue, withPrefix } from './chainFactory.js';
import { buildConverters } from './converterFactory.js';
import type { RecordErrorHandler } from './errorHandling.js';
import { defaultErrorHandlerFactory } from './errors/factory.js';
import { connectorLogger, taskLogger, type Logger } from './logger.js';
import { ConnectorOffsetReader } from './offsets.js';
import { traceOf, type ConnectorTaskId, type State, type TargetState } from './status.js';
import { WorkerSinkTask } from './WorkerSinkTask.js';
import { WorkerSourceTask } from './WorkerSourceTask.js';
import type { WorkerTask } from './WorkerTask.js';

export type ConnectorType = 'source' | 'sink';

export interface ErrorHandlerFactory {
  (args: { id: ConnectorTaskId; connectorProps: Record<string, string>; type: ConnectorType; logger: Logger }): RecordErrorHandler;
}

export interface WorkerOptions {
  workerId: string;
  workerProps: Record<string, string>;
  plugins: PluginRegistry;
  offsetStore: OffsetBackingStore;
  statusStore: StatusBackingStore;
  kafka: KafkaClients;
  offsetFlushIntervalMs: number;
  /** The group generation (distributed mode); 0 in standalone. */
  generation?: () => number;
  errorHandlerFactory?: ErrorHandlerFactory;
  /** config.providers: resolve `${provider:path:key}` just before a connector or task starts. */
  configProviders?: ReadonlyMap<string, ConfigProvider>;
}

interface RunningConnector {
  name: string;
  instance: Connector;
  type: ConnectorType;
  props: Record<string, string>;
  state: State;
  logger: Logger;
}

/**
 * Runs connectors and tasks on this process. The herder decides what runs where; the Worker only
 * starts, stops and reports. One failing connector or task never stops the others.
 */
export class Worker {
  private readonly connectors = new Map<string, RunningConnector>();
  private readonly tasks = new Map<string, WorkerTask>();

  constructor(private readonly o: WorkerOptions) {}

  get workerId(): string {
    return this.o.workerId;
  }

  get plugins(): PluginRegistry {
    return this.o.plugins;
  }

  /** Source offsets (GET/PATCH/DELETE /connectors/{name}/offsets). */
  get offsetStore(): OffsetBackingStore {
    return this.o.offsetStore;
  }

  /** This worker's Kafka clients (sink connector offsets live in their consumer group). */
  get kafka(): KafkaClients {
    return this.o.kafka;
  }

  private report(connector: string, state: State, err?: unknown): void {
    this.o.statusStore.onConnectorState(connector, {
      state,
      ...(err === undefined ? {} : { trace: traceOf(err) }),
      workerId: this.o.workerId,
      generation: this.o.generation?.() ?? 0,
    });
  }

  private resolve(props: Record<string, string>, logger: Logger): Promise<Record<string, string>> {
    const providers = this.o.configProviders;
    return providers && providers.size > 0 ? resolveConfig(props, providers, logger) : Promise.resolve(props);
  }

  connectorType(className: string): ConnectorType {
    const plugin = this.o.plugins.resolve(className, ['source', 'sink']);
    return plugin.type as ConnectorType;
  }

  /** Instantiates a connector class without starting it (validation, config endpoints). */
  newConnector(className: string): { type: ConnectorType; instance: Connector } {
    const { plugin, instance } = this.o.plugins.instantiate<Connector>(className, ['source', 'sink']);
    return { type: plugin.type as ConnectorType, instance };
  }

  isRunning(name: string): boolean {
    return this.connectors.has(name);
  }

  /** The state of a connector created on this worker (undefined when it is not, e.g. its class failed to load). */
  connectorState(name: string): State | undefined {
    return this.connectors.get(name)?.state;
  }

  async startConnector(
    name: string,
    props: Record<string, string>,
    targetState: TargetState,
    onReconfigure: () => void,
  ): Promise<boolean> {
    if (this.connectors.has(name)) throw new ConnectException(`Connector ${name} is already running on this worker`);
    const logger = connectorLogger(name);
    let running: RunningConnector;
    try {
      const { type, instance } = this.newConnector(props['connector.class'] ?? '');
      running = { name, instance, type, props, state: 'UNASSIGNED', logger };
      instance.initialize({
        requestTaskReconfiguration: () => onReconfigure(),
        raiseError: (err: Error) => {
          logger.error({ err }, 'Connector raised an error');
          running.state = 'FAILED';
          this.report(name, 'FAILED', err);
        },
      });
    } catch (err) {
      logger.error({ err }, 'Failed to create connector');
      this.report(name, 'FAILED', err);
      return false;
    }
    this.connectors.set(name, running);
    if (targetState === 'STOPPED') {
      running.state = 'STOPPED';
      this.report(name, 'STOPPED');
      return true;
    }
    try {
      // Resolved values go to the plugin only; running.props (and so REST) keep the raw ${...}.
      await running.instance.start(await this.resolve(props, logger));
      running.state = targetState === 'PAUSED' ? 'PAUSED' : 'RUNNING';
      this.report(name, running.state);
      logger.info({ class: props['connector.class'] }, 'Connector started');
      return true;
    } catch (err) {
      logger.error({ err }, 'Connector failed to start');
      running.state = 'FAILED';
      this.report(name, 'FAILED', err);
      return false;
    }
  }

  async connectorTaskConfigs(name: string): Promise<Record<string, string>[]> {
    const c = this.connectors.get(name);
    if (!c || c.state === 'FAILED' || c.state === 'STOPPED') return [];
    const maxTasks = Number(c.props['tasks.max'] ?? '1');
    const configs = reverseTransform(c.props, await c.instance.taskConfigs(maxTasks));
    if (configs.length > maxTasks) {
      throw new ConnectException(`Connector ${name} generated ${configs.length} tasks, more than tasks.max=${maxTasks}`);
    }
    return configs;
  }

  async stopConnector(name: string): Promise<void> {
    const c = this.connectors.get(name);
    if (!c) return;
    this.connectors.delete(name);
    try {
      if (c.state !== 'FAILED' && c.state !== 'STOPPED') await c.instance.stop();
    } catch (err) {
      c.logger.warn({ err }, 'Connector stop() threw');
    }
    c.logger.info('Connector stopped');
  }

  setConnectorTargetState(name: string, target: TargetState): void {
    const c = this.connectors.get(name);
    if (c && c.state !== 'FAILED' && c.state !== 'STOPPED') {
      c.state = target === 'PAUSED' ? 'PAUSED' : 'RUNNING';
      this.report(name, c.state);
    }
    for (const t of this.tasks.values()) {
      if (t.id.connector !== name) continue;
      if (target === 'PAUSED') t.pause();
      else if (target === 'STARTED') t.resume();
    }
  }

  taskIds(connector?: string): ConnectorTaskId[] {
    return [...this.tasks.values()].map((t) => t.id).filter((id) => connector === undefined || id.connector === connector);
  }

  connectorNames(): string[] {
    return [...this.connectors.keys()];
  }

  async startTask(
    id: ConnectorTaskId,
    connectorProps: Record<string, string>,
    taskProps: Record<string, string>,
    targetState: TargetState,
  ): Promise<boolean> {
    const key = `${id.connector}-${id.task}`;
    if (this.tasks.has(key)) throw new ConnectException(`Task ${key} is already running on this worker`);
    const logger = taskLogger(id.connector, id.task);
    const onStatus = (tid: ConnectorTaskId, e: { state: State; trace?: string }) =>
      this.o.statusStore.onTaskState(tid, { ...e, workerId: this.o.workerId, generation: this.o.generation?.() ?? 0 });
    const onTopic = (topic: string) => this.o.statusStore.addTopic(id.connector, topic);
    let task: WorkerTask;
    let errors: RecordErrorHandler | undefined;
    try {
      connectorProps = await this.resolve(connectorProps, logger);
      taskProps = await this.resolve(taskProps, logger);
      const { type, instance: connector } = this.newConnector(connectorProps['connector.class'] ?? '');
      const TaskClass = connector.taskClass();
      const converters = buildConverters(connectorProps, this.o.workerProps, this.o.plugins);
      // errors.* of the connector config: retries, tolerance, error log, dead-letter queue (topic created now).
      errors = (this.o.errorHandlerFactory ?? defaultErrorHandlerFactory(this.o))({ id, connectorProps, type, logger });
      await errors.start?.();
      const clientId = `connector-${type === 'source' ? 'producer' : 'consumer'}-${key}`;
      if (type === 'source') {
        task = new WorkerSourceTask({
          id,
          task: new (TaskClass as new () => SourceTask)(),
          taskConfig: taskProps,
          chain: buildTransformationChain<SourceRecord>(connectorProps, this.o.plugins),
          ...converters,
          producer: this.o.kafka.producer(clientId, withPrefix(connectorProps, 'producer.override.')),
          maxRequestBytes: Number(
            connectorProps['producer.override.max.request.size'] ?? this.o.workerProps['producer.max.request.size'] ?? 1048576,
          ),
          offsetStore: this.o.offsetStore,
          offsetReader: new ConnectorOffsetReader(id.connector, this.o.offsetStore),
          errors,
          logger,
          onStatus,
          onTopic,
          offsetFlushIntervalMs: this.o.offsetFlushIntervalMs,
        });
      } else {
        const regex = connectorProps['topics.regex'];
        const consumerOverrides = withPrefix(connectorProps, 'consumer.override.');
        const groupId = consumerOverrides['group.id'] ?? `connect-${id.connector}`;
        task = new WorkerSinkTask({
          id,
          task: new (TaskClass as new () => SinkTask)(),
          taskConfig: taskProps,
          topics: regex ? undefined : listValue(connectorProps['topics']),
          topicsRegex: regex ? new RegExp(`^(?:${regex})$`) : undefined,
          chain: buildTransformationChain<SinkRecord>(connectorProps, this.o.plugins),
          ...converters,
          consumer: this.o.kafka.consumer(groupId, clientId, consumerOverrides),
          errors,
          errantRecordReporter: errors.errantRecordReporter?.(converters),
          logger,
          onStatus,
          onTopic,
          offsetFlushIntervalMs: this.o.offsetFlushIntervalMs,
        });
      }
    } catch (err) {
      await errors?.close().catch(() => {});
      logger.error({ err }, 'Failed to create task');
      onStatus(id, { state: 'FAILED', trace: traceOf(err) });
      return false;
    }
    this.tasks.set(key, task);
    if (targetState === 'PAUSED') task.pause();
    await task.start();
    return task.state !== 'FAILED';
  }

  async stopTasks(ids: ConnectorTaskId[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const key = `${id.connector}-${id.task}`;
        const t = this.tasks.get(key);
        if (!t) return;
        this.tasks.delete(key);
        await t.stop();
      }),
    );
  }

  taskState(id: ConnectorTaskId): State | undefined {
    return this.tasks.get(`${id.connector}-${id.task}`)?.state;
  }

  async commitAll(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => t.commitOffsets()));
  }

  async stop(): Promise<void> {
    await this.stopTasks([...this.tasks.values()].map((t) => t.id));
    for (const name of [...this.connectors.keys()]) await this.stopConnector(name);
  }
}
