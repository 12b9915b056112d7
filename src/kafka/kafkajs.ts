// The one door to kafkajs: every module of src/kafka imports the client from here, never from
// 'kafkajs' (npm run lint enforces it), so the replacements below are in place before any part of
// kafkajs loads. kafkajs is pinned to exactly 2.2.4 in package.json: the replaced modules' paths
// and contracts are those of that release.
//
// What is replaced, and why (kafkajsReplacements.ts, produceRequest.ts, recordBatchDecoder.ts and
// consumerBatch.ts have the code; unit tests against kafkajs's originals prove the same bytes, or
// objects, out):
// - kafkajs/src/producer/groupMessagesPerPartition.js: its per-message array copy is quadratic in
//   the batch size, the largest cost of the source pipeline at a few thousand records a request;
// - kafkajs/src/protocol/recordBatch/record/v0/index.js: it encodes each record into a zero-filled
//   512-byte Encoder; ours writes an exact-size buffer;
// - kafkajs/src/protocol/requests/produce/v3/request.js (v4–v7 reuse it): it spreads every message
//   into a new object, string-sorts the timestamps and copies the payload through six growing
//   Encoders; ours writes the request into one exact-size buffer, with a table-driven CRC-32C;
// - kafkajs/src/protocol/recordBatch/v0/decoder.js (every fetched record batch): per record it
//   builds a Decoder over a new slice, a chain of BigInt Longs for the timestamp delta, parses the
//   batch's first offset and timestamp from strings into BigInts, and spreads an object per header;
//   ours reads the record in place and adds in numbers when the sum is a safe integer (anything
//   unusual goes to kafkajs's own record decoder);
// - kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js (Fetch v4–v11): it appends each
//   batch's records with a spread call; ours pushes them one by one (a batch too big for the spread
//   still takes it, and fails as in kafkajs);
// - kafkajs/src/consumer/batch.js: it parses every message's offset into a BigInt Long to drop those
//   before the fetched offset; ours compares plain decimal offsets as numbers when safe.
import './kafkajsInstall.js';

export * from 'kafkajs';
export { default } from 'kafkajs';
