import type { DateAttr, DayAttr, WeekDayName } from '@isobar/protocol/defs';

import { civilFromEpochDay, startOfEpochDay, weekDayOfEpochDay } from './civil.js';
import type { SuiteCalendar } from './suite-calendar.js';
import { instantOfSuiteTime, suiteEpochDayAt } from './suite-calendar.js';
import type { NodeTimeContext, TimeInput } from './time-context.js';

/** How far ahead (days) a date search looks: covers `date 29.2.*` across the longest run without a leap day. */
const DATE_SEARCH_DAYS = 8 * 366;

const WEEK_DAYS: readonly WeekDayName[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

/** Week day number 0 (Sunday) .. 6 of a `day` attribute. */
export function weekDayNumber(day: DayAttr): number {
  return WEEK_DAYS.indexOf(day.day);
}

/** True when the date of `epochDay` matches `date` (0 fields are `*`). */
export function dateMatchesDay(date: DateAttr, epochDay: number): boolean {
  const civil = civilFromEpochDay(epochDay);
  return (
    (date.day === 0 || date.day === civil.day) &&
    (date.month === 0 || date.month === civil.month) &&
    (date.year === 0 || date.year === civil.year)
  );
}

/** A `date` is free on the days it matches (ecFlow clears it at midnight). */
export function isDateFree(date: DateAttr, calendar: SuiteCalendar, now: number): boolean {
  return dateMatchesDay(date, suiteEpochDayAt(calendar, now));
}

/** The first day number after `epochDay` on which `date` matches, or `undefined` within the search horizon. */
export function nextDateMatch(date: DateAttr, epochDay: number): number | undefined {
  for (let day = epochDay + 1; day <= epochDay + DATE_SEARCH_DAYS; day++) {
    if (dateMatchesDay(date, day)) return day;
  }
  return undefined;
}

/**
 * The date (day number) a `day` attribute is bound to: the first date with its week day on or after the date of
 * the context's day anchor (strictly after for a repeat increment), as ecFlow's `DayAttr::date_`.
 */
export function boundDayOf(day: DayAttr, context: NodeTimeContext, calendar: SuiteCalendar): number {
  const anchorDay = suiteEpochDayAt(calendar, context.dayAnchor) + (context.dayAnchorExclusive ? 1 : 0);
  const shift = (weekDayNumber(day) - weekDayOfEpochDay(anchorDay) + 7) % 7;
  return anchorDay + shift;
}

/** A `day` is free on the date it is bound to. */
export function isDayFree(day: DayAttr, input: TimeInput): boolean {
  return suiteEpochDayAt(input.calendar, input.now) === boundDayOf(day, input.context, input.calendar);
}

/** The instant the suite date becomes `epochDay` (its midnight), `undefined` under a hybrid clock (never). */
export function instantOfSuiteDay(calendar: SuiteCalendar, epochDay: number): number | undefined {
  if (calendar.clock === 'hybrid') return undefined;
  return instantOfSuiteTime(calendar, startOfEpochDay(epochDay));
}
