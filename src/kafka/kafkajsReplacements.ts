/**
 * kafkajs is no longer released; two of its hot-path modules are replaced by these functions
 * (installed by ./kafkajs.ts before kafkajs itself loads). Same inputs, same bytes out.
 *
 * kafkajs 2.2.4 groups a batch's messages per partition by copying the partition's array for every
 * message (`[...current, message]`), which is quadratic in the batch size: at a few thousand
 * records per request it was the largest cost of the whole source pipeline.
 */
type Partitioner = (args: { topic: string; partitionMetadata: unknown[]; message: unknown }) => number;

export function groupMessagesPerPartition(args: {
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


/** Zig-zag, then LEB128: Kafka's varint/varlong for any safe integer. */
function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function uvarSize(u: number): number {
  let size = 1;
  while (u >= 128) {
    u = Math.floor(u / 128);
    size++;
  }
  return size;
}

function writeUVar(buf: Buffer, off: number, u: number): number {
  while (u >= 128) {
    buf[off++] = (u % 128) | 0x80;
    u = Math.floor(u / 128);
  }
  buf[off++] = u;
  return off;
}

type Bytes = Buffer | string | null | undefined;

function bytesOf(v: Bytes): Buffer | null {
  if (v === null || v === undefined) return null;
  return Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8');
}

/**
 * kafkajs encodes every record into a fresh zero-filled 512-byte Encoder and copies it into the
 * batch. This writes the same v2 record bytes (length, attributes, timestamp and offset deltas,
 * key, value, headers) into a buffer of the exact size. The batch only reads `.buf`/`.buffer`.
 */
export function encodeRecord(args: {
  offsetDelta?: number;
  timestampDelta?: number;
  key?: Bytes;
  value?: Bytes;
  headers?: Record<string, Bytes | Bytes[]>;
}): { buf: Buffer; readonly buffer: Buffer } {
  const offsetDelta = args.offsetDelta ?? 0;
  const timestampDelta = Number(args.timestampDelta ?? 0);
  const key = bytesOf(args.key);
  const value = bytesOf(args.value);
  const headers: Array<[Buffer, Buffer | null]> = [];
  if (args.headers) {
    for (const hk of Object.keys(args.headers)) {
      const hv = args.headers[hk];
      for (const one of Array.isArray(hv) ? hv : [hv]) headers.push([Buffer.from(hk, 'utf8'), bytesOf(one)]);
    }
  }
  const bytesSize = (b: Buffer | null) => (b === null ? 1 : uvarSize(b.length * 2) + b.length);
  let body = 1 + uvarSize(zigzag(timestampDelta)) + uvarSize(zigzag(offsetDelta)) + bytesSize(key) + bytesSize(value);
  body += uvarSize(headers.length * 2);
  for (const [hk, hv] of headers) body += uvarSize(hk.length * 2) + hk.length + bytesSize(hv);
  const buf = Buffer.allocUnsafe(uvarSize(body * 2) + body);
  let off = writeUVar(buf, 0, body * 2);
  buf[off++] = 0; // attributes: none are used per record
  off = writeUVar(buf, off, zigzag(timestampDelta));
  off = writeUVar(buf, off, zigzag(offsetDelta));
  const put = (b: Buffer | null) => {
    if (b === null) {
      buf[off++] = 1; // zig-zag of -1: null
      return;
    }
    off = writeUVar(buf, off, b.length * 2);
    off += b.copy(buf, off);
  };
  put(key);
  put(value);
  off = writeUVar(buf, off, headers.length * 2);
  for (const [hk, hv] of headers) {
    put(hk);
    put(hv);
  }
  return { buf, buffer: buf };
}
