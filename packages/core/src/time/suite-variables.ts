import { civilFromEpochDay, dayOfYear, julianDayOf, timeOfDayMs, weekDayOfEpochDay } from './civil.js';
import type { SuiteCalendar } from './suite-calendar.js';
import { suiteEpochDayAt, suiteTimeAt } from './suite-calendar.js';

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

/** Names of the variables {@link suiteGeneratedVariables} returns, in ecFlow's order (SUITE is the engine's). */
export const SUITE_CALENDAR_VARIABLES = [
  'ECF_DATE',
  'YYYY',
  'DOW',
  'DOY',
  'DATE',
  'DAY',
  'DD',
  'MM',
  'MONTH',
  'ECF_CLOCK',
  'ECF_TIME',
  'ECF_JULIAN',
  'TIME',
] as const;

/** One of {@link SUITE_CALENDAR_VARIABLES}. */
export type SuiteCalendarVariable = (typeof SUITE_CALENDAR_VARIABLES)[number];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * The calendar variables ecFlow generates on a suite, at `instant`, with ecFlow's formats: `DATE` `dd.mm.yyyy`,
 * `DD`/`MM` two digits, `YYYY`/`DOW` (0 = Sunday)/`DOY` (1..366) unpadded, `DAY`/`MONTH` lower-case English names,
 * `ECF_DATE` `yyyymmdd`, `ECF_CLOCK` `day:month:dow:doy`, `ECF_TIME` `hh:mm`, `TIME` `hhmm`, `ECF_JULIAN` the
 * Julian day number. Under a hybrid clock the date part stays the begin date.
 *
 * @example
 * ```ts
 * suiteGeneratedVariables(cal, now).ECF_DATE; // '20200101'
 * ```
 */
export function suiteGeneratedVariables(
  calendar: SuiteCalendar,
  instant: number,
): Readonly<Record<SuiteCalendarVariable, string>> {
  const epochDay = suiteEpochDayAt(calendar, instant);
  const date = civilFromEpochDay(epochDay);
  const dow = weekDayOfEpochDay(epochDay);
  const doy = dayOfYear(date);
  const minutes = Math.floor(timeOfDayMs(suiteTimeAt(calendar, instant)) / 60_000);
  const hh = pad(Math.floor(minutes / 60), 2);
  const mm = pad(minutes % 60, 2);
  const dayName = DAY_NAMES[dow] ?? 'sunday';
  const monthName = MONTH_NAMES[date.month - 1] ?? 'january';
  return {
    ECF_DATE: `${pad(date.year, 4)}${pad(date.month, 2)}${pad(date.day, 2)}`,
    YYYY: String(date.year),
    DOW: String(dow),
    DOY: String(doy),
    DATE: `${pad(date.day, 2)}.${pad(date.month, 2)}.${pad(date.year, 4)}`,
    DAY: dayName,
    DD: pad(date.day, 2),
    MM: pad(date.month, 2),
    MONTH: monthName,
    ECF_CLOCK: `${dayName}:${monthName}:${dow}:${doy}`,
    ECF_TIME: `${hh}:${mm}`,
    ECF_JULIAN: String(julianDayOf(epochDay)),
    TIME: `${hh}${mm}`,
  };
}
