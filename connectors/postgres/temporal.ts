// PostgreSQL's text forms of date, time and timestamp values (DateStyle ISO, which every connection
// here sets) to and from JS numbers, exact to the microsecond: offsets keep every microsecond even
// though a Connect Timestamp (a JS Date) holds milliseconds. The reading of the texts and the calendar
// are shared with the CDC connector (../postgres-common/pgTime.ts).

import { civilFromDays, civilFromMicros, clockText, daysFromCivil, fractionText, pad, readTimeMicros, readTimestampText, secondsOfDay } from '../postgres-common/pgTime.js';

/** What 'infinity' / '-infinity' become: the largest instants a JS Date can hold. */
export const POSITIVE_INFINITY_MICROS = 8.64e18;
export const NEGATIVE_INFINITY_MICROS = -8.64e18;

/**
 * Epoch microseconds of a date, timestamp or timestamptz text. A value without an offset is wall
 * time in `zone` (UTC unless db.timezone says otherwise). Undefined when `text` is not one.
 */
export function parseTimestampMicros(text: string, zone = 'UTC'): number | undefined {
  if (text === 'infinity') return POSITIVE_INFINITY_MICROS;
  if (text === '-infinity') return NEGATIVE_INFINITY_MICROS;
  const read = readTimestampText(text);
  if (read === undefined) return undefined;
  if (read.offsetSeconds !== undefined) return read.wallMicros - read.offsetSeconds * 1_000_000;
  return zone === 'UTC' ? read.wallMicros : wallToEpochMicros(read.wallMicros, zone);
}

/** Milliseconds since midnight of a time or timetz text (timetz moved to UTC), or undefined. */
export function parseTimeMillis(text: string): number | undefined {
  const micros = readTimeMicros(text);
  return micros === undefined ? undefined : Math.floor(micros / 1000);
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

/** `YYYY-MM-DD` (with ` BC` before year 1) of a day count since the epoch. */
export function formatDays(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return y <= 0 ? `${pad(1 - y, 4)}-${pad(m, 2)}-${pad(d, 2)} BC` : `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** `YYYY-MM-DD HH:MM:SS.ffffff` of epoch micros, as wall time (add the zone offset first for a zone). */
export function formatWallMicros(micros: number, separator = ' ', fractionDigits = 6): string {
  const t = civilFromMicros(micros);
  const date = `${pad(Math.max(t.year, 1 - t.year), 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`;
  return `${date}${separator}${clockText(t)}${fractionText(t.micros, fractionDigits)}${t.year <= 0 ? ' BC' : ''}`;
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
  // Not through civilFromMicros: 24:00:00 is a PostgreSQL time and must not wrap to 00:00:00.
  const secs = Math.floor(ms / 1000);
  return `${clockText(secondsOfDay(secs))}.${pad(ms - secs * 1000, 3)}`;
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
