import type { DateAttr, DayAttr, TimeAttr } from '@isobar/protocol/defs';

import { civilFromEpochDay, epochDayFromCivil, epochDayOf, weekDayOfEpochDay } from './civil.js';
import { isCronValidForHybrid } from './cron.js';
import { boundDayOf, dateMatchesDay, weekDayNumber } from './date-day.js';
import type { NodeTimeAttributes } from './node-time.js';
import { slotStatusOf } from './node-time.js';
import type { SuiteCalendar } from './suite-calendar.js';
import { suiteEpochDayAt, suiteTimeAt } from './suite-calendar.js';
import type { TimeInput } from './time-context.js';
import { anchorDayOf, clockTimeMs, isSeries, seriesClockAt, slotOffsets } from './time-series.js';

/** Options of {@link shouldRequeueForTime}. */
export interface RequeueCheckOptions {
  /** The completion came from a user command (force complete, run): re-queue whenever a later slot remains. */
  readonly command?: boolean;
}

function minMaxSlots(attrs: readonly TimeAttr[]): { min: number; max: number } {
  const all = attrs.flatMap((attr) => slotOffsets(attr));
  return { min: Math.min(...all), max: Math.max(...all) };
}

/** ecFlow `TimeSeries::checkForRequeue` for one attribute, `range` = min/max over its kind's attributes. */
function timeWantsRequeue(
  attr: TimeAttr,
  input: TimeInput & { command: boolean },
  range: { min: number; max: number },
): boolean {
  const { context, calendar, now, command } = input;
  // An attribute whose slots for today were all used up before the run is no longer valid.
  if (!isStillValid(attr, input)) return false;
  const clock = seriesClockAt(attr, input);
  if (!isSeries(attr)) {
    if (range.min === range.max) return false;
    return command ? clock < range.max : clock >= range.min && clock < range.max;
  }
  // ECFLOW-130: a run that crossed midnight must not re-queue for yesterday's series.
  if (!attr.relative && anchorDayOf(context, calendar) !== anchorDayOf({ ...context, slotAnchor: now }, calendar)) {
    return false;
  }
  const offsets = slotOffsets(attr);
  const last = offsets[offsets.length - 1] ?? 0;
  return command ? clock < last : clock >= clockTimeMs(attr.start) && clock < last;
}

/**
 * ecFlow's `isValid_`: false once the slots the node could still use today are gone (after a begin past the last
 * slot, a requeue at or past it, or a manual run that used it up); a day change makes it valid again.
 */
function isStillValid(attr: TimeAttr, input: TimeInput): boolean {
  const { context, calendar, now } = input;
  const status = slotStatusOf(attr, input, { seriesRule: true });
  if (status.first === undefined) return false;
  if (attr.relative) return true;
  const today = epochDayOf(suiteTimeAt(calendar, now));
  if (anchorDayOf(context, calendar) < today) return true;
  return epochDayOf(suiteTimeAt(calendar, status.first)) === today;
}

function dateWantsRequeue(date: DateAttr, calendar: SuiteCalendar, now: number): boolean {
  if (calendar.clock === 'hybrid') return false;
  const today = civilFromEpochDay(suiteEpochDayAt(calendar, now));
  if (date.day !== 0 && date.month !== 0 && date.year !== 0) {
    return epochDayFromCivil(date) > epochDayFromCivil(today);
  }
  // ecFlow's rule for wildcards: any given field still ahead of today's.
  return (
    date.day === 0 ||
    date.day > today.day ||
    date.month === 0 ||
    date.month > today.month ||
    date.year === 0 ||
    date.year > today.year
  );
}

function dayWantsRequeue(day: DayAttr, input: TimeInput): boolean {
  const today = suiteEpochDayAt(input.calendar, input.now);
  const bound = boundDayOf(day, input.context, input.calendar);
  // A day whose week day is today's, or whose date has come, expires on completion.
  if (weekDayNumber(day) === weekDayOfEpochDay(today) || bound <= today) return false;
  return input.calendar.clock !== 'hybrid';
}

/**
 * Whether a node that just completed goes back to queued because of its own time dependencies (ecFlow
 * `Node::testTimeDependenciesForRequeue`): a cron always; a time/today series with a later slot today; several
 * single slots while between the first and the last; a date or day still ahead. Call `requeueTimeContext(ctx,
 * now, 'time')` when it returns true.
 */
export function shouldRequeueForTime(
  attrs: NodeTimeAttributes,
  input: TimeInput,
  options: RequeueCheckOptions = {},
): boolean {
  if ((attrs.crons?.length ?? 0) > 0) return true;
  const command = options.command === true;
  for (const kind of ['time', 'today'] as const) {
    const ofKind = (attrs.times ?? []).filter((time) => time.kind === kind);
    if (ofKind.length === 0) continue;
    const range = minMaxSlots(ofKind);
    if (ofKind.some((attr) => timeWantsRequeue(attr, { ...input, command }, range))) return true;
  }
  if ((attrs.dates ?? []).some((date) => dateWantsRequeue(date, input.calendar, input.now))) return true;
  if (command) return false; // a user command expires every day, even future ones, so a repeat can move on
  return (attrs.days ?? []).some((day) => dayWantsRequeue(day, input));
}

/**
 * ecFlow `Node::markHybridTimeDependentsAsComplete`: under a hybrid clock (the date never changes) a node gated by
 * `date`/`day`/`cron` that can never become free is set complete at begin instead of waiting forever.
 * Returns true when the engine should set the node complete.
 */
export function completesAtHybridBegin(attrs: NodeTimeAttributes, input: TimeInput): boolean {
  const { context, calendar, now } = input;
  if (calendar.clock !== 'hybrid') return false;
  const dates = attrs.dates ?? [];
  const days = attrs.days ?? [];
  const crons = attrs.crons ?? [];
  if (dates.length + days.length + crons.length === 0) return false;
  const today = suiteEpochDayAt(calendar, now);
  const dateOk = dates.some((d) => d.day !== 0 && d.month !== 0 && d.year !== 0 && dateMatchesDay(d, today));
  const dayOk = days.some((day) => boundDayOf(day, context, calendar) === today);
  const cronOk = crons.some((cron) => isCronValidForHybrid(cron, calendar, now));
  const kinds = [
    [dates.length > 0, dateOk],
    [days.length > 0, dayOk],
    [crons.length > 0, cronOk],
  ] as const;
  return !kinds.every(([present, ok]) => !present || ok);
}
