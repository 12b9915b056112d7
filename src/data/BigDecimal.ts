// An arbitrary-precision decimal: an unscaled bigint and a scale, value = unscaled × 10^-scale.
// The JS counterpart of java.math.BigDecimal for Connect's Decimal logical type.
//
// String forms:
//   toString()      = Java's BigDecimal.toString(): plain notation when scale >= 0 and the adjusted
//                     exponent is >= -6 (e.g. "1.56", "-0.0001", "123"), otherwise scientific
//                     ("1E+3" for unscaled 1 scale -3, "1.5E-10"). Jackson writes NUMERIC decimals this way.
//   toPlainString() = Java's toPlainString(): never an exponent ("1000", "0.00000000015").
// For every value with 0 <= scale and a magnitude above 1e-7 the two are identical.

export class NumberFormatException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NumberFormatException';
  }
}

export class ArithmeticException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArithmeticException';
  }
}

export type RoundingMode = 'UP' | 'DOWN' | 'CEILING' | 'FLOOR' | 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'UNNECESSARY';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TEN = 10n;

const POW10_CACHE: bigint[] = [];
function pow10(n: number): bigint {
  if (n < 64) {
    let p = POW10_CACHE[n];
    if (p === undefined) {
      p = TEN ** BigInt(n);
      POW10_CACHE[n] = p;
    }
    return p;
  }
  return TEN ** BigInt(n);
}

function checkScale(scale: number): number {
  if (!Number.isInteger(scale) || scale < INT_MIN || scale > INT_MAX) {
    throw new ArithmeticException(`Invalid scale: ${scale}`);
  }
  return scale === 0 ? 0 : scale; // normalise -0
}

export class BigDecimal {
  readonly unscaled: bigint;
  readonly scale: number;

  static readonly ZERO = new BigDecimal(0n, 0);
  static readonly ONE = new BigDecimal(1n, 0);
  static readonly TEN = new BigDecimal(10n, 0);

  constructor(unscaled: bigint, scale = 0) {
    this.unscaled = unscaled;
    this.scale = checkScale(scale);
  }

  /** Parses the same grammar as Java's `new BigDecimal(String)`: sign, digits, optional fraction and exponent. */
  static fromString(s: string): BigDecimal {
    const m = DECIMAL_RE.exec(s);
    if (m === null) throw new NumberFormatException(`Character array is not a valid decimal number: "${s}"`);
    const intDigits = m[2] ?? '';
    const fracDigits = m[3] ?? '';
    if (intDigits.length === 0 && fracDigits.length === 0) {
      throw new NumberFormatException(`No digits found: "${s}"`);
    }
    let exp = 0;
    if (m[4] !== undefined) {
      exp = Number(m[4]);
      if (!Number.isSafeInteger(exp)) throw new NumberFormatException(`Exponent overflow: "${s}"`);
    }
    const scale = fracDigits.length - exp;
    if (scale < INT_MIN || scale > INT_MAX) throw new NumberFormatException(`Scale out of range: "${s}"`);
    let unscaled = BigInt(intDigits + fracDigits);
    if (m[1] === '-') unscaled = -unscaled;
    return new BigDecimal(unscaled, scale);
  }

  /**
   * Like Java's BigDecimal.valueOf: a safe integer gets scale 0 (valueOf(long)); any other number is
   * converted through its canonical Java Double.toString form (valueOf(double)), so 0.1 → 0.1 (scale 1),
   * 1.5e-10 → 1.5E-10 (scale 11).
   */
  static fromNumber(n: number): BigDecimal {
    if (!Number.isFinite(n)) throw new NumberFormatException('Infinite or NaN');
    if (Number.isSafeInteger(n)) return new BigDecimal(BigInt(n), 0);
    return BigDecimal.fromString(javaDoubleString(n));
  }

  static fromBigInt(unscaled: bigint, scale = 0): BigDecimal {
    return new BigDecimal(unscaled, scale);
  }

  static valueOf(v: number | bigint | string, scale?: number): BigDecimal {
    if (typeof v === 'bigint') return new BigDecimal(v, scale ?? 0);
    if (typeof v === 'string') return BigDecimal.fromString(v);
    return BigDecimal.fromNumber(v);
  }

  signum(): number {
    return this.unscaled > 0n ? 1 : this.unscaled < 0n ? -1 : 0;
  }

  /** Number of decimal digits in the unscaled value (1 for zero), as Java's precision(). */
  precision(): number {
    const u = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    return u === 0n ? 1 : u.toString().length;
  }

  negate(): BigDecimal {
    return new BigDecimal(-this.unscaled, this.scale);
  }

  abs(): BigDecimal {
    return this.unscaled < 0n ? this.negate() : this;
  }

  /** Returns a BigDecimal with the given scale; throws ArithmeticException("Rounding necessary") like Java when
   * digits would be dropped and rounding is UNNECESSARY (the default). */
  setScale(newScale: number, rounding: RoundingMode = 'UNNECESSARY'): BigDecimal {
    checkScale(newScale);
    if (newScale === this.scale) return this;
    if (newScale > this.scale) {
      return new BigDecimal(this.unscaled * pow10(newScale - this.scale), newScale);
    }
    const divisor = pow10(this.scale - newScale);
    return new BigDecimal(divideRounded(this.unscaled, divisor, rounding), newScale);
  }

  /** Numeric comparison ignoring scale (Java compareTo): -1, 0 or 1. */
  compareTo(other: BigDecimal): number {
    let a = this.unscaled;
    let b = other.unscaled;
    if (this.scale < other.scale) a *= pow10(other.scale - this.scale);
    else if (this.scale > other.scale) b *= pow10(this.scale - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Java equals: same value AND same scale (1.0 does not equal 1.00). */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.scale === this.scale && other.unscaled === this.unscaled;
  }

  /** The integral part, truncated toward zero (Java toBigInteger). */
  toBigInt(): bigint {
    if (this.scale <= 0) return this.unscaled * pow10(-this.scale);
    if (this.scale > 18 && this.scale >= this.precision()) return 0n; // |value| < 1: skip the huge power of ten
    return this.unscaled / pow10(this.scale);
  }

  /** Java longValue(): the low 64 bits of the integral part, as a bigint in the long range. */
  longValue(): bigint {
    // 10^k has k factors of 2, so any integral part that is a multiple of 10^64 has 64 zero low bits
    if (this.scale <= -64) return 0n;
    return BigInt.asIntN(64, this.toBigInt());
  }

  /** Java intValue(): the low 32 bits of the integral part. */
  intValue(): number {
    if (this.scale <= -32) return 0;
    return Number(BigInt.asIntN(32, this.toBigInt()));
  }

  /** The nearest double. */
  toNumber(): number {
    if (this.scale === 0) return Number(this.unscaled);
    return Number(this.toString());
  }

  /** Java BigDecimal.toString() (may use scientific notation, see the file comment). */
  toString(): string {
    const neg = this.unscaled < 0n;
    const coeff = (neg ? -this.unscaled : this.unscaled).toString();
    const sign = neg ? '-' : '';
    const scale = this.scale;
    if (scale === 0) return sign + coeff;
    const adjusted = -scale + (coeff.length - 1);
    if (scale > 0 && adjusted >= -6) {
      return sign + insertPoint(coeff, scale);
    }
    let s = sign + coeff[0];
    if (coeff.length > 1) s += '.' + coeff.slice(1);
    if (adjusted !== 0) s += 'E' + (adjusted > 0 ? '+' : '') + adjusted;
    return s;
  }

  /** Java BigDecimal.toPlainString(): no exponent. */
  toPlainString(): string {
    const neg = this.unscaled < 0n;
    const coeff = (neg ? -this.unscaled : this.unscaled).toString();
    const sign = neg ? '-' : '';
    if (this.scale === 0) return sign + coeff;
    if (this.scale < 0) {
      if (this.unscaled === 0n) return '0';
      return sign + coeff + '0'.repeat(-this.scale);
    }
    return sign + insertPoint(coeff, this.scale);
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `BigDecimal(${this.toString()})`;
  }
}

function insertPoint(coeff: string, scale: number): string {
  const pad = scale - coeff.length;
  if (pad >= 0) return '0.' + '0'.repeat(pad) + coeff;
  return coeff.slice(0, coeff.length - scale) + '.' + coeff.slice(coeff.length - scale);
}

function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const sign = n < 0n ? -1n : 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  let up: boolean;
  switch (mode) {
    case 'UNNECESSARY':
      throw new ArithmeticException('Rounding necessary');
    case 'UP': up = true; break;
    case 'DOWN': up = false; break;
    case 'CEILING': up = sign > 0n; break;
    case 'FLOOR': up = sign < 0n; break;
    case 'HALF_UP': up = twice >= d; break;
    case 'HALF_DOWN': up = twice > d; break;
    case 'HALF_EVEN': up = twice > d || (twice === d && (q & 1n) !== 0n); break;
    default: throw new ArithmeticException(`Unknown rounding mode ${String(mode)}`);
  }
  return up ? q + sign : q;
}

// Java's Double.toString, local copy so BigDecimal has no imports (JavaFormat.ts has the shared one).
function javaDoubleString(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e7) return Number.isInteger(v) ? String(v) + '.0' : String(v);
  const s = v.toExponential();
  const e = s.indexOf('e');
  let mant = s.slice(0, e);
  if (mant.indexOf('.') < 0) mant += '.0';
  const exp = s.slice(e + 1);
  return mant + 'E' + (exp[0] === '+' ? exp.slice(1) : exp);
}
