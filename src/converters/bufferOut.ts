// Encoding converter output strings to Buffers with less per-record overhead than Buffer.from:
// records are written one after another into a shared slab (as Node's own Buffer pool does), and a
// pre-encoded prefix (such as a JsonConverter envelope's schema part) is copied instead of re-encoded.
// Each returned Buffer is a view of the slab; a retained record keeps its (16 KiB) slab alive, as a
// Buffer.from result keeps Node's 8 KiB pool alive.

const SLAB_SIZE = 16 * 1024;
const MAX_IN_SLAB = SLAB_SIZE >>> 2;
let slab = Buffer.allocUnsafe(SLAB_SIZE);
let offset = 0;

/** prefix bytes + UTF-8 of body + optional suffix byte (-1 for none), as one new Buffer. */
export function encodeUtf8(prefix: Buffer | null, body: string, suffix: number): Buffer {
  const preLen = prefix === null ? 0 : prefix.length;
  const max = preLen + body.length * 3 + 1;
  if (max > MAX_IN_SLAB) {
    const n = Buffer.byteLength(body, 'utf8');
    const out = Buffer.allocUnsafe(preLen + n + (suffix >= 0 ? 1 : 0));
    if (prefix !== null) prefix.copy(out, 0);
    out.write(body, preLen, 'utf8');
    if (suffix >= 0) out[preLen + n] = suffix;
    return out;
  }
  if (offset + max > slab.length) { // (a transferred, detached slab has length 0 and is replaced too)
    slab = Buffer.allocUnsafe(SLAB_SIZE);
    offset = 0;
  }
  const start = offset;
  let p = start;
  if (prefix !== null) {
    prefix.copy(slab, p);
    p += preLen;
  }
  p += slab.write(body, p, 'utf8');
  if (suffix >= 0) slab[p++] = suffix;
  offset = (p + 7) & ~7;
  return slab.subarray(start, p);
}
