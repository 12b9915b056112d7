// The one place a task is built. Its inputs are split on purpose: a TaskSpec (plain data, can be
// posted to a task thread), thread-local services (plugins, Kafka clients) and plain-data
// callbacks for everything the task tells the worker (status, topics, offsets). Whatever thread
// calls createTask owns the task's plugin instance, chain, converters, error handler and client.

import type { Connector } from '../api/Connector.js';
import type { SinkTask, SourceTask } from '../api/tasks.js';
import { compileJavaRegex } from '../api/ConfigDef.js';
import type { ConnectorSpec } from '../config/connectorSpec.js';
import type { SinkRecord } from '../data/SinkRecord.js';
import type { SourceRecord } from '../data/SourceRecord.js';
import type { ClientMetricsSample, KafkaClients } from '../kafka/index.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import { buildChain } from './chainFactory.js';
import { buildConverters, converterClassName } from './converterFactory.js';
import type { RecordErrorHandler } from './errorHandling.js';
import { createErrorHandler } from './errors/factory.js';
import { taskLogger } from './logger.js';
import { pluginVersion } from './pluginIdentity.js';
import { ConnectorOffsetReader, type OffsetRead, type OffsetWrite } from './offsets.js';
import type { ConnectorTaskId } from './status.js';
import type { ExactlyOnceSpec } from './eos/exactlyOnce.js';
import { WorkerSinkTask } from './WorkerSinkTask.js';
import { WorkerSourceTask } from './WorkerSourceTask.js';
import type { TaskStage, TaskStatusCallback, WorkerTask } from './WorkerTask.js';

/** Everything that defines a task, as plain data. */
export interface TaskSpec {
  id: ConnectorTaskId;
  connector: ConnectorSpec;
  /** The task's own config from Connector.taskConfigs (config providers resolved). */
  taskProps: Record<string, string>;
  workerProps: Record<string, string>;
  offsetFlushIntervalMs: number;
  /** Values config providers resolved on the main thread: a task thread hides them in its own logs too. */
  providedValues?: string[];
  /** KIP-618: set for a source task on a worker with exactly.once.source.support=enabled. */
  exactlyOnce?: ExactlyOnceSpec;
}

/** What the task's thread provides: plugin classes and Kafka clients live where the task does. */
export interface TaskServices {
  plugins: PluginRegistry;
  kafka: KafkaClients;
}

/** How a task reaches the worker's stores; plain data in and out, so each can be a message. */
export interface TaskCallbacks {
  onStatus: TaskStatusCallback;
  /** A topic a record of this connector really went to. */
  onTopic: (topic: string) => void;
  readOffsets: OffsetRead;
  writeOffsets: OffsetWrite;
  /** Distributed mode: until when (epoch ms) the worker surely is a group member (see Worker's workUntil). */
  workUntil?: () => number;
  /** Thread-local: where the task's loop is, for the watchdog. */
  onStage?: (stage: TaskStage) => void;
}

/** The task loops ask yes/no; the deadline is read and compared with this thread's clock at each ask. */
function mayWorkUntil(workUntil: () => number): () => boolean {
  return () => Date.now() < workUntil();
}

/** Builds a task from its spec; throws (with everything it opened closed) when it cannot. */
export async function createTask(spec: TaskSpec, services: TaskServices, callbacks: TaskCallbacks): Promise<WorkerTask> {
  const { id, connector, taskProps, workerProps } = spec;
  const { plugins, kafka } = services;
  const logger = taskLogger(id.connector, id.task, taskProps['task.class'] ?? '');
  let errors: RecordErrorHandler | undefined;
  try {
    // A task thread's registry loads a built-in's module only when a task names one of its plugins.
    await plugins.load([
      connector.connectorClass,
      ...(['key', 'value', 'header'] as const).map((kind) => converterClassName(connector, workerProps, kind)),
      ...connector.transforms.map((t) => t.type),
      ...connector.predicates.map((p) => p.type),
    ]);
    const { plugin, instance } = plugins.instantiate<Connector>(connector.connectorClass, ['source', 'sink']);
    if (plugin.type !== connector.type) throw new Error(`${connector.connectorClass} is a ${plugin.type} connector, not a ${connector.type} connector`);
    const TaskClass = instance.taskClass();
    const task = new (TaskClass as new () => SourceTask | SinkTask)();
    // KIP-891: every status the task reports carries its version.
    const version = pluginVersion(task);
    const onStatus: TaskStatusCallback = version ? (tid, e) => callbacks.onStatus(tid, { ...e, version }) : callbacks.onStatus;
    const converters = buildConverters(connector, workerProps, plugins, id);
    const chainSpec = { predicates: connector.predicates, transforms: connector.transforms };
    // errors.* of the connector config: retries, tolerance, error log, dead-letter queue (topic created now).
    errors = createErrorHandler({ id, connector, logger }, { kafka, plugins, workerProps });
    await errors.start?.();
    const clientId = `connector-${connector.type === 'source' ? 'producer' : 'consumer'}-${id.connector}-${id.task}`;
    const common = {
      id,
      taskConfig: taskProps,
      ...converters,
      errors,
      logger,
      onStatus,
      onTopic: callbacks.onTopic,
      offsetFlushIntervalMs: spec.offsetFlushIntervalMs,
      ...(callbacks.workUntil ? { mayWork: mayWorkUntil(callbacks.workUntil) } : {}),
      ...(callbacks.onStage ? { onStage: callbacks.onStage } : {}),
    };
    if (connector.type === 'source') {
      return new WorkerSourceTask({
        ...common,
        task: task as SourceTask,
        chain: buildChain<SourceRecord>(chainSpec, plugins, id),
        // KIP-618: a transactional producer, its id Connect's `${group.id}-${connector}-${task}`.
        producer: spec.exactlyOnce
          ? kafka.transactionalProducer(spec.exactlyOnce.transactionalId, clientId, connector.producerOverrides)
          : kafka.producer(clientId, connector.producerOverrides),
        ...(spec.exactlyOnce ? { exactlyOnce: spec.exactlyOnce } : {}),
        maxRequestBytes: Number(connector.producerOverrides['max.request.size'] ?? workerProps['producer.max.request.size'] ?? 1048576),
        writeOffsets: callbacks.writeOffsets,
        offsetReader: new ConnectorOffsetReader(id.connector, callbacks.readOffsets),
      });
    }
    const regex = connector.topicsRegex;
    return new WorkerSinkTask({
      ...common,
      task: task as SinkTask,
      topics: regex ? undefined : connector.topics,
      topicsRegex: regex ? compileJavaRegex(regex, true) : undefined,
      chain: buildChain<SinkRecord>(chainSpec, plugins, id),
      consumer: kafka.consumer(connector.consumerOverrides['group.id'] ?? `connect-${id.connector}`, clientId, connector.consumerOverrides),
      errantRecordReporter: errors.errantRecordReporter?.(converters),
    });
  } catch (err) {
    await errors?.close().catch(() => {});
    throw err;
  }
}

/** Where tasks run: in this thread (InProcessTaskHost) or on task threads (TaskThreadPool). */
export interface TaskHost {
  /** A task handle; nothing runs until its start(). Throws (or the task reports FAILED) when it cannot be built. */
  create(spec: TaskSpec, callbacks: TaskCallbacks): WorkerTask | Promise<WorkerTask>;
  /** After every task stopped. */
  close(): Promise<void>;
  /** Kafka clients made elsewhere than this thread (task threads), for the metrics endpoint. */
  clientMetrics?(): ClientMetricsSample[];
  /** Threads running tasks besides the calling one, for the metrics endpoint. */
  threadCount?(): number;
}

/** Tasks on the calling thread: for tools and tests that want no threads. */
export class InProcessTaskHost implements TaskHost {
  constructor(private readonly services: TaskServices) {}

  create(spec: TaskSpec, callbacks: TaskCallbacks): Promise<WorkerTask> {
    return createTask(spec, this.services, callbacks);
  }

  async close(): Promise<void> {}
}
