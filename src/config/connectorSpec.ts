// A connector configuration parsed once into plain data: what the worker, the chain, converter and
// error factories and the task (on whichever thread it runs) read, instead of the raw strings.
// Plain data on purpose — it is posted to task threads, so it holds no class instances or RegExps
// (topics.regex stays its source; compileJavaRegex is the one place it becomes a RegExp).

import { ConfigDef } from '../api/ConfigDef.js';
import { originalsWithPrefix, type RawProps, toPropsMap } from './abstractConfig.js';
import {
  parseConnectorConfig, predicateAliases, SINK_CONNECTOR_CONFIG_DEF, SinkConnectorConfig, subConfig, transformSpecs,
  type ConnectorType, type PredicateSpec, type TransformSpec,
} from './connectorConfig.js';

/** A converter named by the connector config, with its `<kind>.converter.*` settings (prefix stripped). */
export interface ConverterSpec {
  className: string;
  config: Record<string, string>;
}

export interface ErrorHandlingSpec {
  retryTimeoutMs: number;
  retryDelayMaxMs: number;
  tolerance: 'none' | 'all';
  logEnable: boolean;
  logIncludeMessages: boolean;
  /** Empty: no dead-letter queue. */
  dlqTopic: string;
  dlqReplicationFactor: number;
  dlqContextHeaders: boolean;
}

export interface ConnectorSpec {
  name: string;
  type: ConnectorType;
  connectorClass: string;
  tasksMax: number;
  /** Every property as supplied (config providers already resolved), for the plugin itself. */
  props: Record<string, string>;
  /** The connector's own converter overrides; null falls back to the worker's. */
  keyConverter: ConverterSpec | null;
  valueConverter: ConverterSpec | null;
  headerConverter: ConverterSpec | null;
  /** Every declared predicate, in order (each is instantiated and configured, used or not). */
  predicates: PredicateSpec[];
  transforms: TransformSpec[];
  errors: ErrorHandlingSpec;
  producerOverrides: Record<string, string>;
  consumerOverrides: Record<string, string>;
  /** Sink only: the topics to consume (empty with topics.regex). */
  topics: string[];
  /** Sink only: topics.regex as the user wrote it (Java syntax), or null. */
  topicsRegex: string | null;
}

const DLQ_KEYS = [
  'errors.deadletterqueue.topic.name',
  'errors.deadletterqueue.topic.replication.factor',
  'errors.deadletterqueue.context.headers.enable',
] as const;

/** The sink connector's DLQ keys, same types, defaults and validation, for source connectors (our extension). */
const SOURCE_DLQ_DEF = DLQ_KEYS.reduce((def, name) => def.define(SINK_CONNECTOR_CONFIG_DEF.configKeys().get(name)!), new ConfigDef());

function converterSpec(raw: Record<string, string>, kind: 'key' | 'value' | 'header'): ConverterSpec | null {
  const className = raw[`${kind}.converter`];
  return className ? { className, config: originalsWithPrefix(raw, `${kind}.converter.`) } : null;
}

/**
 * Parses a connector config of a known type into a ConnectorSpec; throws ConfigException naming
 * the first bad key (the same checks as validation and `parseConnectorConfig`).
 */
export function connectorSpec(props: RawProps, type: ConnectorType): ConnectorSpec {
  const config = parseConnectorConfig(props, { type });
  const raw = Object.fromEntries(toPropsMap(config.raw));
  let dlqTopic: string;
  let dlqReplicationFactor: number;
  let dlqContextHeaders: boolean;
  let topics: string[] = [];
  let topicsRegex: string | null = null;
  if (config instanceof SinkConnectorConfig) {
    dlqTopic = config.dlqTopicName.trim();
    dlqReplicationFactor = config.dlqTopicReplicationFactor;
    dlqContextHeaders = config.dlqContextHeadersEnable;
    const regex = config.getString('topics.regex') ?? '';
    if (regex.length > 0) topicsRegex = regex;
    else topics = config.topics;
  } else {
    const dlq = SOURCE_DLQ_DEF.parse(Object.fromEntries(DLQ_KEYS.filter((k) => k in raw).map((k) => [k, raw[k]])));
    dlqTopic = String(dlq['errors.deadletterqueue.topic.name'] ?? '').trim();
    dlqReplicationFactor = Number(dlq['errors.deadletterqueue.topic.replication.factor']);
    dlqContextHeaders = dlq['errors.deadletterqueue.context.headers.enable'] === true;
  }
  const predicates: PredicateSpec[] = predicateAliases(raw).map((alias) => {
    const cfg = subConfig(raw, `predicates.${alias}.`);
    return { alias, type: cfg['type']?.trim() ?? '', config: cfg };
  });
  return {
    name: config.name,
    type,
    connectorClass: config.connectorClass,
    tasksMax: config.tasksMax,
    props: raw,
    keyConverter: converterSpec(raw, 'key'),
    valueConverter: converterSpec(raw, 'value'),
    headerConverter: converterSpec(raw, 'header'),
    predicates,
    transforms: transformSpecs(raw),
    errors: {
      retryTimeoutMs: config.errorsRetryTimeoutMs,
      retryDelayMaxMs: config.errorsRetryDelayMaxMs,
      tolerance: config.errorsTolerance,
      logEnable: config.errorsLogEnable,
      logIncludeMessages: config.errorsLogIncludeMessages,
      dlqTopic,
      dlqReplicationFactor,
      dlqContextHeaders,
    },
    producerOverrides: config.producerOverrides(),
    consumerOverrides: config.consumerOverrides(),
    topics,
    topicsRegex,
  };
}
