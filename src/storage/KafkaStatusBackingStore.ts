import { KafkaBasedLog, type KafkaClientSettings, type LogRecord } from '../kafka/KafkaBasedLog.js';
import { isTransientKafkaError } from '../kafka/outage.js';
import type { ConnectorTaskId, State, StatusEntry } from './status.js';
import { parseTaskKey } from './KafkaConfigBackingStore.js';
import { MemoryStatusBackingStore, type StatusBackingStore } from './StatusBackingStore.js';

/**
 * Connector, task and active-topic statuses in `status.storage.topic`, as Kafka Connect's
 * KafkaStatusBackingStore writes them:
 *
 * - `status-connector-<name>` and `status-task-<name>-<n>` →
 *   `{"state":"RUNNING","trace":null,"worker_id":"host:8083","generation":7}`
 * - `status-topic-<topic>:connector-<name>` →
 *   `{"topic":{"name":"<topic>","connector":"<name>","task":0,"discoverTimestamp":1700000000000}}`
 *
 * Deletions are tombstones. Every worker reads the whole topic, so any worker answers status
 * requests for every connector. Writes go out in the background (the listener API is synchronous)
 * and are retried; the local view shows a write at once and is not rolled back by older records
 * read back meanwhile.
 */
export interface KafkaStatusBackingStoreOptions extends KafkaClientSettings {
  topic: string;
  partitions: number;
  replicationFactor: number;
  clientId: string;
}

const STATES: readonly State[] = ['UNASSIGNED', 'PAUSED', 'RUNNING', 'FAILED', 'RESTARTING', 'STOPPED', 'DESTROYED'];
const CONNECTOR_PREFIX = 'status-connector-';
const TASK_PREFIX = 'status-task-';
const TOPIC_PREFIX = 'status-topic-';
const TOPIC_SEPARATOR = ':connector-';
const MAX_SEND_ATTEMPTS = 10;

interface TopicStatus {
  name: string;
  connector: string;
  task: number;
  discoverTimestamp: number;
}

export class KafkaStatusBackingStore implements StatusBackingStore {
  private readonly log: KafkaBasedLog;
  /** The latest status of everything, as read (or written here). */
  private readonly cache = new MemoryStatusBackingStore();
  /** Keys whose latest record is a tombstone: a late UNASSIGNED from a stopping task must not revive them. */
  private readonly deleted = new Set<string>();
  /** Values written here and not yet read back, per key, oldest first. */
  private readonly pending = new Map<string, Array<string | null>>();
  /** Per key, the last record of another writer read while writes of ours were still on their way. */
  private readonly readWhilePending = new Map<string, string | null>();
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;
  private changeListener: ((connector: string, task: number | undefined) => void) | undefined;

  constructor(private readonly options: KafkaStatusBackingStoreOptions) {
    this.log = new KafkaBasedLog({
      ...options,
      spec: { partitions: options.partitions, replicationFactor: options.replicationFactor, configKey: 'status.storage.topic', purpose: 'connector and task statuses' },
      onRecord: (r) => this.read(r),
    });
  }

  /**
   * Who hears that a status changed (read from the topic or written here). A method, not an
   * option: the distributed herder subscribes once it exists, and it is built after its stores.
   */
  watch(listener: (connector: string, task: number | undefined) => void): void {
    this.changeListener = listener;
  }

  async start(): Promise<void> {
    await this.log.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.log.stop();
  }

  readToEnd(): Promise<void> {
    return this.log.readToEnd();
  }

  // ---- StatusListener ----------------------------------------------------------------------

  onConnectorState(connector: string, entry: StatusEntry): void {
    const key = CONNECTOR_PREFIX + connector;
    if (!this.canWrite(key, this.cache.connector(connector), entry)) return;
    if (entry.state === 'DESTROYED') {
      this.cache.deleteConnector(connector);
      this.send(key, null);
      return;
    }
    this.deleted.delete(key);
    this.cache.onConnectorState(connector, entry);
    this.send(key, serializeStatus(entry));
    this.changeListener?.(connector, undefined);
  }

  onTaskState(id: ConnectorTaskId, entry: StatusEntry): void {
    const key = `${TASK_PREFIX}${id.connector}-${id.task}`;
    if (!this.canWrite(key, this.task(id), entry)) return;
    if (entry.state === 'DESTROYED') {
      this.cache.deleteTask(id);
      this.send(key, null);
      return;
    }
    this.deleted.delete(key);
    this.cache.onTaskState(id, entry);
    this.send(key, serializeStatus(entry));
    this.changeListener?.(id.connector, id.task);
  }

  /**
   * UNASSIGNED is what a worker says when it lets go of a connector or task: as Kafka Connect's
   * putSafe, it must not overwrite what a newer owner already wrote, nor revive a deleted status.
   */
  private canWrite(key: string, current: StatusEntry | undefined, entry: StatusEntry): boolean {
    if (entry.state !== 'UNASSIGNED') return true;
    if (this.deleted.has(key)) return false;
    return current === undefined || current.workerId === entry.workerId || current.generation <= entry.generation;
  }

  // ---- StatusBackingStore ------------------------------------------------------------------

  connector(name: string): StatusEntry | undefined {
    return this.cache.connector(name);
  }

  tasks(connector: string): Map<number, StatusEntry> {
    return this.cache.tasks(connector);
  }

  task(id: ConnectorTaskId): StatusEntry | undefined {
    return this.cache.task(id);
  }

  /** Tombstones for the connector's status, its tasks' and its active topics'. */
  deleteConnector(name: string): void {
    for (const task of this.tasks(name).keys()) this.deleteTask({ connector: name, task });
    this.resetTopics(name);
    this.cache.deleteConnector(name);
    this.deleted.add(CONNECTOR_PREFIX + name);
    this.send(CONNECTOR_PREFIX + name, null);
  }

  deleteTask(id: ConnectorTaskId): void {
    const key = `${TASK_PREFIX}${id.connector}-${id.task}`;
    this.cache.deleteTask(id);
    this.deleted.add(key);
    this.send(key, null);
  }

  topics(connector: string): Set<string> {
    return this.cache.topics(connector);
  }

  addTopic(connector: string, topic: string, task = 0): void {
    if (this.cache.topics(connector).has(topic)) return;
    const status: TopicStatus = { name: topic, connector, task, discoverTimestamp: Date.now() };
    this.cache.addTopic(connector, topic);
    this.send(`${TOPIC_PREFIX}${topic}${TOPIC_SEPARATOR}${connector}`, JSON.stringify({ topic: status }));
  }

  resetTopics(connector: string): void {
    for (const topic of this.topics(connector)) this.send(`${TOPIC_PREFIX}${topic}${TOPIC_SEPARATOR}${connector}`, null);
    this.cache.resetTopics(connector);
  }

  // ---- writing -----------------------------------------------------------------------------

  private send(key: string, value: string | null): void {
    let queue = this.pending.get(key);
    if (!queue) this.pending.set(key, (queue = []));
    queue.push(value);
    const p = this.sendWithRetry(key, value, 1).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Resolves once every status written so far is in the topic (or given up on). */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private async sendWithRetry(key: string, value: string | null, attempt: number): Promise<void> {
    try {
      await this.log.send([{ key, value }]);
    } catch (err) {
      const superseded = (this.pending.get(key)?.at(-1) ?? value) !== value;
      // Through a broker outage the latest status of a key is retried until it lands (as Connect's
      // store does); an older one gives way to it.
      const outage = isTransientKafkaError(err);
      if (this.stopped || superseded || (attempt >= MAX_SEND_ATTEMPTS && !outage)) {
        if (!this.stopped && !superseded) this.options.logger.error({ key, err }, 'Failed to write status update');
        this.dropPending(key, value);
        return;
      }
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, outage ? 1000 : 5000)));
      return this.sendWithRetry(key, value, attempt + 1);
    }
  }

  private dropPending(key: string, value: string | null): void {
    const queue = this.pending.get(key);
    const i = queue?.indexOf(value) ?? -1;
    if (queue && i >= 0) queue.splice(i, 1);
    if (queue?.length === 0) {
      this.pending.delete(key);
      // Ours never landed: what the others wrote meanwhile is the truth.
      const theirs = this.readWhilePending.get(key);
      this.readWhilePending.delete(key);
      if (theirs !== undefined) this.applyRecord(key, theirs);
    }
  }

  // ---- reading -----------------------------------------------------------------------------

  private read(r: LogRecord): void {
    const key = r.key;
    if (key === null) return;
    const text = r.value === null ? null : r.value.toString('utf8');
    const queue = this.pending.get(key);
    if (queue && queue.length > 0) {
      // Our own writes come back in order; older records (ours or others') read meanwhile must not
      // roll back the newer local value.
      const own = queue[0] === text;
      if (own) queue.shift();
      if (!own) this.readWhilePending.set(key, text);
      if (queue.length > 0 || !own) return;
      this.pending.delete(key);
      // Another worker's record landed before our last one (a worker that was stalled lets go of
      // work a newer owner already took): apply both in topic order, as every other worker does,
      // so the stale UNASSIGNED of ours loses to their newer status here too.
      const theirs = this.readWhilePending.get(key);
      this.readWhilePending.delete(key);
      if (theirs !== undefined) this.applyRecord(key, theirs);
    }
    this.applyRecord(key, text);
  }

  private applyRecord(key: string, text: string | null): void {
    if (key.startsWith(CONNECTOR_PREFIX)) this.readConnector(key, text);
    else if (key.startsWith(TASK_PREFIX)) this.readTask(key, text);
    else if (key.startsWith(TOPIC_PREFIX)) this.readTopic(key, text);
    else this.options.logger.warn({ key }, 'Discarding record with invalid key');
  }

  private readConnector(key: string, text: string | null): void {
    const connector = key.slice(CONNECTOR_PREFIX.length);
    if (connector === '') return;
    if (text === null) {
      this.cache.deleteConnector(connector);
      this.deleted.add(key);
      this.changeListener?.(connector, undefined);
      return;
    }
    const entry = parseStatus(text);
    if (!entry) return this.options.logger.warn({ key }, 'Failed to parse connector status');
    if (isStale(this.cache.connector(connector), entry)) return;
    this.deleted.delete(key);
    this.cache.onConnectorState(connector, entry);
    this.changeListener?.(connector, undefined);
  }

  private readTask(key: string, text: string | null): void {
    const id = parseTaskKey(key.slice(TASK_PREFIX.length));
    if (!id) return this.options.logger.warn({ key }, 'Discarding record with invalid task status key');
    if (text === null) {
      this.cache.deleteTask(id);
      this.deleted.add(key);
      this.changeListener?.(id.connector, id.task);
      return;
    }
    const entry = parseStatus(text);
    if (!entry) return this.options.logger.warn({ key }, 'Failed to parse task status');
    if (isStale(this.task(id), entry)) return;
    this.deleted.delete(key);
    this.cache.onTaskState(id, entry);
    this.changeListener?.(id.connector, id.task);
  }

  private readTopic(key: string, text: string | null): void {
    const sep = key.indexOf(TOPIC_SEPARATOR);
    if (sep <= TOPIC_PREFIX.length) return;
    const topic = key.slice(TOPIC_PREFIX.length, sep);
    const connector = key.slice(sep + TOPIC_SEPARATOR.length);
    if (!connector) return;
    if (text === null) {
      const others = [...this.cache.topics(connector)].filter((t) => t !== topic);
      this.cache.resetTopics(connector);
      for (const t of others) this.cache.addTopic(connector, t);
      return;
    }
    try {
      const t = (JSON.parse(text) as { topic?: Partial<TopicStatus> }).topic;
      if (!t || typeof t.name !== 'string') throw new Error('no topic');
      this.cache.addTopic(connector, t.name);
    } catch {
      this.options.logger.warn({ key }, 'Failed to parse topic status');
    }
  }
}

/**
 * Work that moved: the old worker's UNASSIGNED can land after the new worker's status (writes of
 * different workers are not ordered); a newer generation of another worker wins. Kafka Connect
 * applies this to tasks over RUNNING; here to connectors too, and over any state.
 */
function isStale(current: StatusEntry | undefined, read: StatusEntry): boolean {
  return read.state === 'UNASSIGNED' && current !== undefined && current.workerId !== read.workerId && current.generation >= read.generation;
}

/** Field order and explicit null trace as Kafka's JsonConverter writes the STATUS_SCHEMA_V0 struct. */
export function serializeStatus(e: StatusEntry): string {
  const v: Record<string, unknown> = { state: e.state, trace: e.trace ?? null, worker_id: e.workerId, generation: e.generation, version: e.version ?? null };
  // Self-healing's extras; Kafka's readers ignore fields they do not know.
  if (e.restartAttempts) v['restart_attempts'] = e.restartAttempts;
  if (e.restartAttempts && e.lastError) v['last_error'] = e.lastError;
  return JSON.stringify(v);
}

export function parseStatus(text: string): StatusEntry | undefined {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    const state = v['state'];
    if (typeof state !== 'string' || !STATES.includes(state as State)) return undefined;
    const entry: StatusEntry = {
      state: state as State,
      workerId: typeof v['worker_id'] === 'string' ? v['worker_id'] : '',
      generation: typeof v['generation'] === 'number' ? v['generation'] : 0,
    };
    if (typeof v['trace'] === 'string') entry.trace = v['trace'];
    if (typeof v['version'] === 'string') entry.version = v['version'];
    if (typeof v['restart_attempts'] === 'number') entry.restartAttempts = v['restart_attempts'];
    if (typeof v['last_error'] === 'string') entry.lastError = v['last_error'];
    return entry;
  } catch {
    return undefined;
  }
}
