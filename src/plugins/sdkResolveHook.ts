// Module resolution hooks for plugins, installed by PluginLoader.installSdkResolution: with
// node:module's `registerHooks` where Node has it (22.15+; in-thread, covers `require` too), else
// with `register` (Node 20; then they run on Node's hooks thread, so this file imports nothing of
// ours). `resolve` works both ways: synchronously when `nextResolve` is, else with promises.
//
// 1. `kconnect` and `kconnect/<subpath>` resolve to the running kconnect, whoever imports them: a
//    plugin gets the very SDK module instances the runtime uses (so `instanceof SourceConnector`,
//    shared base classes and the exception types work), even when the plugin folder has no kconnect
//    in its node_modules, or has a different copy there (installed as a devDependency to compile
//    against). It is resolved as the runtime package importing itself ("self-reference"), so it
//    follows the runtime's own package.json `exports`.
// 2. Everything else resolves as Node always does, from the importing file: a plugin's imports find
//    its own node_modules first, so two plugins can depend on different versions of one package.
// 3. A plugin reloaded by hot discovery is imported as `entry.js?kconnect-gen=N`; modules it imports
//    by file URL inherit that marker, so the new version's own files are evaluated afresh instead of
//    coming from the module cache. The runtime's own code and dependencies never get it.

import type { ResolveFnOutput, ResolveHookContext } from 'node:module';

export interface SdkHookData {
  /** A file URL inside the running kconnect package (resolution of `kconnect` starts there). */
  anchorUrl: string;
  /** File URLs (with a trailing slash) of the runtime's code and dependencies, never reloaded. */
  sharedUrls: string[];
}

export const GENERATION_PARAM = 'kconnect-gen';

let data: SdkHookData | undefined;

/** Receives the runtime's locations (called by `register`, or directly before `registerHooks`). */
export function initialize(d: SdkHookData): void {
  data = d;
}

function generationOf(url: string | undefined): string | undefined {
  if (!url || !url.startsWith('file:')) return undefined;
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams(url.slice(q + 1)).get(GENERATION_PARAM) ?? undefined;
}

function withGeneration(result: ResolveFnOutput, parentURL: string | undefined): ResolveFnOutput {
  const gen = generationOf(parentURL);
  if (gen === undefined || !result.url.startsWith('file:') || result.url.includes('?')) return result;
  if (data?.sharedUrls.some((u) => result.url.startsWith(u))) return result;
  return { ...result, url: `${result.url}?${GENERATION_PARAM}=${gen}` };
}

type Resolved = ResolveFnOutput | Promise<ResolveFnOutput>;

export function resolve(
  specifier: string,
  context: ResolveHookContext,
  nextResolve: (specifier: string, context?: Partial<ResolveHookContext>) => Resolved,
): Resolved {
  if (data && (specifier === 'kconnect' || specifier.startsWith('kconnect/'))) {
    return nextResolve(specifier, { ...context, parentURL: data.anchorUrl });
  }
  const result = nextResolve(specifier, context);
  return typeof (result as Promise<ResolveFnOutput>).then === 'function'
    ? (result as Promise<ResolveFnOutput>).then((r) => withGeneration(r, context.parentURL))
    : withGeneration(result as ResolveFnOutput, context.parentURL);
}
