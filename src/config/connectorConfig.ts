// A connector's configuration: Kafka's ConnectorConfig, SinkConnectorConfig and
// SourceConnectorConfig — same keys, types, defaults and error wording — plus the alias-prefixed
// keys of transforms and predicates (`transforms.<alias>.type`, `.predicate`, `.negate`,
// `predicates.<alias>.type`), which Kafka adds by "enriching" the definition per configuration.
//
// The transform, predicate and connector classes themselves resolve elsewhere (plugins/); callers
// that know them can pass their ConfigDefs in (EnrichOptions) to have their keys validated too.

import { ConfigDef, Validators, compileJavaRegex, withKey, type ConfigProps, type ConfigValue, type Recommender, type Validator }
  from '../api/ConfigDef.js';
import { ConfigException } from '../data/errors.js';
import { AbstractConfig, originalsWithPrefix, subConfig, toPropsMap, withSource, type RawProps } from './abstractConfig.js';
import { inGroup, type InGroup } from './configGroups.js';
import type { ConverterKind } from './workerConfig.js';

export { subConfig };

export type ConnectorType = 'source' | 'sink';

const COMMON_GROUP = 'Common';
const TRANSFORMS_GROUP = 'Transforms';
const PREDICATES_GROUP = 'Predicates';
const ERROR_GROUP = 'Error Handling';
const TOPIC_CREATION_GROUP = 'Topic Creation';
const EXACTLY_ONCE_SUPPORT_GROUP = 'Exactly Once Support';
const OFFSETS_TOPIC_GROUP = 'offsets.topic';

function aliasValidator(kind: string): Validator {
  return Validators.composite(
    Validators.nonNull(),
    Validators.schema({ type: 'array', uniqueItems: true }, () => 'Duplicate alias provided.', `unique ${kind} aliases`),
  );
}

/** A connector's own converter of `kind` (it overrides the worker's) and the plugin version to load. */
function defineConverterKeys(def: ConfigDef, common: InGroup,
  kind: 'key' | 'value' | 'header'): void {
  const Kind = `${kind[0]!.toUpperCase()}${kind.slice(1)}`;
  const what = kind === 'header' ? 'HeaderConverter for this connector' : `Converter for record ${kind}s of this connector`;
  def
    .define(common({ name: `${kind}.converter`, type: 'CLASS', defaultValue: null, importance: 'LOW',
      documentation: `${what}; overrides the worker setting.`, width: 'SHORT', displayName: `${Kind} converter class` }))
    .define(common({ name: `${kind}.converter.plugin.version`, type: 'STRING', defaultValue: null, importance: 'LOW',
      documentation: `Version of the ${kind} converter.`, width: 'SHORT', displayName: `${Kind} converter version` }));
}

function buildConnectorConfigDef(): ConfigDef {
  // Kafka numbers the Common, Transforms and Predicates keys in one run.
  const numbering = { last: 0 };
  const common = inGroup(COMMON_GROUP, numbering);
  const transforms = inGroup(TRANSFORMS_GROUP, numbering);
  const predicates = inGroup(PREDICATES_GROUP, numbering);
  const errors = inGroup(ERROR_GROUP);
  const def = new ConfigDef()
    .define(common({ name: 'name', type: 'STRING', validator: Validators.nonEmptyStringWithoutControlChars(), importance: 'HIGH',
      documentation: 'Globally unique name to use for this connector.', width: 'MEDIUM', displayName: 'Connector name' }))
    .define(common({ name: 'connector.class', type: 'STRING', importance: 'HIGH',
      documentation: 'Name or alias of the class for this connector, e.g. org.apache.kafka.connect.file.FileStreamSinkConnector, FileStreamSinkConnector or FileStreamSink.',
      width: 'LONG', displayName: 'Connector class' }))
    .define(common({ name: 'connector.plugin.version', type: 'STRING', defaultValue: null, importance: 'MEDIUM',
      documentation: 'Version of the connector.', width: 'MEDIUM', displayName: 'Connector version' }))
    .define(common({ name: 'tasks.max', type: 'INT', defaultValue: 1, validator: Validators.atLeast(1), importance: 'HIGH',
      documentation: 'Maximum number of tasks to use for this connector.', width: 'SHORT', displayName: 'Tasks max' }))
    .define(common({ name: 'tasks.max.enforce', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
      documentation: '(Deprecated) Whether to fail connectors that generate more tasks than tasks.max.', width: 'SHORT', displayName: 'Enforce tasks max' }));
  for (const kind of ['key', 'value', 'header'] as const) defineConverterKeys(def, common, kind);
  return def
    .define(transforms({ name: 'transforms', type: 'LIST', defaultValue: [], validator: aliasValidator('transformation'), importance: 'LOW',
      documentation: 'Aliases for the transformations to be applied to records.', width: 'LONG', displayName: 'Transforms' }))
    .define(predicates({ name: 'predicates', type: 'LIST', defaultValue: [], validator: aliasValidator('predicate'), importance: 'LOW',
      documentation: 'Aliases for the predicates used by transformations.', width: 'LONG', displayName: 'Predicates' }))
    .define(common({ name: 'config.action.reload', type: 'STRING', defaultValue: 'restart', validator: Validators.in('none', 'restart'), importance: 'LOW',
      documentation: "What to do when config provider values change: 'none' does nothing, 'restart' restarts the connector with the new values.",
      width: 'MEDIUM', displayName: 'Reload Action' }))
    .define(errors({ name: 'errors.retry.timeout', type: 'LONG', defaultValue: 0, importance: 'MEDIUM',
      documentation: 'Maximum time in milliseconds a failed operation is retried. 0 means no retries; -1 retries forever.',
      width: 'MEDIUM', displayName: 'Retry Timeout for Errors' }))
    .define(errors({ name: 'errors.retry.delay.max.ms', type: 'LONG', defaultValue: 60000, importance: 'MEDIUM',
      documentation: 'Maximum delay in milliseconds between consecutive retries; jitter is added once it is reached.',
      width: 'MEDIUM', displayName: 'Maximum Delay Between Retries for Errors' }))
    .define(errors({ name: 'errors.tolerance', type: 'STRING', defaultValue: 'none', validator: Validators.in('none', 'all'), importance: 'MEDIUM',
      documentation: "'none' (default): any error fails the task at once; 'all': problematic records are skipped.",
      width: 'SHORT', displayName: 'Error Tolerance' }))
    .define(errors({ name: 'errors.log.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
      documentation: 'Log every error with the failed operation and record.', width: 'SHORT', displayName: 'Log Errors' }))
    .define(errors({ name: 'errors.log.include.messages', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
      documentation: 'Include the failed record (key, value, headers) in the error log.', width: 'SHORT', displayName: 'Log Error Details' }));
}

function buildSinkConnectorConfigDef(): ConfigDef {
  return new ConfigDef(CONNECTOR_CONFIG_DEF)
    .define({ name: 'topics', type: 'LIST', defaultValue: '', importance: 'HIGH', documentation: 'List of topics to consume, separated by commas.',
      group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics' })
    .define({ name: 'topics.regex', type: 'STRING', defaultValue: '', validator: Validators.regex(), importance: 'HIGH',
      documentation: 'Regular expression giving topics to consume. Only one of topics or topics.regex should be specified.',
      group: COMMON_GROUP, orderInGroup: 4, width: 'LONG', displayName: 'Topics regex' })
    .define({ name: 'errors.deadletterqueue.topic.name', type: 'STRING', defaultValue: '', importance: 'MEDIUM',
      documentation: 'Topic used as the dead letter queue for records that fail in this sink connector, its transformations or converters. Empty: no DLQ.',
      group: ERROR_GROUP, orderInGroup: 6, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Name' })
    .define({ name: 'errors.deadletterqueue.topic.replication.factor', type: 'SHORT', defaultValue: 3, importance: 'MEDIUM',
      documentation: 'Replication factor used to create the dead letter queue topic when it does not exist.',
      group: ERROR_GROUP, orderInGroup: 7, width: 'MEDIUM', displayName: 'Dead Letter Queue Topic Replication Factor' })
    .define({ name: 'errors.deadletterqueue.context.headers.enable', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
      documentation: 'Add __connect.errors.* headers with the error context to records written to the dead letter queue.',
      group: ERROR_GROUP, orderInGroup: 8, width: 'MEDIUM', displayName: 'Enable Error Context Headers' });
}

function buildSourceConnectorConfigDef(): ConfigDef {
  // Topic creation and exactly-once keys are numbered in one run, as in Kafka.
  const numbering = { last: 0 };
  const topicCreation = inGroup(TOPIC_CREATION_GROUP, numbering);
  const exactlyOnce = inGroup(EXACTLY_ONCE_SUPPORT_GROUP, numbering);
  const atLeastZero = Validators.atLeast(0);
  return new ConfigDef(CONNECTOR_CONFIG_DEF)
    .define(topicCreation({ name: 'topic.creation.groups', type: 'LIST', defaultValue: [], validator: aliasValidator('topic creation group'), importance: 'LOW',
      documentation: 'Groups of configurations for topics created by source connectors.',
      width: 'LONG', displayName: 'Topic Creation Groups' }))
    .define(exactlyOnce({ name: 'exactly.once.support', type: 'STRING', defaultValue: 'requested', validator: Validators.caseInsensitiveIn('requested', 'required'),
      importance: 'MEDIUM', documentation: "Permitted values are requested, required. 'required' makes creation fail unless the connector can provide exactly-once semantics.",
      width: 'SHORT', displayName: 'Exactly once support' }))
    .define(exactlyOnce({ name: 'transaction.boundary', type: 'STRING', defaultValue: 'poll', validator: Validators.caseInsensitiveIn('poll', 'interval', 'connector'),
      importance: 'MEDIUM', documentation: "Permitted values are: poll, interval, connector. Where producer transactions begin and end for exactly-once source tasks.",
      width: 'SHORT', displayName: 'Transaction Boundary' }))
    .define(exactlyOnce({ name: 'transaction.boundary.interval.ms', type: 'LONG', defaultValue: null,
      validator: Validators.lambda((name, value) => {
        if (value !== null && value !== undefined) atLeastZero.ensureValid(name, value);
      }, String(atLeastZero)),
      importance: 'LOW', documentation: "With transaction.boundary=interval, the interval between transaction commits; unset uses the worker's offset.flush.interval.ms.",
      width: 'SHORT', displayName: 'Transaction boundary interval' }))
    .define({ name: 'offsets.storage.topic', type: 'STRING', defaultValue: null, validator: Validators.nonEmptyString(), importance: 'LOW',
      documentation: "A separate offsets topic for this connector; unset uses the worker's global offsets topic. Distributed mode only.",
      group: OFFSETS_TOPIC_GROUP, orderInGroup: 1, width: 'LONG', displayName: 'Offsets topic' });
}

/** ConnectorConfig.configDef(). Do not mutate (copy with `new ConfigDef(def)`). */
export const CONNECTOR_CONFIG_DEF: ConfigDef = buildConnectorConfigDef();
/** SinkConnectorConfig.configDef(). Do not mutate. */
export const SINK_CONNECTOR_CONFIG_DEF: ConfigDef = buildSinkConnectorConfigDef();
/** SourceConnectorConfig.configDef(). Do not mutate. */
export const SOURCE_CONNECTOR_CONFIG_DEF: ConfigDef = buildSourceConnectorConfigDef();

/** The definition for a connector of `type`, or the common one when the type is not known yet. */
export function connectorConfigDef(type?: ConnectorType): ConfigDef {
  return type === 'sink' ? SINK_CONNECTOR_CONFIG_DEF : type === 'source' ? SOURCE_CONNECTOR_CONFIG_DEF : CONNECTOR_CONFIG_DEF;
}

// ---------------------------------------------------------------------------------------------
// Transforms and predicates

function aliases(props: RawProps, key: 'transforms' | 'predicates'): string[] {
  const raw = toPropsMap(props).get(key);
  const list = ConfigDef.parseType(key, raw ?? null, 'LIST') as string[] | null;
  return list ? [...new Set(list)] : [];
}

/** The aliases listed in `transforms`, in order, each once. */
export function transformAliases(props: RawProps): string[] {
  return aliases(props, 'transforms');
}

/** The aliases listed in `predicates`, in order, each once. */
export function predicateAliases(props: RawProps): string[] {
  return aliases(props, 'predicates');
}

export interface PredicateSpec {
  alias: string;
  /** The class name or alias from `predicates.<alias>.type`. */
  type: string;
  /** Everything under `predicates.<alias>.` (prefix stripped, `type` included, as Kafka passes it). */
  config: Record<string, string>;
}

export interface TransformSpec {
  alias: string;
  /** The class name or alias from `transforms.<alias>.type`. */
  type: string;
  /** The predicate gating this transform, or null. */
  predicate: PredicateSpec | null;
  negate: boolean;
  /** Everything under `transforms.<alias>.` except `predicate` and `negate` (prefix stripped, `type` included). */
  config: Record<string, string>;
}

/** Answers for plugin classes the config names, when the caller can resolve them. */
export interface EnrichOptions {
  /** The ConfigDef of a transformation class (by name or alias), or undefined if unknown. */
  transformationConfigDef?(className: string): ConfigDef | undefined;
  /** The ConfigDef of a predicate class (by name or alias), or undefined if unknown. */
  predicateConfigDef?(className: string): ConfigDef | undefined;
  /** The version of a transformation or predicate class (`*.plugin.version`'s default), if known. */
  pluginVersion?(className: string, kind: 'transformation' | 'predicate'): string | undefined;
  /** The installed classes, recommended for `transforms.*.type` and `predicates.*.type`. */
  recommendedClasses?(kind: 'transformation' | 'predicate'): string[];
}

const TRANSFORM_IMPLICIT = new Set(['predicate', 'negate']);

/**
 * Kafka's ConnectorConfig.enrich: `base` plus, for every alias in `transforms`,
 * `transforms.<alias>.type` (required), `.predicate` (must be an alias listed in `predicates`) and
 * `.negate` (only with a predicate), and for every alias in `predicates`, `predicates.<alias>.type`
 * (required). When `options` can resolve a class, its own keys are added under the same prefix.
 */
export function enrichConnectorConfigDef(base: ConfigDef, props: RawProps, options: EnrichOptions = {}): ConfigDef {
  const raw = toPropsMap(props);
  const transforms = safeAliases(raw, 'transforms');
  const declaredPredicates = safeAliases(raw, 'predicates');
  // Nothing to add: the base definition (already compiled) serves as it is.
  if (transforms.length === 0 && declaredPredicates.length === 0) return base;
  // Without plugin resolvers the result depends only on the aliases: reuse it (an ajv compile
  // costs milliseconds).
  const cacheable = !options.transformationConfigDef && !options.predicateConfigDef;
  const cacheKey = JSON.stringify([transforms, declaredPredicates]);
  if (cacheable) {
    const hit = enrichedCache.get(base)?.get(cacheKey);
    if (hit) return hit;
  }
  const def = buildEnrichedDef(base, raw, transforms, declaredPredicates, options);
  if (cacheable) {
    let perBase = enrichedCache.get(base);
    if (!perBase) enrichedCache.set(base, (perBase = new Map()));
    if (perBase.size >= ENRICHED_CACHE_SIZE) perBase.delete(perBase.keys().next().value!);
    perBase.set(cacheKey, def);
  }
  return def;
}

const ENRICHED_CACHE_SIZE = 256;
const enrichedCache = new WeakMap<ConfigDef, Map<string, ConfigDef>>();

function buildEnrichedDef(base: ConfigDef, raw: Map<string, string>, transforms: string[], declaredPredicates: string[],
  options: EnrichOptions): ConfigDef {
  const def = new ConfigDef(base);
  const resolving = options.transformationConfigDef !== undefined;
  // Kafka's order per alias: type, plugin.version, the plugin's own keys, then (transforms) negate
  // and predicate. A class that cannot be resolved gets its type and plugin.version only.
  const typeAndVersion = (prefix: string, alias: string, kind: 'transformation' | 'predicate', group: string, cls: string | undefined) => {
    const noun = kind === 'transformation' ? 'Transformation' : 'Predicate';
    const classes = options.recommendedClasses?.(kind);
    def.define({ name: `${prefix}type`, type: 'CLASS', importance: 'HIGH', documentation: `Class for the '${alias}' ${kind}.`,
      group, orderInGroup: 0, width: 'LONG', displayName: `${noun} type for ${alias}`,
      ...(classes ? { recommender: fixedRecommender(classes) } : {}) });
    const version = cls ? options.pluginVersion?.(cls, kind) : undefined;
    def.define({ name: `${prefix}plugin.version`, type: 'STRING', defaultValue: version ?? null, importance: 'HIGH',
      documentation: `Version of the '${alias}' ${kind}.`, group, orderInGroup: 1, width: 'LONG', displayName: `${noun} version for ${alias}`,
      ...(version ? { recommender: fixedRecommender([version]) } : {}) });
  };
  for (const alias of transforms) {
    const prefix = `transforms.${alias}.`;
    const group = `${TRANSFORMS_GROUP}: ${alias}`;
    const cls = raw.get(`${prefix}type`)?.trim();
    typeAndVersion(prefix, alias, 'transformation', group, cls);
    const pluginDef = cls ? options.transformationConfigDef?.(cls) : undefined;
    if (resolving && !pluginDef) continue;
    const child = new ConfigDef();
    if (pluginDef) {
      for (const key of pluginDef.configKeys().values()) if (!TRANSFORM_IMPLICIT.has(key.name)) child.define(key);
    }
    child
      .define({ name: 'negate', type: 'BOOLEAN', defaultValue: false, importance: 'MEDIUM',
        documentation: 'Whether the configured predicate should be negated.' })
      .define({ name: 'predicate', type: 'STRING', defaultValue: null, importance: 'MEDIUM',
        documentation: 'The alias of a predicate used to determine whether to apply this transformation.',
        validator: Validators.lambda((_name, value) => {
          if (value === null || value === undefined || declaredPredicates.includes(value as string)) return undefined;
          return `No predicate with alias '${String(value)}' is listed in 'predicates'`;
        }, 'an alias listed in predicates') });
    def.embed(prefix, group, 2, child);
  }

  for (const alias of declaredPredicates) {
    const prefix = `predicates.${alias}.`;
    const group = `${PREDICATES_GROUP}: ${alias}`;
    const cls = raw.get(`${prefix}type`)?.trim();
    typeAndVersion(prefix, alias, 'predicate', group, cls);
    const pluginDef = cls ? options.predicateConfigDef?.(cls) : undefined;
    if (pluginDef) def.embed(prefix, group, 2, pluginDef);
  }
  return def;
}

/** Recommends the same values whatever the rest of the config says. */
export function fixedRecommender(values: readonly string[]): Recommender {
  return { validValues: () => [...values], visible: () => true };
}

/** Aliases, or none when the list itself does not parse (its own key reports that). */
function safeAliases(raw: Map<string, string>, key: 'transforms' | 'predicates'): string[] {
  try {
    return aliases(raw, key);
  } catch {
    return [];
  }
}

/**
 * Kafka's check that `transforms.<alias>.negate` comes with a `transforms.<alias>.predicate`.
 * Errors are added to `configValues` under the negate key; the same map is returned.
 */
export function validateTransformNegation(props: RawProps,
  configValues: Map<string, ConfigValue> = new Map()): Map<string, ConfigValue> {
  for (const e of negationErrors(toPropsMap(props))) addError(configValues, e.key!, e.value as string, e.message);
  return configValues;
}

function negationErrors(raw: Map<string, string>): ConfigException[] {
  const errors: ConfigException[] = [];
  for (const alias of safeAliases(raw, 'transforms')) {
    const prefix = `transforms.${alias}.`;
    if (raw.has(`${prefix}negate`) && !raw.has(`${prefix}predicate`)) {
      errors.push(withKey(new ConfigException(`Config '${prefix}negate' was provided but there is no config '${prefix}predicate' `
        + 'defining a predicate to be negated.'), `${prefix}negate`, raw.get(`${prefix}negate`)));
    }
  }
  return errors;
}

function addError(configValues: Map<string, ConfigValue>, name: string, value: string | undefined, message: string): void {
  let cv = configValues.get(name);
  if (!cv) {
    cv = { name, value: value ?? null, recommendedValues: [], errorMessages: [], visible: true };
    configValues.set(name, cv);
  }
  cv.errorMessages.push(message);
}

/**
 * The transforms in order, each with its predicate resolved. Assumes a config that passed
 * parseConnectorConfig; throws ConfigException (naming the key) for what it cannot resolve.
 */
export function transformSpecs(props: RawProps): TransformSpec[] {
  const raw = toPropsMap(props);
  const declaredPredicates = predicateAliases(raw);
  return transformAliases(raw).map((alias) => {
    const prefix = `transforms.${alias}.`;
    const config = subConfig(raw, prefix);
    const type = config['type']?.trim();
    if (!type) throw new ConfigException(`${prefix}type`, null, 'Not a Transformation');
    const predicateAlias = config['predicate']?.trim();
    const negateRaw = config['negate'];
    delete config['predicate'];
    delete config['negate'];
    let predicate: PredicateSpec | null = null;
    if (predicateAlias !== undefined && predicateAlias !== '') {
      if (!declaredPredicates.includes(predicateAlias)) {
        throw new ConfigException(`${prefix}predicate`, predicateAlias, `No predicate with alias '${predicateAlias}' is listed in 'predicates'`);
      }
      const predicateConfig = subConfig(raw, `predicates.${predicateAlias}.`);
      const predicateType = predicateConfig['type']?.trim();
      if (!predicateType) throw new ConfigException(`predicates.${predicateAlias}.type`, null, 'Not a Predicate');
      predicate = { alias: predicateAlias, type: predicateType, config: predicateConfig };
    }
    // Kafka: Boolean.parseBoolean — only "true" (any case) is true.
    const negate = predicate !== null && negateRaw !== undefined && negateRaw.trim().toLowerCase() === 'true';
    return { alias, type, predicate, negate, config };
  });
}

// ---------------------------------------------------------------------------------------------
// Sink checks across keys

const isBlank = (s: string | undefined): boolean => s === undefined || s.trim().length === 0;

/** SinkConnectorConfig.parseTopicsList: the `topics` list without empty names or duplicates. */
export function parseTopicsList(props: RawProps): string[] {
  const raw = toPropsMap(props).get('topics');
  const list = ConfigDef.parseType('topics', raw ?? null, 'LIST') as string[] | null;
  return list ? [...new Set(list.filter((t) => t.length > 0))] : [];
}

/**
 * SinkConnectorConfig.validate: exactly one of `topics` / `topics.regex`, and the DLQ topic may
 * not be one of the consumed topics. Errors are added to `configValues` (created as needed) under
 * the key they concern; the same map is returned.
 */
export function validateSinkConnectorConfig(props: RawProps,
  configValues: Map<string, ConfigValue> = new Map()): Map<string, ConfigValue> {
  const raw = toPropsMap(props);
  const topicsList = raw.get('topics');
  const topicsRegex = raw.get('topics.regex');
  const dlqTopic = (raw.get('errors.deadletterqueue.topic.name') ?? '').trim();
  const hasTopics = !isBlank(topicsList);
  const hasTopicsRegex = !isBlank(topicsRegex);
  const add = (name: string, value: string | undefined, message: string): void => addError(configValues, name, value, message);

  if (hasTopics && hasTopicsRegex) {
    const message = 'topics and topics.regex are mutually exclusive options, but both are set.';
    add('topics', topicsList, message);
    add('topics.regex', topicsRegex, message);
  }
  if (!hasTopics && !hasTopicsRegex) {
    const message = 'Must configure one of topics or topics.regex';
    add('topics', topicsList, message);
    add('topics.regex', topicsRegex, message);
  }
  if (dlqTopic.length > 0) {
    if (hasTopics) {
      const topics = parseTopicsList(raw);
      if (topics.includes(dlqTopic)) {
        add('topics', topicsList, `The DLQ topic '${dlqTopic}' may not be included in the list of topics ('topics=[${topics.join(', ')}]') consumed by the connector`);
      }
    }
    if (hasTopicsRegex) {
      let pattern: RegExp | undefined;
      try {
        pattern = compileJavaRegex(topicsRegex!, true);
      } catch {
        pattern = undefined; // reported by the topics.regex validator
      }
      if (pattern?.test(dlqTopic)) {
        add('topics.regex', topicsRegex, `The DLQ topic '${dlqTopic}' may not be matched by the regex for the topics ('topics.regex=${topicsRegex}') consumed by the connector`);
      }
    }
  }
  return configValues;
}

// ---------------------------------------------------------------------------------------------
// Validate (REST) and parse (create/start)

export interface ConnectorConfigOptions extends EnrichOptions {
  /** 'sink' or 'source' once the connector class is known; adds that type's keys and checks. */
  type?: ConnectorType;
}

/**
 * Validates a connector configuration the way the REST `config/validate` endpoint reports it:
 * one ConfigValue per key of the (enriched) definition, in definition order, with every error.
 */
export function validateConnectorConfig(props: RawProps, options: ConnectorConfigOptions = {}): ConfigValue[] {
  const raw = toPropsMap(props);
  const def = enrichConnectorConfigDef(connectorConfigDef(options.type), raw, options);
  const values = def.validateAll(raw);
  validateTransformNegation(raw, values);
  if (options.type === 'sink') validateSinkConnectorConfig(raw, values);
  return [...values.values()];
}

/** Every error message of a validation, in key order (Kafka counts and lists them all). */
export function configErrors(values: readonly ConfigValue[]): string[] {
  return values.flatMap((v) => v.errorMessages);
}

function prepare(props: RawProps | ConfigProps, options: ConnectorConfigOptions): { def: ConfigDef; raw: Map<string, string> } {
  const raw = toPropsMap(props);
  const base = connectorConfigDef(options.type);
  base.parse(raw); // the connector's own keys first, as Kafka does
  for (const alias of transformAliases(raw)) {
    if (isBlank(raw.get(`transforms.${alias}.type`))) throw new ConfigException(`transforms.${alias}.type`, null, 'Not a Transformation');
  }
  for (const alias of predicateAliases(raw)) {
    if (isBlank(raw.get(`predicates.${alias}.type`))) throw new ConfigException(`predicates.${alias}.type`, null, 'Not a Predicate');
  }
  return { def: enrichConnectorConfigDef(base, raw, options), raw };
}

/** Throws the first sink error as Kafka does: `Invalid value <v> for configuration <key>: <message>`. */
function throwFirst(values: Map<string, ConfigValue>): void {
  for (const cv of values.values()) {
    const message = cv.errorMessages[0];
    if (message !== undefined) throw new ConfigException(cv.name, cv.value, message);
  }
}

/** A parsed, valid connector configuration. */
export class ConnectorConfig extends AbstractConfig {
  readonly type: ConnectorType | undefined;

  /** Parses and checks `props`; throws ConfigException naming the first bad key. */
  constructor(props: RawProps | ConfigProps, options: ConnectorConfigOptions = {}) {
    const { def, raw } = prepare(props, options);
    super(def, raw);
    this.type = options.type;
    const negation = negationErrors(toPropsMap(this.raw));
    if (negation[0]) throw negation[0];
  }

  get name(): string { return this.getString('name')!; }
  get connectorClass(): string { return this.getString('connector.class')!; }
  get tasksMax(): number { return this.getInt('tasks.max')!; }
  get tasksMaxEnforce(): boolean { return this.getBoolean('tasks.max.enforce')!; }
  /** The connector's own converter override, or null to use the worker's. */
  get keyConverter(): string | null { return this.getClass('key.converter'); }
  get valueConverter(): string | null { return this.getClass('value.converter'); }
  get headerConverter(): string | null { return this.getClass('header.converter'); }
  get configActionReload(): 'none' | 'restart' { return this.getString('config.action.reload') as 'none' | 'restart'; }
  /** Milliseconds; 0 = no retries, -1 = retry forever. */
  get errorsRetryTimeoutMs(): number { return this.getLong('errors.retry.timeout')!; }
  get errorsRetryDelayMaxMs(): number { return this.getLong('errors.retry.delay.max.ms')!; }
  get errorsTolerance(): 'none' | 'all' { return this.getString('errors.tolerance')!.toLowerCase() === 'all' ? 'all' : 'none'; }
  get errorsLogEnable(): boolean { return this.getBoolean('errors.log.enable')!; }
  get errorsLogIncludeMessages(): boolean { return this.getBoolean('errors.log.include.messages')!; }

  transformAliases(): string[] { return transformAliases(this.raw); }
  predicateAliases(): string[] { return predicateAliases(this.raw); }
  /** The transformation chain's stages, in order. */
  transforms(): TransformSpec[] { return transformSpecs(this.raw); }

  /** The connector's converter settings, e.g. `value.converter.schemas.enable` → `schemas.enable`. */
  converterConfig(kind: ConverterKind): Record<string, string> { return originalsWithPrefix(this.raw, `${kind}.converter.`); }
  /** `producer.override.*`, prefix stripped. */
  producerOverrides(): Record<string, string> { return originalsWithPrefix(this.raw, 'producer.override.'); }
  /** `consumer.override.*`, prefix stripped. */
  consumerOverrides(): Record<string, string> { return originalsWithPrefix(this.raw, 'consumer.override.'); }
  /** `admin.override.*`, prefix stripped. */
  adminOverrides(): Record<string, string> { return originalsWithPrefix(this.raw, 'admin.override.'); }
}

export class SinkConnectorConfig extends ConnectorConfig {
  constructor(props: RawProps | ConfigProps, options: EnrichOptions = {}) {
    super(props, { ...options, type: 'sink' });
    throwFirst(validateSinkConnectorConfig(this.raw));
  }

  /** The topics to consume (empty when topics.regex is used). */
  get topics(): string[] { return parseTopicsList(this.raw); }
  /** topics.regex compiled to match whole topic names, or null when unset. */
  get topicsRegex(): RegExp | null {
    const s = this.getString('topics.regex')!;
    return s.length === 0 ? null : compileJavaRegex(s, true);
  }
  get dlqTopicName(): string { return this.getString('errors.deadletterqueue.topic.name')!; }
  get dlqTopicReplicationFactor(): number { return this.getShort('errors.deadletterqueue.topic.replication.factor')!; }
  get dlqContextHeadersEnable(): boolean { return this.getBoolean('errors.deadletterqueue.context.headers.enable')!; }
  /** Kafka: an errant record reporter exists when there is a DLQ topic or error logging. */
  get enableErrantRecordReporter(): boolean { return this.dlqTopicName.length > 0 || this.errorsLogEnable; }
}

export class SourceConnectorConfig extends ConnectorConfig {
  constructor(props: RawProps | ConfigProps, options: EnrichOptions = {}) {
    super(props, { ...options, type: 'source' });
  }

  get topicCreationGroups(): string[] { return this.getList('topic.creation.groups')!; }
  /** True when any `topic.creation.*` key is set. */
  get usesTopicCreation(): boolean { return Object.keys(this.raw).some((k) => k.startsWith('topic.creation.')); }
  get exactlyOnceSupport(): 'requested' | 'required' { return this.getString('exactly.once.support')!.toLowerCase() as 'requested' | 'required'; }
  get transactionBoundary(): 'poll' | 'interval' | 'connector' {
    return this.getString('transaction.boundary')!.toLowerCase() as 'poll' | 'interval' | 'connector';
  }
  get transactionBoundaryIntervalMs(): number | null { return this.getLong('transaction.boundary.interval.ms'); }
  get offsetsStorageTopic(): string | null { return this.getString('offsets.storage.topic'); }
}

/**
 * Parses a connector configuration (for `type` when known). With `source` (e.g. the properties
 * file), error messages start with it. Throws ConfigException naming the first bad key.
 */
export function parseConnectorConfig(props: RawProps, options?: ConnectorConfigOptions & { type: 'sink' }, source?: string): SinkConnectorConfig;
export function parseConnectorConfig(props: RawProps, options?: ConnectorConfigOptions & { type: 'source' }, source?: string): SourceConnectorConfig;
export function parseConnectorConfig(props: RawProps, options?: ConnectorConfigOptions, source?: string): ConnectorConfig;
export function parseConnectorConfig(props: RawProps, options: ConnectorConfigOptions = {}, source?: string): ConnectorConfig {
  try {
    if (options.type === 'sink') return new SinkConnectorConfig(props, options);
    if (options.type === 'source') return new SourceConnectorConfig(props, options);
    return new ConnectorConfig(props, options);
  } catch (e) {
    throw withSource(e, source);
  }
}
