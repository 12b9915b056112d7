// Kafka's AllowedPaths (KIP-993): `allowed.paths`, a comma-separated list of absolute, existing
// paths a file-reading config provider may read under. Unset or empty: every path is allowed.

import { existsSync } from 'node:fs';
import { isAbsolute, normalize, relative, resolve } from 'node:path';
import type { ConfigData, ConfigProvider } from '../../api/ConfigProvider.js';
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

/**
 * What Kafka's file-reading providers (File, Directory) share: `allowed.paths` from configure(), and
 * every requested path checked against it before anything is read.
 */
export abstract class PathConfigProvider implements ConfigProvider {
  private allowedPaths: AllowedPaths | undefined;

  configure(configs: Record<string, string>): void {
    this.allowedPaths = new AllowedPaths(configs[ALLOWED_PATHS_CONFIG]);
  }

  abstract get(path: string, keys?: Set<string>): Promise<ConfigData>;

  /** The path to read, or null when there is nothing to read (an empty path, or one not allowed). */
  protected allowedPath(path: string): string | null {
    if (!this.allowedPaths) throw notConfigured();
    if (!path) return null;
    return this.allowedPaths.parseUntrustedPath(path);
  }

  close(): void {}
}
