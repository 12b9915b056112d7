// kafkajs's own modules that kconnect's replacements build on (its Decoder, Long, codecs, errors,
// record decoder, …). They are required on first use, when kafkajs has loaded through ./kafkajs.ts
// and the replacements are in place; none of them is one of the replaced modules.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The exports of `kafkajs/src/<path>`, required on the first call. */
export function kafkajsInternal<T>(path: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(`kafkajs/src/${path}`) as T);
}
