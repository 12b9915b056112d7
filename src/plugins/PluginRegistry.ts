import { ConnectException } from '../data/errors.js';
import type { PluginDefinition, PluginManifest, PluginType } from '../api/plugin.js';

export interface LoadedPlugin extends PluginDefinition {
  /** Where it came from: 'builtin' or the plugin's path. */
  location: string;
}

const TYPE_WORDS: Record<PluginType, string> = {
  source: 'Connector',
  sink: 'Connector',
  transformation: 'Transformation',
  predicate: 'Predicate',
  converter: 'Converter',
  header_converter: 'HeaderConverter',
  config_provider: 'ConfigProvider',
};

/** Kafka Connect's aliases: the simple class name, and for connectors that name without "Connector". */
export function defaultAliases(className: string, type: PluginType): string[] {
  const simple = className.slice(className.lastIndexOf('.') + 1);
  const out = new Set<string>([simple]);
  if ((type === 'source' || type === 'sink') && simple.endsWith('Connector') && simple !== 'Connector') {
    out.add(simple.slice(0, -'Connector'.length));
  }
  out.delete(className);
  return [...out];
}

/**
 * Every connector, transform, predicate, converter and config provider the worker can use, by full
 * class name and by alias. Built-ins are registered the same way as plugins from plugin.path.
 */
export class PluginRegistry {
  private readonly all: LoadedPlugin[] = [];
  private readonly byName = new Map<string, LoadedPlugin[]>();
  readonly searchedPaths: string[] = [];
  /** Bumped by every change, so a copy of the registry elsewhere (a task thread) knows to reload. */
  private changes = 0;
  /** Plugins registered without their code (registerLazy), each with the load of its module. */
  private readonly unloaded = new Map<LoadedPlugin, () => Promise<void>>();

  get generation(): number {
    return this.changes;
  }

  registerManifest(manifest: PluginManifest, location: string): void {
    for (const def of manifest.plugins) this.register(def, location);
  }

  register(def: PluginDefinition, location: string): void {
    const plugin: LoadedPlugin = { ...def, location };
    this.changes++;
    this.all.push(plugin);
    const names = new Set([def.className, ...defaultAliases(def.className, def.type), ...(def.aliases ?? [])]);
    for (const name of names) {
      const list = this.byName.get(name) ?? [];
      list.push(plugin);
      this.byName.set(name, list);
    }
  }

  /**
   * Registers plugins whose code is in a module not loaded yet: they list and resolve as usual, and
   * `load` names the ones about to be instantiated. One load of the module serves all of them.
   */
  registerLazy(defs: ReadonlyArray<Omit<PluginDefinition, 'impl'>>, location: string, loadModule: () => Promise<readonly PluginDefinition[]>): void {
    const stubs: LoadedPlugin[] = [];
    let loading: Promise<void> | undefined;
    const load = () =>
      (loading ??= loadModule().then((loaded) => {
        for (const stub of stubs) {
          const def = loaded.find((d) => d.className === stub.className && d.type === stub.type);
          if (def) stub.impl = def.impl;
          this.unloaded.delete(stub);
        }
      }));
    for (const def of defs) {
      this.register({ ...def, impl: notLoaded(def.className) }, location);
      const stub = this.all[this.all.length - 1]!;
      stubs.push(stub);
      this.unloaded.set(stub, load);
    }
  }

  /** Loads the code of the plugins these names resolve to (registerLazy), whatever their type; unknown names are left to resolve's errors. */
  async load(names: Iterable<string | undefined>): Promise<void> {
    const loads = new Set<() => Promise<void>>();
    for (const name of names) {
      for (const plugin of name ? this.byName.get(name.trim()) ?? [] : []) {
        const load = this.unloaded.get(plugin);
        if (load) loads.add(load);
      }
    }
    await Promise.all([...loads].map((load) => load()));
  }

  unregisterLocation(location: string): void {
    this.changes++;
    for (let i = this.all.length - 1; i >= 0; i--) if (this.all[i]!.location === location) this.all.splice(i, 1);
    for (const [name, list] of this.byName) {
      const kept = list.filter((p) => p.location !== location);
      if (kept.length === 0) this.byName.delete(name);
      else this.byName.set(name, kept);
    }
  }

  list(types?: readonly PluginType[]): LoadedPlugin[] {
    return types ? this.all.filter((p) => types.includes(p.type)) : [...this.all];
  }

  /** Finds the one plugin of one of `types` called `name`; a clear error when none or several match. */
  resolve(name: string, types: readonly PluginType[]): LoadedPlugin {
    const trimmed = name.trim();
    // Whoever may write a config must not be able to make the worker run code from anywhere.
    if (looksLikeLocation(trimmed)) {
      throw new ConnectException(
        `${TYPE_WORDS[types[0]!]} "${trimmed}" is a file path or URL; plugins are loaded only from plugin.path and named by class name or alias`,
      );
    }
    // One class may be registered under several types (StringConverter is a converter and a
    // header converter): the order of `types` says which role is wanted.
    const matching = (this.byName.get(trimmed) ?? [])
      .filter((p) => types.includes(p.type))
      .sort((a, b) => types.indexOf(a.type) - types.indexOf(b.type));
    const candidates = matching.filter(
      (p, i) => matching.findIndex((q) => q.className === p.className && q.location === p.location) === i,
    );
    const exact = candidates.filter((p) => p.className === trimmed);
    if (exact.length === 1) return exact[0]!;
    if (candidates.length === 1) return candidates[0]!;
    const word = TYPE_WORDS[types[0]!];
    if (candidates.length > 1) {
      throw new ConnectException(
        `More than one ${word} matches the name "${trimmed}": ${candidates
          .map((p) => `${p.className} (${p.location})`)
          .join(', ')}. Use the full class name.`,
      );
    }
    const available = this.list(types).map((p) => p.className).sort();
    const searched = this.searchedPaths.length ? this.searchedPaths.join(', ') : '(no plugin.path set)';
    throw new ConnectException(
      `Failed to find any class that implements ${word} and which name matches ${trimmed}; plugin.path searched: ${searched}; available: ${available.join(', ')}`,
    );
  }

  /** Finds `name` whatever its type; undefined when unknown. */
  find(name: string): LoadedPlugin | undefined {
    const list = this.byName.get(name.trim());
    return list && list.length === 1 ? list[0] : list?.find((p) => p.className === name.trim());
  }

  instantiate<T>(name: string, types: readonly PluginType[]): { plugin: LoadedPlugin; instance: T } {
    const plugin = this.resolve(name, types);
    const Impl = plugin.impl as unknown as new () => T;
    return { plugin, instance: new Impl() };
  }
}

/** Stands in for a lazily registered plugin until PluginRegistry.load loaded it: a missed load says so. */
function notLoaded(className: string): PluginDefinition['impl'] {
  return class {
    constructor() {
      throw new Error(`${className} was not loaded before its use: PluginRegistry.load must name it first`);
    }
  } as unknown as PluginDefinition['impl'];
}

/** A file path or URL rather than a class name or alias (`org.acme.Sink`, `InsertField$Value`). */
export function looksLikeLocation(name: string): boolean {
  return /[\\/]/.test(name) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(name) || /\.(?:[cm]?[jt]s|node)$/.test(name) || name.startsWith('~');
}
