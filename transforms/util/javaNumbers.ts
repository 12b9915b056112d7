// Java's numeric conversions on Connect's JS values: narrowing casts ((byte) x, (int) d, …) and the
// String parsers (Byte.parseByte … Double.parseDouble) that Cast uses. Parsers throw
// NumberFormatException as Java does; callers turn that into their own DataException.

import { NumberFormatException } from 'kconnect';

const INT_RANGES = {
  8: [-128n, 127n],
  16: [-32768n, 32767n],
  32: [-2147483648n, 2147483647n],
  64: [-9223372036854775808n, 9223372036854775807n],
} as const;

export type IntBits = keyof typeof INT_RANGES;

/** A long as a number when it is a safe integer, else a bigint (Connect's INT64 forms). */
export function normalizeLong(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Java's (int) / (long) cast of a double: truncation toward zero, NaN → 0, saturating. */
export function doubleToIntegral(d: number, bits: 32 | 64): bigint {
  if (d !== d) return 0n;
  const [min, max] = INT_RANGES[bits];
  if (d >= Number(max)) return max;
  if (d <= Number(min)) return min;
  return BigInt(Math.trunc(d));
}

/**
 * Java's narrowing of an integral value to `bits` (Long.byteValue(), (short) l, …): the low bits,
 * two's complement. INT64 results are numbers when safe, bigints otherwise.
 */
export function wrapIntegral(v: number | bigint, bits: IntBits): number | bigint {
  if (typeof v === 'number' && bits !== 64 && v >= -2147483648 && v <= 2147483647) {
    return bits === 32 ? v | 0 : bits === 16 ? (v << 16) >> 16 : (v << 24) >> 24;
  }
  const wrapped = BigInt.asIntN(bits, BigInt(v));
  return bits === 64 ? normalizeLong(wrapped) : Number(wrapped);
}

/**
 * Java's Number.xxxValue() for a floating-point value: (byte) (int) d for 8/16 bits, (int) d, (long) d.
 */
export function narrowDouble(d: number, bits: IntBits): number | bigint {
  if (bits === 64) return normalizeLong(doubleToIntegral(d, 64));
  const i = Number(doubleToIntegral(d, 32));
  return bits === 32 ? i : wrapIntegral(i, bits);
}

const JAVA_INTEGER = /^[+-]?[0-9]+$/;

/** Byte.parseByte / Short.parseShort / Integer.parseInt / Long.parseLong (radix 10). */
export function parseJavaInteger(s: string, bits: IntBits): number | bigint {
  if (!JAVA_INTEGER.test(s)) throw new NumberFormatException(`For input string: "${s}"`);
  const v = BigInt(s);
  const [min, max] = INT_RANGES[bits];
  if (v < min || v > max) {
    throw new NumberFormatException(bits === 32 || bits === 64
      ? `For input string: "${s}"`
      : `Value out of range. Value:"${s}" Radix:10`);
  }
  return bits === 64 ? normalizeLong(v) : Number(v);
}

const JAVA_DECIMAL_FLOAT = /^[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)$/;
const JAVA_HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?$/;

/** Whether s is a plain decimal (sign, digits, one point; no exponent, suffix or blanks), which JS's Number() reads as Java does. */
function plainDecimal(s: string): boolean {
  let i = 0;
  const n = s.length;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  let point = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !point) point = true;
    else return false;
  }
  return digits > 0;
}

/** Double.parseDouble (and, rounded to float, Float.parseFloat): Java's grammar, surrounding blanks allowed. */
export function parseJavaDouble(input: string): number {
  if (plainDecimal(input)) return Number(input);
  let start = 0;
  let end = input.length;
  while (start < end && input.charCodeAt(start) <= 0x20) start++;
  while (end > start && input.charCodeAt(end - 1) <= 0x20) end--;
  const s = input.slice(start, end);
  if (JAVA_DECIMAL_FLOAT.test(s)) return Number(s.replace(/[fFdD]$/, ''));
  const hex = JAVA_HEX_FLOAT.exec(s);
  if (hex && (hex[2]! + (hex[3] ?? '')).length > 0) {
    const frac = hex[3] ?? '';
    const mantissa = parseInt((hex[2]! || '0') + frac, 16);
    const v = mantissa * Math.pow(2, Number(hex[4]) - 4 * frac.length);
    return hex[1] === '-' ? -v : v;
  }
  throw new NumberFormatException(s.length === 0 ? 'empty String' : `For input string: "${input}"`);
}
