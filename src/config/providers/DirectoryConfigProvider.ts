import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigData } from '../../api/ConfigProvider.js';
import { ConfigException } from '../../data/errors.js';
import { PathConfigProvider } from './allowedPaths.js';

/**
 * Kafka's DirectoryConfigProvider: `${dir:/run/secrets:db-password}` is the content (UTF-8) of the
 * regular file `db-password` in that folder, as Kubernetes and Docker mount secrets. Other entries
 * (folders) are ignored; symbolic links are followed. Param `allowed.paths` limits which folders it reads.
 */
export class DirectoryConfigProvider extends PathConfigProvider {
  async get(path: string, keys?: Set<string>): Promise<ConfigData> {
    const dir = this.allowedPath(path);
    if (dir === null) return { data: {} };
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return { data: {} };
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      throw new ConfigException(`Could not list directory ${dir}`);
    }
    const data: Record<string, string> = {};
    for (const name of names) {
      if (keys && !keys.has(name)) continue;
      const file = join(dir, name);
      if (!(await stat(file).then((s) => s.isFile(), () => false))) continue;
      try {
        data[name] = await readFile(file, 'utf8');
      } catch {
        throw new ConfigException(`Could not read file ${file} for property ${name}`);
      }
    }
    return { data };
  }
}
