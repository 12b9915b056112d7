/**
 * kafkajs's Produce request (v3, which v4–v7 reuse), replaced by ./kafkajsInstall.ts. Same bytes out.
 *
 * kafkajs builds a request of N records with a spread copy of every message, a string sort of their
 * timestamps, and six growing, zero-filled Encoders that each copy the whole payload again; with
 * 20,000 records a request that was most of the source thread's time after the records themselves.
 * This measures the request first and writes it into one buffer of the exact size. Compressed batches
 * still go through kafkajs's RecordBatch (the codecs are kafkajs's), with the records encoded here.
 */
import { crc32c } from './crc32c.js';
import { kafkajsInternal } from './kafkajsInternals.js';
import { encodeRecord } from './kafkajsReplacements.js';

/** kafkajs's record batch encoder, for compressed batches. */
const kafkajsRecordBatch = kafkajsInternal<{ RecordBatch: (args: object) => Promise<{ buffer: Buffer }> }>('protocol/recordBatch/v0/index.js');

const PRODUCE = 0;
const MAGIC = 2;
const TRANSACTIONAL = 16;
/** attributes … firstSequence of a v2 record batch, before its record count. */
const BATCH_FIXED = 2 + 4 + 8 + 8 + 8 + 2 + 4;

type Int64 = number | string | bigint | { value: bigint | number | string };
type Bytes = Buffer | string | null | undefined;

interface Message {
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]>;
  timestamp?: number | string | null;
}

interface ProduceArgs {
  acks: number;
  timeout: number;
  transactionalId?: string | null;
  producerId?: Int64;
  producerEpoch?: number;
  compression?: number;
  topicData: Array<{ topic: string; partitions: Array<{ partition: number; firstSequence?: number; messages: Message[] }> }>;
}

/** A payload as kafkajs's request framing reads an Encoder: `.buf` and `.buffer`. */
interface Encoded {
  buf: Buffer;
  readonly buffer: Buffer;
}

function int64(v: Int64): bigint {
  return typeof v === 'object' ? BigInt(v.value) : BigInt(v);
}

function stringSize(s: string | null): number {
  return s === null ? 2 : 2 + Buffer.byteLength(s, 'utf8');
}

function writeString(buf: Buffer, off: number, s: string | null): number {
  if (s === null) return buf.writeInt16BE(-1, off);
  const n = buf.write(s, off + 2, 'utf8');
  buf.writeInt16BE(n, off);
  return off + 2 + n;
}

/** One partition's record batch: either its encoded records (uncompressed) or kafkajs's compressed batch. */
interface PartitionBatch {
  partition: number;
  records: Buffer[] | null;
  compressed: Buffer | null;
  firstTimestamp: bigint;
  maxTimestamp: bigint;
  firstSequence: number;
  /** The record batch's bytes after its firstOffset and length (leader epoch … records). */
  batchBytes: number;
}

export function produceRequest(args: ProduceArgs) {
  const { acks, timeout, transactionalId = null, producerId = -1, producerEpoch = 0, compression = 0, topicData } = args;
  return {
    apiKey: PRODUCE,
    apiVersion: 3,
    apiName: 'Produce',
    expectResponse: () => acks !== 0,
    encode: async (): Promise<Encoded> => {
      const transactional = transactionalId !== null && transactionalId !== undefined;
      const attributes = (compression & 0x07) | (transactional ? TRANSACTIONAL : 0);
      const pid = int64(producerId);
      const topics: Array<{ topic: string; partitions: PartitionBatch[] }> = [];
      let size = stringSize(transactionalId) + 2 + 4 + 4;
      for (const { topic, partitions } of topicData) {
        const batches: PartitionBatch[] = [];
        size += stringSize(topic) + 4;
        for (const p of partitions) {
          const b = await partitionBatch(p, compression, { attributes, pid, producerEpoch, transactional });
          batches.push(b);
          size += 4 + 4 + 8 + 4 + b.batchBytes;
        }
        topics.push({ topic, partitions: batches });
      }

      const buf = Buffer.allocUnsafe(size);
      let off = writeString(buf, 0, transactionalId);
      off = buf.writeInt16BE(acks, off);
      off = buf.writeInt32BE(timeout, off);
      off = buf.writeInt32BE(topics.length, off);
      for (const { topic, partitions } of topics) {
        off = writeString(buf, off, topic);
        off = buf.writeInt32BE(partitions.length, off);
        for (const b of partitions) {
          off = buf.writeInt32BE(b.partition, off);
          off = buf.writeInt32BE(8 + 4 + b.batchBytes, off);
          off = buf.writeBigInt64BE(0n, off); // firstOffset
          off = buf.writeInt32BE(b.batchBytes, off);
          if (b.compressed) {
            off += b.compressed.copy(buf, off);
            continue;
          }
          off = buf.writeInt32BE(0, off); // partitionLeaderEpoch
          off = buf.writeInt8(MAGIC, off);
          const crcAt = off;
          off += 4;
          const bodyStart = off;
          off = buf.writeInt16BE(attributes, off);
          off = buf.writeInt32BE(b.records!.length - 1, off);
          off = buf.writeBigInt64BE(b.firstTimestamp, off);
          off = buf.writeBigInt64BE(b.maxTimestamp, off);
          off = buf.writeBigInt64BE(pid, off);
          off = buf.writeInt16BE(producerEpoch, off);
          off = buf.writeInt32BE(b.firstSequence, off);
          off = buf.writeInt32BE(b.records!.length, off);
          for (const r of b.records!) off += r.copy(buf, off);
          buf.writeUInt32BE(crc32c(buf.subarray(bodyStart, off)), crcAt);
        }
      }
      return { buf, buffer: buf };
    },
  };
}

async function partitionBatch(
  p: { partition: number; firstSequence?: number; messages: Message[] },
  compression: number,
  batch: { attributes: number; pid: bigint; producerEpoch: number; transactional: boolean },
): Promise<PartitionBatch> {
  const { messages } = p;
  const now = Date.now();
  // kafkajs takes the smallest and largest timestamp given, or now when none is.
  let first: number | undefined;
  let max: number | undefined;
  for (const m of messages) {
    if (m.timestamp === null || m.timestamp === undefined) continue;
    const t = Number(m.timestamp);
    if (first === undefined || t < first) first = t;
    if (max === undefined || t > max) max = t;
  }
  first ??= now;
  max ??= now;
  const records: Buffer[] = new Array(messages.length);
  let recordBytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const r = encodeRecord({ offsetDelta: i, timestampDelta: Number(m.timestamp || now) - first, key: m.key, value: m.value, headers: m.headers }).buf;
    records[i] = r;
    recordBytes += r.length;
  }
  const firstSequence = p.firstSequence ?? 0;
  if (compression !== 0) {
    const encoded = await kafkajsRecordBatch().RecordBatch({
      compression,
      records: records.map((buf) => ({ buf, buffer: buf })),
      firstTimestamp: first,
      maxTimestamp: max,
      producerId: batch.pid,
      producerEpoch: batch.producerEpoch,
      firstSequence,
      transactional: batch.transactional,
      lastOffsetDelta: records.length - 1,
    });
    // kafkajs's batch starts with firstOffset and the length this encoder writes itself.
    const compressed = encoded.buffer.subarray(12);
    return { partition: p.partition, records: null, compressed, firstTimestamp: BigInt(first), maxTimestamp: BigInt(max), firstSequence, batchBytes: compressed.length };
  }
  return {
    partition: p.partition,
    records,
    compressed: null,
    firstTimestamp: BigInt(first),
    maxTimestamp: BigInt(max),
    firstSequence,
    batchBytes: 4 + 1 + 4 + BATCH_FIXED + 4 + recordBytes,
  };
}
