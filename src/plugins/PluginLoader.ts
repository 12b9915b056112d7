// Loads plugins from `plugin.path` into a PluginRegistry, and keeps watching it.
//
// Every plugin.path entry is a folder whose children are plugins:
//   - a package folder: package.json with a "kconnect" manifest field naming the module that exports
//     `plugins`, and its own node_modules;
//   - a single .js / .mjs / .cjs file exporting `plugins`;
//   - a `node_modules` folder: each package in it whose package.json has a "kconnect" field (so
//     `npm install kconnect-plugin-x` into a folder, then pointing plugin.path at it, works).
// An entry may also be one plugin itself (such a package folder or file). Names starting with "."
// are ignored, which makes "copy to .name, then rename" an atomic way to drop a plugin in.
//
// A plugin that cannot be used (bad manifest, throws on import, exports nothing usable, requires
// another kconnect version, takes too long to import) is logged with its path and the reason and
// skipped; everything else loads. See docs/plugins.md.
//
// Isolation: plugins are ES modules imported by absolute file URL, so each resolves its own
// dependencies from its own node_modules (two plugins can use two versions of one package). The
// `kconnect` specifier is redirected to the running runtime by a module resolve hook
// (sdkResolveHook.ts), so every plugin shares the runtime's SDK classes.

import { readdir, readFile, stat } from 'node:fs/promises';
import * as nodeModule from 'node:module';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { watch, type FSWatcher } from 'chokidar';
import type { PluginDefinition, PluginType } from '../api/plugin.js';
import { defaultAliases, type PluginRegistry } from './PluginRegistry.js';
import {
  definitionsProblem,
  exportedDefinitions,
  packageJsonProblem,
  sdkVersionProblem,
  withDefaultVersion,
  type PluginPackageJson,
} from './manifest.js';
import { RUNTIME_ROOT, RUNTIME_VERSION } from './runtimePackage.js';
import { GENERATION_PARAM, initialize as initializeHooks, resolve as resolveHook, type SdkHookData } from './sdkResolveHook.js';

/** What the loader logs through (a pino logger fits). Messages never carry config values. */
export interface PluginLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface LoadedPluginLocation {
  location: string;
  classes: string[];
}

export interface SkippedPluginLocation {
  location: string;
  reason: string;
}

export interface PluginLoadReport {
  loaded: LoadedPluginLocation[];
  failed: SkippedPluginLocation[];
}

export interface LoadOptions {
  /** A plugin whose import has not settled after this long is skipped (default 30 s). */
  importTimeoutMs?: number;
}


const PLUGIN_FILE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const DEFAULT_IMPORT_TIMEOUT_MS = 30_000;

let hooksInstalled = false;

/**
 * Makes `import … from 'kconnect'` in any module loaded from now on resolve to this runtime.
 * Idempotent; loadPluginPath calls it.
 */
export function installSdkResolution(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const rootUrl = pathToFileURL(RUNTIME_ROOT).href.replace(/\/?$/, '/');
  const data: SdkHookData = {
    anchorUrl: import.meta.url,
    sharedUrls: [`${rootUrl}dist/`, `${rootUrl}node_modules/`],
  };
  // Node 22.15+: synchronous in-thread hooks, which also apply to require(). Node 20: `register`,
  // whose hooks run on a separate thread (they load their own copy of sdkResolveHook.js).
  const registerHooks = (nodeModule as unknown as { registerHooks?: (hooks: { resolve: typeof resolveHook }) => unknown }).registerHooks;
  if (typeof registerHooks === 'function') {
    initializeHooks(data);
    registerHooks({ resolve: resolveHook });
  } else {
    nodeModule.register(new URL('./sdkResolveHook.js', import.meta.url), { data });
  }
}

let generation = 0;

type UnitResult =
  | { kind: 'loaded'; defs: PluginDefinition[] }
  | { kind: 'skipped'; reason: string }
  | { kind: 'ignored'; why: string };

async function readPackageJson(dir: string): Promise<{ pkg?: Record<string, unknown>; reason?: string }> {
  let text: string;
  try {
    text = await readFile(join(dir, 'package.json'), 'utf8');
  } catch {
    return { reason: 'no package.json: a plugin folder is an npm package whose package.json has a "kconnect" field' };
  }
  try {
    const pkg = JSON.parse(text) as unknown;
    if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) return { reason: 'package.json is not a JSON object' };
    return { pkg: pkg as Record<string, unknown> };
  } catch (err) {
    return { reason: `package.json is not valid JSON: ${(err as Error).message}` };
  }
}

async function importWithTimeout(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`its import did not finish within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    return (await Promise.race([import(url), timeout])) as Record<string, unknown>;
  } finally {
    clearTimeout(timer);
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`;
  return String(err);
}

/** Imports a module and checks what it exports. */
async function importDefinitions(entry: string, timeoutMs: number, version: string | undefined): Promise<UnitResult> {
  let mod: Record<string, unknown>;
  try {
    mod = await importWithTimeout(`${pathToFileURL(entry).href}?${GENERATION_PARAM}=${++generation}`, timeoutMs);
  } catch (err) {
    return { kind: 'skipped', reason: `failed to import ${entry}: ${errorText(err)}` };
  }
  const defs = exportedDefinitions(mod);
  if (!defs) {
    return { kind: 'skipped', reason: `${entry} exports no plugins (expected \`export const plugins = [...]\`, an array of PluginDefinition)` };
  }
  const problem = definitionsProblem(defs);
  if (problem) return { kind: 'skipped', reason: `invalid plugin definitions: ${problem}` };
  return { kind: 'loaded', defs: withDefaultVersion(defs as PluginDefinition[], version) };
}

/** Loads one plugin (package folder or file) without registering it. */
async function loadUnit(location: string, options: LoadOptions, optional: boolean): Promise<UnitResult> {
  const timeoutMs = options.importTimeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS;
  let st;
  try {
    st = await stat(location);
  } catch (err) {
    return { kind: 'skipped', reason: `cannot read it: ${errorText(err)}` };
  }
  if (st.isFile()) {
    if (!PLUGIN_FILE_EXTENSIONS.has(extname(location))) return { kind: 'ignored', why: 'not a .js, .mjs or .cjs file' };
    return importDefinitions(location, timeoutMs, undefined);
  }
  if (!st.isDirectory()) return { kind: 'ignored', why: 'neither a file nor a folder' };
  const { pkg, reason } = await readPackageJson(location);
  if (!pkg) return optional ? { kind: 'ignored', why: reason! } : { kind: 'skipped', reason: reason! };
  if (!('kconnect' in pkg)) {
    if (optional) return { kind: 'ignored', why: 'its package.json has no "kconnect" field' };
    return { kind: 'skipped', reason: 'invalid package.json manifest: no "kconnect" field (e.g. "kconnect": { "plugins": "./dist/src/index.js" })' };
  }
  const manifestProblem = packageJsonProblem(pkg);
  if (manifestProblem) return { kind: 'skipped', reason: manifestProblem };
  const manifest = pkg as unknown as PluginPackageJson;
  const versionProblem = sdkVersionProblem(manifest, RUNTIME_VERSION);
  if (versionProblem) return { kind: 'skipped', reason: versionProblem };
  const entry = resolve(location, manifest.kconnect.plugins);
  const inside = relative(location, entry);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    return { kind: 'skipped', reason: `invalid package.json manifest: kconnect.plugins "${manifest.kconnect.plugins}" points outside the package` };
  }
  try {
    if (!(await stat(entry)).isFile()) throw new Error('not a file');
  } catch {
    return { kind: 'skipped', reason: `kconnect.plugins names ${entry}, which does not exist (was the plugin built?)` };
  }
  return importDefinitions(entry, timeoutMs, typeof manifest.version === 'string' ? manifest.version : undefined);
}

interface Unit {
  location: string;
  /** Found inside a node_modules folder: packages that are not plugins are ignored quietly. */
  optional: boolean;
}

async function isPluginItself(entry: string): Promise<boolean> {
  try {
    const st = await stat(entry);
    if (st.isFile()) return true;
    const { pkg } = await readPackageJson(entry);
    return pkg !== undefined && 'kconnect' in pkg;
  } catch {
    return false;
  }
}

async function sortedChildren(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
}

/** The plugins of one plugin.path entry. */
async function unitsOf(entry: string, logger: PluginLogger): Promise<Unit[]> {
  if (await isPluginItself(entry)) return [{ location: entry, optional: false }];
  let names: string[];
  try {
    names = await sortedChildren(entry);
  } catch (err) {
    logger.warn({ pluginPath: entry, reason: errorText(err) }, `plugin.path entry ${entry} cannot be read: ${errorText(err)}`);
    return [];
  }
  const units: Unit[] = [];
  for (const name of names) {
    const location = join(entry, name);
    if (name !== 'node_modules') {
      units.push({ location, optional: false });
      continue;
    }
    for (const pkgName of await sortedChildren(location).catch(() => [])) {
      if (!pkgName.startsWith('@')) units.push({ location: join(location, pkgName), optional: true });
      else for (const scoped of await sortedChildren(join(location, pkgName)).catch(() => [])) {
        units.push({ location: join(location, pkgName, scoped), optional: true });
      }
    }
  }
  return units;
}

function replaceLocation(registry: PluginRegistry, location: string, defs: PluginDefinition[]): void {
  // One synchronous step: nothing can resolve a name between the old version leaving and the new one arriving.
  registry.unregisterLocation(location);
  for (const def of defs) registry.register(def, location);
}

/** Resolution roles: a name only clashes with names of plugins the same lookup could return. */
const ROLE: Record<PluginType, string> = {
  source: 'connector',
  sink: 'connector',
  transformation: 'transformation',
  predicate: 'predicate',
  converter: 'converter',
  header_converter: 'converter',
  config_provider: 'config provider',
};

/**
 * Warns about names (full class names and aliases) that more than one plugin claims, once per name;
 * only names claimed by a plugin at `locations` (all when omitted). Resolving such an alias fails
 * with the list of candidates, so users learn to use the full class name.
 */
export function reportNameClashes(registry: PluginRegistry, logger: PluginLogger, locations?: ReadonlySet<string>): void {
  const claims = new Map<string, Map<string, { className: string; location: string }>>();
  for (const p of registry.list()) {
    const names = new Set([p.className, ...defaultAliases(p.className, p.type), ...(p.aliases ?? [])]);
    for (const name of names) {
      const key = `${ROLE[p.type]}\u0000${name}`;
      const byClass = claims.get(key) ?? new Map<string, { className: string; location: string }>();
      byClass.set(`${p.className}\u0000${p.location}`, { className: p.className, location: p.location });
      claims.set(key, byClass);
    }
  }
  for (const [key, byClass] of claims) {
    if (byClass.size < 2) continue;
    const candidates = [...byClass.values()];
    if (locations && !candidates.some((c) => locations.has(c.location))) continue;
    const [role, name] = key.split('\u0000') as [string, string];
    const list = candidates.map((c) => `${c.className} (${c.location})`).join(', ');
    logger.warn(
      { name, candidates: candidates.map((c) => c.className) },
      `The ${role} name "${name}" is claimed by more than one plugin: ${list}; configs using it will be refused, use the full class name`,
    );
  }
}

function loadedMessage(location: string, defs: PluginDefinition[]): [object, string] {
  const classes = defs.map((d) => d.className);
  return [{ plugin: location, classes }, `Loaded plugin ${location}: ${defs.map((d) => `${d.className} (${d.type})`).join(', ')}`];
}

/**
 * Loads every plugin of `pluginPath` into `registry` and records the folders in
 * `registry.searchedPaths`. Broken plugins are logged (path and reason) and skipped; never throws
 * for a plugin's sake.
 */
export async function loadPluginPath(
  registry: PluginRegistry,
  pluginPath: readonly string[],
  logger: PluginLogger,
  options: LoadOptions = {},
): Promise<PluginLoadReport> {
  installSdkResolution();
  const report: PluginLoadReport = { loaded: [], failed: [] };
  for (const raw of pluginPath) {
    if (!raw.trim()) continue;
    const entry = resolve(raw.trim());
    if (!registry.searchedPaths.includes(entry)) registry.searchedPaths.push(entry);
    for (const unit of await unitsOf(entry, logger)) {
      const result = await loadUnit(unit.location, options, unit.optional);
      if (result.kind === 'loaded') {
        replaceLocation(registry, unit.location, result.defs);
        report.loaded.push({ location: unit.location, classes: result.defs.map((d) => d.className) });
        logger.info(...loadedMessage(unit.location, result.defs));
      } else if (result.kind === 'skipped') {
        report.failed.push({ location: unit.location, reason: result.reason });
        logger.error({ plugin: unit.location, reason: result.reason }, `Skipping plugin ${unit.location}: ${result.reason}`);
      } else {
        logger.debug({ path: unit.location, why: result.why }, `Not a plugin: ${unit.location} (${result.why})`);
      }
    }
  }
  reportNameClashes(registry, logger, new Set(report.loaded.map((l) => l.location)));
  logger.info(
    { pluginPath: registry.searchedPaths, plugins: report.loaded.length, skipped: report.failed.length },
    `Loaded ${report.loaded.length} plugin(s) from plugin.path ${registry.searchedPaths.join(', ')}; skipped ${report.failed.length}`,
  );
  return report;
}

// ---------------------------------------------------------------------------------------------
// Hot discovery

export type PluginChange =
  | { kind: 'added' | 'updated'; location: string; classes: string[] }
  | { kind: 'removed'; location: string }
  | { kind: 'failed'; location: string; reason: string };

export interface WatchOptions extends LoadOptions {
  /** Quiet time after the last file event under a plugin before it is (re)loaded (default 1000 ms). */
  debounceMs?: number;
  /** Called after each change was applied to the registry. */
  onChange?: (change: PluginChange) => void;
}

export interface PluginPathWatcher {
  /** Resolves once the initial scan of the folders is done and changes are being noticed. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches `pluginPath` (chokidar) and applies changes to `registry` without a restart: a plugin
 * dropped in is loaded, one changed is reloaded (its new classes replace the old ones; running
 * connectors keep the instances they have), one deleted is unregistered. Each plugin is (re)loaded
 * once its files have been quiet for `debounceMs`, so a plugin being copied is not loaded half-way;
 * a load that still fails (e.g. a copy paused longer than that) is retried at the next change.
 * Call after loadPluginPath.
 */
export function watchPluginPath(
  registry: PluginRegistry,
  pluginPath: readonly string[],
  logger: PluginLogger,
  options: WatchOptions = {},
): PluginPathWatcher {
  installSdkResolution();
  const debounceMs = options.debounceMs ?? 1000;
  const entries = pluginPath.map((p) => p.trim()).filter(Boolean).map((p) => resolve(p));
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  let closed = false;

  /** Entries that are one plugin themselves rather than folders of plugins. */
  const selfPlugins = new Set<string>();

  /** The plugin a changed path belongs to. */
  const unitOf = (path: string): Unit | undefined => {
    for (const entry of entries) {
      if (selfPlugins.has(entry) && (path === entry || path.startsWith(entry + sep))) return { location: entry, optional: false };
      if (path === entry || !path.startsWith(entry + sep)) continue;
      const segs = relative(entry, path).split(sep);
      if (segs.some((s) => s.startsWith('.'))) return undefined;
      if (segs[0] !== 'node_modules') return { location: join(entry, segs[0]!), optional: false };
      const depth = segs[1]?.startsWith('@') ? 3 : 2;
      return segs.length >= depth ? { location: join(entry, ...segs.slice(0, depth)), optional: true } : undefined;
    }
    return undefined;
  };

  const apply = async (unit: Unit): Promise<void> => {
    const { location } = unit;
    const wasLoaded = registry.list().some((p) => p.location === location);
    const exists = await stat(location).then(() => true, () => false);
    if (!exists) {
      if (!wasLoaded) return;
      registry.unregisterLocation(location);
      logger.info({ plugin: location }, `Plugin removed: ${location}`);
      options.onChange?.({ kind: 'removed', location });
      return;
    }
    const result = await loadUnit(location, options, unit.optional);
    if (closed) return;
    if (result.kind === 'loaded') {
      replaceLocation(registry, location, result.defs);
      const [obj, msg] = loadedMessage(location, result.defs);
      logger.info(obj, wasLoaded ? msg.replace('Loaded plugin', 'Reloaded plugin') : msg);
      reportNameClashes(registry, logger, new Set([location]));
      options.onChange?.({ kind: wasLoaded ? 'updated' : 'added', location, classes: result.defs.map((d) => d.className) });
    } else if (result.kind === 'skipped') {
      const kept = wasLoaded ? ' (the version loaded before stays in use)' : '';
      logger.error({ plugin: location, reason: result.reason }, `Skipping plugin ${location}: ${result.reason}${kept}`);
      options.onChange?.({ kind: 'failed', location, reason: result.reason });
    } else if (wasLoaded) {
      registry.unregisterLocation(location);
      logger.info({ plugin: location, why: result.why }, `Plugin removed: ${location} (${result.why})`);
      options.onChange?.({ kind: 'removed', location });
    }
  };

  const schedule = (unit: Unit): void => {
    if (closed) return;
    clearTimeout(timers.get(unit.location));
    timers.set(unit.location, setTimeout(() => {
      timers.delete(unit.location);
      // One load at a time per plugin, in the order the changes settled.
      const previous = running.get(unit.location) ?? Promise.resolve();
      const next = previous.then(() => apply(unit)).catch((err: unknown) => {
        logger.error({ plugin: unit.location, reason: errorText(err) }, `Failed to apply a change to plugin ${unit.location}: ${errorText(err)}`);
      });
      running.set(unit.location, next);
      void next.finally(() => {
        if (running.get(unit.location) === next) running.delete(unit.location);
      });
    }, debounceMs));
  };

  const watcher: FSWatcher = watch(entries, {
    ignoreInitial: true,
    depth: 4,
    ignored: (path: string) => {
      const name = basename(path);
      return name.startsWith('.') && !entries.includes(path);
    },
  });
  watcher.on('all', (_event, path) => {
    const unit = unitOf(resolve(path));
    if (unit) schedule(unit);
  });
  watcher.on('error', (err) => {
    logger.warn({ reason: errorText(err) }, `Watching plugin.path failed: ${errorText(err)}`);
  });
  const ready = Promise.all([
    new Promise<void>((res) => watcher.once('ready', () => res())),
    ...entries.map(async (e) => {
      if (await isPluginItself(e)) selfPlugins.add(e);
    }),
  ]).then(() => undefined);
  logger.info({ pluginPath: entries }, `Watching plugin.path ${entries.join(', ')} for plugins added, changed or removed`);

  return {
    ready,
    async close() {
      closed = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await watcher.close();
      await Promise.all(running.values());
    },
  };
}
