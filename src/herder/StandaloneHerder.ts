import { AlreadyExistsException, ConnectException, NotFoundException } from '../data/errors.js';
import type { Worker } from '../runtime/Worker.js';
import type { StatusBackingStore } from '../storage/StatusBackingStore.js';
import type { TargetState } from '../runtime/status.js';
import { namedLogger } from '../runtime/logger.js';
import { validateConnectorConfig } from './validation.js';
import type { ConnectorEntry, ConnectorInfo, ConnectorStateInfo, TaskId, TaskInfo, StateInfo } from './types.js';

const log = namedLogger('kconnect.herder');

/**
 * Standalone mode: one worker runs everything; configs live in memory and come from the
 * properties files (or REST). Operations on one connector are serialised; different connectors
 * proceed independently.
 */
export class StandaloneHerder {
  private readonly entries = new Map<string, ConnectorEntry>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly worker: Worker, readonly status: StatusBackingStore) {}

  get workerId(): string {
    return this.worker.workerId;
  }

  private withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(name) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => {});
    this.locks.set(name, tail);
    void tail.then(() => {
      if (this.locks.get(name) === tail) this.locks.delete(name);
    });
    return run;
  }

  private entry(name: string): ConnectorEntry {
    const e = this.entries.get(name);
    if (!e) throw new NotFoundException(`Connector ${name} not found`);
    return e;
  }

  connectors(): string[] {
    return [...this.entries.keys()].sort();
  }

  hasConnector(name: string): boolean {
    return this.entries.has(name);
  }

  connectorConfig(name: string): Record<string, string> {
    return { ...this.entry(name).config };
  }

  targetState(name: string): TargetState {
    return this.entry(name).targetState;
  }

  connectorType(name: string): 'source' | 'sink' | 'unknown' {
    try {
      return this.worker.connectorType(this.entry(name).config['connector.class'] ?? '');
    } catch {
      return 'unknown';
    }
  }

  connectorInfo(name: string): ConnectorInfo {
    const e = this.entry(name);
    return {
      name,
      config: { ...e.config },
      tasks: e.taskConfigs.map((_, task) => ({ connector: name, task })),
      type: this.connectorType(name),
    };
  }

  taskConfigs(name: string): TaskInfo[] {
    return this.entry(name).taskConfigs.map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  connectorStatus(name: string): ConnectorStateInfo {
    const e = this.entry(name);
    const c = this.status.connector(name);
    const connector: StateInfo = c
      ? { state: c.state, worker_id: c.workerId, ...(c.trace ? { trace: c.trace } : {}) }
      : { state: 'UNASSIGNED', worker_id: this.workerId };
    const tasks = e.taskConfigs.map((_, id) => ({ id, ...this.taskState({ connector: name, task: id }) }));
    return { name, connector, tasks, type: this.connectorType(name) };
  }

  taskStatus(id: TaskId): StateInfo & { id: number } {
    const e = this.entry(id.connector);
    if (id.task < 0 || id.task >= e.taskConfigs.length) throw new NotFoundException(`Task ${id.connector}-${id.task} not found`);
    return { id: id.task, ...this.taskState(id) };
  }

  private taskState(id: TaskId): StateInfo {
    const t = this.status.task(id);
    return t ? { state: t.state, worker_id: t.workerId, ...(t.trace ? { trace: t.trace } : {}) } : { state: 'UNASSIGNED', worker_id: this.workerId };
  }

  /** Creates or replaces a connector. Validation failures throw before anything changes. */
  putConnectorConfig(
    name: string,
    config: Record<string, string>,
    allowReplace: boolean,
    initialState: TargetState = 'STARTED',
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    const full = { ...config, name };
    validateConnectorConfig(this.worker, full);
    return this.withLock(name, async () => {
      const existing = this.entries.get(name);
      if (existing && !allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`);
      if (existing) await this.stopConnectorAndTasks(name);
      const entry: ConnectorEntry = { config: full, targetState: existing?.targetState ?? initialState, taskConfigs: [] };
      this.entries.set(name, entry);
      log.info({ connector: name, created: !existing }, existing ? 'Connector config updated' : 'Connector created');
      await this.startConnectorAndTasks(name);
      return { created: !existing, info: this.connectorInfo(name) };
    });
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
      if (e.targetState === 'STOPPED') e.taskConfigs = [];
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
      taskClass = this.worker.newConnector(cls).instance.taskClass().name;
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
    return this.withLock(name, async () => {
      const e = this.entry(name);
      const before = e.targetState;
      e.targetState = target;
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

  restartConnector(name: string, includeTasks = false, onlyFailed = false): Promise<void> {
    return this.withLock(name, async () => {
      const e = this.entry(name);
      const connectorFailed = this.status.connector(name)?.state === 'FAILED';
      const restartConnector = !onlyFailed || connectorFailed;
      const tasksToRestart = includeTasks
        ? e.taskConfigs.map((_, task) => ({ connector: name, task })).filter((id) => !onlyFailed || this.status.task(id)?.state === 'FAILED')
        : [];
      for (const id of tasksToRestart) this.status.onTaskState(id, { state: 'RESTARTING', workerId: this.workerId, generation: 0 });
      if (restartConnector) {
        this.status.onConnectorState(name, { state: 'RESTARTING', workerId: this.workerId, generation: 0 });
        await this.worker.stopConnector(name);
        await this.worker.startConnector(name, e.config, e.targetState, () => void this.reconfigure(name));
      }
      await this.restartTasksLocked(e, tasksToRestart);
    });
  }

  restartTask(id: TaskId): Promise<void> {
    return this.withLock(id.connector, async () => {
      const e = this.entry(id.connector);
      if (id.task < 0 || id.task >= e.taskConfigs.length) throw new NotFoundException(`Task ${id.connector}-${id.task} not found`);
      await this.restartTasksLocked(e, [id]);
    });
  }

  private async restartTasksLocked(e: ConnectorEntry, ids: TaskId[]): Promise<void> {
    await this.worker.stopTasks(ids);
    for (const id of ids) {
      const cfg = e.taskConfigs[id.task];
      if (!cfg) throw new ConnectException(`Task ${id.connector}-${id.task} has no configuration`);
      await this.worker.startTask(id, e.config, cfg, e.targetState);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.locks.values()]);
    await this.worker.stop();
  }
}
