// Log sequence numbers: 64-bit WAL positions. Kept as JS numbers (exact below 2^53 bytes of WAL,
// 8 PiB), because Debezium's offsets store them as JSON longs and every comparison is hot.

/** `16/B374D848` → number. */
export function parseLsn(text: string): number {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (m === null) throw new Error(`Not an LSN: '${text}'`);
  return parseInt(m[1]!, 16) * 2 ** 32 + parseInt(m[2]!, 16);
}

/** number → `16/B374D848`, as PostgreSQL prints it. */
export function formatLsn(lsn: number): string {
  const hi = Math.floor(lsn / 2 ** 32);
  const lo = lsn - hi * 2 ** 32;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}

export function readLsn(buf: Buffer, offset: number): number {
  return buf.readUInt32BE(offset) * 2 ** 32 + buf.readUInt32BE(offset + 4);
}

export function writeLsn(buf: Buffer, lsn: number, offset: number): void {
  const hi = Math.floor(lsn / 2 ** 32);
  buf.writeUInt32BE(hi, offset);
  buf.writeUInt32BE(lsn - hi * 2 ** 32, offset + 4);
}
