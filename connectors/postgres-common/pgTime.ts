// PostgreSQL's text forms of date, time and timestamp values (DateStyle ISO), read exactly to the
// microsecond, and the proleptic-Gregorian calendar arithmetic behind them. Both PostgreSQL
// connectors (the JDBC-style one and the CDC one) receive these texts from the server; what each
// turns them into differs (Confluent's vs Debezium's types), so only the reading and the calendar
// live here. Like the connectors, this folder imports only the public SDK.

export const MICROS_PER_DAY = 86_400_000_000;

const TS_RE = /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;
const TIME_RE = /^(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil: any year, year 0 = 1 BC). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil: [year, month, day]. */
export function civilFromDays(z: number): [number, number, number] {
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

/** Microseconds of a fraction's digits; digits past the sixth are dropped (truncated, not rounded). */
export function fractionMicros(frac: string | undefined): number {
  return frac ? Number((frac + '000000').slice(0, 6)) : 0;
}

function offsetSeconds(sign: string | undefined, h: string | undefined, m: string | undefined, s: string | undefined): number | undefined {
  if (!sign) return undefined;
  const secs = Number(h) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0);
  return sign === '-' ? -secs : secs;
}

/** A date, timestamp or timestamptz text read: its wall time and, for timestamptz, its UTC offset. */
export interface TimestampText {
  /** The wall time as if it were UTC, in microseconds since the epoch. */
  wallMicros: number;
  /** The offset the text carries, in seconds east of UTC; undefined when it carries none. */
  offsetSeconds: number | undefined;
}

/** Reads `YYYY-MM-DD[ HH:MM:SS[.f]][±HH[:MM[:SS]]][ BC]`; undefined for anything else (±infinity too). */
export function readTimestampText(text: string): TimestampText | undefined {
  const m = TS_RE.exec(text);
  if (m === null) return undefined;
  let year = Number(m[1]);
  if (m[12]) year = 1 - year;
  const days = daysFromCivil(year, Number(m[2]), Number(m[3]));
  const secs = m[4] === undefined ? 0 : Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6]);
  return { wallMicros: (days * 86400 + secs) * 1_000_000 + fractionMicros(m[7]), offsetSeconds: offsetSeconds(m[8], m[9], m[10], m[11]) };
}

/** Microseconds since midnight of a time or timetz text, a timetz moved to UTC; undefined when `text` is not one. */
export function readTimeMicros(text: string): number | undefined {
  const m = TIME_RE.exec(text);
  if (m === null) return undefined;
  const us = (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1_000_000 + fractionMicros(m[4]);
  const offset = offsetSeconds(m[5], m[6], m[7], m[8]);
  if (offset === undefined) return us;
  return (((us - offset * 1_000_000) % MICROS_PER_DAY) + MICROS_PER_DAY) % MICROS_PER_DAY;
}

/** Epoch microseconds split into a civil date and the time of day, for formatting. */
export interface CivilTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Microseconds within the second. */
  micros: number;
}

export function civilFromMicros(epochMicros: number): CivilTime {
  const days = Math.floor(epochMicros / MICROS_PER_DAY);
  const rem = epochMicros - days * MICROS_PER_DAY;
  const secs = Math.floor(rem / 1_000_000);
  const [year, month, day] = civilFromDays(days);
  return { year, month, day, ...secondsOfDay(secs), micros: rem - secs * 1_000_000 };
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Hours, minutes and seconds of a count of seconds since midnight; 86400 stays 24:00:00. */
export function secondsOfDay(secs: number): Pick<CivilTime, 'hour' | 'minute' | 'second'> {
  return { hour: Math.floor(secs / 3600), minute: Math.floor(secs / 60) % 60, second: secs % 60 };
}

/** `HH:MM:SS` of a CivilTime. */
export function clockText(t: Pick<CivilTime, 'hour' | 'minute' | 'second'>): string {
  return `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`;
}

/** `.ffffff` cut to `digits` digits (nothing when 0) of microseconds within a second. */
export function fractionText(micros: number, digits: number): string {
  return digits > 0 ? `.${(pad(micros, 6) + '000').slice(0, digits)}` : '';
}
