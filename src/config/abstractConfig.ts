// Kafka's AbstractConfig: the raw properties as supplied (every key, known or not) plus the values
// parsed by a ConfigDef, with typed getters and prefix extraction.

import { ConfigDef, Password, type ConfigProps } from '../api/ConfigDef.js';
import { ConfigException } from '../data/errors.js';

/** Raw properties: a Map (as parseProperties returns) or a plain object (as REST bodies are). */
export type RawProps = ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;

/**
 * Copies props into a Map<string,string> in their order. Non-string scalars are stringified (as
 * Kafka's REST layer does); null/undefined values are dropped.
 */
export function toPropsMap(props: RawProps): Map<string, string> {
  const out = new Map<string, string>();
  const entries = props instanceof Map ? (props as ReadonlyMap<string, unknown>).entries() : Object.entries(props);
  for (const [k, v] of entries) {
    if (v === null || v === undefined) continue;
    out.set(k, v instanceof Password ? v.value() : Array.isArray(v) ? v.join(',') : String(v));
  }
  return out;
}

/**
 * Kafka's originalsWithPrefix: the entries whose key starts with `prefix` (and is longer than it),
 * with the prefix stripped unless `strip` is false.
 */
export function originalsWithPrefix(props: RawProps, prefix: string, strip = true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of toPropsMap(props)) {
    if (k.startsWith(prefix) && k.length > prefix.length) out[strip ? k.slice(prefix.length) : k] = v;
  }
  return out;
}

/** The entries under `prefix` with the prefix stripped, e.g. subConfig(props, 'transforms.x.'). */
export function subConfig(props: RawProps, prefix: string): Record<string, string> {
  return originalsWithPrefix(props, prefix, true);
}

/** Re-throws a ConfigException with `source: ` in front of its message, keeping its key. */
export function withSource(e: unknown, source: string | undefined): unknown {
  if (source === undefined || !(e instanceof ConfigException) || e.message.startsWith(`${source}:`)) return e;
  const wrapped = new ConfigException(`${source}: ${e.message}`);
  const w = wrapped as { -readonly [K in 'key' | 'value']: unknown };
  w.key = e.key;
  w.value = e.value;
  return wrapped;
}

export class AbstractConfig {
  readonly definition: ConfigDef;
  /** Every supplied property, known or not, as supplied (strings, in order). Frozen. */
  readonly raw: Readonly<Record<string, string>>;
  /** The parsed value of every key `definition` defines (defaults filled in). Frozen. */
  readonly config: Readonly<Record<string, unknown>>;

  /** Parses `props`; throws ConfigException naming the first bad key. */
  constructor(definition: ConfigDef, props: RawProps | ConfigProps) {
    this.definition = definition;
    const map = toPropsMap(props);
    this.config = Object.freeze(definition.parse(map));
    this.raw = Object.freeze(Object.fromEntries(map));
  }

  /** The parsed values (same object as `config`; Kafka's AbstractConfig.values()). */
  get values(): Readonly<Record<string, unknown>> {
    return this.config;
  }

  /** A copy of the supplied properties. */
  originals(): Record<string, string> {
    return { ...this.raw };
  }

  originalsWithPrefix(prefix: string, strip = true): Record<string, string> {
    return originalsWithPrefix(this.raw, prefix, strip);
  }

  /** Supplied keys this config does not define and that no known prefix claims. Kafka only warns. */
  unknownKeys(knownPrefixes: readonly string[] = []): string[] {
    return Object.keys(this.raw).filter((k) => !Object.prototype.hasOwnProperty.call(this.config, k)
      && !knownPrefixes.some((p) => k.startsWith(p)));
  }

  get(key: string): unknown {
    if (!Object.prototype.hasOwnProperty.call(this.config, key)) throw new ConfigException(`Unknown configuration '${key}'`);
    return this.config[key];
  }

  getString(key: string): string | null {
    return this.get(key) as string | null;
  }

  getInt(key: string): number | null {
    return this.get(key) as number | null;
  }

  getShort(key: string): number | null {
    return this.get(key) as number | null;
  }

  /** A LONG as a number (values beyond 2^53 lose precision; `get` gives the exact bigint). */
  getLong(key: string): number | null {
    const v = this.get(key);
    return typeof v === 'bigint' ? Number(v) : (v as number | null);
  }

  getDouble(key: string): number | null {
    return this.get(key) as number | null;
  }

  getBoolean(key: string): boolean | null {
    return this.get(key) as boolean | null;
  }

  getList(key: string): string[] | null {
    return this.get(key) as string[] | null;
  }

  getPassword(key: string): Password | null {
    return this.get(key) as Password | null;
  }

  /** A CLASS value: the class name (or the class itself, if one was given programmatically). */
  getClass(key: string): string | null {
    const v = this.get(key);
    return typeof v === 'function' ? v.name : (v as string | null);
  }
}
