import type { ClockTime } from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import { parseInteger } from './tokenize.js';

const HH_MM = 'hh:mm';

/** Result of {@link parseClockTimeToken}. */
export interface ParsedTime {
  /** Leading `+`. */
  relative: boolean;
  /** The time. */
  time: ClockTime;
}

/**
 * Parses token `index` as `[+]hh:mm` (hours 1-2 digits, minutes exactly 2). Hours above 23 are rejected unless
 * `maxHour` allows them (durations).
 */
export function parseClockTimeToken(ctx: ParseContext, index: number, maxHour = 23): ParsedTime {
  const text = ctx.token(index);
  const relative = text.charCodeAt(0) === 43;
  const body = relative ? text.slice(1) : text;
  const colon = body.indexOf(':');
  const hourText = colon < 0 ? '' : body.slice(0, colon);
  const minuteText = colon < 0 ? '' : body.slice(colon + 1);
  const hour = hourText.length >= 1 && hourText.length <= 2 ? parseInteger(hourText) : undefined;
  const minute = minuteText.length === 2 ? parseInteger(minuteText) : undefined;
  if (hour === undefined || minute === undefined || hourText.charCodeAt(0) === 45) {
    throw ctx.fail(`invalid time '${text}'`, `[+]${HH_MM}`, index);
  }
  if (hour > maxHour) throw ctx.fail(`hour ${hour} out of range 0..${maxHour}`, `[+]${HH_MM}`, index);
  if (minute > 59) throw ctx.fail(`minute ${minute} out of range 0..59`, `[+]${HH_MM}`, index);
  return { relative, time: { hour, minute } };
}

/** Minutes since midnight of a clock time. */
export function minutesOf(time: ClockTime): number {
  return time.hour * 60 + time.minute;
}

/** Days in `month` of `year` (Gregorian). */
export function daysInMonth(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A parsed `dd.mm.yyyy`, 0 meaning `*`. */
export interface ParsedDate {
  /** Day 1..31 or 0. */
  day: number;
  /** Month 1..12 or 0. */
  month: number;
  /** Year or 0. */
  year: number;
}

function parseDateField(ctx: ParseContext, index: number, field: string): number {
  if (field === '*') return 0;
  const value = parseInteger(field);
  if (value === undefined || field.charCodeAt(0) === 45 || field.charCodeAt(0) === 43) {
    throw ctx.fail(`invalid date field '${field}'`, 'dd.mm.yyyy', index);
  }
  return value;
}

/** Parses token `index` as `dd.mm.yyyy`, with `*` wildcards when allowed; checks ranges and the calendar. */
export function parseDateToken(ctx: ParseContext, index: number, wildcards: boolean): ParsedDate {
  const text = ctx.token(index);
  const expected = wildcards ? 'dd.mm.yyyy (fields may be *)' : 'dd.mm.yyyy';
  const first = text.indexOf('.');
  const second = first < 0 ? -1 : text.indexOf('.', first + 1);
  if (second < 0 || text.indexOf('.', second + 1) >= 0) throw ctx.fail(`invalid date '${text}'`, expected, index);
  if (!wildcards && text.includes('*')) throw ctx.fail(`wildcards are not allowed in '${text}'`, expected, index);
  const day = parseDateField(ctx, index, text.slice(0, first));
  const month = parseDateField(ctx, index, text.slice(first + 1, second));
  const yearText = text.slice(second + 1);
  const year = parseDateField(ctx, index, yearText);
  if (day > 31 || (day === 0 && text.charCodeAt(0) !== 42)) throw ctx.fail(`invalid day in '${text}'`, expected, index);
  if (month > 12 || (month === 0 && text.charCodeAt(first + 1) !== 42)) {
    throw ctx.fail(`invalid month in '${text}'`, expected, index);
  }
  if (yearText !== '*' && (yearText.length !== 4 || year < 1400)) {
    throw ctx.fail(`invalid year in '${text}'`, expected, index);
  }
  if (day !== 0 && month !== 0 && day > daysInMonth(month, year === 0 ? 2000 : year)) {
    throw ctx.fail(`no such day in '${text}'`, expected, index);
  }
  return { day, month, year };
}

/** Checks a `yyyymmdd` token and returns it as a number. */
export function parseYmdToken(ctx: ParseContext, index: number, text = ctx.token(index)): number {
  const value = text.length === 8 ? parseInteger(text) : undefined;
  const year = Math.floor((value ?? 0) / 10000);
  const month = Math.floor((value ?? 0) / 100) % 100;
  const day = (value ?? 0) % 100;
  if (value === undefined || year < 1400 || month < 1 || month > 12 || day < 1 || day > daysInMonth(month, year)) {
    throw ctx.fail(`invalid date '${text}'`, 'yyyymmdd', index);
  }
  return value;
}

/** Checks a `yyyymmddTHHMMSS` token. */
export function checkInstantToken(ctx: ParseContext, index: number, text: string): void {
  const ok = text.length === 15 && text.charCodeAt(8) === 84 && parseInteger(text.slice(9)) !== undefined;
  if (!ok) throw ctx.fail(`invalid date-time '${text}'`, 'yyyymmddTHHMMSS', index);
  parseYmdToken(ctx, index, text.slice(0, 8));
  const h = Number(text.slice(9, 11));
  const m = Number(text.slice(11, 13));
  const s = Number(text.slice(13, 15));
  if (h > 23 || m > 59 || s > 59) throw ctx.fail(`invalid time in '${text}'`, 'yyyymmddTHHMMSS', index);
}
