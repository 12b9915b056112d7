import { readFile } from 'node:fs/promises';
import type { ConfigData } from '../../api/ConfigProvider.js';
import { ConfigException } from '../../data/errors.js';
import { decodePropertiesBytes, parseProperties } from '../properties.js';
import { PathConfigProvider } from './allowedPaths.js';

/**
 * Kafka's FileConfigProvider: `${file:/path/creds.properties:password}` is the value of key
 * `password` in that java.util.Properties file. Param `allowed.paths` limits which files it reads.
 */
export class FileConfigProvider extends PathConfigProvider {
  async get(path: string, keys?: Set<string>): Promise<ConfigData> {
    const file = this.allowedPath(path);
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
}
