// The consuming side's CPU per record, without a broker: decodes one Fetch (v11) response of N
// records, then builds kafkajs's Batch from it (what the consumer does before eachBatch), with
// kafkajs's original modules and with kconnect's replacements, alternately in one process.
//
//   node dist/scripts/bench/fetch-decode.js [--records 20000] [--per-batch 2000] [--value 300]
//        [--headers 0] [--gzip] [--reps 9] [--only original|kconnect]
//
// The record batches are made by kafkajs's own encoder, as a producer writes them and the broker
// returns them. --only runs one side, for `node --cpu-prof`.

import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const K = 'kafkajs/src/';

type Decode = (raw: Buffer) => Promise<{ responses: Array<{ partitions: Array<{ messages: unknown[] }> }> }>;
type BatchClass = new (topic: string, fetchedOffset: string, partitionData: object) => { messages: unknown[] };
interface Side {
  decode: Decode;
  Batch: BatchClass;
}

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string', default: '20000' },
    'per-batch': { type: 'string', default: '2000' },
    value: { type: 'string', default: '300' },
    headers: { type: 'string', default: '0' },
    gzip: { type: 'boolean', default: false },
    reps: { type: 'string', default: '9' },
    only: { type: 'string' },
  },
});
const records = Number(opts.records);
const perBatch = Number(opts['per-batch']);

function loadSide(): Side {
  return { decode: (require(`${K}protocol/requests/fetch/v11/response.js`) as { decode: Decode }).decode, Batch: require(`${K}consumer/batch.js`) };
}

/** kafkajs's modules as published, then (with the cache emptied) as kconnect installs them. */
async function loadSides(): Promise<Record<'original' | 'kconnect', Side>> {
  const original = loadSide();
  const kafkajsRoot = require.resolve(`${K}index.js`).replace(/index\.js$/, '');
  for (const path of Object.keys(require.cache)) if (path.startsWith(kafkajsRoot)) delete require.cache[path];
  await import('../../src/kafka/kafkajsInstall.js');
  return { original, kconnect: loadSide() };
}

/** A Fetch v11 response body (after the correlation id) with one partition holding the batches. */
async function fetchResponse(): Promise<Buffer> {
  const Encoder = require(`${K}protocol/encoder.js`);
  const Long = require(`${K}utils/long.js`);
  const { RecordBatch } = require(`${K}protocol/recordBatch/v0/index.js`);
  const Record = require(`${K}protocol/recordBatch/record/v0/index.js`);
  const ts = 1764700000000;
  const headerCount = Number(opts.headers);
  const batches: Buffer[] = [];
  for (let first = 0; first < records; first += perBatch) {
    const n = Math.min(perBatch, records - first);
    const recs = Array.from({ length: n }, (_, i) => {
      const headers: Record<string, Buffer> = {};
      for (let h = 0; h < headerCount; h++) headers[`h${h}`] = Buffer.from(`value ${i}`);
      return Record({ offsetDelta: i, timestampDelta: i >> 4, key: null, value: Buffer.alloc(Number(opts.value), 97 + (i % 26)), headers });
    });
    const batch = await RecordBatch({
      compression: opts.gzip ? 1 : 0, firstOffset: Long.fromInt(first), firstTimestamp: ts + first, maxTimestamp: ts + first + (n >> 4),
      lastOffsetDelta: n - 1, producerId: Long.fromInt(1000), producerEpoch: 0, firstSequence: first, records: recs,
    });
    batches.push(batch.buffer);
  }
  const recordSet = Buffer.concat(batches);
  return new Encoder()
    .writeInt32(0).writeInt16(0).writeInt32(0) // throttle, error, session
    .writeInt32(1).writeString('bench') // one topic
    .writeInt32(1).writeInt32(0).writeInt16(0) // one partition, no error
    .writeInt64(records).writeInt64(records).writeInt64(0) // high watermark, last stable, log start
    .writeInt32(-1).writeInt32(-1) // no aborted transactions, no preferred replica
    .writeInt32(recordSet.length).writeBuffer(recordSet).buffer;
}

/** Wall-clock and CPU milliseconds of one decoding (CPU: all threads, GC too; on a shared machine the steadier). */
async function once(side: Side, raw: Buffer): Promise<{ wall: number; cpu: number }> {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const { responses } = await side.decode(raw);
  const batch = new side.Batch('bench', '0', responses[0]!.partitions[0]!);
  const cpu = process.cpuUsage(cpuStart);
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (batch.messages.length !== records) throw new Error(`decoded ${batch.messages.length} records, expected ${records}`);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const raw = await fetchResponse();
const sides = await loadSides();
const names = opts.only ? [opts.only as 'original' | 'kconnect'] : (['original', 'kconnect'] as const);
const times: Record<string, Array<{ wall: number; cpu: number }>> = { original: [], kconnect: [] };
for (const name of names) for (let i = 0; i < 3; i++) await once(sides[name], raw); // warm up
for (let rep = 0; rep < Number(opts.reps); rep++) {
  for (const name of rep % 2 ? [...names].reverse() : names) times[name]!.push(await once(sides[name], raw));
}
console.log(`${records} records, ${perBatch} a batch, ${opts.value}-byte values, ${opts.headers} headers${opts.gzip ? ', gzip' : ''}; ${raw.length} bytes; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const name of names) {
  const wall = times[name]!.map((t) => t.wall);
  const cpu = times[name]!.map((t) => t.cpu);
  const perRecord = (ms: number) => `${((ms * 1000) / records).toFixed(2)} µs/record`;
  console.log(`${name.padEnd(9)} CPU median ${median(cpu).toFixed(1)} ms (${perRecord(median(cpu))}), fastest ${Math.min(...cpu).toFixed(1)}; wall median ${median(wall).toFixed(1)} ms (${perRecord(median(wall))})`);
  console.log(`${''.padEnd(9)} CPU ms of each run: ${cpu.map((t) => t.toFixed(0)).join(' ')}`);
}
