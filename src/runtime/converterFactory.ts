import type { Converter, HeaderConverter } from '../api/Converter.js';
import type { PluginRegistry } from '../plugins/PluginRegistry.js';
import { withPrefix } from './chainFactory.js';

export interface TaskConverters {
  keyConverter: Converter;
  valueConverter: Converter;
  headerConverter: HeaderConverter;
}

const DEFAULT_HEADER_CONVERTER = 'org.apache.kafka.connect.storage.SimpleHeaderConverter';

/**
 * A connector's own `key.converter` (with its `key.converter.*` settings) wins over the worker's;
 * settings come from whichever config named the class, as in Kafka Connect.
 */
export function buildConverters(
  connectorProps: Record<string, string>,
  workerProps: Record<string, string>,
  plugins: PluginRegistry,
): TaskConverters {
  const pick = (key: string) => {
    if (connectorProps[key]) return { cls: connectorProps[key]!, cfg: withPrefix(connectorProps, `${key}.`) };
    if (workerProps[key]) return { cls: workerProps[key]!, cfg: withPrefix(workerProps, `${key}.`) };
    return undefined;
  };
  const key = pick('key.converter');
  const value = pick('value.converter');
  if (!key) throw new Error('Missing required configuration "key.converter" which has no default value.');
  if (!value) throw new Error('Missing required configuration "value.converter" which has no default value.');
  const header = pick('header.converter') ?? { cls: DEFAULT_HEADER_CONVERTER, cfg: withPrefix(workerProps, 'header.converter.') };

  const keyConverter = plugins.instantiate<Converter>(key.cls, ['converter']).instance;
  keyConverter.configure({ ...key.cfg, 'converter.type': 'key' }, true);
  const valueConverter = plugins.instantiate<Converter>(value.cls, ['converter']).instance;
  valueConverter.configure({ ...value.cfg, 'converter.type': 'value' }, false);
  const headerConverter = plugins.instantiate<HeaderConverter>(header.cls, ['header_converter', 'converter']).instance;
  headerConverter.configure({ ...header.cfg, 'converter.type': 'header' });
  return { keyConverter, valueConverter, headerConverter };
}
