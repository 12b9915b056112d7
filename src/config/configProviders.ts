// Config providers (Kafka's KIP-297): `${provider:[path:]key}` variables in connector configs,
// resolved when a connector or task starts, by providers the worker declares:
//
//   config.providers=file,env,dir
//   config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
//   config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
//   config.providers.dir.param.allowed.paths=/run/secrets
//
// The raw `${…}` is what is stored and what REST shows; only the copy handed to the connector or
// task holds the resolved values. Nothing here logs a resolved value: logs name keys, providers,
// paths and the variables themselves (`${file:/etc/creds.properties:password}`), never what they
// resolve to.

import type { ConfigProvider } from '../api/ConfigProvider.js';
import type { PluginType } from '../api/plugin.js';
import { ConfigException } from '../data/errors.js';
import { originalsWithPrefix, toPropsMap, type RawProps } from './abstractConfig.js';
import { rememberProvidedValue } from './providedValues.js';

export const CONFIG_PROVIDERS_CONFIG = 'config.providers';

/** Kafka's ConfigTransformer.DEFAULT_PATTERN: `${provider:[path:]key}`. */
export const CONFIG_VARIABLE_PATTERN = /\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}/g;

/** How configProviders finds provider classes: PluginRegistry fits. */
export interface ConfigProviderFactory {
  instantiate<T>(name: string, types: readonly PluginType[]): { instance: T };
}

/** What this module logs through (a pino logger fits). */
export interface ConfigProvidersLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ConfigProviderSpec {
  name: string;
  /** `config.providers.<name>.class`; undefined when not set (Kafka then ignores the name). */
  className: string | undefined;
  /** `config.providers.<name>.param.*`, prefix stripped: what configure() receives. */
  params: Record<string, string>;
}

/** The providers `config.providers` names, with their classes and params. */
export function configProviderSpecs(props: RawProps): ConfigProviderSpec[] {
  const map = toPropsMap(props);
  const names = (map.get(CONFIG_PROVIDERS_CONFIG) ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  return [...new Set(names)].map((name) => ({
    name,
    className: map.get(`${CONFIG_PROVIDERS_CONFIG}.${name}.class`)?.trim() || undefined,
    params: originalsWithPrefix(props, `${CONFIG_PROVIDERS_CONFIG}.${name}.param.`),
  }));
}

/**
 * Creates and configures the providers the worker properties declare (Kafka's
 * instantiateConfigProviders). A name without a `.class` is skipped with a warning; a class that
 * cannot be found or configured throws ConfigException (the worker should not start), after closing
 * the providers already made.
 */
export function instantiateConfigProviders(
  workerProps: RawProps,
  factory: ConfigProviderFactory,
  logger?: ConfigProvidersLogger,
): Map<string, ConfigProvider> {
  const providers = new Map<string, ConfigProvider>();
  for (const spec of configProviderSpecs(workerProps)) {
    const classKey = `${CONFIG_PROVIDERS_CONFIG}.${spec.name}.class`;
    if (!spec.className) {
      logger?.warn({ provider: spec.name }, `Config provider "${spec.name}" is listed in ${CONFIG_PROVIDERS_CONFIG} but ${classKey} is not set; its variables stay unresolved`);
      continue;
    }
    let provider: ConfigProvider;
    try {
      provider = factory.instantiate<ConfigProvider>(spec.className, ['config_provider']).instance;
    } catch (err) {
      void closeConfigProviders(providers);
      throw new ConfigException(classKey, spec.className,
        `Could not load config provider class or one of its dependencies: ${(err as Error).message}`);
    }
    try {
      provider.configure({ ...spec.params });
    } catch (err) {
      void closeConfigProviders(new Map([...providers, [spec.name, provider]]));
      throw new ConfigException(`Config provider "${spec.name}" (${spec.className}) failed to configure: ${(err as Error).message}`);
    }
    providers.set(spec.name, provider);
    logger?.info({ provider: spec.name, class: spec.className, params: Object.keys(spec.params) }, `Config provider "${spec.name}" ready (${spec.className})`);
  }
  return providers;
}

/** Closes every provider; a provider failing to close does not stop the others. */
export async function closeConfigProviders(providers: ReadonlyMap<string, ConfigProvider>): Promise<void> {
  for (const p of providers.values()) {
    try {
      await p.close?.();
    } catch {
      /* closing is best effort */
    }
  }
}

export interface ConfigVariable {
  /** The whole variable as written: `${file:/etc/creds.properties:password}`. */
  text: string;
  provider: string;
  /** '' when the variable has no path (`${env:NAME}`). */
  path: string;
  key: string;
}

/** The `${provider:[path:]key}` variables in a value, in order. */
export function configVariables(value: string): ConfigVariable[] {
  const out: ConfigVariable[] = [];
  for (const m of value.matchAll(CONFIG_VARIABLE_PATTERN)) {
    out.push({ text: m[0], provider: m[1]!, path: m[3] ?? '', key: m[4]! });
  }
  return out;
}

export interface TransformedConfig {
  data: Record<string, string>;
  /** Kafka's ConfigTransformerResult.ttls: the smallest TTL (ms) a provider gave, by path. */
  ttls: Map<string, number>;
}

/**
 * Kafka's ConfigTransformer: replaces every `${provider:[path:]key}` whose provider is configured
 * and returns a value for that path and key; every other variable (unknown provider, unknown key)
 * stays as written. Each provider is asked once per path, for all the keys wanted there. A
 * provider's error propagates.
 */
export async function transformConfig(
  props: Readonly<Record<string, string>>,
  providers: ReadonlyMap<string, ConfigProvider>,
  logger?: ConfigProvidersLogger,
): Promise<TransformedConfig> {
  const wanted = new Map<string, Map<string, Set<string>>>();
  for (const value of Object.values(props)) {
    if (typeof value !== 'string') continue;
    for (const v of configVariables(value)) {
      const byPath = wanted.get(v.provider) ?? new Map<string, Set<string>>();
      byPath.set(v.path, (byPath.get(v.path) ?? new Set()).add(v.key));
      wanted.set(v.provider, byPath);
    }
  }
  const data: Record<string, string> = { ...props };
  const ttls = new Map<string, number>();
  if (wanted.size === 0) return { data, ttls };

  const lookups = new Map<string, Map<string, Record<string, string>>>();
  const requests: Promise<void>[] = [];
  for (const [name, byPath] of wanted) {
    const provider = providers.get(name);
    if (!provider) continue;
    const results = new Map<string, Record<string, string>>();
    lookups.set(name, results);
    for (const [path, keys] of byPath) {
      requests.push((async () => {
        const got = await provider.get(path, new Set(keys));
        results.set(path, got?.data ?? {});
        if (typeof got?.ttl === 'number' && got.ttl >= 0) ttls.set(path, Math.min(got.ttl, ttls.get(path) ?? Infinity));
      })());
    }
  }
  await Promise.all(requests);

  const resolved: string[] = [];
  for (const [configKey, value] of Object.entries(props)) {
    if (typeof value !== 'string' || !value.includes('${')) continue;
    let changed = false;
    data[configKey] = value.replace(CONFIG_VARIABLE_PATTERN, (whole: string, provider: string, _p: string, path: string | undefined, key: string) => {
      const byPath = lookups.get(provider);
      if (!byPath) return whole;
      const replacement = byPath.get(path ?? '')?.[key];
      if (replacement === undefined || replacement === null) {
        logger?.warn({ key: configKey, variable: whole }, `Config variable ${whole} in "${configKey}" has no value from provider "${provider}"; left as is`);
        return whole;
      }
      changed = true;
      rememberProvidedValue(String(replacement));
      return String(replacement);
    });
    if (changed) resolved.push(configKey);
  }
  if (resolved.length) logger?.debug({ keys: resolved }, `Resolved config variables in ${resolved.join(', ')}`);
  return { data, ttls };
}

/** transformConfig's values only: the config a connector or task is started with. */
export async function resolveConfig(
  props: Readonly<Record<string, string>>,
  providers: ReadonlyMap<string, ConfigProvider>,
  logger?: ConfigProvidersLogger,
): Promise<Record<string, string>> {
  return (await transformConfig(props, providers, logger)).data;
}

/**
 * Kafka's AbstractHerder.reverseTransform: task configs come from a connector that was started
 * with resolved values, so before they are stored (or shown over REST) every key whose raw
 * connector config value holds a variable gets that raw value back. Tasks resolve it again when
 * they start.
 */
export function reverseTransform(
  rawConnectorProps: Readonly<Record<string, string>>,
  taskConfigs: readonly Readonly<Record<string, string>>[],
): Record<string, string>[] {
  const withVariables = Object.keys(rawConnectorProps).filter((k) => configVariables(rawConnectorProps[k] ?? '').length > 0);
  return taskConfigs.map((config) => {
    const out = { ...config };
    for (const key of withVariables) if (key in out) out[key] = rawConnectorProps[key]!;
    return out;
  });
}
