// PostgreSQL's text forms of date, time and timestamp values (DateStyle ISO, which every connection
// here sets) to and from JS numbers, exact to the microsecond: offsets keep every microsecond even
// though a Connect Timestamp (a JS Date) holds milliseconds.

const MICROS_PER_DAY = 86_400_000_000;
/** What 'infinity' / '-infinity' become: the largest instants a JS Date can hold. */
export const POSITIVE_INFINITY_MICROS = 8.64e18;
export const NEGATIVE_INFINITY_MICROS = -8.64e18;

const TS_RE = /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;
const TIME_RE = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/;

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's days_from_civil: proleptic Gregorian, any year.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

function fractionMicros(frac: string | undefined): number {
  if (!frac) return 0;
  return Number((frac + '000000').slice(0, 6));
}

function offsetSeconds(sign: string | undefined, h: string | undefined, m: string | undefined, s: string | undefined): number {
  if (!sign) return 0;
  const secs = Number(h) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  return sign === '-' ? -secs : secs;
}

/**
 * Epoch microseconds of a date, timestamp or timestamptz text. A value without an offset is wall
 * time in `zone` (UTC unless db.timezone says otherwise). Undefined when `text` is not one.
 */
export function parseTimestampMicros(text: string, zone = 'UTC'): number | undefined {
  if (text === 'infinity') return POSITIVE_INFINITY_MICROS;
  if (text === '-infinity') return NEGATIVE_INFINITY_MICROS;
  const m = TS_RE.exec(text);
  if (m === null) return undefined;
  let year = Number(m[1]);
  if (m[12]) year = 1 - year;
  const days = daysFromCivil(year, Number(m[2]), Number(m[3]));
  const secs = m[4] === undefined ? 0 : Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]);
  const wall = (days * 86400 + secs) * 1_000_000 + fractionMicros(m[7]);
  if (m[8]) return wall - offsetSeconds(m[8], m[9], m[10], m[11]) * 1_000_000;
  return zone === 'UTC' ? wall : wallToEpochMicros(wall, zone);
}

/** Milliseconds since midnight of a time or timetz text (timetz moved to UTC), or undefined. */
export function parseTimeMillis(text: string): number | undefined {
  const m = TIME_RE.exec(text);
  if (m === null) return undefined;
  let ms = (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 + Math.floor(fractionMicros(m[4]) / 1000);
  if (m[5]) {
    ms -= offsetSeconds(m[5], m[6], m[7], m[8]) * 1000;
    ms = ((ms % 86_400_000) + 86_400_000) % 86_400_000;
  }
  return ms;
}

/** Floor division of micros to millis, for JS Dates. */
export function microsToMillis(micros: number): number {
  return Math.floor(micros / 1000);
}

/** Java's Timestamp split: epoch millis and nanos within the second (Confluent's offset fields). */
export function microsToOffset(micros: number): { timestamp: number; timestamp_nanos: number } {
  const secs = Math.floor(micros / 1_000_000);
  const microsOfSecond = micros - secs * 1_000_000;
  return { timestamp: Math.floor(micros / 1000), timestamp_nanos: microsOfSecond * 1000 };
}

/** The inverse of microsToOffset; nanos below a microsecond are dropped. */
export function offsetToMicros(millis: number, nanos: number | undefined): number {
  if (nanos === undefined) return millis * 1000;
  const secs = Math.floor(millis / 1000);
  return secs * 1_000_000 + Math.floor(nanos / 1000);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` (with ` BC` before year 1) of a day count since the epoch. */
export function formatDays(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return y <= 0 ? `${pad(1 - y, 4)}-${pad(m, 2)}-${pad(d, 2)} BC` : `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` of epoch micros, as wall time (add the zone offset first for a zone). */
export function formatWallMicros(micros: number, separator = ' ', fractionDigits = 6): string {
  const days = Math.floor(micros / MICROS_PER_DAY);
  const rem = micros - days * MICROS_PER_DAY;
  const secs = Math.floor(rem / 1_000_000);
  const frac = rem - secs * 1_000_000;
  const [y, m, d] = civilFromDays(days);
  const date = `${pad(Math.max(y, 1 - y), 4)}-${pad(m, 2)}-${pad(d, 2)}`;
  const time = `${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}`;
  const fraction = fractionDigits > 0 ? `.${(pad(frac, 6) + '000').slice(0, fractionDigits)}` : '';
  return `${date}${separator}${time}${fraction}${y <= 0 ? ' BC' : ''}`;
}

/** A timestamptz literal for epoch micros: `YYYY-MM-DD HH:MM:SS.ffffff+00`. */
export function formatTimestamptz(micros: number): string {
  if (micros >= POSITIVE_INFINITY_MICROS) return 'infinity';
  if (micros <= NEGATIVE_INFINITY_MICROS) return '-infinity';
  const s = formatWallMicros(micros);
  return s.endsWith(' BC') ? `${s.slice(0, -3)}+00 BC` : `${s}+00`;
}

/** `HH:MM:SS.mmm` of milliseconds since midnight. */
export function formatTimeMillis(ms: number): string {
  const secs = Math.floor(ms / 1000);
  return `${pad(Math.floor(secs / 3600), 2)}:${pad(Math.floor(secs / 60) % 60, 2)}:${pad(secs % 60, 2)}.${pad(ms - secs * 1000, 3)}`;
}

// ---------------------------------------------------------------------------------------------
// Time zones (only used when db.timezone is not UTC)

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at the instant `epochMs`, in milliseconds. */
export function zoneOffsetMillis(zone: string, epochMs: number): number {
  if (zone === 'UTC') return 0;
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    formatters.set(zone, f);
  }
  const clamped = Math.max(-8.64e15, Math.min(8.64e15, epochMs));
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(clamped))) parts[p.type] = p.value;
  let year = Number(parts['year']);
  if (parts['era'] === 'BC' || parts['era'] === 'B') year = 1 - year;
  const wall = daysFromCivil(year, Number(parts['month']), Number(parts['day'])) * 86_400_000
    + (Number(parts['hour']) * 3600 + Number(parts['minute']) * 60 + Number(parts['second'])) * 1000;
  const floorSec = Math.floor(clamped / 1000) * 1000;
  return wall - floorSec;
}

/** Epoch micros of a wall time in `zone`. */
export function wallToEpochMicros(wallMicros: number, zone: string): number {
  const wallMs = Math.floor(wallMicros / 1000);
  const guess = wallMs - zoneOffsetMillis(zone, wallMs);
  const offset = zoneOffsetMillis(zone, guess);
  return wallMicros - offset * 1000;
}
