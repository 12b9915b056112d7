// The ConfigDefs of the built-in converters, as Kafka 4.3 declares them (ConverterConfig and its
// subclasses): GET /connector-plugins/{converter}/config and config/validate answer from these, and
// each converter's configure() parses its settings through its own definition, so a default or a
// rule is written once.

import { ConfigDef, Validators, type ConfigProps } from '../api/ConfigDef.js';

export type ConverterType = 'key' | 'value' | 'header';

/** ConverterConfig.newConfigDef(): `converter.type`, which the worker sets for each converter it builds. */
export function converterConfigDef(): ConfigDef {
  return new ConfigDef().define('converter.type', 'STRING', ConfigDef.NO_DEFAULT_VALUE,
    Validators.in('key', 'value', 'header'), 'LOW', 'How this converter will be used.');
}

/** ByteArrayConverter, the numeric converters and BooleanConverter: nothing beyond `converter.type`. */
export const PLAIN_CONVERTER_CONFIG = converterConfigDef();

export const STRING_CONVERTER_CONFIG = converterConfigDef().define({
  name: 'converter.encoding', type: 'STRING', defaultValue: 'UTF-8', importance: 'HIGH',
  documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
  orderInGroup: -1, width: 'MEDIUM', displayName: 'Encoding',
});

export const JSON_CONVERTER_CONFIG = converterConfigDef()
  .define({
    name: 'schemas.enable', type: 'BOOLEAN', defaultValue: true, importance: 'HIGH',
    documentation: 'Include schemas within each of the serialized values and keys.',
    group: 'Schemas', orderInGroup: 0, width: 'MEDIUM', displayName: 'Enable Schemas',
  })
  .define({
    name: 'schemas.cache.size', type: 'INT', defaultValue: 1000, importance: 'HIGH',
    documentation: 'The maximum number of schemas that can be cached in this converter instance.',
    group: 'Schemas', orderInGroup: 1, width: 'MEDIUM', displayName: 'Schema Cache Size',
  })
  .define({
    name: 'decimal.format', type: 'STRING', defaultValue: 'BASE64', validator: Validators.caseInsensitiveIn('BASE64', 'NUMERIC'),
    importance: 'LOW',
    documentation: "Controls which format this converter will serialize decimals in. This value is case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
    group: 'Serialization', orderInGroup: 0, width: 'MEDIUM', displayName: 'Decimal Format',
  })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    documentation: 'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.',
    group: 'Serialization', orderInGroup: 1, width: 'MEDIUM', displayName: 'Replace null with default',
  });

/**
 * Parses a converter's settings through its definition. The worker names the converter's role in
 * `converter.type`, as Kafka's Plugins does; a converter configured by hand gets it from `type`.
 */
export function parseConverterConfig(def: ConfigDef, configs: ConfigProps, type: ConverterType): Record<string, unknown> {
  const entries = configs instanceof Map ? Object.fromEntries(configs) : { ...(configs as Record<string, unknown>) };
  if (entries['converter.type'] == null) entries['converter.type'] = type;
  return def.parse(entries);
}
