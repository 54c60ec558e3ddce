// Proleptic Gregorian date helpers on yyyymmdd integers and ecFlow's `yyyymmddTHHMMSS` instants, all in UTC so
// results never depend on the host's time zone.

const DAY_MS = 86_400_000;
/** Julian day number of 1970-01-01. */
const EPOCH_JULIAN = 2_440_588;

/** Days since 1970-01-01 of a yyyymmdd integer. */
export function daysOfYmd(ymd: number): number {
  const year = Math.floor(ymd / 10000);
  const month = Math.floor((ymd % 10000) / 100);
  const day = ymd % 100;
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The yyyymmdd integer of a day count since 1970-01-01. */
export function ymdOfDays(days: number): number {
  const date = new Date(days * DAY_MS);
  return date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}

/** Julian day number of a yyyymmdd integer (ecFlow's `cal::date_to_julian`). */
export function julianOfYmd(ymd: number): number {
  return daysOfYmd(ymd) + EPOCH_JULIAN;
}

/** Day of week (0 = Sunday) of a yyyymmdd integer. */
export function dayOfWeekOfYmd(ymd: number): number {
  return new Date(daysOfYmd(ymd) * DAY_MS).getUTCDay();
}

/** Seconds since the epoch of `yyyymmddTHHMMSS`; NaN when malformed. */
export function secondsOfInstant(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (match === null) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
}

/** `yyyymmddTHHMMSS` of seconds since the epoch. */
export function instantOfSeconds(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** Zero-pads to `width` digits. */
export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
