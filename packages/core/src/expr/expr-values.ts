import type { ExprNodeState, ExprRepeatKind } from './expr-environment.js';

/**
 * ecFlow's `DState` numbers: a node state in a numeric context (`a == complete` compares these, and so would
 * any arithmetic on them).
 */
export const EXPR_STATE_CODES: Readonly<Record<ExprNodeState, number>> = {
  unknown: 0,
  complete: 1,
  queued: 2,
  aborted: 3,
  submitted: 4,
  active: 5,
  suspended: 6,
};

const INTEGER_TEXT = /^[+-]?\d+$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * ecFlow's conversion of a variable's text to an expression integer: the whole text must be a decimal `int`
 * (optional sign, digits, no spaces, within 32 bits); anything else is 0.
 *
 * @example
 * ```ts
 * toExpressionInteger('20240131'); // 20240131
 * toExpressionInteger('12a');      // 0
 * ```
 */
export function toExpressionInteger(text: string): number {
  if (!INTEGER_TEXT.test(text)) return 0;
  const value = Number(text);
  return value < INT32_MIN || value > INT32_MAX ? 0 : value;
}

/** Wraps to a C++ `int` the way 64-bit hardware does for ecFlow's `int` arithmetic. */
export function toInt32(value: number): number {
  return value | 0;
}

/** C++ integer division (truncating); ecFlow logs and yields 0 for a zero divisor. */
export function divideInt(left: number, right: number): number {
  return right === 0 ? 0 : (left / right) | 0;
}

/** C++ `%` (sign of the dividend); ecFlow logs and yields 0 for a zero divisor. */
export function moduloInt(left: number, right: number): number {
  return right === 0 ? 0 : (left % right) | 0;
}

function cdiv(left: number, right: number): number {
  return Math.trunc(left / right);
}

/** Julian day number of a `yyyymmdd` integer (ecFlow `CalendarDate::as_julian_day`, no validation). */
export function calendarDateToJulianDay(date: number): number {
  const year = cdiv(date, 10000);
  const month = cdiv(date % 10000, 100);
  const day = date % 100;
  const m1 = month > 2 ? month - 3 : month + 9;
  const y1 = month > 2 ? year : year - 1;
  const a = cdiv(146097 * cdiv(y1, 100), 4);
  const b = cdiv(1461 * (y1 % 100), 4);
  const c = cdiv(153 * m1 + 2, 5) + day + 1721119;
  return a + b + c;
}

/** `yyyymmdd` integer of a Julian day number (ecFlow `JulianDay::as_calendar_date`). */
export function julianDayToCalendarDate(julian: number): number {
  let x = 4 * julian - 6884477;
  let y = cdiv(x, 146097) * 100;
  let d = cdiv(x % 146097, 4);
  x = 4 * d + 3;
  y = cdiv(x, 1461) + y;
  d = cdiv(x % 1461, 4) + 1;
  x = 5 * d - 3;
  const m = cdiv(x, 153) + 1;
  d = cdiv(x % 153, 5) + 1;
  const month = m < 11 ? m + 2 : m - 10;
  const year = y + cdiv(m, 11);
  return year * 10000 + month * 100 + d;
}

function digitCount(value: number): number {
  let digits = value < 0 ? 1 : 0;
  for (let rest = value; rest !== 0; rest = cdiv(rest, 10)) digits++;
  return digits;
}

/**
 * `cal::date_to_julian(x)`: `x` is `yyyymmdd` or `yyyymmddhh` (the hour is dropped); any other number of
 * digits gives 0.
 */
export function dateToJulian(value: number): number {
  const digits = digitCount(value);
  if (digits === 10) return toInt32(calendarDateToJulianDay(cdiv(value, 100)));
  if (digits !== 8) return 0;
  return toInt32(calendarDateToJulianDay(value));
}

/** `cal::julian_to_date(x)`. */
export function julianToDate(value: number): number {
  return toInt32(julianDayToCalendarDate(value));
}

/**
 * `repeat ± n` when the repeat is the left operand (ecFlow `last_valid_value_plus/minus`): days on the calendar
 * for `date`/`datelist`, seconds for `datetime`/`datetimelist` (an empty list's 0 stays 0), plain integer
 * arithmetic for the other kinds. `delta` is already negated for `-`.
 */
export function repeatPlus(kind: ExprRepeatKind, value: number, delta: number): number {
  switch (kind) {
    case 'date':
      return toInt32(julianDayToCalendarDate(calendarDateToJulianDay(value) + delta));
    case 'datelist':
      return value === 0 ? 0 : toInt32(julianDayToCalendarDate(calendarDateToJulianDay(value) + delta));
    case 'datetimelist':
      return value === 0 ? 0 : toInt32(value + delta);
    case 'datetime':
    case 'integer':
    case 'enumerated':
    case 'string':
    case 'day':
      return toInt32(value + delta);
  }
}
