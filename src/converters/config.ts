// Reading converter configs, which arrive as strings from properties files ('false', ' 100 ') or as
// typed values; parsed as Kafka's ConfigDef does (trimmed, booleans case-insensitive).

import { ConfigException } from '../data/errors.js';

export function getBoolean(configs: Record<string, unknown>, key: string, def: boolean): boolean {
  const v = configs[key];
  if (v == null) return def;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  throw new ConfigException(key, v, 'Expected value to be either true or false');
}

export function getInt(configs: Record<string, unknown>, key: string, def: number): number {
  const v = configs[key];
  if (v == null) return def;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) {
    const n = Number(v.trim());
    if (n >= -2147483648 && n <= 2147483647) return n;
  }
  throw new ConfigException(key, v, 'Not a number of type INT');
}

export function getString(configs: Record<string, unknown>, key: string, def: string): string {
  const v = configs[key];
  if (v == null) return def;
  if (typeof v === 'string') return v.trim();
  throw new ConfigException(key, v, 'Expected value to be a string, but it was a ' + typeof v);
}

/** A case-insensitive choice among `allowed` (returned upper-cased), as ConfigDef.CaseInsensitiveValidString. */
export function getChoice<T extends string>(configs: Record<string, unknown>, key: string, def: T, allowed: readonly T[]): T {
  const s = getString(configs, key, def);
  const up = s.toUpperCase() as T;
  if (!allowed.includes(up)) {
    throw new ConfigException(key, s, `String must be one of (case insensitive): ${allowed.join(', ')}`);
  }
  return up;
}
