// JSON text helpers matching Jackson (the library Kafka's JsonConverter uses):
//  - quote(): Jackson's string escaping for UTF-8 output: \" \\ \b \t \n \f \r, other control characters
//    as \u00XX (upper-case hex), and every UTF-16 surrogate code unit as \uXXXX (jackson-core 2.x writes
//    non-BMP characters such as emoji as escaped surrogate pairs); everything else raw.
//  - parseJson(): a parser that keeps what JSON.parse loses: integers beyond 2^53 (as bigint) and the
//    exact text of non-integral numbers (JsonFloat, for Decimal). It accepts what Jackson's default
//    ObjectMapper accepts: leading zeros in numbers, and content after the first value is ignored.

/** A non-integral JSON number kept as its source text. */
export class JsonFloat {
  constructor(readonly text: string) {}
  valueOf(): number {
    return Number(this.text);
  }
}

/** Returned by parseJson for empty or whitespace-only input (Jackson's MissingNode). */
export const MISSING: unique symbol = Symbol('MISSING');

export class JsonParseException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonParseException';
  }
}

// ------------------------------------------------------------------------------------------
// Writing

const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;
const HEX = '0123456789ABCDEF';

/** The JSON string literal Jackson writes for s. */
export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c < 0x20) {
      switch (c) {
        case 0x08: esc = '\\b'; break;
        case 0x09: esc = '\\t'; break;
        case 0x0a: esc = '\\n'; break;
        case 0x0c: esc = '\\f'; break;
        case 0x0d: esc = '\\r'; break;
        default: esc = '\\u00' + HEX[c >> 4] + HEX[c & 15];
      }
    } else if (c === 0x22) {
      esc = '\\"';
    } else if (c === 0x5c) {
      esc = '\\\\';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      esc = '\\u' + HEX[c >> 12] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    } else {
      continue;
    }
    out += s.slice(last, i) + esc;
    last = i + 1;
  }
  return out + s.slice(last) + '"';
}

// ------------------------------------------------------------------------------------------
// Parsing

/**
 * Parses JSON text. Objects become plain objects, arrays arrays, integers numbers (bigint beyond
 * ±2^53), non-integral numbers numbers or, with keepFloatText, JsonFloat. Empty input gives MISSING.
 * strictEnd rejects anything but whitespace after the value (Jackson ignores it).
 */
export function parseJson(text: string, keepFloatText: boolean, strictEnd = false): unknown {
  const p = new Parser(text, keepFloatText);
  p.skipWs();
  if (p.i >= text.length) return MISSING;
  const v = p.value(true);
  if (strictEnd) {
    p.skipWs();
    if (p.i < text.length) p.fail('expected end-of-input');
  }
  return v;
}

class Parser {
  i = 0;
  constructor(readonly s: string, readonly keep: boolean) {}

  skipWs(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.i = i;
  }

  fail(expected: string): never {
    const c = this.s.codePointAt(this.i);
    const what = c === undefined
      ? 'Unexpected end-of-input'
      : `Unexpected character ('${String.fromCodePoint(c)}' (code ${c}))`;
    throw new JsonParseException(`${what}: ${expected} at position ${this.i}`);
  }

  value(root: boolean): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    switch (c) {
      case 0x7b: return this.object();
      case 0x5b: return this.array();
      case 0x22: return this.string();
      case 0x74: return this.literal('true', true);
      case 0x66: return this.literal('false', false);
      case 0x6e: return this.literal('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(root);
        return this.fail("expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }
  }

  private literal(word: string, v: unknown): unknown {
    if (!this.s.startsWith(word, this.i)) {
      const m = /^[A-Za-z0-9_$]*/.exec(this.s.slice(this.i))![0];
      throw new JsonParseException(`Unrecognized token '${m}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at position ${this.i}`);
    }
    this.i += word.length;
    const next = this.s.charCodeAt(this.i);
    if ((next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === 0x5f || next === 0x24) {
      const m = /^[A-Za-z0-9_$]*/.exec(this.s.slice(this.i - word.length))![0];
      throw new JsonParseException(`Unrecognized token '${m}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at position ${this.i - word.length}`);
    }
    return v;
  }

  private number(root: boolean): unknown {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (s.charCodeAt(i) === 0x2d) i++;
    const intStart = i;
    while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (i === intStart) {
      this.i = i;
      this.fail('expected digit (0-9) to follow minus sign, for valid numeric value');
    }
    let isFloat = false;
    if (s.charCodeAt(i) === 0x2e) {
      isFloat = true;
      i++;
      const f = i;
      while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
      if (i === f) {
        this.i = i;
        this.fail('Decimal point not followed by a digit');
      }
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      isFloat = true;
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const f = i;
      while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
      if (i === f) {
        this.i = i;
        this.fail('Exponent indicator not followed by a digit');
      }
    }
    this.i = i;
    if (root && i < s.length) {
      const n = s.charCodeAt(i);
      if (!(n === 0x20 || n === 0x0a || n === 0x0d || n === 0x09)) this.fail('Expected space separating root-level values');
    }
    const text = s.slice(start, i);
    if (isFloat) return this.keep ? new JsonFloat(text) : Number(text);
    if (i - intStart <= 15) {
      const n = Number(text);
      return n === 0 ? 0 : n; // "-0" is the integer 0
    }
    const b = BigInt(text);
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
  }

  private string(): string {
    const s = this.s;
    const start = this.i + 1;
    const q = s.indexOf('"', start);
    if (q < 0) {
      this.i = s.length;
      this.fail('was expecting closing quote for a string value');
    }
    const raw = s.slice(start, q);
    if (raw.indexOf('\\') < 0 && !/[\u0000-\u001f]/.test(raw)) {
      this.i = q + 1;
      return raw;
    }
    // slow path: escapes and control characters
    let out = '';
    let i = start;
    let last = start;
    for (;;) {
      if (i >= s.length) {
        this.i = i;
        this.fail('was expecting closing quote for a string value');
      }
      const c = s.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) {
        this.i = i;
        this.fail('Illegal unquoted character: has to be escaped using backslash to be included in string value');
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(last, i);
      const e = s.charCodeAt(i + 1);
      switch (e) {
        case 0x22: out += '"'; break;
        case 0x5c: out += '\\'; break;
        case 0x2f: out += '/'; break;
        case 0x62: out += '\b'; break;
        case 0x66: out += '\f'; break;
        case 0x6e: out += '\n'; break;
        case 0x72: out += '\r'; break;
        case 0x74: out += '\t'; break;
        case 0x75: {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
            this.i = i + 2;
            this.fail('expected a hex-digit for character escape sequence');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.i = i + 1;
          this.fail('Unrecognized character escape');
      }
      i += 2;
      last = i;
    }
    this.i = i + 1;
    return out + s.slice(last, i);
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.skipWs();
    if (this.s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(false));
      this.skipWs();
      const c = this.s.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x5d) {
        this.i++;
        return out;
      }
      this.fail('was expecting comma to separate Array entries');
    }
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.skipWs();
    if (this.s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.s.charCodeAt(this.i) !== 0x22) this.fail('was expecting double-quote to start field name');
      const key = this.string();
      this.skipWs();
      if (this.s.charCodeAt(this.i) !== 0x3a) this.fail("was expecting a colon to separate field name and value");
      this.i++;
      this.skipWs();
      const v = this.value(false);
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.skipWs();
      const c = this.s.charCodeAt(this.i);
      if (c === 0x2c) {
        this.i++;
        continue;
      }
      if (c === 0x7d) {
        this.i++;
        return out;
      }
      this.fail('was expecting comma to separate Object entries');
    }
  }
}

/** Compact, deterministic JSON text of a parseJson tree (bigint and JsonFloat included). */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string': return quote(v);
    case 'number': return String(v);
    case 'bigint': return v.toString();
    case 'boolean': return v ? 'true' : 'false';
    default: break;
  }
  if (v instanceof JsonFloat) return v.text;
  if (Array.isArray(v)) return '[' + v.map(canonicalJson).join(',') + ']';
  const obj = v as Record<string, unknown>;
  return '{' + Object.keys(obj).map((k) => quote(k) + ':' + canonicalJson(obj[k])).join(',') + '}';
}

/** Jackson's JsonNodeType name for a parsed node, used in error messages. */
export function nodeType(v: unknown): string {
  if (v === undefined || v === MISSING) return 'MISSING';
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'boolean': return 'BOOLEAN';
    case 'number':
    case 'bigint': return 'NUMBER';
    case 'string': return 'STRING';
    default: break;
  }
  if (v instanceof JsonFloat) return 'NUMBER';
  if (Array.isArray(v)) return 'ARRAY';
  if (v instanceof Uint8Array) return 'BINARY';
  return 'OBJECT';
}

/** A JSON object node (plain object from a parser). */
export function isObjectNode(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonFloat);
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes Jackson-style (MIME, padded) base64; null when the text is not valid base64. */
export function decodeBase64(text: string): Buffer | null {
  let t = text;
  if (/\s/.test(t)) t = t.replace(/\s+/g, '');
  if (t.length % 4 !== 0 || !BASE64_RE.test(t)) return null;
  return Buffer.from(t, 'base64');
}
