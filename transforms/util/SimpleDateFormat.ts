// java.text.SimpleDateFormat for the UTC time zone and the en_US locale, which is how Kafka's
// TimestampConverter and TimestampRouter use it. A pattern compiles once into a list of fields;
// format() works on epoch milliseconds with plain arithmetic (no Date object per call).
//
// Pattern letters: G y Y M L w W D d F E u a H k K h m s S z Z X; text in single quotes; '' is a quote.
// Any other ASCII letter is rejected as Java does ("Illegal pattern character 'q'").
// parse() is Java's lenient parse: leading blanks before a field are skipped, out-of-range values roll
// over (month 13 is January of the next year), a numeric field directly followed by another numeric
// field takes exactly its width (yyyyMMdd), and text after the last field is ignored.
// Dates before 1582-10-15 use the proleptic Gregorian calendar (Java switches to Julian there).

const PATTERN_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_DAYS = DAYS.map((d) => d.slice(0, 3));
const MS_PER_DAY = 86_400_000;
/** Letters whose value is a number when the field is short (M and L switch to text at 3). */
const NUMERIC = 'yYdkHmsSDFwWKhu';

interface Field {
  letter: string;
  count: number;
  /** Literal text when letter is ''. */
  text: string;
}

/** A date broken into the calendar fields SimpleDateFormat prints, all in UTC. */
interface Parts {
  year: number; // astronomical (1 BC = 0)
  month: number; // 0-11
  day: number;
  dayOfYear: number;
  dayOfWeek: number; // 0 = Sunday
  hour: number;
  minute: number;
  second: number;
  millis: number;
  epochDay: number;
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const CUMULATIVE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 1 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = (month + 10) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function partsOf(ms: number): Parts {
  const epochDay = floorDiv(ms, MS_PER_DAY);
  let msOfDay = ms - epochDay * MS_PER_DAY;
  // civil_from_days
  const z = epochDay + 719468;
  const era = floorDiv(z, 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doyMarch = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doyMarch + 2) / 153);
  const day = doyMarch - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 - 1 : mp - 9 - 1;
  const year = yoe + era * 400 + (month <= 1 ? 1 : 0);
  const dayOfYear = CUMULATIVE[month]! + day + (month > 1 && isLeap(year) ? 1 : 0);
  const hour = Math.floor(msOfDay / 3_600_000);
  msOfDay -= hour * 3_600_000;
  const minute = Math.floor(msOfDay / 60_000);
  msOfDay -= minute * 60_000;
  const second = Math.floor(msOfDay / 1000);
  return {
    year, month, day, dayOfYear, hour, minute, second, millis: msOfDay - second * 1000, epochDay,
    dayOfWeek: ((epochDay % 7) + 7 + 4) % 7,
  };
}

/** Week of year and week-based year with the en_US rules: weeks start on Sunday, week 1 holds January 1st. */
function weekOfYear(p: Parts): { week: number; weekYear: number } {
  const weekStart = p.epochDay - p.dayOfWeek; // the Sunday of this week
  const saturday = weekStart + 6;
  const nextJan1 = epochDayOf(p.year + 1, 0, 1);
  if (saturday >= nextJan1) return { week: 1, weekYear: p.year + 1 };
  const jan1 = epochDayOf(p.year, 0, 1);
  const jan1Dow = ((jan1 % 7) + 7 + 4) % 7;
  return { week: Math.floor((p.dayOfYear - 1 + jan1Dow) / 7) + 1, weekYear: p.year };
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  const padded = s.length >= width ? s : '0'.repeat(width - s.length) + s;
  return n < 0 ? '-' + padded : padded;
}

function compile(pattern: string): Field[] {
  const fields: Field[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) fields.push({ letter: '', count: 0, text: literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal += "'";
        i += 2;
        continue;
      }
      // Quoted text; inside it '' is a quote too.
      let j = i + 1;
      for (;;) {
        const close = pattern.indexOf("'", j);
        if (close < 0) throw new IllegalPatternError('Unterminated quote');
        literal += pattern.slice(j, close);
        if (pattern[close + 1] === "'") {
          literal += "'";
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (!PATTERN_LETTERS.includes(c)) throw new IllegalPatternError(`Illegal pattern character '${c}'`);
      let count = 1;
      while (pattern[i + count] === c) count++;
      if (c === 'X' && count > 3) throw new IllegalPatternError(`invalid ISO 8601 format: length=${count}`);
      flush();
      fields.push({ letter: c, count, text: '' });
      i += count;
      continue;
    }
    literal += c;
    i++;
  }
  flush();
  return fields;
}

export class IllegalPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalArgumentException';
  }
}

export class ParseError extends Error {
  constructor(message: string, readonly errorOffset: number) {
    super(message);
    this.name = 'ParseException';
  }
}

function isNumericField(f: Field | undefined): boolean {
  if (f === undefined || f.letter === '') return false;
  if (f.letter === 'M' || f.letter === 'L') return f.count <= 2;
  return NUMERIC.includes(f.letter);
}

/** Smallest unit (ms) a pattern prints, so a formatter can reuse its last answer within it. */
function granularity(fields: Field[]): number {
  let g = MS_PER_DAY;
  for (const f of fields) {
    switch (f.letter) {
      case 'S': return 1;
      case 's': g = Math.min(g, 1000); break;
      case 'm': g = Math.min(g, 60_000); break;
      case 'H': case 'k': case 'K': case 'h': g = Math.min(g, 3_600_000); break;
      case 'a': g = Math.min(g, 43_200_000); break;
      default: break;
    }
  }
  return g;
}

export class SimpleDateFormat {
  readonly #pattern: string;
  readonly #fields: Field[];
  readonly #granularity: number;
  /** Texts by time bucket (the pattern's smallest unit): most records of a batch share a few. */
  #cache = new Map<number, string>();

  /** Throws IllegalPatternError (Java's IllegalArgumentException) for a bad pattern. */
  constructor(pattern: string) {
    this.#pattern = pattern;
    this.#fields = compile(pattern);
    this.#granularity = granularity(this.#fields);
  }

  toPattern(): string {
    return this.#pattern;
  }

  /** Formats epoch milliseconds (or a Date) in UTC. */
  format(time: number | Date): string {
    const ms = typeof time === 'number' ? time : time.getTime();
    if (this.#granularity === 1) return this.#format(ms);
    const bucket = Math.floor(ms / this.#granularity);
    let text = this.#cache.get(bucket);
    if (text === undefined) {
      text = this.#format(ms);
      if (this.#cache.size >= 1024) this.#cache.clear();
      this.#cache.set(bucket, text);
    }
    return text;
  }

  #format(ms: number): string {
    const p = partsOf(ms);
    let out = '';
    for (const f of this.#fields) {
      const n = f.count;
      switch (f.letter) {
        case '': out += f.text; break;
        case 'G': out += p.year > 0 ? 'AD' : 'BC'; break;
        case 'y': case 'Y': {
          let y = f.letter === 'y' ? p.year : weekOfYear(p).weekYear;
          if (y <= 0) y = 1 - y;
          out += n === 2 ? pad(y % 100, 2) : pad(y, n);
          break;
        }
        case 'M': case 'L':
          out += n >= 4 ? MONTHS[p.month] : n === 3 ? SHORT_MONTHS[p.month] : pad(p.month + 1, n);
          break;
        case 'd': out += pad(p.day, n); break;
        case 'H': out += pad(p.hour, n); break;
        case 'k': out += pad(p.hour === 0 ? 24 : p.hour, n); break;
        case 'K': out += pad(p.hour % 12, n); break;
        case 'h': out += pad(p.hour % 12 === 0 ? 12 : p.hour % 12, n); break;
        case 'm': out += pad(p.minute, n); break;
        case 's': out += pad(p.second, n); break;
        case 'S': out += pad(p.millis, n); break;
        case 'E': out += n >= 4 ? DAYS[p.dayOfWeek] : SHORT_DAYS[p.dayOfWeek]; break;
        case 'u': out += pad(p.dayOfWeek === 0 ? 7 : p.dayOfWeek, n); break;
        case 'D': out += pad(p.dayOfYear, n); break;
        case 'F': out += pad(Math.floor((p.day - 1) / 7) + 1, n); break;
        case 'w': out += pad(weekOfYear(p).week, n); break;
        case 'W': {
          const firstDow = (p.dayOfWeek - ((p.day - 1) % 7) + 7) % 7;
          out += pad(Math.floor((p.day - 1 + firstDow) / 7) + 1, n);
          break;
        }
        case 'a': out += p.hour < 12 ? 'AM' : 'PM'; break;
        case 'z': out += n >= 4 ? 'Coordinated Universal Time' : 'UTC'; break;
        case 'Z': out += '+0000'; break;
        case 'X': out += 'Z'; break;
        default: break;
      }
    }
    return out;
  }

  /**
   * Java's lenient DateFormat.parse(String): epoch milliseconds, or ParseError
   * (`Unparseable date: "<text>"`) when a field cannot be read.
   */
  parse(text: string): number {
    const r = this.#parse(text);
    if (r === undefined) throw new ParseError(`Unparseable date: "${text}"`, 0);
    return r;
  }

  #parse(text: string): number | undefined {
    let pos = 0;
    let year: number | undefined;
    let month: number | undefined;
    let day: number | undefined;
    let dayOfYear: number | undefined;
    let hourOfDay: number | undefined;
    let hour12: number | undefined;
    let pm: boolean | undefined;
    let minute = 0;
    let second = 0;
    let millis = 0;
    let offsetMs = 0;
    let bc = false;
    const fields = this.#fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.letter === '') {
        if (!text.startsWith(f.text, pos)) return undefined;
        pos += f.text.length;
        continue;
      }
      while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
      if (pos >= text.length) return undefined;
      if (isNumericField(f)) {
        const obeyCount = isNumericField(fields[i + 1]);
        const start = pos;
        let end = pos;
        if (text[end] === '-' || text[end] === '+') end++;
        const digitsStart = end;
        const limit = obeyCount ? start + f.count : text.length;
        while (end < limit && end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
        if (end === digitsStart) return undefined;
        let value = Number(text.slice(start, end));
        pos = end;
        switch (f.letter) {
          case 'y': case 'Y':
            if (f.count <= 2 && end - start === 2 && digitsStart === start) {
              // Java's two-digit year: within 80 years before and 20 years after now.
              const centuryStart = new Date().getUTCFullYear() - 80;
              const ambiguous = centuryStart % 100;
              value += Math.floor(centuryStart / 100) * 100 + (value < ambiguous ? 100 : 0);
            }
            year = value;
            break;
          case 'M': case 'L': month = value - 1; break;
          case 'd': day = value; break;
          case 'H': hourOfDay = value; break;
          case 'k': hourOfDay = value === 24 ? 0 : value; break;
          case 'K': hour12 = value; break;
          case 'h': hour12 = value === 12 ? 0 : value; break;
          case 'm': minute = value; break;
          case 's': second = value; break;
          case 'S': millis = value; break;
          case 'D': dayOfYear = value; break;
          default: break; // F, w, W, u: read but not used to resolve the date
        }
        continue;
      }
      const rest = text.slice(pos);
      switch (f.letter) {
        case 'M': case 'L': {
          const m = matchName(rest, MONTHS, SHORT_MONTHS);
          if (m === undefined) return undefined;
          month = m.index;
          pos += m.length;
          break;
        }
        case 'E': {
          const m = matchName(rest, DAYS, SHORT_DAYS);
          if (m === undefined) return undefined;
          pos += m.length;
          break;
        }
        case 'G': {
          const m = matchName(rest, ['AD', 'BC'], ['AD', 'BC']);
          if (m === undefined) return undefined;
          bc = m.index === 1;
          pos += m.length;
          break;
        }
        case 'a': {
          const m = matchName(rest, ['AM', 'PM'], ['AM', 'PM']);
          if (m === undefined) return undefined;
          pm = m.index === 1;
          pos += m.length;
          break;
        }
        case 'z': case 'Z': case 'X': {
          const z = parseZone(rest, f.letter);
          if (z === undefined) return undefined;
          offsetMs = z.offsetMs;
          pos += z.length;
          break;
        }
        default: return undefined;
      }
    }
    let y = year ?? 1970;
    if (bc) y = 1 - y;
    let epochDay: number;
    if (dayOfYear !== undefined && month === undefined && day === undefined) {
      epochDay = epochDayOf(y, 0, 1) + dayOfYear - 1;
    } else {
      // Lenient: roll months over into years, then days over into months.
      const m = month ?? 0;
      const yy = y + floorDiv(m, 12);
      const mm = ((m % 12) + 12) % 12;
      epochDay = epochDayOf(yy, mm, 1) + (day ?? 1) - 1;
    }
    const h = hourOfDay ?? ((hour12 ?? 0) + (pm ? 12 : 0));
    return epochDay * MS_PER_DAY + h * 3_600_000 + minute * 60_000 + second * 1000 + millis - offsetMs;
  }
}

function matchName(text: string, long: readonly string[], short: readonly string[]): { index: number; length: number } | undefined {
  const lower = text.toLowerCase();
  let best: { index: number; length: number } | undefined;
  for (const names of [long, short]) {
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (lower.startsWith(n.toLowerCase()) && (best === undefined || n.length > best.length)) best = { index: i, length: n.length };
    }
  }
  return best;
}

const ZONE = /^(?:(UTC|GMT|Z|Coordinated Universal Time)(?![A-Za-z]))?(?:([+-])(\d{1,2})(?::?(\d{2}))?)?/;

function parseZone(text: string, letter: string): { offsetMs: number; length: number } | undefined {
  if (letter === 'X' && text[0] === 'Z') return { offsetMs: 0, length: 1 };
  const m = ZONE.exec(text);
  if (m === null || m[0].length === 0) return undefined;
  let offsetMs = 0;
  if (m[2] !== undefined) {
    offsetMs = (Number(m[3]) * 60 + Number(m[4] ?? 0)) * 60_000;
    if (m[2] === '-') offsetMs = -offsetMs;
  }
  return { offsetMs, length: m[0].length };
}
