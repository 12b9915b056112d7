import type { Converter, HeaderConverter } from '../api/Converter.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import type { ConnectorSpec, ConverterSpec } from '../config/connectorSpec.js';
import { withPrefix, type PluginOwner } from './chainFactory.js';
import { pluginLogger } from './logger.js';

export interface TaskConverters {
  keyConverter: Converter;
  valueConverter: Converter;
  headerConverter: HeaderConverter;
}

const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

/** The converter class a task uses for `kind`: the connector's own, else the worker's, else (headers) the default. */
export function converterClassName(
  connector: Pick<ConnectorSpec, 'keyConverter' | 'valueConverter' | 'headerConverter'>,
  workerProps: Record<string, string>,
  kind: 'key' | 'value' | 'header',
): string | undefined {
  return connector[`${kind}Converter`]?.className || workerProps[`${kind}.converter`] || (kind === 'header' ? DEFAULT_HEADER_CONVERTER : undefined);
}

/**
 * A connector's own `key.converter` (with its `key.converter.*` settings) wins over the worker's;
 * settings come from whichever config named the class, as in Kafka Connect.
 */
export function buildConverters(
  connector: Pick<ConnectorSpec, 'keyConverter' | 'valueConverter' | 'headerConverter'>,
  workerProps: Record<string, string>,
  plugins: PluginRegistry,
  owner?: PluginOwner,
): TaskConverters {
  const pick = (kind: 'key' | 'value' | 'header'): { cls: string; cfg: Record<string, string> } | undefined => {
    const own: ConverterSpec | null = connector[`${kind}Converter`];
    if (own) return { cls: own.className, cfg: own.config };
    const key = `${kind}.converter`;
    if (workerProps[key]) return { cls: workerProps[key]!, cfg: withPrefix(workerProps, `${key}.`) };
    return undefined;
  };
  const key = pick('key');
  const value = pick('value');
  if (!key) throw new Error('Missing required configuration "key.converter" which has no default value.');
  if (!value) throw new Error('Missing required configuration "value.converter" which has no default value.');
  const header = pick('header') ?? { cls: DEFAULT_HEADER_CONVERTER, cfg: withPrefix(workerProps, 'header.converter.') };

  // Each converter class has its logger, as in Kafka Connect (`PUT /admin/loggers/org.apache.kafka.connect.json`).
  const configured = (className: string, type: string, cfg: Record<string, string>) =>
    owner && pluginLogger(className, { ...owner, converter: type }).debug({ config: Object.keys(cfg) }, 'Converter configured');
  const k = plugins.instantiate<Converter>(key.cls, ['converter']);
  k.instance.configure({ ...key.cfg, 'converter.type': 'key' }, true);
  configured(k.plugin.className, 'key', key.cfg);
  const v = plugins.instantiate<Converter>(value.cls, ['converter']);
  v.instance.configure({ ...value.cfg, 'converter.type': 'value' }, false);
  configured(v.plugin.className, 'value', value.cfg);
  const h = plugins.instantiate<HeaderConverter>(header.cls, ['header_converter', 'converter']);
  h.instance.configure({ ...header.cfg, 'converter.type': 'header' });
  configured(h.plugin.className, 'header', header.cfg);
  return { keyConverter: k.instance, valueConverter: v.instance, headerConverter: h.instance };
}

/** Closes a task's converters when it stops (Kafka Connect closes them too); one that throws is skipped. */
export function closeConverters(c: TaskConverters): void {
  for (const conv of [c.keyConverter, c.valueConverter, c.headerConverter]) {
    try {
      conv.close?.();
    } catch {
      // a converter failing to close must not keep the task from stopping
    }
  }
}
