// Kafka's AllowedPaths (KIP-993): `allowed.paths`, a comma-separated list of absolute, existing
// paths a file-reading config provider may read under. Unset or empty: every path is allowed.

import { existsSync } from 'node:fs';
import { isAbsolute, normalize, relative, resolve } from 'node:path';
import { ConfigException } from '../../data/errors.js';

export const ALLOWED_PATHS_CONFIG = 'allowed.paths';
export const ALLOWED_PATHS_DOC = 'A comma separated list of paths that this config provider is allowed to access. If not set, all paths are allowed.';

export class AllowedPaths {
  private readonly allowed: string[] | null;

  /** Throws ConfigException when a listed path is not absolute or does not exist. */
  constructor(configValue: string | undefined | null) {
    if (!configValue) {
      this.allowed = null;
      return;
    }
    this.allowed = configValue.split(',').map((p) => {
      const path = normalize(p);
      if (!isAbsolute(path)) throw new ConfigException(`Path ${path} is not absolute`);
      if (!existsSync(path)) throw new ConfigException(`Path ${path} does not exist`);
      return path;
    });
  }

  /** The path to read, or null when it is outside every allowed path. */
  parseUntrustedPath(path: string): string | null {
    if (this.allowed === null) return path;
    const normalised = resolve(path);
    const inside = (base: string) => {
      const rel = relative(base, normalised);
      return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    };
    return this.allowed.some(inside) ? normalised : null;
  }
}

/** Kafka's IllegalStateException for a provider used before configure(). */
export function notConfigured(): Error {
  return new Error('The provider has not been configured yet.');
}
