// Worker-local answers shared by every herder: connector config validation as a ConfigInfos
// (PUT /connector-plugins/{plugin}/config/validate, and the check before any config is written),
// the plugin list (GET /connector-plugins) and one plugin's ConfigKeyInfos
// (GET /connector-plugins/{plugin}/config). Kafka's AbstractHerder does the same.

import { ConfigDef, type ConfigKey, type ConfigType, type ConfigValue, type Recommender } from '../api/ConfigDef.js';
import { TASK_RESTART_CONFIG_DEF } from '../runtime/taskRestartPolicy.js';
import type { Connector, SourceConnector } from '../api/Connector.js';
import { validateSourceExactlyOnce } from './exactlyOnceValidation.js';
import type { Converter, HeaderConverter } from '../api/Converter.js';
import type { PluginType } from '../api/plugin.js';
import type { Predicate, Transformation } from '../api/Transformation.js';
import {
  connectorConfigDef,
  enrichConnectorConfigDef,
  fixedRecommender,
  validateSinkConnectorConfig,
  validateTransformNegation,
} from '../config/connectorConfig.js';
import { ConfigException, NotFoundException } from '../data/errors.js';
import type { LoadedPlugin, PluginRegistry } from '../plugins/PluginRegistry.js';
import { buildTransformationChain } from '../runtime/chainFactory.js';
import { pluginVersion as instanceVersion } from '../runtime/pluginIdentity.js';
import { BadRequestException } from './Herder.js';
import type { ConfigInfo, ConfigInfos, ConfigKeyInfo, ConfigValueInfo, PluginInfo, PluginTypeName } from './types.js';

/** The most tasks a connector may ask for: more is a config error, not an allocation. */
export const MAX_TASKS_LIMIT = 1000;

// ---------------------------------------------------------------------------------------------
// ConfigKey / ConfigValue → REST entities (AbstractHerder.convertConfigKey / convertConfigValue)

export function convertConfigKey(key: ConfigKey, prefix = ''): ConfigKeyInfo {
  const required = key.defaultValue === undefined;
  return {
    name: prefix + key.name,
    type: key.type,
    required,
    default_value: required ? null : ConfigDef.convertToString(key.defaultValue, key.type),
    importance: key.importance,
    documentation: key.documentation,
    group: key.group ?? null,
    order_in_group: key.orderInGroup,
    width: key.width,
    display_name: key.displayName,
    dependents: [...key.dependents],
  };
}

function convertConfigValue(value: ConfigValue, type: ConfigType | undefined, name = value.name): ConfigValueInfo {
  const recommendedType = type === 'LIST' ? 'STRING' : type;
  return {
    name,
    value: ConfigDef.convertToString(value.value, type),
    recommended_values: value.recommendedValues.map((v) => ConfigDef.convertToString(v, recommendedType) ?? 'null'),
    errors: [...value.errorMessages],
    visible: value.visible,
  };
}

/** AbstractHerder.generateResult: values without a key first, then every key in order with its value. */
function generateResult(name: string, keys: ReadonlyMap<string, ConfigKey>, values: readonly ConfigValue[], groups: string[]): ConfigInfos {
  // A key validated twice (the common keys, then the connector's own validate()): the later value
  // wins, with the errors of both.
  const byName = new Map<string, ConfigValue>();
  for (const value of values) {
    const earlier = byName.get(value.name);
    byName.set(value.name, earlier ? { ...value, errorMessages: [...new Set([...earlier.errorMessages, ...value.errorMessages])] } : value);
  }
  const configs: ConfigInfo[] = [];
  let errorCount = 0;
  for (const v of byName.values()) {
    if (keys.has(v.name)) continue;
    configs.push({ definition: null, value: convertConfigValue(v, undefined) });
    errorCount += v.errorMessages.length;
  }
  for (const [keyName, key] of keys) {
    const v = byName.get(keyName);
    if (v) errorCount += v.errorMessages.length;
    configs.push({ definition: convertConfigKey(key), value: v ? convertConfigValue(v, key.type) : null });
  }
  return { name, error_count: errorCount, groups, configs };
}

/** AbstractHerder.prefixedConfigInfos: a plugin's own validation under its prefix (`key.converter.`). */
function prefixedConfigInfos(keys: ReadonlyMap<string, ConfigKey>, values: readonly ConfigValue[], prefix: string): ConfigInfos {
  const groups = new Set<string>();
  const configs: ConfigInfo[] = [];
  let errorCount = 0;
  for (const v of values) {
    const key = keys.get(v.name);
    if (key?.group !== undefined) groups.add(key.group);
    if (v.errorMessages.length > 0) errorCount++;
    configs.push({
      definition: key ? convertConfigKey(key, prefix) : null,
      value: convertConfigValue(v, key?.type, prefix + v.name),
    });
  }
  return { name: '', error_count: errorCount, groups: [...groups], configs };
}

function mergeConfigInfos(name: string, ...all: (ConfigInfos | null)[]): ConfigInfos {
  const out: ConfigInfos = { name, error_count: 0, groups: [], configs: [] };
  const groups = new Set<string>();
  for (const infos of all) {
    if (!infos) continue;
    out.error_count += infos.error_count;
    out.configs.push(...infos.configs);
    for (const g of infos.groups) groups.add(g);
  }
  out.groups = [...groups];
  return out;
}

/** Java's AbstractMap.toString: `{k1=v1, k2=v2}`. */
function javaMapString(props: Record<string, string>): string {
  return `{${Object.entries(props).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

function addError(values: Map<string, ConfigValue>, name: string, message: string, raw?: string): void {
  let v = values.get(name);
  if (!v) values.set(name, (v = { name, value: raw ?? null, recommendedValues: [], errorMessages: [], visible: true }));
  v.errorMessages.push(message);
}

function configDefOf(plugins: PluginRegistry, className: string, types: readonly PluginType[]): ConfigDef | undefined {
  try {
    const { instance } = plugins.instantiate<{ config?(): ConfigDef }>(className, types);
    return instance.config?.() ?? new ConfigDef();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

/**
 * Validates a connector configuration the way Kafka Connect's config/validate reports it: the
 * common keys of a source or sink connector (name, tasks.max, converters, transforms, predicates,
 * errors.*, topics…), every transform's and predicate's own keys under their prefix, the
 * connector's own ConfigDef and validate(), and the converters the connector sets itself.
 *
 * Throws BadRequestException only when there is nothing to validate against: no connector.class,
 * or one that names no connector plugin.
 */
export function validateConnectorConfigInfos(
  plugins: PluginRegistry,
  withNulls: Record<string, string | null>,
  workerProps: Readonly<Record<string, string>> = {},
): ConfigInfos {
  const props: Record<string, string> = {};
  const nulls: string[] = [];
  for (const [k, v] of Object.entries(withNulls)) {
    if (v === null) nulls.push(k);
    else props[k] = v;
  }
  const connType = withNulls['connector.class'] ?? undefined;
  if (connType === undefined) throw new BadRequestException(`Connector config ${javaMapString(props)} contains no connector type`);
  let connector: Connector;
  let type: 'source' | 'sink';
  let connectorPlugin: LoadedPlugin;
  try {
    const created = plugins.instantiate<Connector>(connType, ['source', 'sink']);
    connector = created.instance;
    connectorPlugin = created.plugin;
    type = created.plugin.type as 'source' | 'sink';
  } catch (err) {
    throw new BadRequestException(`Invalid value ${connType} for configuration connector.class: ${(err as Error).message}`);
  }

  const base = withKeyOverrides(connectorConfigDef(type), {
    'connector.plugin.version': versioned(instanceVersion(connector) ?? connectorPlugin.version),
    ...converterOverrides(plugins, props, workerProps),
  });
  const enriched = enrichConnectorConfigDef(base, props, {
    transformationConfigDef: (cls) => configDefOf(plugins, cls, ['transformation']),
    predicateConfigDef: (cls) => configDefOf(plugins, cls, ['predicate']),
    pluginVersion: (cls, kind) => versionOf(plugins, cls, [kind]),
    recommendedClasses: (kind) => classNames(plugins, [kind]),
  });
  const values = enriched.validateAll(props);
  for (const k of nulls) addError(values, k, NULL_VALUE_MESSAGE);
  validateTransformNegation(props, values);
  if (type === 'sink') validateSinkConnectorConfig(props, values);
  // Distributed workers only (they have a group.id), as in Kafka Connect's DistributedHerder.
  if (type === 'source' && workerProps['group.id'] !== undefined) validateSourceExactlyOnce(connector as SourceConnector, props, values, workerProps);
  checkNameAndTasks(props, values);
  checkValueSizes(props, values);
  checkPluginClasses(plugins, props, values);
  const countErrors = () => [...values.values()].reduce((n, v) => n + v.errorMessages.length, 0);
  if (countErrors() === 0) checkTransformChain(plugins, props, values);

  const keys = new Map(enriched.configKeys());
  const groups = new Set(enriched.groups());
  const all: ConfigValue[] = [...values.values()];
  const ownDef = connector.config();
  for (const [name, key] of ownDef.configKeys()) keys.set(name, key);
  for (const g of ownDef.groups()) groups.add(g);
  all.push(...connector.validate(props));
  // Self-healing is ours: its keys join the answer only when a config uses them, so Connect's shape is untouched otherwise.
  if (Object.keys(props).some((k) => k.startsWith('task.restart.'))) {
    for (const [name, key] of TASK_RESTART_CONFIG_DEF.configKeys()) keys.set(name, key);
    for (const g of TASK_RESTART_CONFIG_DEF.groups()) groups.add(g);
    all.push(...TASK_RESTART_CONFIG_DEF.validate(props));
  }

  const converters = [
    validateConverter(plugins, props, values, 'header.converter', ['header_converter', 'converter'], 'header'),
    validateConverter(plugins, props, values, 'key.converter', ['converter'], 'key'),
    validateConverter(plugins, props, values, 'value.converter', ['converter'], 'value'),
  ];
  return mergeConfigInfos(connType, generateResult(connType, keys, all, [...groups]), ...converters);
}

// ---------------------------------------------------------------------------------------------
// KIP-891: the `*.plugin.version` keys, and the worker's converters as the defaults

type KeyOverride = Partial<Pick<ConfigKey, 'defaultValue' | 'recommender'>>;

/** A copy of `def` with some keys' default and recommender replaced (Kafka builds these per request too). */
function withKeyOverrides(def: ConfigDef, overrides: Record<string, KeyOverride>): ConfigDef {
  const out = new ConfigDef();
  for (const key of def.configKeys().values()) out.define({ ...key, ...overrides[key.name] });
  return out;
}

/** A `*.plugin.version` key defaulting to, and recommending, the version in use. */
function versioned(version: string | undefined): KeyOverride {
  return version ? { defaultValue: version, recommender: fixedRecommender([version]) } : {};
}

function classNames(plugins: PluginRegistry, types: readonly PluginType[]): string[] {
  return [...new Set(plugins.list(types).map((p) => p.className))].sort();
}

function versionOf(plugins: PluginRegistry, cls: string, types: readonly PluginType[]): string | undefined {
  try {
    return pluginVersion(plugins.resolve(cls, types));
  } catch {
    return undefined;
  }
}

const CONVERTER_TYPES: readonly PluginType[] = ['converter'];
const HEADER_CONVERTER_TYPES: readonly PluginType[] = ['header_converter', 'converter'];
const HIDDEN: Recommender = { validValues: () => [], visible: () => false };
const CONVERTERS = [
  { key: 'key.converter', listed: CONVERTER_TYPES, fallback: undefined },
  { key: 'value.converter', listed: CONVERTER_TYPES, fallback: undefined },
  { key: 'header.converter', listed: ['header_converter'] as const, fallback: 'org.apache.kafka.connect.storage.SimpleHeaderConverter' },
];

function resolves(plugins: PluginRegistry, cls: string, types: readonly PluginType[]): boolean {
  try {
    plugins.resolve(cls, types);
    return true;
  } catch {
    return false;
  }
}

/**
 * The converter keys as Kafka's validate shows them: the worker's converter is the default, the
 * installed converters are recommended, and `*.converter.plugin.version` is the version of the
 * converter the connector would use.
 */
function converterOverrides(plugins: PluginRegistry, props: Record<string, string>, workerProps: Readonly<Record<string, string>>): Record<string, KeyOverride> {
  const out: Record<string, KeyOverride> = {};
  for (const { key, listed, fallback } of CONVERTERS) {
    const workerClass = workerProps[key]?.trim() || fallback;
    out[key] = { ...(workerClass ? { defaultValue: workerClass } : {}), recommender: fixedRecommender(classNames(plugins, listed)) };
    const inUse = props[key]?.trim() || workerClass;
    const types = key === 'header.converter' ? HEADER_CONVERTER_TYPES : CONVERTER_TYPES;
    const resolved = inUse !== undefined && resolves(plugins, inUse, types);
    // Kafka hides the version of a converter class it cannot load.
    out[`${key}.plugin.version`] = resolved ? versioned(versionOf(plugins, inUse, types)) : { recommender: HIDDEN };
  }
  return out;
}

/** What the herders run before a config is written: 400 with every error, as Kafka words it. */
export function ensureValid(infos: ConfigInfos): void {
  if (infos.error_count === 0) return;
  throw invalidConfig(infos.configs.flatMap((c) => c.value?.errors ?? []), infos.error_count);
}

/** A config refused with Kafka's message (AbstractHerder.maybeAddConfigErrors); `errors` lists each one. */
export class InvalidConnectorConfigException extends BadRequestException {
  constructor(readonly errors: string[], count = errors.length) {
    super(
      `Connector configuration is invalid and contains the following ${count} error(s):\n${errors.join('\n')}\n` +
        'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
    );
    this.name = 'InvalidConnectorConfigException';
  }
}

export function invalidConfig(messages: string[], count = messages.length): InvalidConnectorConfigException {
  return new InvalidConnectorConfigException(messages, count);
}

export const NULL_VALUE_MESSAGE = 'Null value can not be supplied as the configuration value.';

/** Names end up in URLs, topic keys and group ids; tasks.max sizes what the worker allocates. */
function checkNameAndTasks(props: Record<string, string>, values: Map<string, ConfigValue>): void {
  const name = props['name'];
  if (name !== undefined && values.get('name')?.errorMessages.length === 0) {
    if (/[/\\]/.test(name)) addError(values, 'name', `Invalid value ${name} for configuration name: Connector name may not contain / or \\`);
    else if (name.length > 249) addError(values, 'name', 'Invalid value for configuration name: Connector name may be 249 characters at most');
    // No URL can carry a lone surrogate (it has no UTF-8 form), so such a connector could never be reached.
    else if (/\p{Cs}/u.test(name)) addError(values, 'name', `Invalid value ${JSON.stringify(name)} for configuration name: Connector name may not contain an unpaired UTF-16 surrogate`);
  }
  const tasksMax = values.get('tasks.max');
  if (tasksMax && tasksMax.errorMessages.length === 0 && typeof tasksMax.value === 'number' && tasksMax.value > MAX_TASKS_LIMIT) {
    tasksMax.errorMessages.push(`Invalid value ${tasksMax.value} for configuration tasks.max: Value must be no more than ${MAX_TASKS_LIMIT}`);
  }
}

/**
 * Every value is copied into task configs, the config topic and status answers: a huge one (a file
 * pasted by mistake) costs memory many times over. Kafka's own record size limit is 1 MB.
 */
export const MAX_CONFIG_VALUE_CHARS = 256 * 1024;

function checkValueSizes(props: Record<string, string>, values: Map<string, ConfigValue>): void {
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'string' && value.length > MAX_CONFIG_VALUE_CHARS) {
      addError(values, key, `Invalid value for configuration ${key}: the value is ${value.length} characters long; a configuration value may be at most ${MAX_CONFIG_VALUE_CHARS}`);
    }
  }
}

/** Class-valued keys must name a plugin of the right kind (Java fails these when loading the class). */
function checkPluginClasses(plugins: PluginRegistry, props: Record<string, string>, values: Map<string, ConfigValue>): void {
  const check = (key: string, types: readonly PluginType[]) => {
    const cls = props[key]?.trim();
    if (!cls || (values.get(key)?.errorMessages.length ?? 0) > 0) return;
    try {
      // Java loads the class: an alias reads as the full class name.
      const resolved = plugins.resolve(cls, types).className;
      const v = values.get(key);
      if (v) v.value = resolved;
    } catch (err) {
      // A class that is not there: Java fails to load it while parsing, so the value is null and the
      // message Kafka's. A name that is ambiguous, or a path or URL, keeps kconnect's own reason.
      const reason = err instanceof Error ? err.message : String(err);
      const notFound = reason.startsWith('Failed to find any class');
      addError(values, key, `Invalid value ${cls} for configuration ${key}: ${notFound ? `Class ${cls} could not be found.` : reason}`);
      values.get(key)!.value = null;
    }
  };
  check('key.converter', ['converter']);
  check('value.converter', ['converter']);
  check('header.converter', ['header_converter', 'converter']);
  for (const key of Object.keys(props)) {
    if (/^transforms\.[^.]+\.type$/.test(key) && values.has(key)) check(key, ['transformation']);
    else if (/^predicates\.[^.]+\.type$/.test(key) && values.has(key)) check(key, ['predicate']);
  }
}

/** Configures the chain once: what a transform's configure() rejects is an error too. */
function checkTransformChain(plugins: PluginRegistry, props: Record<string, string>, values: Map<string, ConfigValue>): void {
  try {
    buildTransformationChain(props, plugins).close();
  } catch (err) {
    const key = err instanceof ConfigException && err.key !== undefined ? err.key : 'transforms';
    const name = values.has(key) ? key : values.has(`${key}.type`) ? `${key}.type` : 'transforms';
    addError(values, name, (err as Error).message);
  }
}

function validateConverter(
  plugins: PluginRegistry,
  props: Record<string, string>,
  values: Map<string, ConfigValue>,
  property: string,
  types: readonly PluginType[],
  converterType: 'key' | 'value' | 'header',
): ConfigInfos | null {
  const cls = props[property];
  const value = values.get(property);
  if (cls === undefined || !value || value.errorMessages.length > 0) return null;
  let instance: Converter | HeaderConverter;
  try {
    instance = plugins.instantiate<Converter | HeaderConverter>(cls, types).instance;
  } catch (err) {
    value.errorMessages.push(`Failed to load class ${cls}: ${(err as Error).message}`);
    return null;
  }
  try {
    const def = instance.config?.();
    if (!def) return null;
    const prefix = `${property}.`;
    const pluginConfig: Record<string, string> = { 'converter.type': converterType };
    for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) pluginConfig[k.slice(prefix.length)] = v;
    return prefixedConfigInfos(def.configKeys(), def.validate(pluginConfig), prefix);
  } catch (err) {
    value.errorMessages.push(`Failed to perform config validation for ${converterType} converter: ${(err as Error).message}`);
    return null;
  } finally {
    try {
      instance.close?.();
    } catch {
      /* closing a probe instance */
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Plugins

const LISTED_ORDER: PluginTypeName[] = ['sink', 'source', 'transformation', 'predicate', 'converter', 'header_converter'];

function pluginVersion(p: LoadedPlugin): string | undefined {
  if (p.version) return p.version;
  if (p.type !== 'source' && p.type !== 'sink') return undefined;
  try {
    return (new (p.impl as new () => Connector)()).version();
  } catch {
    return undefined;
  }
}

/**
 * GET /connector-plugins: sink connectors, source connectors, then (connectorsOnly false)
 * transformations, predicates, converters and header converters, each sorted by class name. A
 * plugin without a version has no `version` field, as in Kafka.
 */
export function listPlugins(plugins: PluginRegistry, connectorsOnly: boolean): PluginInfo[] {
  const types = connectorsOnly ? LISTED_ORDER.slice(0, 2) : LISTED_ORDER;
  const seen = new Set<string>();
  const out: PluginInfo[] = [];
  for (const type of types) {
    const ofType = plugins.list([type as PluginType]).sort((a, b) => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
    for (const p of ofType) {
      const version = pluginVersion(p);
      const id = JSON.stringify([p.className, type, version]);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(version === undefined ? ({ class: p.className, type } as PluginInfo) : { class: p.className, type, version });
    }
  }
  return out;
}

/**
 * GET /connector-plugins/{plugin}/config: the plugin's own keys, then (connectors) the common
 * source or sink keys it does not redefine. 404 for an unknown name.
 */
export function pluginConfigKeys(plugins: PluginRegistry, pluginName: string): ConfigKeyInfo[] {
  const plugin = plugins.find(pluginName);
  if (!plugin) throw new NotFoundException(`Unknown plugin ${pluginName}.`);
  const Impl = plugin.impl as unknown as new () => unknown;
  let own: ConfigDef | undefined;
  let base: ConfigDef | undefined;
  switch (plugin.type) {
    case 'source':
    case 'sink':
      own = (new Impl() as Connector).config();
      base = withKeyOverrides(connectorConfigDef(plugin.type), { 'connector.plugin.version': { defaultValue: pluginVersion(plugin) ?? null } });
      break;
    case 'converter':
    case 'header_converter':
      own = (new Impl() as Converter).config?.() ?? new ConfigDef();
      break;
    case 'transformation':
      own = (new Impl() as Transformation).config();
      break;
    case 'predicate':
      own = (new Impl() as Predicate).config();
      break;
    default:
      throw new BadRequestException(
        `Invalid plugin class ${pluginName}. Valid types are sink, source, converter, header_converter, transformation, predicate.`,
      );
  }
  const keys = new Map(own.configKeys());
  if (base) for (const [name, key] of base.configKeys()) if (!keys.has(name)) keys.set(name, key);
  return [...keys.values()].map((k) => convertConfigKey(k));
}
