// The modules kconnect's built-in plugins live in, each loaded on demand. A task thread registers
// every built-in from a catalogue the main thread sends (names, types, versions: no code) and loads
// a module only when a task uses one of its plugins: a file pipeline's thread then never loads the
// PostgreSQL connectors, the CDC code or the schema-registry converters. src/plugins/builtins.ts
// imports the same modules eagerly, for the main thread, which lists and validates all of them.

import type { PluginDefinition } from '../api/plugin.js';
import { PluginRegistry } from './PluginRegistry.js';

export const BUILTIN_MODULES = {
  file: async () => (await import('../../connectors/file/index.js')).plugins,
  postgres: async () => (await import('../../connectors/postgres/index.js')).plugins,
  postgresCdc: async () => (await import('../../connectors/postgres-cdc/index.js')).plugins,
  verifiable: async () => (await import('../../connectors/verifiable/index.js')).plugins,
  converters: async () => (await import('../converters/plugins.js')).plugins,
  transforms: async () => (await import('../../transforms/index.js')).plugins,
  predicates: async () => (await import('../../predicates/index.js')).plugins,
  configProviders: async () => (await import('../config/providers/index.js')).plugins,
} satisfies Record<string, () => Promise<readonly PluginDefinition[]>>;

export type BuiltinModule = keyof typeof BUILTIN_MODULES;

/** A built-in plugin without its code: what a thread registers before it loads the module. */
export type BuiltinEntry = Omit<PluginDefinition, 'impl'> & { version: string };

/** Every built-in by module, as plain data (it crosses to task threads). */
export type BuiltinCatalogue = Array<{ module: BuiltinModule; plugins: BuiltinEntry[] }>;

/**
 * A registry of every built-in in `catalogue`, each loaded with its module the first time
 * PluginRegistry.load names it. It lists and resolves them all at once, as the eager one does.
 */
export function lazyBuiltinRegistry(catalogue: BuiltinCatalogue): PluginRegistry {
  const registry = new PluginRegistry();
  for (const { module, plugins } of catalogue) registry.registerLazy(plugins, 'builtin', BUILTIN_MODULES[module]);
  return registry;
}
