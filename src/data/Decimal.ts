// Logical type: arbitrary-precision decimal, BYTES holding the two's-complement big-endian unscaled
// value, with the scale in the schema parameter "scale" (org.apache.kafka.connect.data.Decimal).
// Values are BigDecimal.

import { BigDecimal, NumberFormatException } from './BigDecimal.js';
import { DataException } from './errors.js';
import { DECIMAL_LOGICAL_NAME, type Schema } from './Schema.js';
import { SchemaBuilder } from './SchemaBuilder.js';

export const Decimal = Object.freeze({
  LOGICAL_NAME: DECIMAL_LOGICAL_NAME,
  SCALE_FIELD: 'scale',

  /** bytes, named Decimal, version 1, parameter scale. */
  builder(scale: number): SchemaBuilder {
    return SchemaBuilder.bytes().name(DECIMAL_LOGICAL_NAME).parameter('scale', String(scale)).version(1);
  },

  schema(scale: number): Schema {
    return Decimal.builder(scale).build();
  },

  /** The value's unscaled two's-complement big-endian bytes; its scale must equal the schema's. */
  fromLogical(schema: Schema, value: BigDecimal): Uint8Array {
    const schemaScale = scaleOf(schema);
    if (value.scale !== schemaScale) {
      throw new DataException(
        `Decimal value has mismatching scale for given Decimal schema. Schema has scale ${schemaScale}, value has scale ${value.scale}.`,
      );
    }
    return bigIntToBytes(value.unscaled);
  },

  toLogical(schema: Schema, value: Uint8Array): BigDecimal {
    return new BigDecimal(bytesToBigInt(value), scaleOf(schema));
  },

  /** The scale parameter of a Decimal schema. */
  scale(schema: Schema): number {
    return scaleOf(schema);
  },
});

function scaleOf(schema: Schema): number {
  const s = schema.parameters?.['scale'];
  if (s == null) throw new DataException('Invalid Decimal schema: scale parameter not found.');
  if (!/^[+-]?\d+$/.test(s)) throw new DataException('Invalid scale parameter found in Decimal schema: ');
  const n = Number(s);
  if (n < -2147483648 || n > 2147483647) throw new DataException('Invalid scale parameter found in Decimal schema: ');
  return n;
}

/** Minimal two's-complement big-endian bytes, as Java's BigInteger#toByteArray. */
export function bigIntToBytes(v: bigint): Uint8Array {
  // bit length excluding the sign bit
  const mag = v < 0n ? ~v : v;
  const bitLen = mag === 0n ? 0 : mag.toString(2).length;
  const byteLen = (bitLen >> 3) + 1;
  if (byteLen <= 6) {
    // fast path: fits in a safe integer
    let n = Number(BigInt.asUintN(byteLen * 8, v));
    const out = Buffer.allocUnsafe(byteLen);
    for (let i = byteLen - 1; i >= 0; i--) {
      out[i] = n & 0xff;
      n = Math.floor(n / 256);
    }
    return out;
  }
  const hex = BigInt.asUintN(byteLen * 8, v).toString(16).padStart(byteLen * 2, '0');
  return Buffer.from(hex, 'hex');
}

/** Two's-complement big-endian bytes to a bigint, as Java's new BigInteger(byte[]). */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) throw new NumberFormatException('Zero length BigInteger');
  let u: bigint;
  if (b.length <= 6) {
    let n = 0;
    for (let i = 0; i < b.length; i++) n = n * 256 + b[i]!;
    u = BigInt(n);
  } else {
    u = BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'));
  }
  return (b[0]! & 0x80) !== 0 ? u - (1n << BigInt(b.length * 8)) : u;
}
