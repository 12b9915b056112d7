// The built-in converters as plugin definitions (the shape of src/api/plugin.ts's PluginDefinition),
// registered by src/plugins/builtins.ts like any plugin.path plugin. Simple-name aliases are added by
// the registry.

import { BUILTIN_CONVERTERS } from './index.js';
import type { ConverterClass, HeaderConverterClass } from '../api/Converter.js';

export interface ConverterPluginDefinition {
  type: 'converter' | 'header_converter';
  className: string;
  aliases?: string[];
  /** None of their own: the registry of built-ins gives them kconnect's. */
  version?: string;
  impl: ConverterClass | HeaderConverterClass;
}

export const plugins: ConverterPluginDefinition[] = BUILTIN_CONVERTERS.flatMap((c) => {
  const defs: ConverterPluginDefinition[] = [];
  if (c.converter) defs.push({ type: 'converter', className: c.className, impl: c.impl });
  if (c.headerConverter) defs.push({ type: 'header_converter', className: c.className, impl: c.impl });
  return defs;
});
