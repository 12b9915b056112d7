// Java's textual forms of float and double (Double.toString / Float.toString), which is what Jackson
// writes for FLOAT64 / FLOAT32 values and what Java's String.valueOf gives for Double / Float.
//
// Rules (java.lang.Double#toString): NaN, Infinity, -Infinity, 0.0, -0.0; for 1e-3 <= |v| < 1e7 plain
// decimal with at least one digit after the point ("1.0", "12.34", "0.001"); otherwise computerized
// scientific notation "d.dddE[-]n" ("1.0E7", "1.5E-4"). Digits: the shortest decimal that uniquely
// identifies the value (JDK 19+ / Raffaello Giulietti's algorithm, which JS's Number#toString also
// implements); when that is a single digit, Java picks the closest 2-digit decimal, which only differs
// for subnormals (Double.MIN_VALUE → "4.9E-324").

const DOUBLE_MIN_NORMAL = 2.2250738585072014e-308;
const FLOAT_MIN_NORMAL = 1.1754943508222875e-38;

/** Java Double.toString(v). */
export function formatJavaDouble(v: number): string {
  if (v !== v) return 'NaN';
  const a = v < 0 ? -v : v;
  if (a >= 1e-3 && a < 1e7) {
    // JS prints this range in plain notation with the same shortest digits.
    return Number.isInteger(v) ? String(v) + '.0' : String(v);
  }
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  if (a === Infinity) return v > 0 ? 'Infinity' : '-Infinity';
  let s = v.toExponential();
  if (a < DOUBLE_MIN_NORMAL && s.indexOf('.') < 0) s = v.toExponential(1);
  return fromExponential(s);
}

/** Java Float.toString((float) v). */
export function formatJavaFloat(v: number): string {
  const f = Math.fround(v);
  if (f !== f) return 'NaN';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  if (f === Infinity) return 'Infinity';
  if (f === -Infinity) return '-Infinity';
  let s = '';
  for (let p = 0; p < 9; p++) {
    s = f.toExponential(p);
    if (Math.fround(Number(s)) === f) break;
  }
  const a = f < 0 ? -f : f;
  if (a < FLOAT_MIN_NORMAL && s.indexOf('.') < 0) s = f.toExponential(1);
  return fromExponential(s);
}

/** Converts JS exponential output ("-1.25e+21") to Java's Double.toString layout. */
function fromExponential(s: string): string {
  const e = s.indexOf('e');
  let mant = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  let neg = '';
  if (mant[0] === '-') {
    neg = '-';
    mant = mant.slice(1);
  }
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant; // drop the point
  return neg + layout(digits.replace(/0+$/, '') || '0', exp);
}

/** digits d0 d1 d2 … (no leading zero) meaning d0.d1d2… × 10^exp, laid out as Java does. */
function layout(digits: string, exp: number): string {
  if (exp >= -3 && exp < 7) {
    if (exp >= 0) {
      const intLen = exp + 1;
      if (digits.length > intLen) return digits.slice(0, intLen) + '.' + digits.slice(intLen);
      return digits.padEnd(intLen, '0') + '.0';
    }
    return '0.' + '0'.repeat(-exp - 1) + digits;
  }
  return digits[0] + '.' + (digits.length > 1 ? digits.slice(1) : '0') + 'E' + exp;
}
