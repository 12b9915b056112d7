import type { Connector } from './Connector.js';
import type { ConverterClass, HeaderConverterClass } from './Converter.js';
import type { ConfigProviderClass } from './ConfigProvider.js';
import type { PredicateClass, TransformationClass } from './Transformation.js';

/** The plugin types Kafka Connect's REST API reports in GET /connector-plugins. */
export type PluginType =
  | 'source'
  | 'sink'
  | 'transformation'
  | 'predicate'
  | 'converter'
  | 'header_converter'
  | 'config_provider';

export type PluginClass =
  | (new () => Connector)
  | TransformationClass
  | PredicateClass
  | ConverterClass
  | HeaderConverterClass
  | ConfigProviderClass;

/**
 * One class a plugin provides. `className` is its full name (as users write `connector.class`);
 * `aliases` are the short names (FileStreamSource, InsertField$Value, …).
 */
export interface PluginDefinition {
  type: PluginType;
  className: string;
  aliases?: string[];
  version?: string;
  impl: PluginClass;
}

/** What a plugin module exports: `export const plugins: PluginDefinition[]` (or as its default export). */
export interface PluginManifest {
  plugins: PluginDefinition[];
}

export function definePlugins(plugins: PluginDefinition[]): PluginManifest {
  return { plugins };
}
