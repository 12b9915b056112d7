// Builds a task's error handling from its connector's config: errors.retry.*, errors.tolerance,
// errors.log.*, and the dead-letter queue (errors.deadletterqueue.*), which we also honour for
// source connectors (our extension; see docs/errors.md).

import { ConfigDef } from '../../api/ConfigDef.js';
import { parseConnectorConfig, SINK_CONNECTOR_CONFIG_DEF, SinkConnectorConfig } from '../../config/connectorConfig.js';
import type { KafkaClients } from '../../kafka/index.js';
import type { PluginRegistry } from '../../plugins/PluginRegistry.js';
import type { PluginType } from '../../api/plugin.js';
import { withPrefix } from '../chainFactory.js';
import type { FailureContext, RecordErrorHandler } from '../errorHandling.js';
import type { Logger } from '../logger.js';
import type { ConnectorTaskId } from '../status.js';
import { TransformationError } from '../TransformationChain.js';
import { consumedDlqMessage, DeadLetterQueueReporter } from './deadLetterQueue.js';
import { SinkErrantRecordReporter } from './errantRecordReporter.js';
import { LogReporter, type ErrorReporter } from './reporters.js';
import { RetryWithToleranceOperator, type ToleranceType } from './RetryWithToleranceOperator.js';
import { SourceRecordJsonEncoder } from './sourceDeadLetter.js';

export interface ErrorHandlingConfig {
  retryTimeoutMs: number;
  retryDelayMaxMs: number;
  tolerance: ToleranceType;
  logEnable: boolean;
  logIncludeMessages: boolean;
  /** Empty: no dead-letter queue. */
  dlqTopic: string;
  dlqReplicationFactor: number;
  dlqContextHeaders: boolean;
}

const DLQ_KEYS = [
  'errors.deadletterqueue.topic.name',
  'errors.deadletterqueue.topic.replication.factor',
  'errors.deadletterqueue.context.headers.enable',
] as const;

/** The sink connector's DLQ keys, same types, defaults and validation, for source connectors. */
const SOURCE_DLQ_DEF = DLQ_KEYS.reduce((def, name) => def.define(SINK_CONNECTOR_CONFIG_DEF.configKeys().get(name)!), new ConfigDef());

/** The error-handling settings of a connector config; throws ConfigException naming a bad key. */
export function errorHandlingConfig(connectorProps: Record<string, string>, type: 'source' | 'sink'): ErrorHandlingConfig {
  const config = parseConnectorConfig(connectorProps, { type });
  let dlqTopic: string;
  let dlqReplicationFactor: number;
  let dlqContextHeaders: boolean;
  if (config instanceof SinkConnectorConfig) {
    dlqTopic = config.dlqTopicName.trim();
    dlqReplicationFactor = config.dlqTopicReplicationFactor;
    dlqContextHeaders = config.dlqContextHeadersEnable;
  } else {
    const dlq = SOURCE_DLQ_DEF.parse(Object.fromEntries(DLQ_KEYS.filter((k) => k in connectorProps).map((k) => [k, connectorProps[k]])));
    dlqTopic = String(dlq['errors.deadletterqueue.topic.name'] ?? '').trim();
    dlqReplicationFactor = Number(dlq['errors.deadletterqueue.topic.replication.factor']);
    dlqContextHeaders = dlq['errors.deadletterqueue.context.headers.enable'] === true;
  }
  return {
    retryTimeoutMs: config.errorsRetryTimeoutMs,
    retryDelayMaxMs: config.errorsRetryDelayMaxMs,
    tolerance: config.errorsTolerance,
    logEnable: config.errorsLogEnable,
    logIncludeMessages: config.errorsLogIncludeMessages,
    dlqTopic,
    dlqReplicationFactor,
    dlqContextHeaders,
  };
}

export interface ErrorHandlerArgs {
  id: ConnectorTaskId;
  connectorProps: Record<string, string>;
  type: 'source' | 'sink';
  logger: Logger;
}

export interface DefaultErrorHandlerDeps {
  kafka: KafkaClients;
  plugins: PluginRegistry;
  workerProps: Record<string, string>;
}

/** The Worker's default errorHandlerFactory. */
export function defaultErrorHandlerFactory(deps: DefaultErrorHandlerDeps): (args: ErrorHandlerArgs) => RecordErrorHandler {
  return (args) => createErrorHandler(args, deps);
}

export function createErrorHandler(args: ErrorHandlerArgs, deps: DefaultErrorHandlerDeps): RetryWithToleranceOperator {
  const { id, connectorProps, type, logger } = args;
  const cfg = errorHandlingConfig(connectorProps, type);
  const reporters: ErrorReporter[] = [];
  if (cfg.logEnable) reporters.push(new LogReporter(id, logger, 'errors', cfg.logIncludeMessages));
  else if (cfg.tolerance === 'all' && !cfg.dlqTopic) reporters.push(new LogReporter(id, logger, 'skipped', false));
  if (cfg.dlqTopic) {
    const encoder = type === 'source' ? new SourceRecordJsonEncoder() : undefined;
    reporters.push(new DeadLetterQueueReporter({
      id,
      topic: cfg.dlqTopic,
      replicationFactor: cfg.dlqReplicationFactor,
      contextHeaders: cfg.dlqContextHeaders,
      toMessage: encoder ? (f) => encoder.toMessage(f) : consumedDlqMessage,
      // Not idempotent: kafkajs then gives up after its retries (an idempotent producer never does),
      // so a DLQ that cannot be written fails the task instead of stalling it.
      producer: deps.kafka.producer(`connector-dlq-producer-${id.connector}-${id.task}`,
        { 'enable.idempotence': 'false', ...withPrefix(connectorProps, 'producer.override.') }),
      admin: () => deps.kafka.admin(`connector-dlq-adminclient-${id.connector}-${id.task}`),
      logger,
    }));
  }
  const errantReporter = type === 'sink' && (cfg.dlqTopic !== '' || cfg.logEnable);
  return new RetryWithToleranceOperator({
    retryTimeoutMs: cfg.retryTimeoutMs,
    retryDelayMaxMs: cfg.retryDelayMaxMs,
    tolerance: cfg.tolerance,
    reporters,
    logger,
    className: classNameResolver(connectorProps, deps),
    ...(errantReporter ? { errantReporter: (operator, converters) => new SinkErrantRecordReporter(operator, converters) } : {}),
  });
}

const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

/**
 * Reports converters and transformations by their full class names, as Kafka does
 * (org.apache.kafka.connect.json.JsonConverter, org.apache.kafka.connect.transforms.Cast$Value).
 * Computed only when a record fails.
 */
function classNameResolver(connectorProps: Record<string, string>, deps: DefaultErrorHandlerDeps): (ctx: FailureContext, error: unknown) => string {
  const cache = new Map<string, string>();
  const resolve = (name: string | undefined, types: PluginType[], fallback: string): string => {
    if (!name) return fallback;
    let out = cache.get(name);
    if (out === undefined) {
      try {
        out = deps.plugins.resolve(name, types).className;
      } catch {
        out = name;
      }
      cache.set(name, out);
    }
    return out;
  };
  const converter = (key: string) => connectorProps[key] || deps.workerProps[key];
  return (ctx, error) => {
    switch (ctx.stage) {
      case 'KEY_CONVERTER':
        return resolve(converter('key.converter'), ['converter'], ctx.executingClass);
      case 'VALUE_CONVERTER':
        return resolve(converter('value.converter'), ['converter'], ctx.executingClass);
      case 'HEADER_CONVERTER':
        return resolve(converter('header.converter') || DEFAULT_HEADER_CONVERTER, ['header_converter', 'converter'], ctx.executingClass);
      case 'TRANSFORMATION':
        return error instanceof TransformationError
          ? resolve(connectorProps[`transforms.${error.alias}.type`]?.trim(), ['transformation'], error.transformClass)
          : ctx.executingClass;
      default:
        return ctx.executingClass;
    }
  };
}
