// Installs kconnect's replacements for six kafkajs modules (see ./kafkajs.ts for what and why).
// A module of its own because ESM evaluates a module's imports before its body: ./kafkajs.ts
// imports this first, then kafkajs, so this body has run before any part of kafkajs loads.
import { createRequire } from 'node:module';
import { Batch } from './consumerBatch.js';
import { encodeRecord, groupMessagesPerPartition } from './kafkajsReplacements.js';
import { produceRequest } from './produceRequest.js';
import { decodeMessages, decodeRecordBatch } from './recordBatchDecoder.js';

const require = createRequire(import.meta.url);

/** Each replaced kafkajs module and what stands in its place. */
export const REPLACED: ReadonlyArray<[string, unknown]> = [
  ['kafkajs/src/producer/groupMessagesPerPartition.js', groupMessagesPerPartition],
  ['kafkajs/src/protocol/recordBatch/record/v0/index.js', encodeRecord],
  ['kafkajs/src/protocol/requests/produce/v3/request.js', produceRequest],
  ['kafkajs/src/protocol/recordBatch/v0/decoder.js', decodeRecordBatch],
  ['kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js', decodeMessages],
  ['kafkajs/src/consumer/batch.js', Batch],
];

function install(): void {
  const Module = require('node:module') as { new (id: string): NodeJS.Module & { loaded: boolean } };
  for (const [path, exports] of REPLACED) {
    const resolved = require.resolve(path);
    const loaded = require.cache[resolved];
    if (loaded && loaded.exports !== exports) {
      // Too late: kafkajs already holds the original. Running on would silently lose the fixes.
      throw new Error(
        `kafkajs was loaded before src/kafka/kafkajs.ts could replace ${path}; import kafkajs only through src/kafka/kafkajs.ts`,
      );
    }
    if (loaded) continue;
    const m = new Module(resolved);
    m.filename = resolved;
    m.loaded = true;
    m.exports = exports;
    require.cache[resolved] = m;
  }
}

install();
