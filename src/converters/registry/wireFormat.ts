// Confluent's wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the payload.

export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

/** The schema id of a framed record (the caller has checked the magic byte and length). */
export function schemaIdOf(bytes: Buffer): number {
  return bytes.readInt32BE(1);
}
