// What read-only users see of connector configs: values of PASSWORD-typed keys (as the connector's,
// its transforms', predicates' and converters' ConfigDefs declare them, and the clients' secrets
// under `*.override.`) and of the worker's `rest.config.masked.keys` become `[hidden]`. Admins see
// configs as written, as in Kafka Connect.

import { WORKER_CONFIG_DEF } from '../../config/workerConfig.js';
import type { Herder } from '../../herder/Herder.js';

export const HIDDEN = '[hidden]';

const CLIENT_OVERRIDE_PREFIXES = ['producer.override.', 'consumer.override.', 'admin.override.'];
const CLIENT_SECRETS = [...WORKER_CONFIG_DEF.configKeys().values()].filter((k) => k.type === 'PASSWORD').map((k) => k.name);

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export class ConfigMasker {
  private readonly always: ReadonlySet<string>;

  constructor(private readonly herder: Herder, maskedKeys: readonly string[]) {
    this.always = new Set(maskedKeys);
  }

  /** Every key of `config` whose value a read-only user must not see. */
  secretKeys(config: Record<string, string>): Set<string> {
    const keys = new Set<string>(this.always);
    const declared = (plugin: string | undefined, prefix: string) => {
      if (!plugin) return;
      try {
        for (const k of this.herder.connectorPluginConfig(plugin)) if (k.type === 'PASSWORD') keys.add(prefix + k.name);
      } catch {
        // Unknown plugin: nothing it declares can be looked up; the worker-listed keys still apply.
      }
    };
    declared(config['connector.class'], '');
    for (const alias of list(config['transforms'])) declared(config[`transforms.${alias}.type`], `transforms.${alias}.`);
    for (const alias of list(config['predicates'])) declared(config[`predicates.${alias}.type`], `predicates.${alias}.`);
    for (const kind of ['key', 'value', 'header']) declared(config[`${kind}.converter`], `${kind}.converter.`);
    for (const prefix of CLIENT_OVERRIDE_PREFIXES) for (const k of CLIENT_SECRETS) keys.add(prefix + k);
    return keys;
  }

  static mask(config: Record<string, string>, secret: ReadonlySet<string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) out[k] = secret.has(k) && v !== null ? HIDDEN : v;
    return out;
  }

  /**
   * The response body a read-only user gets for `route` (fastify's route pattern); bodies of other
   * routes come back unchanged.
   */
  async maskBody(route: string, params: Record<string, string>, body: unknown): Promise<unknown> {
    if (body === null || typeof body !== 'object') return body;
    const withConfig = (info: { config?: Record<string, string> }) =>
      info.config ? { ...info, config: ConfigMasker.mask(info.config, this.secretKeys(info.config)) } : info;
    switch (route) {
      case '/connectors': {
        if (Array.isArray(body)) return body;
        const out: Record<string, unknown> = {};
        for (const [name, entry] of Object.entries(body as Record<string, { info?: { config?: Record<string, string> } }>)) {
          out[name] = entry.info ? { ...entry, info: withConfig(entry.info) } : entry;
        }
        return out;
      }
      case '/connectors/:name':
        return withConfig(body as { config?: Record<string, string> });
      case '/connectors/:name/config': {
        const config = body as Record<string, string>;
        return ConfigMasker.mask(config, this.secretKeys(config));
      }
      case '/connectors/:name/tasks':
      case '/connectors/:name/tasks-config': {
        const connector = await this.herder.connectorConfig(params['name'] ?? '').catch(() => ({}) as Record<string, string>);
        const secret = this.secretKeys(connector);
        const maskTask = (config: Record<string, string>) => ConfigMasker.mask(config, new Set([...secret, ...this.secretKeys(config)]));
        if (Array.isArray(body)) return body.map((t: { config?: Record<string, string> }) => (t.config ? { ...t, config: maskTask(t.config) } : t));
        return Object.fromEntries(Object.entries(body as Record<string, Record<string, string>>).map(([id, c]) => [id, maskTask(c)]));
      }
      default:
        return body;
    }
  }
}
