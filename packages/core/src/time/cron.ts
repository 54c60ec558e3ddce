import type { CronAttr } from '@isobar/protocol/defs';

import { civilFromEpochDay, daysInMonth, weekDayOfEpochDay } from './civil.js';
import type { SuiteCalendar } from './suite-calendar.js';
import { suiteEpochDayAt } from './suite-calendar.js';
import type { DayFilter } from './time-series.js';
import { isSeries } from './time-series.js';

function weekDayMatches(cron: CronAttr, epochDay: number, daysLeftInMonth: number): boolean {
  const hasWeekDays = (cron.weekDays?.length ?? 0) > 0;
  const hasLastWeekDays = (cron.lastWeekDays?.length ?? 0) > 0;
  if (!hasWeekDays && !hasLastWeekDays) return true;
  const weekDay = weekDayOfEpochDay(epochDay);
  if (cron.weekDays?.includes(weekDay) === true) return true;
  // `0L`..`6L`: that week day within the last seven days of the month.
  return cron.lastWeekDays?.includes(weekDay) === true && daysLeftInMonth < 7;
}

/**
 * True when a cron's `-w`/`-d`/`-m` lists accept the date of `epochDay`: values within one option are OR'ed,
 * the options are AND'ed; `L` in `-d` is the last day of the month, `nL` in `-w` the last such week day.
 *
 * @example `cron -w 4L -d L 10:00` accepts only a last-of-month that is the month's last Thursday.
 */
export function cronAcceptsDay(cron: CronAttr, epochDay: number): boolean {
  const date = civilFromEpochDay(epochDay);
  const monthLength = daysInMonth(date.year, date.month);
  if (!weekDayMatches(cron, epochDay, monthLength - date.day)) return false;
  const hasMonthDays = (cron.monthDays?.length ?? 0) > 0 || cron.lastDayOfMonth;
  if (hasMonthDays && cron.monthDays?.includes(date.day) !== true) {
    if (!(cron.lastDayOfMonth && date.day === monthLength)) return false;
  }
  const hasMonths = (cron.months?.length ?? 0) > 0;
  return !hasMonths || cron.months?.includes(date.month) === true;
}

/** The cron's own day filter (combine it with the node's day/date gates). */
export function cronDayFilter(cron: CronAttr): DayFilter {
  return (epochDay) => cronAcceptsDay(cron, epochDay);
}

/**
 * ecFlow's `CronAttr::validForHybrid`: whether a cron can ever run under a hybrid clock (whose date never
 * changes). Only series without month/day-of-month/last-day options, restricted to at most today's week day.
 */
export function isCronValidForHybrid(cron: CronAttr, calendar: SuiteCalendar, now: number): boolean {
  if (!isSeries(cron)) return false;
  if (cron.lastDayOfMonth || (cron.months?.length ?? 0) > 0 || (cron.monthDays?.length ?? 0) > 0) return false;
  const weekDays = cron.weekDays ?? [];
  if (weekDays.length === 0) return true;
  return weekDays.length === 1 && weekDays[0] === weekDayOfEpochDay(suiteEpochDayAt(calendar, now));
}
