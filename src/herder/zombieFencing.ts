// KIP-618 zombie fencing in distributed mode, as Kafka Connect's DistributedHerder does it
// (fenceZombieSourceTasks, task-count records, startTask gating):
//
// - Each commit of a source connector's task configs starts a new generation of its tasks. The
//   config store marks the connector "pending fencing" until a `tasks-fencing-<name>` record
//   ({"task-count": n}) follows the commit.
// - The leader fences the previous generation: it initialises the transactional id of every task
//   that generation had (the count of the previous task-count record), which aborts what those
//   producers left open and refuses them from then on. Then it writes the new task-count record.
// - A worker with exactly.once.source.support=enabled starts no task of a source connector while
//   it is pending fencing: the task-count record for its generation must exist first.
//
// Tasks that merely move between workers (a rebalance, a worker killed) keep their generation: the
// new incarnation's own transactional producer fences the old one when it initialises the same id.

import { fenceTransactionalIds, type KafkaClients } from '../kafka/index.js';
import { namedLogger } from '../runtime/logger.js';
import { exactlyOnceSourceEnabled, transactionalId, zombieFencingEnabled } from '../runtime/eos/exactlyOnce.js';
import type { ClusterConfigState } from '../storage/KafkaConfigBackingStore.js';

const log = namedLogger('kconnect.herder.fencing');

export interface ZombieFencingOptions {
  workerProps: Readonly<Record<string, string>>;
  kafka: KafkaClients;
  workerId: string;
  configStore: {
    snapshot(): ClusterConfigState;
    readToEnd(): Promise<void>;
    putTaskCountRecord(connector: string, count: number): Promise<void>;
  };
  /** Whether a connector config names a source connector (an unloadable class: false). */
  isSource(config: Record<string, string>): boolean;
}

export class ZombieFencing {
  private readonly groupId: string;
  /** One fencing per connector at a time; a request during one joins it. */
  private readonly active = new Map<string, Promise<void>>();

  constructor(private readonly options: ZombieFencingOptions) {
    this.groupId = options.workerProps['group.id'] ?? '';
  }

  /** `preparing` or `enabled`: the leader fences and writes task-count records. */
  get enabled(): boolean {
    return zombieFencingEnabled(this.options.workerProps);
  }

  /**
   * Leader, each turn of the work loop: fences every source connector whose new task generation is
   * pending. False when one failed (the caller tries again a little later).
   */
  async leaderTick(snap: ClusterConfigState): Promise<boolean> {
    if (!this.enabled) return true;
    let ok = true;
    const pending = [...snap.pendingFencing].filter((c) => {
      const config = snap.connectors.get(c);
      // A generation of no tasks (STOPPED) starts nothing: fencing waits for the next one, so that
      // the stopping tasks' last transactions are not cut short.
      return config !== undefined && (snap.taskConfigs.get(c)?.length ?? 0) > 0 && this.options.isSource(config);
    });
    for (const connector of pending) {
      try {
        await this.fence(connector);
      } catch (err) {
        ok = false;
        log.error({ connector, err }, 'Zombie fencing failed; the connector\'s new tasks wait until it succeeds');
      }
    }
    return ok;
  }

  /** KIP-618's isSource for a herder: a config whose class cannot be loaded is not a source here. */
  static sourceCheck(connectorType: (cls: string) => string): (config: Record<string, string>) => boolean {
    return (config) => {
      try {
        return connectorType(config['connector.class'] ?? '') === 'source';
      } catch {
        return false;
      }
    };
  }

  /**
   * PUT /connectors/{name}/fence (the leader): fences the previous generation of the connector's
   * tasks unless that is done, then records the current task count.
   */
  fence(connector: string): Promise<void> {
    let run = this.active.get(connector);
    if (!run) {
      run = this.doFence(connector).finally(() => this.active.delete(connector));
      this.active.set(connector, run);
    }
    return run;
  }

  private async doFence(connector: string): Promise<void> {
    await this.options.configStore.readToEnd();
    const snap = this.options.configStore.snapshot();
    if (!snap.pendingFencing.has(connector)) {
      log.debug({ connector }, 'Skipping zombie fencing: every older task generation is fenced already');
      return;
    }
    const taskCount = snap.taskConfigs.get(connector)?.length ?? 0;
    const previous = snap.taskCountRecords.get(connector);
    if (previous === undefined) {
      log.info({ connector, taskCount }, 'No task count record yet (first start with exactly-once support): nothing to fence; writing one');
    } else if (previous === 1 && taskCount === 1) {
      // The one new task's producer fences the one old task's producer itself (same transactional id).
      log.info({ connector }, 'One task before and after: the new task fences the old one itself; writing the task count record');
    } else if (previous > 0) {
      const ids = Array.from({ length: previous }, (_, task) => transactionalId(this.groupId, connector, task));
      const started = Date.now();
      await fenceTransactionalIds(this.options.kafka, ids, `connect-${this.options.workerId}-fencing`);
      log.info({ connector, fenced: ids.length, ms: Date.now() - started }, 'Fenced the previous generation of the connector\'s transactional producers');
    }
    await this.options.configStore.putTaskCountRecord(connector, taskCount);
  }

  /**
   * Whether this worker may start a task of `connector` now: with exactly-once source tasks,
   * not before the task-count record of the connector's current generation exists.
   */
  mayStartTask(snap: ClusterConfigState, connector: string): boolean {
    if (!exactlyOnceSourceEnabled(this.options.workerProps) || !snap.pendingFencing.has(connector)) return true;
    const config = snap.connectors.get(connector);
    return config === undefined || !this.options.isSource(config);
  }
}
