import type { ConfigData, ConfigProvider } from '../../api/ConfigProvider.js';
import { compileJavaRegex } from '../../api/ConfigDef.js';
import { ConfigException } from '../../data/errors.js';
import { notConfigured } from './allowedPaths.js';

export const ALLOWLIST_PATTERN_CONFIG = 'allowlist.pattern';
export const ALLOWLIST_PATTERN_CONFIG_DOC = 'A pattern / regular expression that needs to match for environment variables to be used by this config provider.';

/**
 * Kafka's EnvVarConfigProvider (KIP-887): `${env:NAME}` (or `${env::NAME}`, the same with an empty
 * path) is the environment variable NAME. A non-empty path is an error. Param `allowlist.pattern`
 * (a regex that must match the whole name, default `.*`) limits which variables it exposes.
 */
export class EnvVarConfigProvider implements ConfigProvider {
  private readonly env: Readonly<Record<string, string | undefined>>;
  private filtered: Map<string, string> | undefined;

  /** `env` defaults to the process environment (a copy taken now). */
  constructor(env: Readonly<Record<string, string | undefined>> = { ...process.env }) {
    this.env = env;
  }

  configure(configs: Record<string, string>): void {
    const pattern = compileJavaRegex(configs[ALLOWLIST_PATTERN_CONFIG] ?? '.*', true);
    this.filtered = new Map();
    for (const [name, value] of Object.entries(this.env)) {
      if (value !== undefined && pattern.test(name)) this.filtered.set(name, value);
    }
  }

  get(path: string, keys?: Set<string>): ConfigData {
    if (!this.filtered) throw notConfigured();
    if (path) throw new ConfigException(`Path is not supported for EnvVarConfigProvider, invalid value '${path}'`);
    const data: Record<string, string> = {};
    for (const [name, value] of this.filtered) if (!keys || keys.has(name)) data[name] = value;
    return { data };
  }

  close(): void {}
}
