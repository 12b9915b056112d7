// avsc and protobufjs are loaded when a schema-registry converter first needs them, not when the
// built-in converters are registered: every worker and task thread registers them, and most never
// use them. Both are CommonJS, so a synchronous require keeps the converters' calls synchronous.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** `specifier`'s exports, required on the first call (the same instance an `import` would give). */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(specifier) as T);
}
