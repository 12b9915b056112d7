import { PluginRegistry } from './PluginRegistry.js';
import { plugins as fileConnectors } from '../../connectors/file/index.js';
import { plugins as postgresConnectors } from '../../connectors/postgres/index.js';
import { plugins as postgresCdcConnectors } from '../../connectors/postgres-cdc/index.js';
import { plugins as verifiableConnectors } from '../../connectors/verifiable/index.js';
import { plugins as transforms } from '../../transforms/index.js';
import { plugins as predicates } from '../../predicates/index.js';
import { plugins as converters } from '../converters/plugins.js';
import { plugins as configProviders } from '../config/providers/index.js';
import type { PluginDefinition } from '../api/plugin.js';
import type { BuiltinCatalogue, BuiltinModule } from './builtinModules.js';
import { RUNTIME_VERSION } from './runtimePackage.js';

/** Every built-in, loaded now, by the module of src/plugins/builtinModules.ts it comes from. */
const BUILTINS: Record<BuiltinModule, readonly PluginDefinition[]> = {
  file: fileConnectors,
  postgres: postgresConnectors,
  postgresCdc: postgresCdcConnectors,
  verifiable: verifiableConnectors,
  converters,
  transforms,
  predicates,
  configProviders,
};

/** A built-in without a version of its own (the converters) reports kconnect's, as Kafka's report Kafka's. */
function withVersion<T extends { version?: string }>(def: T): T & { version: string } {
  return { ...def, version: def.version ?? RUNTIME_VERSION };
}

/** A registry holding everything kconnect ships, registered exactly as plugin.path plugins are. */
export function builtinRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const manifest of Object.values(BUILTINS)) {
    for (const def of manifest) registry.register(withVersion(def), 'builtin');
  }
  return registry;
}

/** What a task thread needs to register every built-in without loading it (lazyBuiltinRegistry). */
export function builtinCatalogue(): BuiltinCatalogue {
  return (Object.entries(BUILTINS) as Array<[BuiltinModule, readonly PluginDefinition[]]>).map(([module, defs]) => ({
    module,
    plugins: defs.map(({ impl: _impl, ...def }) => withVersion(def)),
  }));
}
