/**
 * Civil (proleptic Gregorian) date arithmetic on "naive" milliseconds: a wall-clock reading encoded as if it
 * were UTC, so `Date.UTC` fields give the wall-clock fields. Suite time is kept in this form because ecFlow's
 * calendar is a zone-less `ptime` (see docs/engine-time.md).
 */

/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;
/** Milliseconds in a (naive) day. */
export const DAY_MS = 86_400_000;

/** Julian day number of 1970-01-01, so `ECF_JULIAN = epochDay + JULIAN_EPOCH_DAY`. */
const JULIAN_EPOCH_DAY = 2_440_588;

/** A calendar date. */
export interface CivilDate {
  /** Full year, e.g. 2024. */
  readonly year: number;
  /** Month 1..12. */
  readonly month: number;
  /** Day of month 1..31. */
  readonly day: number;
}

/** Days since 1970-01-01 of a naive instant (floor). */
export function epochDayOf(naiveMs: number): number {
  return Math.floor(naiveMs / DAY_MS);
}

/** Naive milliseconds at midnight of the given day number. */
export function startOfEpochDay(epochDay: number): number {
  return epochDay * DAY_MS;
}

/** Milliseconds since midnight of a naive instant. */
export function timeOfDayMs(naiveMs: number): number {
  return naiveMs - epochDayOf(naiveMs) * DAY_MS;
}

/** Floors a naive instant to its minute: ecFlow compares times with minute resolution. */
export function floorToMinute(naiveMs: number): number {
  return Math.floor(naiveMs / MINUTE_MS) * MINUTE_MS;
}

/** The civil date of a day number. */
export function civilFromEpochDay(epochDay: number): CivilDate {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The day number of a civil date (invalid fields roll over as in `Date.UTC`). */
export function epochDayFromCivil(date: CivilDate): number {
  const ms = Date.UTC(date.year, date.month - 1, date.day);
  // Date.UTC maps years 0..99 to 1900..1999; ecFlow never uses them, but keep the mapping exact anyway.
  const fixed = date.year >= 0 && date.year < 100 ? new Date(ms).setUTCFullYear(date.year) : ms;
  return Math.floor(fixed / DAY_MS);
}

/** Day of week 0 (Sunday) .. 6 of a day number. */
export function weekDayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** Number of days in a month, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Day of year 1..366 of a civil date. */
export function dayOfYear(date: CivilDate): number {
  return epochDayFromCivil(date) - epochDayFromCivil({ year: date.year, month: 1, day: 1 }) + 1;
}

/** Julian day number (what boost's `julian_day()` and ecFlow's `ECF_JULIAN` give). */
export function julianDayOf(epochDay: number): number {
  return epochDay + JULIAN_EPOCH_DAY;
}

/** True when the fields name a real date (e.g. rejects 29.2.2023). */
export function isValidCivilDate(date: CivilDate): boolean {
  return (
    Number.isInteger(date.year) &&
    Number.isInteger(date.month) &&
    Number.isInteger(date.day) &&
    date.month >= 1 &&
    date.month <= 12 &&
    date.day >= 1 &&
    date.day <= daysInMonth(date.year, date.month)
  );
}
