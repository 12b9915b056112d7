import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// Load kafkajs's own modules first, so the comparison is against the originals.
const require = createRequire(import.meta.url);
type Decoder = { offset: number; buffer: Buffer };
const K = 'kafkajs/src/';
const originalBatchDecoder = require(`${K}protocol/recordBatch/v0/decoder.js`) as (d: Decoder) => Promise<object>;
const originalDecodeMessages = require(`${K}protocol/requests/fetch/v4/decodeMessages.js`) as (d: Decoder) => Promise<object[]>;
const KafkajsDecoder = require(`${K}protocol/decoder.js`) as new (b: Buffer) => Decoder;
const Long = require(`${K}utils/long.js`) as { fromValue(v: unknown): unknown; fromInt(n: number): unknown };
const { RecordBatch } = require(`${K}protocol/recordBatch/v0/index.js`) as { RecordBatch: (a: object) => Promise<{ buffer: Buffer }> };
const Record = require(`${K}protocol/recordBatch/record/v0/index.js`) as (a: object) => unknown;
const MessageSet = require(`${K}protocol/messageSet/index.js`) as (a: object) => { buffer: Buffer };
const { decodeRecordBatch, decodeMessages } = await import('../../../src/kafka/recordBatchDecoder.js');

const TS = 1764700000000;

/** A value with its key order and types spelled out, so that two decodings compare exactly. */
function shape(x: unknown, seen = new Map<object, number>()): unknown {
  if (Buffer.isBuffer(x)) return { buffer: x.toString('hex') };
  if (x === null || typeof x !== 'object') return typeof x === 'string' ? `s:${x}` : x === undefined ? 'undefined' : x;
  if (seen.has(x)) return { ref: seen.get(x) }; // a shared object (every record's batchContext)
  seen.set(x, seen.size);
  if (Array.isArray(x)) return x.map((v) => shape(v, seen));
  return Object.keys(x).map((k) => [k, shape((x as Record<string, unknown>)[k], seen)]);
}

/** Both decoders on the same bytes: the same result (or the same error) and the same position after. */
async function same(bytes: Buffer, decode: (d: Decoder) => Promise<unknown>, original: (d: Decoder) => Promise<unknown>, times = 1): Promise<unknown[]> {
  const run = async (f: (d: Decoder) => Promise<unknown>) => {
    const d = new KafkajsDecoder(bytes);
    const out: unknown[] = [];
    try {
      for (let i = 0; i < times; i++) out.push(await f(d));
    } catch (e) {
      out.push({ error: (e as Error).name, message: (e as Error).message });
    }
    return { out, offset: d.offset };
  };
  const ours = await run(decode);
  const theirs = await run(original);
  assert.deepStrictEqual(ours.out, theirs.out);
  assert.deepStrictEqual(shape(ours.out), shape(theirs.out));
  assert.equal(ours.offset, theirs.offset);
  return ours.out;
}

interface BatchArgs {
  records: object[];
  firstOffset?: string;
  firstTimestamp?: number | string;
  maxTimestamp?: number | string;
  compression?: number;
  transactional?: boolean;
  producerId?: string;
  /** attribute bits kafkajs's encoder never sets: 0x08 LOG_APPEND_TIME, 0x20 control */
  extraAttributes?: number;
}

async function batch(a: BatchArgs): Promise<Buffer> {
  const encoded = await RecordBatch({
    compression: a.compression ?? 0,
    firstOffset: Long.fromValue(a.firstOffset ?? '0'),
    firstTimestamp: a.firstTimestamp ?? TS,
    maxTimestamp: a.maxTimestamp ?? TS + 99,
    lastOffsetDelta: a.records.length - 1,
    transactional: a.transactional ?? false,
    producerId: Long.fromValue(a.producerId ?? '-1'),
    producerEpoch: 2,
    firstSequence: 7,
    records: a.records.map((r) => Record(r)),
  });
  const bytes = Buffer.from(encoded.buffer);
  if (a.extraAttributes) bytes.writeInt16BE(bytes.readInt16BE(21) | a.extraAttributes, 21);
  return bytes;
}

const values = (n: number, extra: (i: number) => object = () => ({})) =>
  Array.from({ length: n }, (_, i) => ({ offsetDelta: i, timestampDelta: i * 3, key: i % 4 === 0 ? null : Buffer.from(`key-${i}`), value: Buffer.from(`{"line":${i}}`), ...extra(i) }));

const batchCases: Array<[string, () => Promise<Buffer>]> = [
  ['plain records, null and non-null keys', () => batch({ records: values(50) })],
  ['300-byte values from a non-zero offset', () => batch({ firstOffset: '123456', records: values(20, () => ({ value: Buffer.alloc(300, 7) })) })],
  ['tombstones: null values and empty ones', () => batch({ records: values(6, (i) => ({ value: i % 2 ? null : Buffer.alloc(0), key: i % 3 ? Buffer.alloc(0) : null })) })],
  ['headers: repeated keys, null and empty values, empty key, numeric keys', () => batch({ records: values(5, (i) => ({
    headers: { 'content-type': Buffer.from('json'), rep: [Buffer.from('a'), Buffer.from('b'), Buffer.from(String(i))], two: [Buffer.from('x'), Buffer.from('y')], '': Buffer.from('e'), '10': Buffer.from('ten'), '2': Buffer.from('two'), 'clé': Buffer.from('ü') },
  })) })],
  ['header keys that name what every object inherits', () => batch({ records: values(3, () => ({ headers: { constructor: Buffer.from('c'), toString: [Buffer.from('t1'), Buffer.from('t2')], hasOwnProperty: Buffer.from('h') } })) })],
  ['header key __proto__ (left to kafkajs)', () => batch({ records: values(2, () => ({ headers: { ['__proto__']: Buffer.from('p'), ok: Buffer.from('o') } })) })],
  ['header keys changing from record to record at the same place, same length', () => batch({ records: values(8, (i) => ({
    headers: { [['ab', 'ac', 'ab', 'ba', 'zz', 'ab', 'é', 'ab'][i]!]: Buffer.from('1'), [`k${i % 2}`]: Buffer.from('2'), [i % 3 ? 'long-'.repeat(20) : 'long-'.repeat(19) + 'lonG-']: Buffer.from('3') },
  })) })],
  ['many headers', () => batch({ records: values(4, () => ({ headers: Object.fromEntries(Array.from({ length: 40 }, (_, h) => [`h${h % 25}`, Buffer.from(`v${h}`)])) })) })],
  ['negative timestamp deltas and a 2^49 one', () => batch({ records: values(4, (i) => ({ timestampDelta: [-5, -1, 2 ** 48, -(2 ** 48)][i] })) })],
  ['timestamp deltas of 8 to 10 bytes (left to kafkajs)', () => batch({ records: values(3, (i) => ({ timestampDelta: [2 ** 50, -(2 ** 52), Number.MAX_SAFE_INTEGER][i] })) })],
  ['no timestamps (-1)', () => batch({ firstTimestamp: -1, maxTimestamp: -1, records: values(3, () => ({ timestampDelta: 0 })) })],
  ['offsets and timestamps across 2^53', () => batch({ firstOffset: String(2 ** 53 - 3), firstTimestamp: String(2 ** 53 - 2), records: values(8) })],
  ['offsets near the int64 maximum, added past it as kafkajs does', () => batch({ firstOffset: '9223372036854775800', firstTimestamp: '9223372036854775806', records: values(12) })],
  ['negative first offset', () => batch({ firstOffset: '-10', records: values(12) })],
  ['large offset deltas', () => batch({ records: values(3, (i) => ({ offsetDelta: [0, 2 ** 20, 2 ** 30 + 5][i] })) })],
  ['gzip', () => batch({ compression: 1, records: values(30, (i) => ({ headers: i % 2 ? { h: Buffer.from('v') } : {} })) })],
  ['gzip with offsets beyond 2^53', () => batch({ compression: 1, firstOffset: '90071992547409930', records: values(5) })],
  ['transactional', () => batch({ transactional: true, producerId: '4711', records: values(10) })],
  ['transactional producer id beyond 2^53', () => batch({ transactional: true, producerId: '9007199254740993', records: values(2) })],
  ['a control batch (commit marker)', () => batch({ transactional: true, producerId: '4711', extraAttributes: 0x20, records: [{ offsetDelta: 0, timestampDelta: 0, key: Buffer.from([0, 0, 0, 1]), value: Buffer.from([0, 0, 0, 0, 0, 5]) }] })],
  ['a control batch (abort marker)', () => batch({ transactional: true, producerId: '4711', extraAttributes: 0x20, records: [{ offsetDelta: 0, timestampDelta: 0, key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 5]) }] })],
  ['LOG_APPEND_TIME', () => batch({ extraAttributes: 0x08, maxTimestamp: TS + 12345, records: values(6) })],
  ['LOG_APPEND_TIME, gzip', () => batch({ compression: 1, extraAttributes: 0x08, maxTimestamp: TS + 1, records: values(6) })],
  ['an empty batch', () => batch({ records: [] })],
];

for (const [name, make] of batchCases) {
  test(`a record batch decodes to what kafkajs's decoder returns: ${name}`, async () => {
    const bytes = await make();
    const [decoded] = (await same(bytes, decodeRecordBatch as never, originalBatchDecoder)) as Array<{ records?: Array<{ batchContext: unknown }> }>;
    assert.ok(decoded!.records, 'decoded without an error');
    for (const r of decoded!.records!) assert.equal(r.batchContext, decoded!.records![0]!.batchContext);
  });
}

test('the LOG_APPEND_TIME case carries the max timestamp, the others the record\'s', async () => {
  const [appended] = (await same(await batch({ extraAttributes: 0x08, maxTimestamp: TS + 500, records: values(2) }), decodeRecordBatch as never, originalBatchDecoder)) as Array<{ records: Array<{ timestamp: string }> }>;
  assert.deepEqual(appended!.records.map((r) => r.timestamp), [String(TS + 500), String(TS + 500)]);
  const [created] = (await same(await batch({ firstOffset: '9223372036854775806', records: values(3) }), decodeRecordBatch as never, originalBatchDecoder)) as Array<{ records: Array<{ timestamp: string; offset: string }> }>;
  assert.deepEqual(created!.records.map((r) => [r.offset, r.timestamp]), [['9223372036854775806', String(TS)], ['9223372036854775807', String(TS + 3)], ['9223372036854775808', String(TS + 6)]]);
});

// ------------------------------------------------------------------ hand-made (also malformed) records

function zigzagVarint(n: number): number[] {
  let u = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (u >= 128) {
    out.push((u % 128) | 0x80);
    u = Math.floor(u / 128);
  }
  out.push(u);
  return out;
}

/** A v2 batch around raw records bytes (count and records as given), as the broker frames it. */
function rawBatch(count: number, records: number[] | Buffer, opts: { firstOffset?: bigint; attributes?: number } = {}): Buffer {
  const body = Buffer.alloc(49 + records.length);
  let o = 0;
  o = body.writeInt32BE(0, o); // partition leader epoch
  o = body.writeInt8(2, o);
  o = body.writeInt32BE(0, o); // crc
  o = body.writeInt16BE(opts.attributes ?? 0, o);
  o = body.writeInt32BE(Math.max(count - 1, 0), o);
  o = body.writeBigInt64BE(BigInt(TS), o);
  o = body.writeBigInt64BE(BigInt(TS), o);
  o = body.writeBigInt64BE(-1n, o);
  o = body.writeInt16BE(-1, o);
  o = body.writeInt32BE(-1, o);
  o = body.writeInt32BE(count, o);
  Buffer.from(records).copy(body, o);
  const head = Buffer.alloc(12);
  head.writeBigInt64BE(opts.firstOffset ?? 0n, 0);
  head.writeInt32BE(body.length, 8); // the length counts from the leader epoch on
  return Buffer.concat([head, body]);
}

/** One record: its length prefix (as given, or the true one) and its bytes. */
function rawRecord(parts: number[], length?: number): number[] {
  return [...zigzagVarint(length ?? parts.length), ...parts];
}

const ok = (i: number) => [0, ...zigzagVarint(i), ...zigzagVarint(i), 1, ...zigzagVarint(1), 65, 0]; // null key, value "A", no headers

const rawCases: Array<[string, Buffer]> = [
  ['well-formed hand-made records', rawBatch(2, [...rawRecord(ok(0)), ...rawRecord(ok(1))])],
  ['a record length of -1', rawBatch(2, [...rawRecord(ok(0)), ...zigzagVarint(-1), ...rawRecord(ok(1))])],
  ['a record length beyond the batch', rawBatch(1, rawRecord(ok(0), 200))],
  ['a negative record length', rawBatch(2, [...rawRecord(ok(0)), ...zigzagVarint(-3), ...rawRecord(ok(1))])],
  ['a record count beyond the records', rawBatch(3, [...rawRecord(ok(0)), ...rawRecord(ok(1))])],
  ['a record count of -1', rawBatch(-1, rawRecord(ok(0)))],
  ['a negative record count', rawBatch(-2, rawRecord(ok(0)))],
  ['a record shorter than its fields', rawBatch(1, rawRecord(ok(0).slice(0, 4)))],
  ['an empty record', rawBatch(1, rawRecord([]))],
  ['a key length past the record', rawBatch(1, rawRecord([0, 0, 0, ...zigzagVarint(40), 1, 2]))],
  ['a negative key length', rawBatch(1, rawRecord([0, 0, 0, ...zigzagVarint(-4), 1, 0]))],
  ['a header count of -1', rawBatch(1, rawRecord([0, 0, 0, 1, 1, 1]))],
  ['a negative header count', rawBatch(1, rawRecord([0, 0, 0, 1, 1, ...zigzagVarint(-3)]))],
  ['a header count beyond the headers', rawBatch(1, rawRecord([0, 0, 0, 1, 1, ...zigzagVarint(3), ...zigzagVarint(1), 104, 1]))],
  ['a null header key', rawBatch(1, rawRecord([0, 0, 0, 1, 1, ...zigzagVarint(1), 1, ...zigzagVarint(1), 118]))],
  ['a null header value', rawBatch(1, rawRecord([0, 0, 0, 1, 1, ...zigzagVarint(1), ...zigzagVarint(1), 104, 1]))],
  ['header keys of the same length, not UTF-8', rawBatch(2, [
    ...rawRecord([0, 0, 0, 1, 1, ...zigzagVarint(1), ...zigzagVarint(2), 0xff, 0xfe, 1]),
    ...rawRecord([0, 0, 2, 1, 1, ...zigzagVarint(2), ...zigzagVarint(2), 0xff, 0xfd, 1, ...zigzagVarint(2), 0xc3, 0xa9, 1]),
  ])],
  ['trailing bytes in a record', rawBatch(1, rawRecord([...ok(0), 9, 9, 9]))],
  ['a negative attributes byte', rawBatch(1, rawRecord([0xff, ...ok(0).slice(1)]))],
  ['a 5-byte offset delta', rawBatch(1, rawRecord([0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 1, 0]))],
  ['a 6-byte offset delta', rawBatch(1, rawRecord([0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 1, 1, 0]))],
  ['an 11-byte timestamp delta', rawBatch(1, rawRecord([0, ...Array(10).fill(0xff), 0x01, 0, 1, 1, 0]))],
  ['a 10-byte timestamp delta', rawBatch(1, rawRecord([0, ...Array(9).fill(0xff), 0x01, 0, 1, 1, 0]))],
  ['offsets beyond int64 from a first offset near it', rawBatch(2, [...rawRecord(ok(0)), ...rawRecord([0, 0, ...zigzagVarint(2 ** 30), 1, 1, 0])], { firstOffset: 2n ** 63n - 1n })],
  ['a control batch of a hand-made marker', rawBatch(1, rawRecord([0, 0, 0, ...zigzagVarint(4), 0, 0, 0, 1, ...zigzagVarint(6), 0, 0, 0, 0, 0, 1, 0]), { attributes: 0x30 })],
  ['an unsupported codec (snappy)', rawBatch(1, rawRecord(ok(0)), { attributes: 2 })],
];

for (const [name, bytes] of rawCases) {
  test(`a hand-made batch decodes (or fails) as in kafkajs: ${name}`, async () => {
    await same(bytes, decodeRecordBatch as never, originalBatchDecoder);
  });
}

test('a batch cut short throws kafkajs\'s partial-message error, as kafkajs does', async () => {
  const whole = await batch({ records: values(10) });
  for (const cut of [12, 30, 61, 62, whole.length - 1]) {
    const [out] = await same(whole.subarray(0, cut), decodeRecordBatch as never, originalBatchDecoder);
    if (cut > 12) assert.equal((out as { error: string }).error, 'KafkaJSPartialMessageError');
  }
  // a batch whose length is too short for its own header fails in kafkajs's Decoder, here too
  const short = Buffer.from(whole);
  short.writeInt32BE(20, 8);
  await same(short, decodeRecordBatch as never, originalBatchDecoder);
});

// ------------------------------------------------------------------- a partition's whole record set

function recordSet(...parts: Buffer[]): Buffer {
  const all = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32BE(all.length);
  return Buffer.concat([size, all, Buffer.from([0xde, 0xad])]); // bytes after: the next partition's
}

test('a record set of several batches decodes as in kafkajs, and a batch cut short at its end is dropped', async () => {
  const b1 = await batch({ records: values(30) });
  const b2 = await batch({ firstOffset: '30', compression: 1, records: values(25, () => ({ headers: { h: Buffer.from('x') } })) });
  const b3 = await batch({ firstOffset: '55', transactional: true, producerId: '9', records: values(40) });
  const out = await same(recordSet(b1, b2, b3), decodeMessages as never, originalDecodeMessages);
  assert.equal((out[0] as unknown[]).length, 95);
  for (const cut of [1, 48, 49, 60, 200, b3.length - 1]) {
    await same(recordSet(b1, b2, b3.subarray(0, b3.length - cut)), decodeMessages as never, originalDecodeMessages);
  }
});

test('an empty or unreadable record set decodes as in kafkajs', async () => {
  await same(Buffer.from([0, 0, 0, 0]), decodeMessages as never, originalDecodeMessages);
  await same(Buffer.from([0xff, 0xff, 0xff, 0xff]), decodeMessages as never, originalDecodeMessages);
  await same(Buffer.from([0, 0, 0, 100, 1, 2, 3]), decodeMessages as never, originalDecodeMessages); // fewer bytes than announced
  await same(Buffer.from([0, 0, 0, 3, 1, 2, 3]), decodeMessages as never, originalDecodeMessages); // too short for a magic byte
});

test('a legacy message set (magic 0 and 1) goes to kafkajs\'s own decoder', async () => {
  for (const messageVersion of [0, 1]) {
    const set = MessageSet({ messageVersion, compression: 0, entries: [{ key: 'k', value: 'v1', timestamp: TS }, { key: null, value: 'v2', timestamp: TS }] });
    await same(recordSet(set.buffer), decodeMessages as never, originalDecodeMessages);
  }
});

test('a batch of more records than a spread call takes fails as in kafkajs; one of 50,000 decodes', async () => {
  const one = rawRecord(ok(0));
  const records = (n: number) => Buffer.alloc(n * one.length, Buffer.from(one)); // the same record n times
  const below = recordSet(rawBatch(50_000, records(50_000)));
  const ours = (await decodeMessages(new KafkajsDecoder(below) as never)) as unknown[];
  const theirs = await originalDecodeMessages(new KafkajsDecoder(below));
  assert.equal(ours.length, 50_000);
  assert.deepStrictEqual([ours[0], ours.at(-1)], [theirs[0], theirs.at(-1)]);
  const [above] = await same(recordSet(rawBatch(200_000, records(200_000))), decodeMessages as never, originalDecodeMessages);
  assert.equal((above as { error: string }).error, 'RangeError');
});

test('two partitions\' record sets read one after the other leave the decoder where kafkajs leaves it', async () => {
  const set = Buffer.concat([recordSet(await batch({ records: values(3) })).subarray(0, -2), recordSet(await batch({ firstOffset: '3', records: values(4) }))]);
  await same(set, decodeMessages as never, originalDecodeMessages, 2);
});
