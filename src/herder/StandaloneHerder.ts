import { AlreadyExistsException, ConnectException, NotFoundException } from '../data/errors.js';
import type { Worker } from '../runtime/Worker.js';
import type { StatusBackingStore } from '../storage/StatusBackingStore.js';
import type { TargetState } from '../runtime/status.js';
import { namedLogger } from '../runtime/logger.js';
import { RebalanceTracker, type RebalanceMetrics } from '../runtime/workerMetrics.js';
import { AbstractHerder } from './AbstractHerder.js';
import { ensureValid, validateConnectorConfigInfos } from './configInfos.js';
import { connectorOffsets, modifyConnectorOffsets } from './connectorOffsets.js';
import type { Herder, RestartRequest } from './Herder.js';
import type {
  ActiveTopicsInfo,
  ConnectorEntry,
  ConnectorInfo,
  ConnectorOffset,
  ConnectorOffsets,
  ConnectorStateInfo,
  Message,
  StateInfo,
  TaskId,
  TaskInfo,
  TaskStateInfo,
} from './types.js';
import { toStateInfo } from './types.js';

const log = namedLogger('kconnect.herder');

/**
 * Standalone mode: one worker runs everything; configs and target states live in memory and come
 * from the properties files or REST (as Kafka's MemoryConfigBackingStore). Operations on one
 * connector are serialised; different connectors proceed independently.
 */
export class StandaloneHerder extends AbstractHerder implements Herder {
  private readonly entries = new Map<string, ConnectorEntry>();
  private clusterId: string | null = null;
  private ready = false;
  private readonly rebalances = new RebalanceTracker();

  constructor(worker: Worker, readonly status: StatusBackingStore) {
    super(worker, status);
  }

  /** Startup finished (Kafka reachable): GET /health turns healthy, GET / shows the cluster id. */
  start(kafkaClusterId: string | null): void {
    this.clusterId = kafkaClusterId;
    this.ready = true;
  }

  /** Standalone has no group: one worker holds everything and never rebalances. */
  protected rebalanceMetrics(): RebalanceMetrics {
    return this.rebalances.snapshot({
      leaderName: '',
      connectProtocol: '',
      epoch: 0,
      assignedConnectors: this.worker.connectorNames().length,
      assignedTasks: this.worker.taskIds().length,
    });
  }

  isReady(): boolean {
    return this.ready;
  }

  async healthCheck(): Promise<void> {
    // One event loop: if this runs, requests are being served. Wait one turn so a loop that is
    // busy with queued work shows up as latency against the REST health timeout.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  kafkaClusterId(): string | null {
    return this.clusterId;
  }

  private entry(name: string, notFound = `Connector ${name} not found`): ConnectorEntry {
    const e = this.entries.get(name);
    if (!e) throw new NotFoundException(notFound);
    return e;
  }

  async connectors(): Promise<string[]> {
    return [...this.entries.keys()].sort();
  }

  hasConnector(name: string): boolean {
    return this.entries.has(name);
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...this.entry(name).config };
  }

  targetState(name: string): TargetState {
    return this.entry(name).targetState;
  }

  private connectorType(name: string): ConnectorInfo['type'] {
    try {
      return this.worker.connectorType(this.entry(name).config['connector.class'] ?? '');
    } catch {
      return 'unknown';
    }
  }

  private info(name: string): ConnectorInfo {
    const e = this.entry(name);
    return {
      name,
      config: { ...e.config },
      tasks: e.taskConfigs.map((_, task) => ({ connector: name, task })),
      type: this.connectorType(name),
    };
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.info(name);
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    return this.entry(name).taskConfigs.map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  private stateInfo(name: string): ConnectorStateInfo {
    const e = this.entry(name, `No status found for connector ${name}`);
    const c = this.status.connector(name);
    const connector = toStateInfo(c, this.workerId);
    const tasks = e.taskConfigs.map((_, id) => ({ id, ...this.taskState({ connector: name, task: id }) }));
    return { name, connector, tasks, type: this.connectorType(name) };
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return this.stateInfo(name);
  }

  async taskStatus(id: TaskId): Promise<TaskStateInfo> {
    const e = this.entries.get(id.connector);
    if (!e || id.task < 0 || id.task >= e.taskConfigs.length) throw new NotFoundException(`No status found for task ${id.connector}-${id.task}`);
    return { id: id.task, ...this.taskState(id) };
  }

  private taskState(id: TaskId): StateInfo {
    return toStateInfo(this.status.task(id), this.workerId);
  }

  protected requireConnector(name: string): void {
    this.entry(name);
  }

  /** Creates or replaces a connector. Validation failures throw before anything changes. */
  async putConnectorConfig(
    name: string,
    config: Record<string, string>,
    allowReplace: boolean,
    initialState: TargetState = 'STARTED',
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    const full = { ...config, name };
    ensureValid(validateConnectorConfigInfos(this.worker.plugins, full, this.worker.workerProps));
    return this.withLock(name, async () => {
      const existing = this.entries.get(name);
      if (existing && !allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`);
      if (existing) await this.stopConnectorAndTasks(name);
      const entry: ConnectorEntry = { config: full, targetState: existing?.targetState ?? initialState, taskConfigs: [] };
      this.entries.set(name, entry);
      log.info({ connector: name, created: !existing, targetState: entry.targetState }, existing ? 'Connector config updated' : 'Connector created');
      await this.startConnectorAndTasks(name);
      return { created: !existing, info: this.info(name) };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    const current = this.entry(name).config;
    const patched: Record<string, string> = { ...current };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete patched[k];
      else patched[k] = v;
    }
    return (await this.putConnectorConfig(name, patched, true)).info;
  }

  deleteConnector(name: string): Promise<void> {
    return this.withLock(name, async () => {
      this.entry(name);
      await this.stopConnectorAndTasks(name);
      this.entries.delete(name);
      this.status.deleteConnector(name);
      log.info({ connector: name }, 'Connector deleted');
    });
  }

  private async startConnectorAndTasks(name: string): Promise<void> {
    const e = this.entry(name);
    const ok = await this.worker.startConnector(name, e.config, e.targetState, () => void this.reconfigure(name));
    if (!ok || e.targetState === 'STOPPED') {
      // A stopped connector keeps no tasks (KIP-875); a failed one has none to start.
      e.taskConfigs = [];
      return;
    }
    await this.startTasks(name);
  }

  private async startTasks(name: string): Promise<void> {
    const e = this.entry(name);
    let configs: Record<string, string>[];
    try {
      configs = await this.worker.connectorTaskConfigs(name);
    } catch (err) {
      log.error({ connector: name, err }, 'Connector failed to generate task configs');
      this.status.onConnectorState(name, { state: 'FAILED', trace: (err as Error).stack ?? String(err), workerId: this.workerId, generation: 0 });
      return;
    }
    const cls = e.config['connector.class'] ?? '';
    let taskClass = '';
    try {
      taskClass = this.worker.taskClassName(cls);
    } catch {
      /* reported by the connector's own status */
    }
    e.taskConfigs = configs.map((c) => ({ ...c, 'task.class': taskClass }));
    await Promise.all(
      e.taskConfigs.map((taskConfig, task) => this.worker.startTask({ connector: name, task }, e.config, taskConfig, e.targetState)),
    );
  }

  private async stopConnectorAndTasks(name: string): Promise<void> {
    await this.worker.stopTasks(this.worker.taskIds(name));
    await this.worker.stopConnector(name);
    for (const [id] of this.status.tasks(name)) this.status.deleteTask({ connector: name, task: id });
  }

  /** The connector asked for new task configs (requestTaskReconfiguration). */
  private reconfigure(name: string): Promise<void> {
    return this.withLock(name, async () => {
      const e = this.entries.get(name);
      if (!e || e.targetState === 'STOPPED') return;
      await this.worker.stopTasks(this.worker.taskIds(name));
      await this.startTasks(name);
    });
  }

  setTargetState(name: string, target: TargetState): Promise<void> {
    // Kafka's words: pause/resume say "Unknown connector", stop says "not found".
    const notFound = target === 'STOPPED' ? `Connector ${name} not found` : `Unknown connector ${name}`;
    this.entry(name, notFound);
    return this.withLock(name, async () => {
      const e = this.entry(name, notFound);
      const before = e.targetState;
      if (before === target) return;
      e.targetState = target;
      log.info({ connector: name, from: before, to: target }, 'Connector target state changed');
      if (target === 'STOPPED') {
        await this.stopConnectorAndTasks(name);
        e.taskConfigs = [];
        await this.worker.startConnector(name, e.config, 'STOPPED', () => {});
        return;
      }
      if (before === 'STOPPED') {
        await this.worker.stopConnector(name);
        await this.startConnectorAndTasks(name);
        return;
      }
      this.worker.setConnectorTargetState(name, target);
    });
  }

  restartConnector(name: string): Promise<void> {
    this.entry(name);
    return this.withLock(name, async () => {
      const e = this.entry(name);
      this.status.onConnectorState(name, { state: 'RESTARTING', workerId: this.workerId, generation: 0 });
      await this.worker.stopConnector(name);
      await this.worker.startConnector(name, e.config, e.targetState, () => void this.reconfigure(name));
    });
  }

  restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    this.entry(name, `Unknown connector: ${name}`);
    return this.withLock(name, async () => {
      const e = this.entry(name, `Unknown connector: ${name}`);
      const current = this.stateInfo(name);
      const restartConnector = !request.onlyFailed || current.connector.state === 'FAILED';
      const tasksToRestart = request.includeTasks
        ? current.tasks.filter((t) => !request.onlyFailed || t.state === 'FAILED').map((t) => ({ connector: name, task: t.id }))
        : [];
      // The answer is the plan: what will restart shows as RESTARTING.
      const plan: ConnectorStateInfo = {
        ...current,
        connector: restartConnector ? { ...current.connector, state: 'RESTARTING' } : current.connector,
        tasks: current.tasks.map((t) => (tasksToRestart.some((id) => id.task === t.id) ? { ...t, state: 'RESTARTING' } : t)),
      };
      log.info({ connector: name, restartConnector, tasks: tasksToRestart.map((t) => t.task) }, 'Restarting');
      if (restartConnector) {
        this.status.onConnectorState(name, { state: 'RESTARTING', workerId: this.workerId, generation: 0 });
        await this.worker.stopConnector(name);
      }
      for (const id of tasksToRestart) this.status.onTaskState(id, { state: 'RESTARTING', workerId: this.workerId, generation: 0 });
      await this.worker.stopTasks(tasksToRestart);
      if (restartConnector) await this.worker.startConnector(name, e.config, e.targetState, () => void this.reconfigure(name));
      await this.startTaskList(e, tasksToRestart);
      return plan;
    });
  }

  restartTask(id: TaskId): Promise<void> {
    this.entry(id.connector);
    return this.withLock(id.connector, async () => {
      const e = this.entry(id.connector);
      if (id.task < 0 || id.task >= e.taskConfigs.length) throw new NotFoundException(`Task ${id.connector}-${id.task} not found`);
      await this.worker.stopTasks([id]);
      await this.startTaskList(e, [id]);
    });
  }

  private async startTaskList(e: ConnectorEntry, ids: TaskId[]): Promise<void> {
    for (const id of ids) {
      const cfg = e.taskConfigs[id.task];
      if (!cfg) throw new ConnectException(`Task ${id.connector}-${id.task} has no configuration`);
      await this.worker.startTask(id, e.config, cfg, e.targetState);
    }
  }

  // ---- offsets (KIP-875) ----

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return connectorOffsets(this.worker, name, this.entry(name).config);
  }

  protected modifyOffsets(name: string, offsets: ConnectorOffset[] | null): Promise<Message> {
    this.entry(name);
    return this.withLock(name, async () => {
      const e = this.entry(name);
      if (e.targetState !== 'STOPPED' || e.taskConfigs.length !== 0) throw AbstractHerder.offsetsChangeRefused(name);
      return modifyConnectorOffsets(this.worker, name, e.config, offsets);
    });
  }

  // ---- worker-local: plugins, validation and loggers come from AbstractHerder ----

  /** In standalone mode this worker is the whole cluster. */
  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    this.setWorkerLoggerLevel(namespace, level);
  }

  async stop(): Promise<void> {
    await this.settleChanges();
    await this.worker.stop();
  }
}
