import type { Connector } from '../api/Connector.js';
import type { ConfigProvider } from '../api/ConfigProvider.js';
import { resolveConfig, reverseTransform } from '../config/configProviders.js';
import { hideProvidedValues, providedValuesSnapshot } from '../config/providedValues.js';
import { ConnectException } from '../data/errors.js';
import type { KafkaClients } from '../kafka/index.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import { ConnectorOffsetStore, type OffsetBackingStore } from '../storage/OffsetBackingStore.js';
import { connectorOffsetsTopic, exactlyOnceSpec } from './eos/exactlyOnce.js';
import type { StatusBackingStore } from '../storage/StatusBackingStore.js';
import { connectorSpec } from '../config/connectorSpec.js';
import { InProcessTaskHost, type TaskHost, type TaskSpec } from './taskFactory.js';
import { fullTaskClassName, pluginVersion } from './pluginIdentity.js';
import { connectorLogger, taskLogger, type Logger } from './logger.js';
import { taskKey, traceOf, type ConnectorTaskId, type State, type TargetState } from './status.js';
import type { WorkerTask } from './WorkerTask.js';
import { clientMetricsSnapshot } from '../kafka/index.js';
import { TaskStateClock, type StartupCounters, type TaskMetricsInfo, type WorkerMetricsSnapshot } from './workerMetrics.js';
import { restartDelayMs, taskRestartPolicy, type TaskRestartPolicy } from './taskRestartPolicy.js';

export type ConnectorType = 'source' | 'sink';

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
  /**
   * Distributed mode: until when (epoch ms) this worker surely still holds its group membership;
   * past it, its tasks hold off. A deadline rather than a yes/no so that task threads can check it
   * against their own clock: a process woken from a stall must not send on a stale yes.
   */
  workUntil?: () => number;
  /** config.providers: resolve `${provider:path:key}` just before a connector or task starts. */
  configProviders?: ReadonlyMap<string, ConfigProvider>;
  /** Where tasks run (task threads in the CLIs); default: on this thread. */
  taskHost?: TaskHost;
}

interface RunningConnector {
  name: string;
  instance: Connector;
  type: ConnectorType;
  props: Record<string, string>;
  state: State;
  logger: Logger;
  version: string | undefined;
}

/** What it takes to start a task again (self-healing), and how it has fared. */
interface TaskRecord {
  connectorProps: Record<string, string>;
  taskProps: Record<string, string>;
  targetState: TargetState;
  policy: TaskRestartPolicy | undefined;
  clock: TaskStateClock;
  state: State;
  attempts: number;
  lastError?: string;
  lastRestartAt: number;
  timer?: NodeJS.Timeout;
}

const startup = (): StartupCounters => ({ attempts: 0, successes: 0, failures: 0 });

/**
 * Runs connectors and tasks on this process. The herder decides what runs where; the Worker only
 * starts, stops and reports. One failing connector or task never stops the others.
 */
export class Worker {
  private readonly connectors = new Map<string, RunningConnector>();
  private readonly tasks = new Map<string, WorkerTask>();
  /** Every task this worker was asked to run, including those that failed to be created. */
  private readonly taskRecords = new Map<string, TaskRecord>();
  private readonly connectorStartup = startup();
  private readonly taskStartup = startup();
  private readonly host: TaskHost;

  constructor(private readonly options: WorkerOptions) {
    this.host = options.taskHost ?? new InProcessTaskHost({ plugins: options.plugins, kafka: options.kafka });
  }

  get workerId(): string {
    return this.options.workerId;
  }

  get plugins(): PluginRegistry {
    return this.options.plugins;
  }

  /** The worker's properties (its converters are the defaults connectors validate against). */
  get workerProps(): Readonly<Record<string, string>> {
    return this.options.workerProps;
  }

  /** Source offsets (GET/PATCH/DELETE /connectors/{name}/offsets). */
  get offsetStore(): OffsetBackingStore {
    return this.options.offsetStore;
  }

  /**
   * KIP-618: the offsets of a connector: its own `offsets.storage.topic` when it has one (reads fall
   * back to the worker's topic), else the worker's store.
   */
  async offsetStoreFor(connectorProps: Readonly<Record<string, string>>): Promise<OffsetBackingStore> {
    const topic = connectorOffsetsTopic(connectorProps);
    const worker = this.options.offsetStore;
    if (!topic || !worker.forTopic) return worker;
    const own = await worker.forTopic(topic);
    return own === worker ? worker : new ConnectorOffsetStore(own, worker);
  }

  /** This worker's Kafka clients (sink connector offsets live in their consumer group). */
  get kafka(): KafkaClients {
    return this.options.kafka;
  }

  private report(connector: string, state: State, err?: unknown): void {
    const version = this.connectors.get(connector)?.version;
    this.options.statusStore.onConnectorState(connector, {
      state,
      ...(err === undefined ? {} : { trace: traceOf(err) }),
      workerId: this.options.workerId,
      generation: this.options.generation?.() ?? 0,
      ...(version ? { version } : {}),
    });
  }

  private resolve(props: Record<string, string>, logger: Logger): Promise<Record<string, string>> {
    const providers = this.options.configProviders;
    return providers && providers.size > 0 ? resolveConfig(props, providers, logger) : Promise.resolve(props);
  }

  connectorType(className: string): ConnectorType {
    const plugin = this.options.plugins.resolve(className, ['source', 'sink']);
    return plugin.type as ConnectorType;
  }

  /** Instantiates a connector class without starting it (validation, config endpoints). */
  newConnector(className: string): { type: ConnectorType; instance: Connector } {
    const { plugin, instance } = this.options.plugins.instantiate<Connector>(className, ['source', 'sink']);
    return { type: plugin.type as ConnectorType, instance };
  }

  /** A connector's full class name (aliases resolved); the value as given when it names no plugin. */
  connectorClassName(connectorClass: string): string {
    try {
      return this.options.plugins.resolve(connectorClass, ['source', 'sink']).className;
    } catch {
      return connectorClass;
    }
  }

  /** The full class name of a connector's tasks (`task.class`); throws when the connector cannot be created. */
  taskClassName(connectorClass: string): string {
    const { instance } = this.newConnector(connectorClass);
    return fullTaskClassName(this.connectorClassName(connectorClass), instance.taskClass());
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
    const logger = connectorLogger(name, this.connectorClassName(props['connector.class'] ?? ''));
    this.connectorStartup.attempts++;
    const started = await this.startConnectorInstance(name, props, targetState, onReconfigure, logger);
    if (started) this.connectorStartup.successes++;
    else this.connectorStartup.failures++;
    return started;
  }

  private async startConnectorInstance(
    name: string,
    props: Record<string, string>,
    targetState: TargetState,
    onReconfigure: () => void,
    logger: Logger,
  ): Promise<boolean> {
    let running: RunningConnector;
    try {
      const { type, instance } = this.newConnector(props['connector.class'] ?? '');
      running = { name, instance, type, props, state: 'UNASSIGNED', logger, version: pluginVersion(instance) };
      this.connectors.set(name, running);
      instance.initialize({
        requestTaskReconfiguration: () => onReconfigure(),
        raiseError: (err: Error) => {
          logger.error({ err }, 'Connector raised an error');
          running.state = 'FAILED';
          this.report(name, 'FAILED', err);
        },
      });
    } catch (err) {
      this.connectors.delete(name);
      logger.error({ err }, 'Failed to create connector');
      this.report(name, 'FAILED', err);
      return false;
    }
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
    const key = taskKey(id);
    if (this.tasks.has(key)) throw new ConnectException(`Task ${key} is already running on this worker`);
    const previous = this.taskRecords.get(key);
    if (previous?.timer) clearTimeout(previous.timer);
    const record: TaskRecord = { connectorProps, taskProps, targetState, policy: undefined, clock: new TaskStateClock(), state: 'UNASSIGNED', attempts: 0, lastRestartAt: 0 };
    this.taskRecords.set(key, record);
    return this.launchTask(id, record);
  }

  private async launchTask(id: ConnectorTaskId, record: TaskRecord): Promise<boolean> {
    const key = taskKey(id);
    const logger = taskLogger(id.connector, id.task, record.taskProps['task.class'] ?? '');
    const onStatus = (tid: ConnectorTaskId, e: { state: State; trace?: string; version?: string }) => this.onTaskStatus(tid, record, e, logger);
    const onTopic = (topic: string) => this.options.statusStore.addTopic(id.connector, topic);
    const targetState = record.targetState;
    let task: WorkerTask;
    this.taskStartup.attempts++;
    try {
      record.policy = taskRestartPolicy(record.connectorProps);
      const type = this.connectorType(record.connectorProps['connector.class'] ?? '');
      const offsets = await this.offsetStoreFor(record.connectorProps);
      const exactlyOnce = type === 'source' ? exactlyOnceSpec(this.options.workerProps, record.connectorProps, id.connector, id.task, this.options.offsetFlushIntervalMs) : undefined;
      const spec: TaskSpec = {
        id,
        ...(exactlyOnce ? { exactlyOnce } : {}),
        connector: connectorSpec(await this.resolve(record.connectorProps, logger), type),
        taskProps: await this.resolve(record.taskProps, logger),
        workerProps: this.options.workerProps,
        offsetFlushIntervalMs: this.options.offsetFlushIntervalMs,
        providedValues: providedValuesSnapshot(),
      };
      task = await this.host.create(spec, {
        onStatus,
        onTopic,
        readOffsets: (keys) => offsets.get(keys),
        writeOffsets: (entries) => offsets.set(entries),
        ...(this.options.workUntil ? { workUntil: this.options.workUntil } : {}),
      });
    } catch (err) {
      logger.error({ err }, 'Failed to create task');
      this.taskStartup.failures++;
      onStatus(id, { state: 'FAILED', trace: traceOf(err) });
      return false;
    }
    this.tasks.set(key, task);
    if (targetState === 'PAUSED') task.pause();
    await task.start();
    const ok = task.state !== 'FAILED';
    if (ok) this.taskStartup.successes++;
    else this.taskStartup.failures++;
    return ok;
  }

  private onTaskStatus(id: ConnectorTaskId, record: TaskRecord, e: { state: State; trace?: string; version?: string }, logger: Logger): void {
    // A task thread knows nothing of the values resolved here: its trace is checked on this side.
    if (e.trace !== undefined) e = { ...e, trace: hideProvidedValues(e.trace) };
    record.state = e.state;
    record.clock.onState(e.state);
    const healing = record.attempts > 0 ? { restartAttempts: record.attempts, ...(record.lastError ? { lastError: record.lastError } : {}) } : {};
    this.options.statusStore.onTaskState(id, { ...e, ...healing, workerId: this.options.workerId, generation: this.options.generation?.() ?? 0 });
    if (e.state === 'FAILED') this.scheduleRestart(id, record, e.trace, logger);
  }

  /** Self-healing: a FAILED task of a connector with task.restart.on.failure=true starts again after a back-off. */
  private scheduleRestart(id: ConnectorTaskId, record: TaskRecord, trace: string | undefined, logger: Logger): void {
    const policy = record.policy;
    if (!policy?.enabled || record.timer || this.taskRecords.get(taskKey(id)) !== record) return;
    // A task that ran well for longer than the longest back-off starts counting afresh.
    if (record.lastRestartAt > 0 && Date.now() - record.lastRestartAt > policy.maxBackoffMs) record.attempts = 0;
    if (policy.maxAttempts >= 0 && record.attempts >= policy.maxAttempts) {
      logger.warn({ attempts: record.attempts }, 'Task failed again; task.restart.max.attempts reached, leaving it FAILED');
      return;
    }
    const delay = restartDelayMs(policy, record.attempts + 1);
    logger.info({ attempt: record.attempts + 1, restartInMs: delay }, 'Task failed; restarting it (task.restart.on.failure=true)');
    record.timer = setTimeout(() => {
      record.timer = undefined;
      void this.selfHeal(id, record, trace).catch((err: unknown) => logger.error({ err }, 'Restarting the failed task failed'));
    }, delay);
  }

  private async selfHeal(id: ConnectorTaskId, record: TaskRecord, trace: string | undefined): Promise<void> {
    const key = taskKey(id);
    if (this.taskRecords.get(key) !== record || record.state !== 'FAILED') return;
    record.attempts++;
    const firstLine = trace?.split('\n', 1)[0];
    if (firstLine) record.lastError = firstLine;
    record.lastRestartAt = Date.now();
    const failed = this.tasks.get(key);
    if (failed) {
      this.tasks.delete(key);
      await failed.stop();
    }
    // Stopped or reassigned meanwhile: whoever did that owns the task now.
    if (this.taskRecords.get(key) !== record || this.tasks.has(key)) return;
    record.clock = new TaskStateClock();
    await this.launchTask(id, record);
  }

  async stopTasks(ids: ConnectorTaskId[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        const key = taskKey(id);
        const record = this.taskRecords.get(key);
        if (record?.timer) clearTimeout(record.timer);
        this.taskRecords.delete(key);
        const t = this.tasks.get(key);
        if (!t) return;
        this.tasks.delete(key);
        await t.stop();
      }),
    );
  }

  /** This worker's side of Kafka Connect's metrics (src/rest/metrics.ts renders them). */
  metricsSnapshot(): WorkerMetricsSnapshot {
    const connectors = [...this.connectors.values()].map((c) => {
      const className = c.props['connector.class'] ?? '';
      let version = 'unknown';
      let resolvedClass = className;
      try {
        const plugin = this.options.plugins.resolve(className, ['source', 'sink']);
        version = plugin.version ?? 'unknown';
        resolvedClass = plugin.className;
      } catch {
        // the class went away (plugin removed); report what the config says
      }
      return { name: c.name, type: c.type, className: resolvedClass, version, state: c.state };
    });
    const now = Date.now();
    const tasks: TaskMetricsInfo[] = [];
    for (const [key, t] of this.tasks) {
      const record = this.taskRecords.get(key);
      tasks.push({
        ...t.metrics(),
        state: t.state,
        ...(record ? record.clock.ratios(now) : { runningRatio: 0, pauseRatio: 0 }),
        restartAttempts: record?.attempts ?? 0,
        ...(record?.lastError ? { lastError: record.lastError } : {}),
      });
    }
    const taskStates = [...this.taskRecords].map(([key, r]) => {
      const task = Number(key.slice(key.lastIndexOf('-') + 1));
      return { connector: key.slice(0, key.lastIndexOf('-')), task, state: r.state };
    });
    return {
      connectors,
      tasks,
      taskStates,
      connectorStartup: { ...this.connectorStartup },
      taskStartup: { ...this.taskStartup },
      clients: [...clientMetricsSnapshot(), ...(this.host.clientMetrics?.() ?? [])],
      taskThreads: this.host.threadCount?.() ?? 0,
    };
  }

  taskState(id: ConnectorTaskId): State | undefined {
    return this.tasks.get(taskKey(id))?.state;
  }

  async commitAll(): Promise<void> {
    await Promise.all([...this.tasks.values()].map((t) => t.commitOffsets()));
  }

  async stop(): Promise<void> {
    await this.stopTasks([...this.tasks.values()].map((t) => t.id));
    for (const name of [...this.connectors.keys()]) await this.stopConnector(name);
    await this.host.close();
  }
}
