import { readFile } from 'node:fs/promises';
import type { ConfigData, ConfigProvider } from '../../api/ConfigProvider.js';
import { ConfigException } from '../../data/errors.js';
import { decodePropertiesBytes, parseProperties } from '../properties.js';
import { ALLOWED_PATHS_CONFIG, AllowedPaths, notConfigured } from './allowedPaths.js';

/**
 * Kafka's FileConfigProvider: `${file:/path/creds.properties:password}` is the value of key
 * `password` in that java.util.Properties file. Param `allowed.paths` limits which files it reads.
 */
export class FileConfigProvider implements ConfigProvider {
  private allowedPaths: AllowedPaths | undefined;

  configure(configs: Record<string, string>): void {
    this.allowedPaths = new AllowedPaths(configs[ALLOWED_PATHS_CONFIG]);
  }

  async get(path: string, keys?: Set<string>): Promise<ConfigData> {
    if (!this.allowedPaths) throw notConfigured();
    if (!path) return { data: {} };
    const file = this.allowedPaths.parseUntrustedPath(path);
    if (file === null) return { data: {} };
    let props: Map<string, string>;
    try {
      props = parseProperties(decodePropertiesBytes(await readFile(file)), file);
    } catch {
      // Kafka's words; the parse error could quote a line of the file, so it is not passed on.
      throw new ConfigException(`Could not read properties from file ${path}`);
    }
    const data: Record<string, string> = {};
    for (const [k, v] of props) if (!keys || keys.has(k)) data[k] = v;
    return { data };
  }

  close(): void {}
}
