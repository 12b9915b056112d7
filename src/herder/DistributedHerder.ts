import { AlreadyExistsException, ConnectException, NotFoundException } from '../data/errors.js';
import type { KafkaClientSettings } from '../kafka/KafkaBasedLog.js';
import { namedLogger, setLoggerLevel } from '../runtime/logger.js';
import type { RebalanceMetrics } from '../runtime/workerMetrics.js';
import type { State, StatusEntry, TargetState } from '../runtime/status.js';
import { Worker, type WorkerOptions } from '../runtime/Worker.js';
import { KafkaConfigBackingStore, type ClusterConfigState, type ConfigUpdate, type RestartRequestRecord } from '../storage/KafkaConfigBackingStore.js';
import { KafkaOffsetBackingStore } from '../storage/KafkaOffsetBackingStore.js';
import { ZombieFencing } from './zombieFencing.js';
import { KafkaStatusBackingStore } from '../storage/KafkaStatusBackingStore.js';
import { connectorItem, isConnectorItem, itemId, itemsOf, splitTaskId, taskItem, type AssignmentRecord, type Item, type WorkAssignment } from './assignment.js';
import { AssignmentAdoption } from './assignmentAdoption.js';
import { AbstractHerder } from './AbstractHerder.js';
import { ensureValid, validateConnectorConfigInfos } from './configInfos.js';
import { connectorOffsets, modifyConnectorOffsets } from './connectorOffsets.js';
import { GroupMembership, type JoinedMember, type MembershipHost } from './groupMembership.js';
import { BadRequestException, NotLeaderException, RebalanceNeededException, RequestTargetException, type Herder, type RestartRequest } from './Herder.js';
import type {
  ActiveTopicsInfo,
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
import { DEFAULT_REQUEST_SIGNING, SessionKeys, type InternalRequestSignature, type RequestSigningConfig } from './sessionKey.js';

const log = namedLogger('kconnect.herder.distributed');

export interface DistributedConfig {
  groupId: string;
  configTopic: string;
  offsetTopic: string;
  statusTopic: string;
  configReplicationFactor: number;
  offsetPartitions: number;
  offsetReplicationFactor: number;
  statusPartitions: number;
  statusReplicationFactor: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  scheduledRebalanceMaxDelayMs: number;
  workerSyncTimeoutMs: number;
  /** KIP-507 (`inter.worker.*`, `connect.protocol`); Connect's defaults when absent. */
  requestSigning?: RequestSigningConfig;
}

export interface DistributedHerderOptions {
  workerId: string;
  config: DistributedConfig;
  clients: KafkaClientSettings;
  /** The Worker's options; the herder supplies its stores and generation. */
  worker: Omit<WorkerOptions, 'offsetStore' | 'statusStore' | 'generation' | 'workUntil' | 'workerId'>;
}

interface RunningConnector {
  config: string;
  target: TargetState;
}

interface RunningTask {
  /** The task config and its connector's applied config, as started; a change restarts the task. */
  key: string;
  connector: string;
  target: TargetState;
}

/** JSON with sorted keys: equal configs compare equal whatever their key order. */
function stable(o: Record<string, string> | undefined): string {
  if (!o) return '';
  return JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
}

function itemOfTask(id: TaskId): Item {
  return taskItem(`${id.connector}-${id.task}`);
}

/**
 * What a DistributedHerder stands on, built before it: its Worker (which AbstractHerder's
 * constructor takes) reads the membership's lease and the adopted generation, and writes through
 * the stores. None of these parts knows the herder; it subscribes to the stores once it exists.
 */
function buildParts({ workerId, config, clients, worker }: DistributedHerderOptions) {
  const clientId = `connect-${workerId}`;
  const membership = new GroupMembership({
    workerId,
    clients,
    groupId: config.groupId,
    configTopic: config.configTopic,
    sessionTimeoutMs: config.sessionTimeoutMs,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    rebalanceTimeoutMs: config.rebalanceTimeoutMs,
  });
  const statusStore = new KafkaStatusBackingStore({
    ...clients,
    topic: config.statusTopic,
    partitions: config.statusPartitions,
    replicationFactor: config.statusReplicationFactor,
    clientId: `${clientId}-statuses`,
  });
  const offsetStore = new KafkaOffsetBackingStore({
    ...clients,
    topic: config.offsetTopic,
    partitions: config.offsetPartitions,
    replicationFactor: config.offsetReplicationFactor,
    clientId: `${clientId}-offsets`,
    writeGuard: () => {
      if (!membership.lease.valid()) throw new ConnectException(`Worker ${workerId} lost its group membership; offset commits are refused until it rejoins`);
    },
  });
  const configStore = new KafkaConfigBackingStore({
    ...clients,
    topic: config.configTopic,
    replicationFactor: config.configReplicationFactor,
    clientId: `${clientId}-configs`,
  });
  const adoption = new AssignmentAdoption({
    workerId,
    configStore,
    statusStore,
    membership,
    scheduledRebalanceMaxDelayMs: config.scheduledRebalanceMaxDelayMs,
    workerSyncTimeoutMs: config.workerSyncTimeoutMs,
  });
  const runner = new Worker({
    ...worker,
    workerId,
    offsetStore,
    statusStore,
    generation: () => adoption.generation,
    workUntil: () => membership.lease.validUntil(),
  });
  return { membership, adoption, statusStore, offsetStore, configStore, worker: runner };
}

/**
 * Distributed mode (Kafka Connect's DistributedHerder): workers sharing `group.id` form a group
 * through Kafka's group coordinator; configs, source offsets and statuses live in three compacted
 * topics every worker reads. The leader of each group generation assigns connectors and tasks and
 * publishes the assignment in the config topic; every worker runs what it was given. See
 * docs/distributed.md for the whole design (membership, assignment, fencing, forwarding).
 *
 * The herder runs the work; it leaves membership and self-fencing to GroupMembership
 * (groupMembership.ts) and who-runs-what to AssignmentAdoption (assignmentAdoption.ts). One serial
 * work loop (`tick`) applies everything: adopting assignments, the leader's duties, starting and
 * stopping connectors and tasks. Events only mark work and wake it.
 */
export class DistributedHerder extends AbstractHerder implements Herder {
  readonly configStore: KafkaConfigBackingStore;
  /** KIP-618 zombie fencing and the start gate of exactly-once source tasks (zombieFencing.ts). */
  private readonly fencing: ZombieFencing;
  readonly statusStore: KafkaStatusBackingStore;
  readonly offsetStore: KafkaOffsetBackingStore;
  private readonly membership: GroupMembership;
  private readonly adoption: AssignmentAdoption;
  private readonly cfg: DistributedConfig;
  private url = '';
  private clusterId: string | null = null;

  // ---- work loop ----
  private dirty = false;
  /** The leader should compute the assignment again (configs changed, a delay ended, work was released). */
  private leaderDirty = false;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private readonly restartQueue: RestartRequestRecord[] = [];
  private readonly localActions: Array<() => Promise<void>> = [];
  private readonly runningConnectors = new Map<string, RunningConnector>();
  private readonly runningTasks = new Map<string, RunningTask>();
  private readonly stoppingItems = new Set<Item>();
  private readonly needsTaskConfigs = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sessionKeys: SessionKeys;
  private sessionKeyWake = 0;

  constructor(options: DistributedHerderOptions) {
    const parts = buildParts(options);
    super(parts.worker, parts.statusStore);
    this.cfg = options.config;
    this.membership = parts.membership;
    this.adoption = parts.adoption;
    this.statusStore = parts.statusStore;
    this.offsetStore = parts.offsetStore;
    this.configStore = parts.configStore;
    this.statusStore.watch((connector, task) => this.onStatusChange(connector, task));
    this.configStore.watch((u) => this.onConfigUpdate(u));
    this.sessionKeys = new SessionKeys(this.cfg.requestSigning ?? DEFAULT_REQUEST_SIGNING, this.configStore);
    this.fencing = new ZombieFencing({
      workerProps: this.worker.workerProps,
      kafka: this.worker.kafka,
      workerId: options.workerId,
      configStore: this.configStore,
      isSource: ZombieFencing.sourceCheck((cls) => this.worker.connectorType(cls)),
    });
  }

  /** The REST URL other workers forward requests to. */
  get advertisedUrl(): string {
    return this.url;
  }

  /** The generation (assignment epoch) this worker runs under. */
  get generation(): number {
    return this.adoption.generation;
  }

  // ==== lifecycle ===============================================================================

  /**
   * Reads the three topics (creating them if needed), joins the group and waits for the first
   * assignment (at most `waitMs`; the worker keeps trying after that).
   */
  async start(opts: { url: string; kafkaClusterId: string | null; waitMs?: number }): Promise<void> {
    this.url = opts.url;
    this.clusterId = opts.kafkaClusterId;
    await Promise.all([this.configStore.start(), this.statusStore.start(), this.offsetStore.start()]);
    log.info({ configTopic: this.cfg.configTopic, connectors: this.configStore.snapshot().connectors.size }, 'Read the internal topics');
    await this.membership.start(this.membershipHost());
    await this.adoption.whenReady(opts.waitMs ?? 60000);
  }

  isReady(): boolean {
    return this.adoption.ready;
  }

  protected rebalanceMetrics(): RebalanceMetrics {
    const a = this.adoption.record;
    const mine = this.myAssignment();
    return this.membership.rebalanceMetrics({
      leaderName: a?.leaderUrl ?? '',
      epoch: a?.epoch ?? 0,
      assignedConnectors: mine.connectors.length,
      assignedTasks: mine.tasks.length,
    });
  }

  /** As in Kafka, the check is a no-op request through the work loop: a stuck tick never answers (REST then times out). */
  async healthCheck(): Promise<void> {
    if (!this.adoption.ready) throw new ConnectException('Worker is still starting up: it has not joined its group yet');
    await this.inLoop(async () => {});
  }

  kafkaClusterId(): string | null {
    return this.clusterId;
  }

  /** Stops every connector and task (their offsets committed while still a member), then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.membership.halt();
    for (const t of this.timers) clearTimeout(t);
    await this.loop;
    await this.stopEverything('shutdown');
    // Nothing runs any more: this ends the task threads.
    await this.worker.stop();
    await this.membership.leave();
    await this.statusStore.flush();
    await Promise.allSettled([this.configStore.stop(), this.statusStore.stop(), this.offsetStore.stop()]);
  }

  // ==== membership and assignment ================================================================

  /** What the group asks of this worker once it has joined (groupMembership.ts). */
  private membershipHost(): MembershipHost {
    return {
      describe: () => ({ url: this.url, epoch: this.generation, owned: this.owned() }),
      assign: (members) => this.leaderAssign(members),
      hasAssignment: () => this.adoption.record !== undefined,
      wake: () => this.wake(),
    };
  }

  /** What this worker is responsible for or still runs: the leader keeps it here. */
  private owned(): WorkAssignment {
    const items = new Set<Item>([...this.stoppingItems]);
    if (!this.membership.fenced) for (const i of itemsOf(this.adoption.assignmentOf(this.workerId))) items.add(i);
    for (const c of this.runningConnectors.keys()) items.add(connectorItem(c));
    for (const t of this.runningTasks.keys()) items.add(taskItem(t));
    const all = [...items];
    return { connectors: all.filter(isConnectorItem).map(itemId), tasks: all.filter((i) => !isConnectorItem(i)).map(itemId) };
  }

  /** The leader of the generation being formed publishes its assignment, and wakes when a delay ends. */
  private async leaderAssign(members: JoinedMember[]): Promise<void> {
    this.scheduleDelayed(await this.adoption.leaderAssign(members, this.url));
  }

  private scheduleDelayed(record: AssignmentRecord): void {
    const next = Math.min(...record.delayed.map((d) => d.until));
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.leaderDirty = true;
      this.wake();
    }, Math.max(0, next - Date.now()) + 10);
    timer.unref();
    this.timers.add(timer);
  }

  /** Within a generation the leader republishes when configs change, delays end or revocations complete. */
  private async leaderTick(): Promise<void> {
    if (!this.leaderDirty || !this.adoption.isLeader()) return;
    this.leaderDirty = false;
    const next = await this.adoption.republish(this.url);
    if (next) this.scheduleDelayed(next);
  }

  /** The leader keeps a live session key in the config topic (sessionKey.ts) and wakes when it expires. */
  private async rotateSessionKey(): Promise<void> {
    const expiresAt = await this.sessionKeys.rotateIfNeeded();
    if (expiresAt === undefined || expiresAt === this.sessionKeyWake) return;
    this.sessionKeyWake = expiresAt;
    this.later(Math.min(Math.max(0, expiresAt - Date.now()) + 10, 2 ** 31 - 1));
  }

  /** Takes the latest assignment if it is for the generation this worker joined; looks again soon while it has not come. */
  private async adoptAssignment(): Promise<void> {
    if ((await this.adoption.adopt()) === 'waiting') this.later(200);
  }

  private later(ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.wake();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  // ==== events ================================================================================

  private onConfigUpdate(u: ConfigUpdate): void {
    switch (u.type) {
      case 'restart':
        this.restartQueue.push(u.request);
        break;
      case 'logger-level':
        log.info({ namespace: u.namespace, level: u.level }, 'Cluster-wide logger level change');
        setLoggerLevel(u.namespace, u.level);
        return;
      case 'assignment':
        break;
      case 'session-key':
        log.info('Session key updated');
        return;
      default:
        this.leaderDirty = true;
        if (u.type === 'connector' && !u.removed) this.needsTaskConfigs.add(u.connector);
        if (u.type === 'target-state') this.needsTaskConfigs.add(u.connector);
        if (u.type === 'tasks' && this.configStore.snapshot().inconsistent.has(u.connector)) this.needsTaskConfigs.add(u.connector);
    }
    this.wake();
  }

  private onStatusChange(connector: string, task: number | undefined): void {
    const item = task === undefined ? connectorItem(connector) : taskItem(`${connector}-${task}`);
    if (this.adoption.awaitsRelease(item)) {
      this.leaderDirty = true;
      this.wake();
    }
  }

  // ==== the work loop ============================================================================

  private wake(): void {
    this.dirty = true;
    if (this.loop || this.stopping) return;
    this.loop = (async () => {
      try {
        while (this.dirty && !this.stopping) {
          this.dirty = false;
          try {
            await this.tick();
          } catch (err) {
            log.error({ err }, 'Error in the herder loop; retrying');
            this.later(1000);
          }
        }
      } finally {
        this.loop = undefined;
      }
    })();
  }

  private async tick(): Promise<void> {
    await this.adoptAssignment();
    await this.leaderTick();
    if (this.adoption.isLeader()) await this.rotateSessionKey();
    if (this.adoption.isLeader() && !(await this.fencing.leaderTick(this.configStore.snapshot()))) this.later(1000);
    await this.reconcile();
    await this.processRestarts();
    for (let action = this.localActions.shift(); action; action = this.localActions.shift()) await action();
  }

  /** Runs `fn` in the work loop (never concurrently with reconcile) and resolves with it. */
  private inLoop<T>(fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.localActions.push(() => fn().then(resolve, reject));
      this.wake();
    });
  }

  private myAssignment(): WorkAssignment {
    if (this.membership.fenced || this.stopping) return { connectors: [], tasks: [] };
    return this.adoption.assignmentOf(this.workerId);
  }

  /** Makes what runs here match what this worker is assigned and what the config topic says. */
  private async reconcile(): Promise<void> {
    const snap = this.configStore.snapshot();
    const mine = this.myAssignment();
    const wantConnectors = new Set(mine.connectors.filter((c) => snap.connectors.has(c)));
    const wantTasks = new Map<string, { connector: string; task: number; config: Record<string, string>; key: string }>();
    for (const id of mine.tasks) {
      const { connector, task } = splitTaskId(id);
      const configs = snap.taskConfigs.get(connector);
      const config = configs?.[task];
      if (!snap.connectors.has(connector) || !config) continue;
      wantTasks.set(id, { connector, task, config, key: stable(config) + stable(snap.appliedConfigs.get(connector)) });
    }

    // 1. Tasks that are no longer ours, or whose config changed.
    const stopTasks = [...this.runningTasks].filter(([id, r]) => wantTasks.get(id)?.key !== r.key).map(([id]) => id);
    await this.stopTaskIds(stopTasks, snap, (id) => !wantTasks.has(id));

    // 1b. Revoked from this worker but not running here (it never started them, e.g. work it just
    //     got back from the delay): say so at once, or the leader would wait for them forever.
    this.releaseIdleRevocations();

    // 2. Connectors no longer ours, changed, or moving to or from STOPPED.
    for (const [name, r] of [...this.runningConnectors]) {
      const target = snap.targetStates.get(name) ?? 'STARTED';
      const changed = r.config !== stable(snap.connectors.get(name)) || ((r.target === 'STOPPED') !== (target === 'STOPPED'));
      if (!wantConnectors.has(name) || changed) await this.stopConnector(name, snap, !wantConnectors.has(name));
    }

    // 3. Connectors to start; target-state changes of running ones.
    for (const name of wantConnectors) {
      const target = snap.targetStates.get(name) ?? 'STARTED';
      const running = this.runningConnectors.get(name);
      if (!running) {
        const config = snap.connectors.get(name)!;
        this.runningConnectors.set(name, { config: stable(config), target });
        await this.worker.startConnector(name, config, target, () => this.requestReconfiguration(name));
        this.needsTaskConfigs.add(name);
      } else if (running.target !== target) {
        running.target = target;
        this.worker.setConnectorTargetState(name, target);
        this.needsTaskConfigs.add(name);
      }
    }

    // 4. Task configs of the connectors this worker runs.
    for (const name of [...this.needsTaskConfigs]) {
      this.needsTaskConfigs.delete(name);
      if (wantConnectors.has(name)) await this.updateTaskConfigs(name, snap);
    }

    // 5. Tasks to start; target-state changes of running ones.
    const starts: Promise<unknown>[] = [];
    const retargeted = new Set<string>();
    for (const [id, want] of wantTasks) {
      const target = snap.targetStates.get(want.connector) ?? 'STARTED';
      const running = this.runningTasks.get(id);
      // KIP-618: an exactly-once source task waits for its generation's task-count record.
      if (!running && !this.fencing.mayStartTask(snap, want.connector)) continue;
      if (!running) {
        this.runningTasks.set(id, { key: want.key, connector: want.connector, target });
        const connectorConfig = snap.connectors.get(want.connector)!;
        starts.push(this.worker.startTask({ connector: want.connector, task: want.task }, connectorConfig, want.config, target).catch((err: unknown) => {
          log.error({ connector: want.connector, task: want.task, err }, 'Failed to start task');
        }));
      } else if (running.target !== target) {
        running.target = target;
        if (!retargeted.has(want.connector) && !this.runningConnectors.has(want.connector)) this.worker.setConnectorTargetState(want.connector, target);
        retargeted.add(want.connector);
      }
    }
    await Promise.all(starts);
  }

  private async stopTaskIds(ids: string[], snap: ClusterConfigState, revoked: (id: string) => boolean): Promise<void> {
    if (ids.length === 0) return;
    const taskIds = ids.map(splitTaskId);
    for (const id of ids) this.stoppingItems.add(taskItem(id));
    try {
      await this.worker.stopTasks(taskIds);
    } finally {
      for (const id of ids) {
        this.runningTasks.delete(id);
        this.stoppingItems.delete(taskItem(id));
      }
    }
    for (const id of taskIds) {
      if (!snap.connectors.has(id.connector)) this.statusStore.deleteTask(id);
      else if (revoked(`${id.connector}-${id.task}`)) this.statusStore.onTaskState(id, this.entry('UNASSIGNED'));
    }
  }

  private async stopConnector(name: string, snap: ClusterConfigState, revoked: boolean): Promise<void> {
    this.stoppingItems.add(connectorItem(name));
    try {
      await this.worker.stopConnector(name);
    } finally {
      this.runningConnectors.delete(name);
      this.stoppingItems.delete(connectorItem(name));
    }
    if (!snap.connectors.has(name)) this.statusStore.onConnectorState(name, this.entry('DESTROYED'));
    else if (revoked) this.statusStore.onConnectorState(name, this.entry('UNASSIGNED'));
  }

  private releaseIdleRevocations(): void {
    for (const r of this.adoption.record?.revoking ?? []) {
      if (r.worker !== this.workerId || this.stoppingItems.has(r.item)) continue;
      const id = itemId(r.item);
      if (isConnectorItem(r.item)) {
        if (this.runningConnectors.has(id) || this.adoption.released(r.item, this.workerId, r.epoch)) continue;
        this.statusStore.onConnectorState(id, this.entry('UNASSIGNED'));
      } else {
        if (this.runningTasks.has(id) || this.adoption.released(r.item, this.workerId, r.epoch)) continue;
        this.statusStore.onTaskState(splitTaskId(id), this.entry('UNASSIGNED'));
      }
    }
  }

  private entry(state: State): StatusEntry {
    return { state, workerId: this.workerId, generation: this.generation };
  }

  private requestReconfiguration(name: string): void {
    this.needsTaskConfigs.add(name);
    this.wake();
  }

  /**
   * The connector's worker writes its task configs to the config topic when they differ from the
   * committed ones, or when the connector config changed since they were committed (its tasks
   * then restart with the new config). A STOPPED connector has no tasks.
   */
  private async updateTaskConfigs(name: string, snap: ClusterConfigState): Promise<void> {
    const target = snap.targetStates.get(name) ?? 'STARTED';
    const committed = snap.taskConfigs.get(name);
    const config = snap.connectors.get(name)!;
    let configs: Record<string, string>[];
    if (target === 'STOPPED') {
      configs = [];
    } else {
      const state = this.worker.connectorState(name);
      // Not created here (class failed to load) or failed: keep the committed task configs.
      if (state === undefined || state === 'FAILED') return;
      try {
        configs = await this.worker.connectorTaskConfigs(name);
      } catch (err) {
        log.error({ connector: name, err }, 'Connector failed to generate task configs');
        this.statusStore.onConnectorState(name, { ...this.entry('FAILED'), trace: (err as Error).stack ?? String(err) });
        return;
      }
      let taskClass = '';
      try {
        taskClass = this.worker.taskClassName(config['connector.class'] ?? '');
      } catch {
        /* reported by the connector's own status */
      }
      configs = configs.map((c) => ({ ...c, 'task.class': taskClass }));
    }
    const same =
      committed !== undefined &&
      !snap.inconsistent.has(name) &&
      committed.length === configs.length &&
      committed.every((c, i) => stable(c) === stable(configs[i])) &&
      (target === 'STOPPED' || stable(snap.appliedConfigs.get(name)) === stable(config));
    if (same) return;
    log.info({ connector: name, tasks: configs.length }, 'Writing task configs');
    await this.configStore.putTaskConfigs(name, configs);
  }

  /** KIP-745 restart requests read from the config topic: each worker restarts what it runs. */
  private async processRestarts(): Promise<void> {
    for (let r = this.restartQueue.shift(); r; r = this.restartQueue.shift()) {
      const snap = this.configStore.snapshot();
      const config = snap.connectors.get(r.connector);
      if (!config) continue;
      const failed = (s: StatusEntry | undefined) => s?.state === 'FAILED';
      const connector = this.runningConnectors.has(r.connector) && (!r.onlyFailed || failed(this.statusStore.connector(r.connector)));
      const tasks = r.includeTasks
        ? [...this.runningTasks.keys()]
            .map(splitTaskId)
            .filter((id) => id.connector === r.connector && (!r.onlyFailed || failed(this.statusStore.task(id))))
        : [];
      if (!connector && tasks.length === 0) continue;
      log.info({ connector: r.connector, restartConnector: connector, tasks: tasks.map((t) => t.task) }, 'Restarting');
      if (connector) await this.restartLocalConnector(r.connector, snap);
      if (tasks.length > 0) await this.restartLocalTasks(tasks, snap);
    }
  }

  private async restartLocalConnector(name: string, snap: ClusterConfigState): Promise<void> {
    const config = snap.connectors.get(name);
    if (!config) return;
    const target = snap.targetStates.get(name) ?? 'STARTED';
    this.statusStore.onConnectorState(name, this.entry('RESTARTING'));
    await this.worker.stopConnector(name);
    this.runningConnectors.set(name, { config: stable(config), target });
    await this.worker.startConnector(name, config, target, () => this.requestReconfiguration(name));
    this.needsTaskConfigs.add(name);
    this.dirty = true;
  }

  private async restartLocalTasks(ids: TaskId[], snap: ClusterConfigState): Promise<void> {
    for (const id of ids) this.statusStore.onTaskState(id, this.entry('RESTARTING'));
    await this.worker.stopTasks(ids);
    await Promise.all(
      ids.map(async (id) => {
        const config = snap.connectors.get(id.connector);
        const taskConfig = snap.taskConfigs.get(id.connector)?.[id.task];
        if (!config || !taskConfig) return;
        await this.worker.startTask(id, config, taskConfig, snap.targetStates.get(id.connector) ?? 'STARTED');
      }),
    );
  }

  private async stopEverything(reason: string): Promise<void> {
    const snap = this.configStore.snapshot();
    log.info({ reason, connectors: this.runningConnectors.size, tasks: this.runningTasks.size }, 'Stopping all connectors and tasks');
    await this.stopTaskIds([...this.runningTasks.keys()], snap, () => false);
    for (const name of [...this.runningConnectors.keys()]) await this.stopConnector(name, snap, true);
  }

  // ==== request routing ==========================================================================

  /** Writes go through the leader (single writer of the config topic); 409 while a rebalance runs. */
  private requireLeader(): void {
    const adopted = this.settled('Cannot complete request because of a conflicting operation (e.g. worker rebalance)');
    if (!this.adoption.isLeader()) {
      throw new NotLeaderException('Cannot complete request because this worker is not the leader', adopted.leaderUrl || null);
    }
  }

  /** The adopted assignment, while no rebalance runs; else a 409 (RebalanceNeededException with `message`). */
  private settled(message?: string): AssignmentRecord {
    const adopted = this.adoption.record;
    if (!this.adoption.ready || this.membership.rebalancing || !adopted) throw new RebalanceNeededException(message);
    return adopted;
  }

  private ownsLocally(item: Item): boolean {
    return !this.membership.fenced && itemsOf(this.myAssignment()).includes(item);
  }

  // ==== reads (this worker's view of the topics) ================================================

  private config(name: string, notFound = `Connector ${name} not found`): Record<string, string> {
    const c = this.configStore.connectorConfig(name);
    if (!c) throw new NotFoundException(notFound);
    return c;
  }

  async connectors(): Promise<string[]> {
    return [...this.configStore.snapshot().connectors.keys()].sort();
  }

  private connectorType(config: Record<string, string>): ConnectorInfo['type'] {
    try {
      return this.worker.connectorType(config['connector.class'] ?? '');
    } catch {
      return 'unknown';
    }
  }

  private taskCount(name: string): number {
    return this.configStore.taskConfigsOf(name)?.length ?? 0;
  }

  private info(name: string): ConnectorInfo {
    const config = this.config(name);
    return {
      name,
      config: { ...config },
      tasks: Array.from({ length: this.taskCount(name) }, (_, task) => ({ connector: name, task })),
      type: this.connectorType(config),
    };
  }

  async connectorInfo(name: string): Promise<ConnectorInfo> {
    return this.info(name);
  }

  async connectorConfig(name: string): Promise<Record<string, string>> {
    return { ...this.config(name) };
  }

  async taskConfigs(name: string): Promise<TaskInfo[]> {
    this.config(name);
    return (this.configStore.taskConfigsOf(name) ?? []).map((config, task) => ({ id: { connector: name, task }, config: { ...config } }));
  }

  private stateOf(s: StatusEntry | undefined): StateInfo {
    return toStateInfo(s, this.workerId);
  }

  private stateInfo(name: string): ConnectorStateInfo {
    const config = this.config(name, `No status found for connector ${name}`);
    const tasks = Array.from({ length: this.taskCount(name) }, (_, id) => ({ id, ...this.stateOf(this.statusStore.task({ connector: name, task: id })) }));
    return { name, connector: this.stateOf(this.statusStore.connector(name)), tasks, type: this.connectorType(config) };
  }

  async connectorStatus(name: string): Promise<ConnectorStateInfo> {
    return this.stateInfo(name);
  }

  async taskStatus(id: TaskId): Promise<TaskStateInfo> {
    if (!this.configStore.contains(id.connector) || id.task < 0 || id.task >= this.taskCount(id.connector)) {
      throw new NotFoundException(`No status found for task ${id.connector}-${id.task}`);
    }
    return { id: id.task, ...this.stateOf(this.statusStore.task(id)) };
  }

  protected requireConnector(name: string): void {
    this.config(name);
  }

  // ==== writes (leader) ===========================================================================

  async putConnectorConfig(
    name: string,
    config: Record<string, string>,
    allowReplace: boolean,
    initialState?: TargetState,
  ): Promise<{ created: boolean; info: ConnectorInfo }> {
    this.requireLeader();
    const full = { ...config, name };
    ensureValid(validateConnectorConfigInfos(this.worker.plugins, full, this.worker.workerProps));
    return this.withLock(name, async () => {
      await this.configStore.readToEnd();
      const exists = this.configStore.contains(name);
      if (exists && !allowReplace) throw new AlreadyExistsException(`Connector ${name} already exists`);
      await this.configStore.putConnectorConfig(name, full, exists ? undefined : initialState);
      log.info({ connector: name, created: !exists }, exists ? 'Connector config updated' : 'Connector created');
      return { created: !exists, info: this.info(name) };
    });
  }

  async patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo> {
    this.requireLeader();
    const patched: Record<string, string> = { ...this.config(name) };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete patched[k];
      else patched[k] = v;
    }
    return (await this.putConnectorConfig(name, patched, true)).info;
  }

  async deleteConnector(name: string): Promise<void> {
    this.requireLeader();
    await this.withLock(name, async () => {
      await this.configStore.readToEnd();
      this.config(name);
      await this.configStore.removeConnectorConfig(name);
      this.statusStore.deleteConnector(name);
      log.info({ connector: name }, 'Connector deleted');
    });
  }

  async setTargetState(name: string, target: TargetState): Promise<void> {
    this.requireLeader();
    const notFound = target === 'STOPPED' ? `Connector ${name} not found` : `Unknown connector ${name}`;
    await this.withLock(name, async () => {
      await this.configStore.readToEnd();
      this.config(name, notFound);
      if (this.configStore.targetState(name) === target && (target !== 'STOPPED' || this.taskCount(name) === 0)) return;
      await this.configStore.putTargetState(name, target);
      log.info({ connector: name, target }, 'Connector target state changed');
    });
  }

  async restartConnector(name: string): Promise<void> {
    this.config(name);
    const item = connectorItem(name);
    if (this.ownsLocally(item)) {
      return this.inLoop(() => this.restartLocalConnector(name, this.configStore.snapshot()));
    }
    this.routeToOwner(item, `Cannot restart connector ${name} since it is not assigned to this member`);
  }

  async restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo> {
    const name = request.connector;
    this.config(name, `Unknown connector: ${name}`);
    this.requireLeader();
    const current = this.stateInfo(name);
    const restartConnector = !request.onlyFailed || current.connector.state === 'FAILED';
    const restartTasks = new Set(
      request.includeTasks ? current.tasks.filter((t) => !request.onlyFailed || t.state === 'FAILED').map((t) => t.id) : [],
    );
    await this.configStore.putRestartRequest({ connector: name, includeTasks: request.includeTasks, onlyFailed: request.onlyFailed });
    return {
      ...current,
      connector: restartConnector ? { ...current.connector, state: 'RESTARTING' } : current.connector,
      tasks: current.tasks.map((t) => (restartTasks.has(t.id) ? { ...t, state: 'RESTARTING' } : t)),
    };
  }

  async restartTask(id: TaskId): Promise<void> {
    this.config(id.connector);
    if (id.task < 0 || id.task >= this.taskCount(id.connector)) throw new NotFoundException(`Task ${id.connector}-${id.task} not found`);
    const item = itemOfTask(id);
    if (this.ownsLocally(item)) {
      return this.inLoop(() => this.restartLocalTasks([id], this.configStore.snapshot()));
    }
    this.routeToOwner(item, `Cannot restart task ${id.connector}-${id.task} since it is not assigned to this member`);
  }

  /** Kafka's NotAssignedException from the leader (which knows the owner), else NotLeaderException. */
  private routeToOwner(item: Item, message: string): never {
    const adopted = this.settled();
    if (this.adoption.isLeader()) throw new RequestTargetException(message, this.adoption.ownerUrl(item));
    throw new NotLeaderException(message, adopted.leaderUrl || null);
  }

  // ---- offsets (KIP-875) ----

  async connectorOffsets(name: string): Promise<ConnectorOffsets> {
    return connectorOffsets(this.worker, name, this.config(name));
  }

  protected modifyOffsets(name: string, offsets: ConnectorOffset[] | null): Promise<Message> {
    this.requireLeader();
    return this.withLock(name, async () => {
      await this.configStore.readToEnd();
      const config = this.config(name);
      if (this.configStore.targetState(name) !== 'STOPPED' || this.taskCount(name) !== 0) throw AbstractHerder.offsetsChangeRefused(name);
      return modifyConnectorOffsets(this.worker, name, config, offsets);
    });
  }

  /** POST /connectors/{name}/tasks (InternalConnectResource): signed task configs, written by the leader. */
  async putTaskConfigs(name: string, configs: Record<string, string>[], requestSignature?: InternalRequestSignature): Promise<void> {
    this.sessionKeys.verify(requestSignature);
    const adopted = this.settled();
    if (!this.adoption.isLeader()) throw new NotLeaderException('Only the leader may write task configurations.', adopted.leaderUrl || null);
    await this.withLock(name, async () => {
      await this.configStore.readToEnd();
      this.config(name);
      await this.configStore.putTaskConfigs(name, configs);
    });
  }

  /** PUT /connectors/{name}/fence (internal, KIP-618): the leader fences the connector's older task generation. */
  async fenceZombieSourceTasks(name: string, requestSignature?: InternalRequestSignature): Promise<void> {
    this.sessionKeys.verify(requestSignature);
    const adopted = this.settled();
    if (!this.adoption.isLeader()) throw new NotLeaderException('Only the leader may perform zombie fencing.', adopted.leaderUrl || null);
    const config = this.config(name);
    if (!ZombieFencing.sourceCheck((cls) => this.worker.connectorType(cls))(config)) throw new BadRequestException(`Connector ${name} is not a source connector`);
    await this.fencing.fence(name);
  }

  /** Through the config topic: every worker (this one included) applies it when it reads the record. */
  async setClusterLoggerLevel(namespace: string, level: string): Promise<void> {
    await this.configStore.putLoggerLevel(namespace, level);
  }
}
