// The Herder is what the REST API (src/rest/**) talks to. StandaloneHerder and DistributedHerder
// both implement it; nothing here is specific to one mode.
//
// Conventions every implementation follows:
// - Methods that read or change connector state are async: a distributed herder may have to wait
//   for its config topic to catch up, or hand the request to the leader.
// - Errors are the types from src/data/errors.ts and map to HTTP statuses in src/rest/errors.ts:
//   NotFoundException → 404, AlreadyExistsException → 409, ConfigException and BadRequestException
//   (below) → 400, RebalanceNeededException → 409, anything else → 500.
// - A distributed herder that is not the leader (or not the owner of a connector's tasks) throws
//   RequestTargetException with the leader's REST URL; the REST layer forwards the very same
//   request there (with `?forward=false` on the second hop, as Kafka Connect does). Throw
//   RebalanceNeededException when a rebalance makes the answer momentarily unknowable (409).
// - Plugin, validation and logger methods are worker-local and synchronous where they can be;
//   AbstractHerder implements them (and the offsets-change checks) for both herders, with
//   src/herder/configInfos.ts and src/herder/connectorOffsets.ts doing the work.

import { ConnectException } from '../data/errors.js';
import type { TargetState } from '../runtime/status.js';
import type { ConnectMetricsSnapshot } from '../runtime/workerMetrics.js';
import type { PreviewStep, SampleRecord } from '../runtime/chainPreview.js';
import type { InternalRequestSignature } from './sessionKey.js';
import type {
  ActiveTopicsInfo,
  ConfigInfos,
  ConfigKeyInfo,
  ConnectorInfo,
  ConnectorOffset,
  ConnectorOffsets,
  ConnectorStateInfo,
  DeadLetterRecords,
  LoggerLevel,
  Message,
  PluginInfo,
  TaskId,
  TaskInfo,
  TaskStateInfo,
} from './types.js';

export type { PreviewStep, SampleRecord };

export interface RestartRequest {
  connector: string;
  /** Restart the tasks too (`includeTasks=true`). */
  includeTasks: boolean;
  /** Restart only what is FAILED (`onlyFailed=true`). */
  onlyFailed: boolean;
}

export interface Herder {
  /** This worker's id (`host:port`), as reported in statuses. */
  readonly workerId: string;

  // ---- readiness (GET /, GET /health) ----
  /** True once startup finished: configs read, (distributed) joined the group. */
  isReady(): boolean;
  /** Resolves if the herder's work loop is responsive; rejects (or hangs, REST times out) if not. */
  healthCheck(): Promise<void>;
  /** The Kafka cluster id, or null until it is known. */
  kafkaClusterId(): string | null;

  // ---- metrics (GET /metrics) ----
  /** Kafka Connect's metric groups for this worker, as plain data (never per record). */
  metrics(): ConnectMetricsSnapshot;

  // ---- connectors and their configs ----
  /** Every connector name, sorted. */
  connectors(): Promise<string[]>;
  connectorInfo(name: string): Promise<ConnectorInfo>;
  connectorConfig(name: string): Promise<Record<string, string>>;
  /** GET /connectors/{name}/tasks: each task's id and generated config. */
  taskConfigs(name: string): Promise<TaskInfo[]>;
  /**
   * Creates (allowReplace false: 409 when it exists) or creates-or-replaces a connector.
   * Validation runs first and throws a ConfigException (400) before anything changes.
   * `initialState` applies only on creation (KIP-980: `initial_state` of POST /connectors).
   */
  putConnectorConfig(
    name: string,
    config: Record<string, string>,
    allowReplace: boolean,
    initialState?: TargetState,
  ): Promise<{ created: boolean; info: ConnectorInfo }>;
  /** PATCH /connectors/{name}/config: merges `patch` into the current config; null removes a key. 404 if unknown. */
  patchConnectorConfig(name: string, patch: Record<string, string | null>): Promise<ConnectorInfo>;
  deleteConnector(name: string): Promise<void>;

  // ---- status ----
  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  taskStatus(id: TaskId): Promise<TaskStateInfo>;
  /** KIP-558: the topics the connector's records really flowed through. */
  connectorActiveTopics(name: string): Promise<ActiveTopicsInfo>;
  resetConnectorActiveTopics(name: string): Promise<void>;

  // ---- lifecycle ----
  /** PUT …/pause (PAUSED), …/resume (STARTED), …/stop (STOPPED). The target state is persisted. */
  setTargetState(name: string, target: TargetState): Promise<void>;
  /** POST …/restart without includeTasks/onlyFailed: the connector instance only. */
  restartConnector(name: string): Promise<void>;
  /**
   * POST …/restart?includeTasks=&onlyFailed= (KIP-745). Resolves with the status right after the
   * restart was planned: what will be restarted shows as RESTARTING.
   */
  restartConnectorAndTasks(request: RestartRequest): Promise<ConnectorStateInfo>;
  restartTask(id: TaskId): Promise<void>;

  // ---- dead-letter queue (ours; the web console's view) ----
  /** GET /connectors/{name}/dlq?limit=: 404 unknown connector, 400 when it has no DLQ. */
  deadLetterQueueRecords(name: string, limit: number): Promise<DeadLetterRecords>;

  // ---- offsets (KIP-875) ----
  /** Any target state. Source: partitions from the offset store; sink: the consumer group `connect-<name>`. */
  connectorOffsets(name: string): Promise<ConnectorOffsets>;
  /** STOPPED connectors only, else BadRequestException. A null `offset` removes that partition's offset. */
  alterConnectorOffsets(name: string, offsets: ConnectorOffset[]): Promise<Message>;
  /** STOPPED connectors only, else BadRequestException. */
  resetConnectorOffsets(name: string): Promise<Message>;

  // ---- plugins and validation (worker-local) ----
  /** GET /connector-plugins; connectorsOnly=false adds transformations, predicates, converters, header converters. */
  connectorPlugins(connectorsOnly: boolean): PluginInfo[];
  /** GET /connector-plugins/{plugin}/config. NotFoundException when no plugin has that name. */
  connectorPluginConfig(pluginName: string): ConfigKeyInfo[];
  /** PUT /connector-plugins/{plugin}/config/validate and the check behind every config write. */
  validateConnectorConfig(config: Record<string, string | null>): Promise<ConfigInfos>;
  /** POST /connector-plugins/transforms/preview: each sample record after every step of the chain. */
  previewTransforms(config: Record<string, string>, records: readonly SampleRecord[]): Promise<PreviewStep[][]>;

  // ---- loggers (GET/PUT /admin/loggers, KIP-495 and KIP-976) ----
  allLoggerLevels(): Record<string, LoggerLevel>;
  /** null when no such logger exists. */
  loggerLevel(name: string): LoggerLevel | null;
  /** Sets `namespace` and every logger below it on this worker; returns the names it changed. */
  setWorkerLoggerLevel(namespace: string, level: string): string[];
  /** `scope=cluster`: every worker (distributed: through the config topic). Standalone: this worker. */
  setClusterLoggerLevel(namespace: string, level: string): Promise<void>;

  // ---- internal endpoints (distributed only; optional) ----
  /** POST /connectors/{name}/tasks (follower → leader task configs). Unimplemented → 404. */
  putTaskConfigs?(name: string, configs: Record<string, string>[], requestSignature?: InternalRequestSignature): Promise<void>;
  /** PUT /connectors/{name}/fence (exactly-once source zombie fencing). Unimplemented → 404. */
  fenceZombieSourceTasks?(name: string, requestSignature?: InternalRequestSignature): Promise<void>;

  stop(): Promise<void>;
}

/**
 * Thrown by a herder that cannot serve a request itself: the REST layer re-sends the request to
 * `forwardUrl` (a worker's advertised REST URL, e.g. `http://leader:8083/`). A null URL means the
 * leader is momentarily unknown (rebalance) and becomes a 409.
 */
export class RequestTargetException extends ConnectException {
  constructor(
    message: string,
    readonly forwardUrl: string | null,
  ) {
    super(message);
    this.name = 'RequestTargetException';
  }
}

/** The request went to a follower; `forwardUrl` is the leader's. */
export class NotLeaderException extends RequestTargetException {
  constructor(message: string, leaderUrl: string | null) {
    super(message, leaderUrl);
    this.name = 'NotLeaderException';
  }
}

/** A request the herder refuses as it stands (e.g. offsets of a connector that is not STOPPED): 400. */
export class BadRequestException extends ConnectException {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequestException';
  }
}

/** The herder's view is stale (a rebalance or a concurrent config change is under way): 409. */
export class RebalanceNeededException extends ConnectException {
  constructor(message = 'Request cannot be completed because a rebalance is expected') {
    super(message);
    this.name = 'RebalanceNeededException';
  }
}
