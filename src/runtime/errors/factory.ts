// Builds a task's error handling from its connector's config: errors.retry.*, errors.tolerance,
// errors.log.*, and the dead-letter queue (errors.deadletterqueue.*), which we also honour for
// source connectors (our extension; see docs/errors.md).

import { connectorSpec, type ConnectorSpec, type ErrorHandlingSpec } from '../../config/connectorSpec.js';
import type { KafkaClients } from '../../kafka/index.js';
import type { PluginRegistry } from '../../plugins/PluginRegistry.js';
import type { PluginType } from '../../api/plugin.js';
import { converterClassName } from '../converterFactory.js';
import type { FailureContext, RecordErrorHandler } from '../errorHandling.js';
import type { Logger } from '../logger.js';
import type { ConnectorTaskId } from '../status.js';
import { TransformationError } from '../TransformationChain.js';
import { consumedDlqMessage, DeadLetterQueueReporter } from './deadLetterQueue.js';
import { SinkErrantRecordReporter } from './errantRecordReporter.js';
import { LogReporter, type ErrorReporter } from './reporters.js';
import { RetryWithToleranceOperator } from './RetryWithToleranceOperator.js';
import { SourceRecordJsonEncoder } from './sourceDeadLetter.js';

/** The error-handling settings of a connector config; throws ConfigException naming a bad key. */
export function errorHandlingConfig(connectorProps: Record<string, string>, type: 'source' | 'sink'): ErrorHandlingSpec {
  return connectorSpec(connectorProps, type).errors;
}

export interface ErrorHandlerArgs {
  id: ConnectorTaskId;
  connector: ConnectorSpec;
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
  const { id, connector, logger } = args;
  const { type } = connector;
  const cfg = connector.errors;
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
        { 'enable.idempotence': 'false', ...connector.producerOverrides }),
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
    className: classNameResolver(connector, deps),
    ...(errantReporter ? { errantReporter: (operator, converters) => new SinkErrantRecordReporter(operator, converters) } : {}),
  });
}

/**
 * Reports converters and transformations by their full class names, as Kafka does
 * (org.apache.kafka.connect.json.JsonConverter, org.apache.kafka.connect.transforms.Cast$Value).
 * Computed only when a record fails.
 */
function classNameResolver(connector: ConnectorSpec, deps: DefaultErrorHandlerDeps): (ctx: FailureContext, error: unknown) => string {
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
  const converter = (kind: 'key' | 'value' | 'header') => converterClassName(connector, deps.workerProps, kind);
  const transformType = new Map(connector.transforms.map((t) => [t.alias, t.type]));
  return (ctx, error) => {
    switch (ctx.stage) {
      case 'KEY_CONVERTER':
        return resolve(converter('key'), ['converter'], ctx.executingClass);
      case 'VALUE_CONVERTER':
        return resolve(converter('value'), ['converter'], ctx.executingClass);
      case 'HEADER_CONVERTER':
        return resolve(converter('header'), ['header_converter', 'converter'], ctx.executingClass);
      case 'TRANSFORMATION':
        return error instanceof TransformationError
          ? resolve(transformType.get(error.alias), ['transformation'], error.transformClass)
          : ctx.executingClass;
      default:
        return ctx.executingClass;
    }
  };
}
