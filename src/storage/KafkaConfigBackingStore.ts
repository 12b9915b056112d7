import { KafkaBasedLog, type KafkaClientSettings, type LogMessage, type LogRecord } from '../kafka/KafkaBasedLog.js';
import type { TargetState } from './status.js';

/**
 * Connector configurations in `config.storage.topic` (one partition, compacted), with Apache Kafka
 * Connect's record keys and JSON values (JsonConverter, schemas.enable=false):
 *
 * | key                        | value                                             |
 * |----------------------------|---------------------------------------------------|
 * | `connector-<name>`         | `{"properties":{…}}`; tombstone = deleted         |
 * | `task-<name>-<n>`          | `{"properties":{…}}`, applied at the next commit  |
 * | `commit-<name>`            | `{"tasks":n}`: the last n task records now apply  |
 * | `target-state-<name>`      | `{"state":"PAUSED","state.v2":"STOPPED"}`         |
 * | `restart-connector-<name>` | `{"include-tasks":b,"only-failed":b}`             |
 * | `logger-cluster-<ns>`      | `{"level":"DEBUG"}`                               |
 * | `session-key`              | `{"key":b64,"algorithm":"HmacSHA256","creation-timestamp":ms}` |
 * | `tasks-fencing-<name>`     | `{"task-count":n}`: KIP-618, the generation of n tasks before it is fenced |
 *
 * plus one key of kconnect's own, `kconnect-assignment`: the group leader's latest assignment of
 * connectors and tasks to workers (docs/distributed.md). A Kafka Connect worker reading this topic
 * logs it as an unknown key and carries on.
 */
export const ASSIGNMENT_KEY = 'kconnect-assignment';
export const SESSION_KEY = 'session-key';

export interface RestartRequestRecord {
  connector: string;
  includeTasks: boolean;
  onlyFailed: boolean;
}

export type ConfigUpdate =
  | { type: 'connector'; connector: string; removed: boolean }
  | { type: 'tasks'; connector: string }
  | { type: 'target-state'; connector: string }
  | { type: 'restart'; request: RestartRequestRecord }
  | { type: 'logger-level'; namespace: string; level: string }
  | { type: 'assignment'; value: unknown }
  | { type: 'session-key' }
  | { type: 'task-count'; connector: string };

/** KIP-507's session key, as Connect's SESSION_KEY_V0 record holds it. */
export interface StoredSessionKey {
  key: Buffer;
  algorithm: string;
  creationTimestamp: number;
}

/** A consistent copy of everything the config topic says. */
export interface ClusterConfigState {
  /** Offset of the next record to read. */
  offset: number;
  connectors: Map<string, Record<string, string>>;
  targetStates: Map<string, TargetState>;
  /** Committed task configs (only complete sets), per connector. */
  taskConfigs: Map<string, Record<string, string>[]>;
  /** The connector config in effect when its task configs were last committed. */
  appliedConfigs: Map<string, Record<string, string>>;
  /** Connectors whose last commit referred to task configs compaction removed; their owner regenerates them. */
  inconsistent: Set<string>;
  /** The latest assignment record, as written (the herder interprets it). */
  assignment: unknown;
  /** KIP-618: the latest `tasks-fencing-<name>` task count, per connector. */
  taskCountRecords: Map<string, number>;
  /**
   * KIP-618: connectors whose task configs were committed after their latest task-count record:
   * the previous generation's producers may still be alive, and must be fenced before these tasks start.
   */
  pendingFencing: Set<string>;
}

export interface KafkaConfigBackingStoreOptions extends KafkaClientSettings {
  topic: string;
  replicationFactor: number;
  clientId: string;
}

const TARGET_STATES: readonly TargetState[] = ['STARTED', 'PAUSED', 'STOPPED'];

export class KafkaConfigBackingStore {
  private readonly log: KafkaBasedLog;
  private started = false;
  private offset = 0;
  private readonly connectors = new Map<string, Record<string, string>>();
  private readonly targetStates = new Map<string, TargetState>();
  private readonly taskConfigs = new Map<string, Record<string, string>[]>();
  private readonly appliedConfigs = new Map<string, Record<string, string>>();
  private readonly deferred = new Map<string, Map<number, Record<string, string>>>();
  private readonly inconsistent = new Set<string>();
  private assignment: unknown = undefined;
  private readonly taskCountRecords = new Map<string, number>();
  private readonly pendingFencing = new Set<string>();
  private currentSessionKey: StoredSessionKey | undefined;
  private updateListener: ((update: ConfigUpdate) => void) | undefined;

  constructor(private readonly options: KafkaConfigBackingStoreOptions) {
    this.log = new KafkaBasedLog({
      ...options,
      spec: {
        partitions: 1,
        replicationFactor: options.replicationFactor,
        configKey: 'config.storage.topic',
        purpose: 'connector configurations',
        singlePartition: true,
      },
      onRecord: (r) => this.apply(r),
    });
  }

  /**
   * Who hears of each update read after start(). A method, not an option: the distributed herder
   * subscribes once it exists, and it is built after its stores (its Worker needs them).
   */
  watch(listener: (update: ConfigUpdate) => void): void {
    this.updateListener = listener;
  }

  /** Reads the whole topic; updates are announced only after that. */
  async start(): Promise<void> {
    await this.log.start();
    this.started = true;
  }

  async stop(): Promise<void> {
    await this.log.stop();
  }

  readToEnd(): Promise<void> {
    return this.log.readToEnd();
  }

  snapshot(): ClusterConfigState {
    return {
      offset: this.offset,
      connectors: new Map(this.connectors),
      targetStates: new Map(this.targetStates),
      taskConfigs: new Map(this.taskConfigs),
      appliedConfigs: new Map(this.appliedConfigs),
      inconsistent: new Set(this.inconsistent),
      assignment: this.assignment,
      taskCountRecords: new Map(this.taskCountRecords),
      pendingFencing: new Set(this.pendingFencing),
    };
  }

  contains(connector: string): boolean {
    return this.connectors.has(connector);
  }

  connectorConfig(connector: string): Record<string, string> | undefined {
    return this.connectors.get(connector);
  }

  targetState(connector: string): TargetState | undefined {
    return this.connectors.has(connector) ? (this.targetStates.get(connector) ?? 'STARTED') : undefined;
  }

  taskConfigsOf(connector: string): Record<string, string>[] | undefined {
    return this.taskConfigs.get(connector);
  }

  latestAssignment(): unknown {
    return this.assignment;
  }

  /** The session key last read from the topic. */
  sessionKey(): StoredSessionKey | undefined {
    return this.currentSessionKey;
  }

  // ---- writes ------------------------------------------------------------------------------

  private async write(messages: LogMessage[], readBack = true): Promise<void> {
    await this.log.send(messages);
    if (readBack) await this.log.readToEnd();
  }

  /** The target state (when given) goes first, so the connector never starts in the wrong state. */
  putConnectorConfig(connector: string, properties: Record<string, string>, targetState?: TargetState): Promise<void> {
    const messages: LogMessage[] = [];
    if (targetState) messages.push(targetStateMessage(connector, targetState));
    messages.push({ key: `connector-${connector}`, value: JSON.stringify({ properties }) });
    return this.write(messages);
  }

  removeConnectorConfig(connector: string): Promise<void> {
    return this.write([
      { key: `connector-${connector}`, value: null },
      { key: `target-state-${connector}`, value: null },
    ]);
  }

  /** Task records, then the commit that makes them apply together. */
  async putTaskConfigs(connector: string, configs: Record<string, string>[]): Promise<void> {
    await this.log.readToEnd();
    const messages: LogMessage[] = configs.map((properties, i) => ({ key: `task-${connector}-${i}`, value: JSON.stringify({ properties }) }));
    messages.push({ key: `commit-${connector}`, value: JSON.stringify({ tasks: configs.length }) });
    await this.write(messages);
  }

  /** STOPPED also empties the task configs (KIP-875: a stopped connector has no tasks). */
  putTargetState(connector: string, state: TargetState): Promise<void> {
    const messages = [targetStateMessage(connector, state)];
    if (state === 'STOPPED') messages.push({ key: `commit-${connector}`, value: JSON.stringify({ tasks: 0 }) });
    return this.write(messages);
  }

  putRestartRequest(r: RestartRequestRecord): Promise<void> {
    return this.write([{ key: `restart-connector-${r.connector}`, value: JSON.stringify({ 'include-tasks': r.includeTasks, 'only-failed': r.onlyFailed }) }]);
  }

  putLoggerLevel(namespace: string, level: string): Promise<void> {
    return this.write([{ key: `logger-cluster-${namespace}`, value: JSON.stringify({ level }) }], false);
  }

  /** Written and read back, so this worker verifies with it as soon as the call returns. */
  putSessionKey(k: StoredSessionKey): Promise<void> {
    const value = { key: k.key.toString('base64'), algorithm: k.algorithm, 'creation-timestamp': k.creationTimestamp };
    return this.write([{ key: SESSION_KEY, value: JSON.stringify(value) }]);
  }

  putAssignment(value: unknown): Promise<void> {
    return this.write([{ key: ASSIGNMENT_KEY, value: JSON.stringify(value) }], false);
  }

  // ---- reading -----------------------------------------------------------------------------

  private announce(update: ConfigUpdate): void {
    if (this.started) this.updateListener?.(update);
  }

  private apply(r: LogRecord): void {
    this.offset = r.offset + 1;
    const key = r.key;
    if (key === null) return;
    let value: Record<string, unknown> | null = null;
    if (r.value !== null) {
      try {
        const parsed = JSON.parse(r.value.toString('utf8')) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
        value = parsed as Record<string, unknown>;
      } catch (err) {
        this.options.logger.error({ key, err: { message: (err as Error).message } }, 'Ignoring a config record that is not a JSON object');
        return;
      }
    }
    if (key.startsWith('target-state-')) this.applyTargetState(key.slice('target-state-'.length), value);
    else if (key.startsWith('connector-')) this.applyConnector(key.slice('connector-'.length), value);
    else if (key.startsWith('task-')) this.applyTask(key, value);
    else if (key.startsWith('commit-')) this.applyCommit(key.slice('commit-'.length), value);
    else if (key.startsWith('restart-connector-')) {
      if (value) {
        this.announce({
          type: 'restart',
          request: {
            connector: key.slice('restart-connector-'.length),
            includeTasks: value['include-tasks'] === true,
            onlyFailed: value['only-failed'] === true,
          },
        });
      }
    } else if (key.startsWith('logger-cluster-')) {
      if (value && typeof value['level'] === 'string') {
        this.announce({ type: 'logger-level', namespace: key.slice('logger-cluster-'.length), level: value['level'] });
      }
    } else if (key === ASSIGNMENT_KEY) {
      this.assignment = value ?? undefined;
      this.announce({ type: 'assignment', value: this.assignment });
    } else if (key === SESSION_KEY) {
      this.applySessionKey(value);
    } else if (key.startsWith('tasks-fencing-')) {
      this.applyTaskCount(key.slice('tasks-fencing-'.length), value);
    } else {
      this.options.logger.warn({ key }, 'Discarding config update record with invalid key');
    }
  }

  /** KafkaConfigBackingStore.processSessionKeyRecord; never logs the key itself. */
  private applySessionKey(value: Record<string, unknown> | null): void {
    if (value === null) {
      this.options.logger.error({ key: SESSION_KEY }, 'Ignoring session key because it is unexpectedly null');
      return;
    }
    const { key, algorithm } = value;
    const created = value['creation-timestamp'];
    if (typeof key !== 'string' || typeof algorithm !== 'string' || typeof created !== 'number') {
      this.options.logger.error({ fields: Object.keys(value) }, "Ignoring an invalid session key record: 'key' and 'algorithm' must be strings, 'creation-timestamp' a number");
      return;
    }
    this.currentSessionKey = { key: Buffer.from(key, 'base64'), algorithm, creationTimestamp: created };
    this.announce({ type: 'session-key' });
  }

  private applyTargetState(connector: string, value: Record<string, unknown> | null): void {
    if (value === null) {
      this.targetStates.delete(connector);
      if (this.connectors.has(connector)) this.targetStates.set(connector, 'STARTED');
      return;
    }
    const raw = typeof value['state.v2'] === 'string' ? value['state.v2'] : value['state'];
    if (typeof raw !== 'string' || !TARGET_STATES.includes(raw as TargetState)) {
      this.options.logger.error({ connector, state: raw }, 'Invalid target state record; ignoring it');
      return;
    }
    const before = this.targetStates.get(connector);
    this.targetStates.set(connector, raw as TargetState);
    if (before !== raw && this.connectors.has(connector)) this.announce({ type: 'target-state', connector });
  }

  private applyConnector(connector: string, value: Record<string, unknown> | null): void {
    if (value === null) {
      this.removeConnector(connector);
      this.announce({ type: 'connector', connector, removed: true });
      return;
    }
    const props = value['properties'];
    if (typeof props !== 'object' || props === null) {
      this.options.logger.error({ connector }, "Invalid connector config record: 'properties' is not an object; ignoring it");
      return;
    }
    this.connectors.set(connector, stringMap(props as Record<string, unknown>));
    if (!this.targetStates.has(connector)) this.targetStates.set(connector, 'STARTED');
    this.announce({ type: 'connector', connector, removed: false });
  }

  /** KafkaConfigBackingStore.processTaskCountRecord: the generation committed before it is now fenced. */
  private applyTaskCount(connector: string, value: Record<string, unknown> | null): void {
    const count = value?.['task-count'];
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      this.options.logger.error({ connector }, 'Ignoring an invalid task count record');
      return;
    }
    this.taskCountRecords.set(connector, count);
    this.pendingFencing.delete(connector);
    this.announce({ type: 'task-count', connector });
  }

  /** KIP-618: records that the previous generations of `connector`'s tasks are fenced; `count` tasks may now start. */
  putTaskCountRecord(connector: string, count: number): Promise<void> {
    return this.write([{ key: `tasks-fencing-${connector}`, value: JSON.stringify({ 'task-count': count }) }]);
  }

  private removeConnector(connector: string): void {
    // The task count stays: a connector created again under this name fences the old one's producers.
    this.pendingFencing.delete(connector);
    this.connectors.delete(connector);
    this.taskConfigs.delete(connector);
    this.appliedConfigs.delete(connector);
    this.deferred.delete(connector);
    this.inconsistent.delete(connector);
  }

  private applyTask(key: string, value: Record<string, unknown> | null): void {
    const id = parseTaskKey(key.slice('task-'.length));
    if (!id || value === null || typeof value['properties'] !== 'object' || value['properties'] === null) {
      this.options.logger.error({ key }, 'Ignoring an invalid task configuration record');
      return;
    }
    let pending = this.deferred.get(id.connector);
    if (!pending) this.deferred.set(id.connector, (pending = new Map()));
    pending.set(id.task, stringMap(value['properties'] as Record<string, unknown>));
  }

  private applyCommit(connector: string, value: Record<string, unknown> | null): void {
    const config = this.connectors.get(connector);
    if (!config) {
      // Deleted earlier, and compaction has since removed its connector record.
      this.removeConnector(connector);
      return;
    }
    const count = value?.['tasks'];
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
      this.options.logger.error({ connector }, 'Ignoring an invalid task commit record');
      return;
    }
    const pending = this.deferred.get(connector) ?? new Map<number, Record<string, string>>();
    const configs: Record<string, string>[] = [];
    for (let i = 0; i < count; i++) {
      const c = pending.get(i);
      if (!c) break;
      configs.push(c);
    }
    if (configs.length < count) {
      this.inconsistent.add(connector);
      this.options.logger.warn({ connector, tasks: count }, 'Incomplete set of task configs (compaction); the connector regenerates them');
    } else {
      this.taskConfigs.set(connector, configs);
      this.appliedConfigs.set(connector, config);
      this.inconsistent.delete(connector);
    }
    this.deferred.delete(connector);
    this.pendingFencing.add(connector);
    this.announce({ type: 'tasks', connector });
  }
}

function targetStateMessage(connector: string, state: TargetState): LogMessage {
  // `state` stays readable by workers older than KIP-875, which know no STOPPED.
  return { key: `target-state-${connector}`, value: JSON.stringify({ state: state === 'STOPPED' ? 'PAUSED' : state, 'state.v2': state }) };
}

/** `<connector>-<n>`: the connector name may itself contain dashes. */
export function parseTaskKey(s: string): { connector: string; task: number } | undefined {
  const dash = s.lastIndexOf('-');
  if (dash <= 0) return undefined;
  const task = Number(s.slice(dash + 1));
  if (!Number.isInteger(task) || task < 0 || s.slice(dash + 1) === '') return undefined;
  return { connector: s.slice(0, dash), task };
}

function stringMap(o: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}
