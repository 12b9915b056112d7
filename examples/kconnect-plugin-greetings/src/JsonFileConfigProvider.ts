import { readFile } from 'node:fs/promises';
import { ConfigException, type ConfigData, type ConfigProvider } from 'kconnect';

/**
 * `${json:/etc/greetings/secrets.json:signing.secret}`: a value from a JSON file. The key is a
 * dotted path into the document (`signing.secret` is `{"signing": {"secret": …}}`, or a top-level
 * `"signing.secret"` key). Declared in the worker properties:
 *
 *   config.providers=json
 *   config.providers.json.class=com.example.greetings.JsonFileConfigProvider
 *   config.providers.json.param.ttl.ms=60000      (optional: how long values stay valid)
 */
export class JsonFileConfigProvider implements ConfigProvider {
  private ttl: number | undefined;

  configure(configs: Record<string, string>): void {
    const ttl = configs['ttl.ms'];
    this.ttl = ttl === undefined ? undefined : Number(ttl);
  }

  async get(path: string, keys?: Set<string>): Promise<ConfigData> {
    if (!path) return { data: {} };
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      // Never put the file's content (or a parser message quoting it) in an error: it holds secrets.
      throw new ConfigException(`Could not read a JSON document from ${path}`);
    }
    const data: Record<string, string> = {};
    for (const key of keys ?? Object.keys(doc as object)) {
      const value = lookup(doc, key);
      if (value !== undefined && value !== null) data[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
    }
    return this.ttl === undefined ? { data } : { data, ttl: this.ttl };
  }

  close(): void {}
}

function lookup(doc: unknown, key: string): unknown {
  if (doc === null || typeof doc !== 'object') return undefined;
  const obj = doc as Record<string, unknown>;
  if (key in obj) return obj[key];
  const dot = key.indexOf('.');
  return dot < 0 ? undefined : lookup(obj[key.slice(0, dot)], key.slice(dot + 1));
}
