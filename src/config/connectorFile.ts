import { loadPropertiesFile, readConfigFile } from './properties.js';

/**
 * A connector config file: Java properties, or JSON shaped like the body of POST /connectors
 * (`{"name": …, "config": {…}}`) or a bare config object. Values become strings, as in properties.
 */
export async function loadConnectorFile(file: string): Promise<Record<string, string>> {
  if (!file.endsWith('.json')) return Object.fromEntries(await loadPropertiesFile(file));
  const text = (await readConfigFile(file, 'connector file')).toString('utf8');
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file}: a JSON connector file holds an object: {"name": …, "config": {…}}`);
  const config = (typeof parsed['config'] === 'object' && parsed['config'] !== null ? parsed['config'] : parsed) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) if (v !== null && v !== undefined) out[k] = String(v);
  if (typeof parsed['name'] === 'string' && !out['name']) out['name'] = parsed['name'];
  return out;
}
