/**
 * kafkajs's record batch decoder (protocol/recordBatch/v0/decoder.js) and the record set decoder of
 * Fetch v4–v11 around it (requests/fetch/v4/decodeMessages.js), replaced by ./kafkajsInstall.ts.
 * Same objects out, same errors.
 *
 * Per record, kafkajs builds a Decoder over a fresh slice, reads the timestamp delta as a chain of
 * BigInt Longs, parses the batch's first offset and first timestamp from decimal strings into
 * BigInts to add the deltas, and folds the headers with an object spread per header; on the sink
 * side that was most of a fetch's cost, half of it garbage. This reads a record where it lies and
 * adds the deltas in plain numbers whenever the sum is a safe integer (whose decimal string is the
 * BigInt's), else in BigInt as kafkajs does.
 *
 * The batch header, the compression codecs and the errors are kafkajs's own (its Decoder reads the
 * header, so a short or partial batch throws what kafkajs throws). A record is decoded here only
 * when every byte it needs lies inside it and it holds nothing unusual (a negative length other
 * than a null's, a varlong of more than 7 bytes, a null or `__proto__` header key); any other
 * record goes to kafkajs's own record decoder, so even a malformed one comes out as kafkajs makes it.
 */
import { kafkajsInternal } from './kafkajsInternals.js';

interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): bigint;
  readVarInt(): number;
  readAll(): Buffer;
  slice(size: number): KafkajsDecoder;
  forward(size: number): void;
}

interface Kafkajs {
  Decoder: new (buffer: Buffer | null) => KafkajsDecoder & { canReadBytes(n: number): boolean; readBytes(n: number): Buffer };
  MessageSetDecoder: (decoder: KafkajsDecoder, size: number) => Promise<object[]>;
  PartialMessageError: new (message: string) => Error;
  lookupCodecByAttributes: (attributes: number) => { decompress(b: Buffer): Promise<Buffer> } | null;
  RecordDecoder: (decoder: KafkajsDecoder, context: object) => object;
  LOG_APPEND_TIME: number;
  CREATE_TIME: number;
}

const timestampTypes = kafkajsInternal<{ LOG_APPEND_TIME: number; CREATE_TIME: number }>('protocol/timestampTypes.js');
const decoderClass = kafkajsInternal<Kafkajs['Decoder']>('protocol/decoder.js');
const messageSetDecoder = kafkajsInternal<Kafkajs['MessageSetDecoder']>('protocol/messageSet/decoder.js');
const errors = kafkajsInternal<{ KafkaJSPartialMessageError: Kafkajs['PartialMessageError'] }>('errors.js');
const compression = kafkajsInternal<Pick<Kafkajs, 'lookupCodecByAttributes'>>('protocol/message/compression/index.js');
const recordDecoder = kafkajsInternal<Kafkajs['RecordDecoder']>('protocol/recordBatch/record/v0/decoder.js');

let kafkajsParts: Kafkajs | undefined;
/** kafkajs's own pieces, gathered at the first batch. */
function kafkajs(): Kafkajs {
  kafkajsParts ??= {
    Decoder: decoderClass(),
    MessageSetDecoder: messageSetDecoder(),
    PartialMessageError: errors().KafkaJSPartialMessageError,
    lookupCodecByAttributes: compression().lookupCodecByAttributes,
    RecordDecoder: recordDecoder(),
    LOG_APPEND_TIME: timestampTypes().LOG_APPEND_TIME,
    CREATE_TIME: timestampTypes().CREATE_TIME,
  };
  return kafkajsParts;
}

const MAGIC_BYTE = 2;
/** Where the magic byte lies in both a record batch and a legacy message set. */
const MAGIC_OFFSET = 16;
const RECORD_BATCH_OVERHEAD = 49;
/**
 * kafkajs appends a batch's records with push(...records), which overflows the stack at some
 * 120,000 records; a batch above this many still goes that way, so it fails as in kafkajs.
 */
const PUSH_ONE_BY_ONE = 50_000;

/**
 * kafkajs's fetch/v4/decodeMessages.js (Fetch v4–v11): a partition's record set, the record
 * batches' records in one array. A legacy message set goes to kafkajs's own decoder.
 */
export async function decodeMessages(decoder: KafkajsDecoder & { canReadBytes(n: number): boolean; readBytes(n: number): Buffer }): Promise<object[]> {
  const k = kafkajs();
  const messagesSize = decoder.readInt32();
  if (messagesSize <= 0 || !decoder.canReadBytes(messagesSize)) return [];

  const messagesBuffer = decoder.readBytes(messagesSize);
  const messagesDecoder = new k.Decoder(messagesBuffer);
  const magicByte = messagesBuffer.slice(MAGIC_OFFSET).readInt8(0);
  if (magicByte !== MAGIC_BYTE) return k.MessageSetDecoder(messagesDecoder, messagesSize);

  const records: object[] = [];
  while (messagesDecoder.canReadBytes(RECORD_BATCH_OVERHEAD)) {
    try {
      const batch = (await decodeRecordBatch(messagesDecoder)) as { records: object[] };
      const batchRecords = batch.records;
      if (batchRecords.length > PUSH_ONE_BY_ONE) records.push(...batchRecords);
      else for (let i = 0; i < batchRecords.length; i++) records.push(batchRecords[i]!);
    } catch (e) {
      // The last batch of a fetch can be cut short by the size limits: kafkajs stops there.
      if ((e as Error).name === 'KafkaJSPartialMessageError') break;
      throw e;
    }
  }
  return records;
}

const TIMESTAMP_TYPE_FLAG_MASK = 0x8;
const TRANSACTIONAL_FLAG_MASK = 0x10;
const CONTROL_FLAG_MASK = 0x20;

/** What kafkajs hands every record of a batch as `batchContext` (one object per batch). */
interface BatchContext {
  firstOffset: string;
  firstTimestamp: string;
  partitionLeaderEpoch: number;
  inTransaction: boolean;
  isControlBatch: boolean;
  lastOffsetDelta: number;
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
  maxTimestamp: string;
  timestampType: number;
  magicByte: number;
}

/** A batch's constants for decoding its records. */
interface RecordScope {
  context: BatchContext;
  /** The first offset and timestamp as numbers, or NaN when not safe integers. */
  firstOffset: number;
  firstTimestamp: number;
  /** LOG_APPEND_TIME: every record carries the batch's max timestamp. */
  appendTime: string | false;
}

export async function decodeRecordBatch(fetchDecoder: KafkajsDecoder): Promise<object> {
  const k = kafkajs();
  // As kafkajs: its Decoder reads the header, in its order, so a malformed batch throws the same.
  const firstOffset = fetchDecoder.readInt64().toString();
  const length = fetchDecoder.readInt32();
  const decoder = fetchDecoder.slice(length);
  fetchDecoder.forward(length);

  const remainingBytes = Buffer.byteLength(decoder.buffer);
  if (remainingBytes < length) {
    throw new k.PartialMessageError(
      `Tried to decode a partial record batch: remainingBytes(${remainingBytes}) < recordBatchLength(${length})`,
    );
  }

  const partitionLeaderEpoch = decoder.readInt32();
  const magicByte = decoder.readInt8();
  decoder.readInt32(); // CRC: kafkajs does not check it either
  const attributes = decoder.readInt16();
  const lastOffsetDelta = decoder.readInt32();
  const firstTimestamp = decoder.readInt64().toString();
  const maxTimestamp = decoder.readInt64().toString();
  const producerId = decoder.readInt64().toString();
  const producerEpoch = decoder.readInt16();
  const firstSequence = decoder.readInt32();

  const inTransaction = (attributes & TRANSACTIONAL_FLAG_MASK) > 0;
  const isControlBatch = (attributes & CONTROL_FLAG_MASK) > 0;
  const timestampType = (attributes & TIMESTAMP_TYPE_FLAG_MASK) > 0 ? k.LOG_APPEND_TIME : k.CREATE_TIME;

  const codec = k.lookupCodecByAttributes(attributes);

  const recordContext = {
    firstOffset,
    firstTimestamp,
    partitionLeaderEpoch,
    inTransaction,
    isControlBatch,
    lastOffsetDelta,
    producerId,
    producerEpoch,
    firstSequence,
    maxTimestamp,
    timestampType,
  };
  const context: BatchContext = { ...recordContext, magicByte };
  const scope: RecordScope = {
    context,
    firstOffset: safeNumber(firstOffset),
    firstTimestamp: safeNumber(firstTimestamp),
    appendTime: timestampType === k.LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : false,
  };

  const records = await decodeRecords(k, codec, decoder, scope);
  return { ...recordContext, records };
}

function safeNumber(decimal: string): number {
  const n = Number(decimal);
  return Number.isSafeInteger(n) ? n : NaN;
}

async function decodeRecords(k: Kafkajs, codec: ReturnType<Kafkajs['lookupCodecByAttributes']>, recordsDecoder: KafkajsDecoder, scope: RecordScope): Promise<object[]> {
  const length = recordsDecoder.readInt32();
  // As kafkajs: an uncompressed count of -1, or a compressed count of 0 or less, is no records.
  if (codec ? length <= 0 : length === -1) return [];
  const decoder = codec ? new k.Decoder(await codec.decompress(recordsDecoder.readAll())) : recordsDecoder;
  const records = new Array<object>(length);
  for (let i = 0; i < length; i++) records[i] = decodeRecord(k, decoder, scope);
  return records;
}

/** One length-prefixed record at the decoder's offset, which moves past it as in kafkajs. */
function decodeRecord(k: Kafkajs, decoder: KafkajsDecoder, scope: RecordScope): object {
  const byteLength = decoder.readVarInt();
  const start = decoder.offset;
  const buffer = decoder.buffer;
  if (byteLength >= 0 && start + byteLength <= buffer.length) {
    decoder.offset = start + byteLength;
    const record = readRecord(buffer, start, start + byteLength, scope);
    if (record !== undefined) return record;
  } else {
    decoder.offset = start + (byteLength === -1 ? 0 : byteLength);
  }
  const recordBuffer = byteLength === -1 ? null : buffer.slice(start, start + byteLength);
  return k.RecordDecoder(new k.Decoder(recordBuffer), scope.context);
}

/** Where the reads below have got to in the record (module state: no object per read). */
let at = 0;
/** What readVarint returns when the varint leaves the record or is longer than a length can be. */
const OUT = -(2 ** 31) - 1;

/** A zig-zag varint of up to 4 bytes at `at`, ending before `end`; OUT otherwise. */
function readVarint(buf: Buffer, end: number): number {
  let u = 0;
  let shift = 0;
  let byte: number;
  do {
    if (at >= end || shift > 21) return OUT;
    byte = buf[at++]!;
    u |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte >= 0x80);
  return (u >>> 1) ^ -(u & 1);
}

/** Length-prefixed bytes at `at` inside the record: null, a view, or undefined (leave it to kafkajs). */
function readBytes(buf: Buffer, end: number): Buffer | null | undefined {
  const length = readVarint(buf, end);
  if (length === -1) return null;
  if (length < 0 || at + length > end) return undefined;
  at += length;
  return buf.subarray(at - length, at);
}

/**
 * The i-th header keys of the last record, bytes and string. Records of a batch mostly carry the
 * same keys in the same order; handing out the very string that already keyed an object spares V8
 * hashing and interning a new one for every header of every record.
 */
const lastKeyBytes: Buffer[] = [];
const lastKeys: string[] = [];

function headerKeyAt(buf: Buffer, start: number, length: number, i: number): string {
  const last = lastKeyBytes[i];
  if (last !== undefined && last.length === length) {
    let j = 0;
    while (j < length && last[j] === buf[start + j]) j++;
    if (j === length) return lastKeys[i]!;
  }
  const key = buf.toString('utf8', start, start + length);
  if (i < 16 && length <= 64) {
    lastKeyBytes[i] = Buffer.from(buf.subarray(start, start + length));
    lastKeys[i] = key;
  }
  return key;
}

/**
 * The record in buf[start, end), as kafkajs's record decoder returns it; undefined when a read
 * would leave the record or the record holds something this leaves to kafkajs (see the top).
 */
function readRecord(buf: Buffer, start: number, end: number, scope: RecordScope): object | undefined {
  at = start;
  if (at >= end) return undefined;
  const attributes = (buf[at++]! << 24) >> 24;

  // Timestamp delta: a zig-zag varlong. Up to 7 bytes it is below 2^49, exact in a double.
  let u = 0;
  let scale = 1;
  let byte: number;
  do {
    if (at >= end || scale > 2 ** 42) return undefined;
    byte = buf[at++]!;
    u += (byte & 0x7f) * scale;
    scale *= 128;
  } while (byte >= 0x80);
  const timestampDelta = u % 2 === 0 ? u / 2 : -(u + 1) / 2;

  // Offset delta: a varint of any length, with kafkajs's own 32-bit arithmetic.
  let v = 0;
  let shift = 0;
  do {
    if (at >= end) return undefined;
    byte = buf[at++]!;
    v += (byte & 0x7f) << shift;
    shift += 7;
  } while (byte >= 0x80);
  const offsetDelta = (v >>> 1) ^ -(v & 1);

  const key = readBytes(buf, end);
  if (key === undefined) return undefined;
  const value = readBytes(buf, end);
  if (value === undefined) return undefined;

  const headerCount = readVarint(buf, end);
  if (headerCount < -1) return undefined;
  const headers: Record<string, unknown> = {};
  for (let i = 0; i < headerCount; i++) {
    const keyLength = readVarint(buf, end);
    if (keyLength < 0 || at + keyLength > end) return undefined; // a null key, or past the record
    const headerKey = headerKeyAt(buf, at, keyLength, i);
    at += keyLength;
    if (headerKey === '__proto__') return undefined;
    const headerValue = readBytes(buf, end);
    if (headerValue === undefined) return undefined;
    // kafkajs's fold, reading through the prototype as its `obj[key]` does.
    const previous = headers[headerKey];
    headers[headerKey] =
      previous === undefined ? headerValue : Array.isArray(previous) ? previous.concat([headerValue]) : [previous, headerValue];
  }

  const { context } = scope;
  let timestamp: string;
  if (scope.appendTime !== false) {
    timestamp = scope.appendTime;
  } else {
    const t = scope.firstTimestamp + timestampDelta;
    timestamp = Number.isSafeInteger(t) ? String(t) : String(BigInt(context.firstTimestamp) + BigInt(timestampDelta));
  }
  const o = scope.firstOffset + offsetDelta;
  const offset = Number.isSafeInteger(o) ? String(o) : String(BigInt(context.firstOffset) + BigInt(offsetDelta));

  return {
    magicByte: context.magicByte,
    attributes,
    timestamp,
    offset,
    key,
    value,
    headers,
    isControlRecord: context.isControlBatch,
    batchContext: context,
  };
}
