import { PluginRegistry } from './PluginRegistry.js';
import { plugins as fileConnectors } from '../../connectors/file/index.js';
import { plugins as postgresConnectors } from '../../connectors/postgres/index.js';
import { plugins as verifiableConnectors } from '../../connectors/verifiable/index.js';
import { plugins as transforms } from '../../transforms/index.js';
import { plugins as predicates } from '../../predicates/index.js';
import { plugins as converters } from '../converters/plugins.js';
import { plugins as configProviders } from '../config/providers/index.js';

/** A registry holding everything kconnect ships, registered exactly as plugin.path plugins are. */
export function builtinRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const manifest of [fileConnectors, postgresConnectors, verifiableConnectors, converters, transforms, predicates, configProviders]) {
    for (const def of manifest) registry.register(def, 'builtin');
  }
  return registry;
}
