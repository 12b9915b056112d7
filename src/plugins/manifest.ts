// What a plugin declares, and the checks it must pass before anything of it is registered.
//
// A plugin package says it is one in its package.json:
//
//   "kconnect": { "plugins": "./dist/src/index.js" },        the module exporting its plugins
//   "peerDependencies": { "kconnect": "^0.1.0" }             the SDK versions it was built for
//
// The module (or a single-file plugin) exports `plugins`: an array of PluginDefinition (or a
// PluginManifest `{ plugins: [...] }`, or either as its default export). Every definition must have
// a known type, a full class name, and an `impl` class whose prototype has the methods its type
// calls. A plugin is one unit: if any of its definitions is invalid, none of it is registered.

import { Ajv, type ErrorObject } from 'ajv';
import type { PluginDefinition, PluginType } from '../api/plugin.js';
import semver from 'semver';

export const PLUGIN_TYPES: readonly PluginType[] = Object.freeze([
  'source', 'sink', 'transformation', 'predicate', 'converter', 'header_converter', 'config_provider',
]);

/** The methods the runtime calls on an instance of each plugin type. */
export const REQUIRED_METHODS: Readonly<Record<PluginType, readonly string[]>> = Object.freeze({
  source: ['initialize', 'version', 'start', 'taskClass', 'taskConfigs', 'stop', 'config'],
  sink: ['initialize', 'version', 'start', 'taskClass', 'taskConfigs', 'stop', 'config'],
  transformation: ['configure', 'apply', 'config', 'close'],
  predicate: ['configure', 'test', 'config', 'close'],
  converter: ['configure', 'fromConnectData', 'toConnectData'],
  header_converter: ['configure', 'fromConnectHeader', 'toConnectHeader'],
  config_provider: ['configure', 'get'],
});

/** The `kconnect` field of a plugin's package.json. */
export interface PackageManifest {
  /** The module exporting `plugins`, relative to the package folder. */
  plugins: string;
}

export interface PluginPackageJson {
  name?: string;
  version?: string;
  kconnect: PackageManifest;
  peerDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const NAME = { type: 'string', minLength: 1, pattern: '^\\S+$' };

const packageJsonSchema = {
  type: 'object',
  required: ['kconnect'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    kconnect: {
      type: 'object',
      required: ['plugins'],
      properties: { plugins: { type: 'string', minLength: 1 } },
    },
    peerDependencies: { type: 'object', additionalProperties: { type: 'string' } },
    dependencies: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const definitionsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['type', 'className', 'impl'],
    properties: {
      type: { enum: [...PLUGIN_TYPES] },
      className: NAME,
      aliases: { type: 'array', items: NAME },
      version: { type: 'string' },
    },
    kconnectImpl: true,
  },
};

/** Why `impl` cannot serve as a plugin of `type`, or undefined when it can. */
export function implProblem(type: unknown, impl: unknown): string | undefined {
  if (typeof impl !== 'function' || typeof impl.prototype !== 'object' || impl.prototype === null) {
    return 'impl must be a class (a constructor function)';
  }
  const methods = REQUIRED_METHODS[type as PluginType];
  if (!methods) return undefined; // the type itself is reported by the enum check
  const proto = impl.prototype as Record<string, unknown>;
  const missing = methods.filter((m) => typeof proto[m] !== 'function');
  if (missing.length) {
    return `impl ${impl.name || '(anonymous class)'} is not a ${type} plugin: it has no ${missing.join(', ')} method${missing.length > 1 ? 's' : ''}`;
  }
  return undefined;
}

let ajv: Ajv | undefined;
let checkPackageJson: ReturnType<Ajv['compile']> | undefined;
let checkDefinitions: ReturnType<Ajv['compile']> | undefined;

function compiled(): { pkg: NonNullable<typeof checkPackageJson>; defs: NonNullable<typeof checkDefinitions> } {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addKeyword({
      keyword: 'kconnectImpl',
      schemaType: 'boolean',
      errors: true,
      validate: function check(this: unknown, _schema: boolean, data: unknown) {
        const def = data as Record<string, unknown> | null;
        if (def === null || typeof def !== 'object' || !('impl' in def)) return true; // `required` reports it
        const problem = implProblem(def['type'], def['impl']);
        if (problem === undefined) return true;
        (check as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword: 'kconnectImpl', message: problem, params: {} }];
        return false;
      },
    });
    checkPackageJson = ajv.compile(packageJsonSchema);
    checkDefinitions = ajv.compile(definitionsSchema);
  }
  return { pkg: checkPackageJson!, defs: checkDefinitions! };
}

/** `plugins[1].className` from ajv's `/1/className`. */
function describe(errors: ErrorObject[] | null | undefined, root: string): string {
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const where = root === 'package.json'
      ? `package.json${e.instancePath ? ` field "${e.instancePath.slice(1).replaceAll('/', '.')}"` : ''}`
      : root + e.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\/([^/]+)/g, '.$1');
    let what = e.message ?? 'is invalid';
    if (e.keyword === 'enum') what = `must be one of ${PLUGIN_TYPES.join(', ')}`;
    if (e.keyword === 'required') what = `must have property "${(e.params as { missingProperty: string }).missingProperty}"`;
    if (e.keyword === 'kconnectImpl') seen.add(`${where}.impl: ${what}`);
    else seen.add(`${where} ${what}`);
  }
  return [...seen].join('; ');
}

/** Checks a package.json object; returns the reason it is not a valid plugin manifest, or undefined. */
export function packageJsonProblem(pkg: unknown): string | undefined {
  const { pkg: check } = compiled();
  if (check(pkg)) return undefined;
  return `invalid package.json manifest: ${describe(check.errors, 'package.json')}`;
}

/**
 * What a plugin module exports, as a list of definitions: `plugins` (an array, or `{ plugins }`),
 * else the default export (likewise). undefined when it exports nothing of that shape.
 */
export function exportedDefinitions(mod: Record<string, unknown>): unknown[] | undefined {
  for (const candidate of [mod['plugins'], mod['default']]) {
    if (Array.isArray(candidate)) return candidate;
    if (candidate && typeof candidate === 'object' && Array.isArray((candidate as { plugins?: unknown }).plugins)) {
      return (candidate as { plugins: unknown[] }).plugins;
    }
  }
  return undefined;
}

/** Checks exported definitions; returns the reason they are unusable, or undefined. */
export function definitionsProblem(defs: unknown[]): string | undefined {
  const { defs: check } = compiled();
  if (check(defs)) return undefined;
  return describe(check.errors, 'plugins');
}

/** Specs that are not version ranges (a local or remote install): nothing to compare. */
const NOT_A_RANGE = /^(file|link|workspace|portal|git|git\+\w+|https?|npm|github):|^[./~]|^[\w-]+\/[\w.-]+(#.*)?$/;

/**
 * The version clash rule: a plugin that declares the kconnect versions it works with
 * (`peerDependencies.kconnect`, else `dependencies.kconnect`) must include this runtime's version.
 * Returns the reason it does not, or undefined.
 */
export function sdkVersionProblem(pkg: PluginPackageJson, runtimeVersion: string): string | undefined {
  const range = pkg.peerDependencies?.['kconnect'] ?? pkg.dependencies?.['kconnect'];
  if (range === undefined || NOT_A_RANGE.test(range.trim())) return undefined;
  if (semver.validRange(range) === null) return `invalid package.json manifest: the kconnect version range "${range}" is not a semver range`;
  if (!semver.satisfies(runtimeVersion, range)) {
    return `requires kconnect ${range}, but this worker runs kconnect ${runtimeVersion}`;
  }
  return undefined;
}

/** The definitions as registered: a definition without a version gets its package's. */
export function withDefaultVersion(defs: PluginDefinition[], version: string | undefined): PluginDefinition[] {
  return version === undefined ? defs : defs.map((d) => (d.version === undefined ? { ...d, version } : d));
}
