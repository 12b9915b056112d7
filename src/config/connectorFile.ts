import { readFile } from 'node:fs/promises';
import { loadPropertiesFile } from './properties.js';

/**
 * A connector config file: Java properties, or JSON shaped like the body of POST /connectors
 * (`{"name": …, "config": {…}}`) or a bare config object. Values become strings, as in properties.
 */
export async function loadConnectorFile(file: string): Promise<Record<string, string>> {
  if (!file.endsWith('.json')) return Object.fromEntries(await loadPropertiesFile(file));
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const config = (typeof parsed['config'] === 'object' && parsed['config'] !== null ? parsed['config'] : parsed) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (v !== null && v !== undefined) out[k] = String(v);
  if (typeof parsed['name'] === 'string' && !out['name']) out['name'] = parsed['name'];
  return out;
}
