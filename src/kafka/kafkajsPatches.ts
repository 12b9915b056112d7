import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 groups a batch's messages per partition by copying the partition's array for every
 * message (`[...current, message]`), which is quadratic in the batch size: at a few thousand
 * records per request it was the largest cost of the whole source pipeline. kafkajs is no longer
 * released, so its module is replaced here with a linear one before kafkajs itself loads. Same
 * inputs, same output shape; only the copying is gone.
 */
type Partitioner = (args: { topic: string; partitionMetadata: unknown[]; message: unknown }) => number;

function groupMessagesPerPartition(args: {
  topic: string;
  partitionMetadata: unknown[];
  messages: unknown[];
  partitioner: Partitioner;
}): Record<number, unknown[]> {
  const { topic, partitionMetadata, messages, partitioner } = args;
  const result: Record<number, unknown[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    const current = result[partition];
    if (current) current.push(message);
    else result[partition] = [message];
  }
  return result;
}

const require = createRequire(import.meta.url);
const modulePath = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
if (!require.cache[modulePath]) {
  // A module record whose exports are ours: kafkajs's own require() then finds it loaded.
  const Module = require('node:module') as { new (id: string): NodeJS.Module & { loaded: boolean } };
  const m = new Module(modulePath);
  m.filename = modulePath;
  m.loaded = true;
  m.exports = groupMessagesPerPartition;
  require.cache[modulePath] = m;
}

export const kafkajsPatched = require.cache[modulePath]?.exports === groupMessagesPerPartition;
