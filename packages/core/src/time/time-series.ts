import type { ClockTime, TimeSeries } from '@isobar/protocol/defs';

import { DAY_MS, MINUTE_MS, epochDayOf, floorToMinute, startOfEpochDay } from './civil.js';
import type { SuiteCalendar } from './suite-calendar.js';
import {
  blackoutEndAt,
  instantOfSuiteTime,
  suiteEpochDayAt,
  suiteEpochDayOfSuiteTime,
  suiteTimeAt,
} from './suite-calendar.js';
import type { NodeTimeContext, TimeInput } from './time-context.js';

/** Days a slot search looks ahead before giving up (a cron on 29 February needs up to 8 years). */
const SLOT_SEARCH_DAYS = 8 * 366;

/** Decides whether slots on a suite date (day number) count: day/date gates, cron day filters. */
export type DayFilter = (epochDay: number) => boolean;

/** Accepts every day. */
export const ANY_DAY: DayFilter = () => true;

/** Milliseconds of an `hh:mm`. */
export function clockTimeMs(time: ClockTime): number {
  return (time.hour * 60 + time.minute) * MINUTE_MS;
}

/** The slot offsets (ms after midnight, or after the relative base) of a series, ascending. */
export function slotOffsets(series: TimeSeries): readonly number[] {
  const start = clockTimeMs(series.start);
  if (series.finish === undefined || series.increment === undefined) return [start];
  const finish = clockTimeMs(series.finish);
  const step = clockTimeMs(series.increment);
  if (step <= 0) return [start];
  const offsets: number[] = [];
  for (let at = start; at <= finish; at += step) offsets.push(at);
  return offsets;
}

/**
 * The line a series' slots lie on. Absolute slots are suite-time readings (every day); relative (`+`) slots are
 * elapsed real time since the relative base (one window, never repeated by a day change, as in ecFlow).
 */
interface SlotLine {
  readonly toValue: (instant: number) => number;
  readonly toInstant: (value: number) => number;
  readonly dayOf: (value: number) => number;
  readonly relative: boolean;
}

function slotLine(series: TimeSeries, context: NodeTimeContext, calendar: SuiteCalendar): SlotLine {
  if (series.relative) {
    const base = context.relativeBase;
    return {
      toValue: (instant) => instant - base,
      toInstant: (value) => base + value,
      dayOf: (value) => suiteEpochDayAt(calendar, base + value),
      relative: true,
    };
  }
  return {
    toValue: (instant) => suiteTimeAt(calendar, instant),
    toInstant: (value) => instantOfSuiteTime(calendar, value),
    dayOf: (value) => suiteEpochDayOfSuiteTime(calendar, value),
    relative: false,
  };
}

/** The first slot value >= `from` on a day the filter accepts, or `undefined`. */
function firstSlotFrom(
  line: SlotLine,
  offsets: readonly number[],
  search: { from: number; filter: DayFilter },
): number | undefined {
  const { from, filter } = search;
  if (line.relative) {
    for (const offset of offsets) if (offset >= from && filter(line.dayOf(offset))) return offset;
    return undefined;
  }
  const firstDay = epochDayOf(from);
  for (let day = firstDay; day <= firstDay + SLOT_SEARCH_DAYS; day++) {
    const midnight = startOfEpochDay(day);
    const offset = offsets.find((candidate) => midnight + candidate >= from);
    if (offset === undefined) continue;
    if (filter(line.dayOf(midnight + offset))) return midnight + offset;
    // The suite date of later slots of this day is the same (or fixed under hybrid): try the next day.
  }
  return undefined;
}

/** The first value that counts for the context: the anchor's minute, or the minute after it. */
function eligibleFrom(line: SlotLine, context: NodeTimeContext): number {
  const anchor = floorToMinute(line.toValue(context.slotAnchor));
  return context.slotAnchorInclusive ? anchor : anchor + MINUTE_MS;
}

/** Whether a series has reached a slot, and when it next may. */
export interface SlotStatus {
  /** An eligible slot has been reached (it stays so until the context changes). */
  readonly reached: boolean;
  /** Instant of the next eligible slot when not reached; `undefined` when reached or none is left. */
  readonly next: number | undefined;
  /** The earliest eligible slot (reached or not), as an instant; used to expire it on a manual run. */
  readonly first: number | undefined;
}

/**
 * The `time` rule (also `cron`, and a `today` series): free once the suite clock has reached a slot that lies
 * after the node's begin/requeue (same minute counts after begin only). Slots passed while the node waited are
 * caught up once; slots inside a blackout (down time above the catch-up limit) are missed.
 */
export function seriesStatus(series: TimeSeries, input: TimeInput, filter: DayFilter = ANY_DAY): SlotStatus {
  const { context, calendar, now } = input;
  const line = slotLine(series, context, calendar);
  const offsets = slotOffsets(series);
  let from = eligibleFrom(line, context);
  const first = firstSlotFrom(line, offsets, { from, filter });
  let slot = first;
  while (slot !== undefined) {
    const instant = line.toInstant(slot);
    if (instant > now) return { reached: false, next: instant, first: line.toInstant(first ?? slot) };
    const blackoutEnd = blackoutEndAt(calendar, instant);
    if (blackoutEnd === undefined) return { reached: true, next: undefined, first: line.toInstant(first ?? slot) };
    from = Math.max(slot + MINUTE_MS, Math.ceil(line.toValue(blackoutEnd) / MINUTE_MS) * MINUTE_MS);
    slot = firstSlotFrom(line, offsets, { from, filter });
  }
  return { reached: false, next: undefined, first: first === undefined ? undefined : line.toInstant(first) };
}

/**
 * The single-slot `today` rule: free from the slot of the anchor's day on, so a node begun or re-queued after
 * the time is free at once (ecFlow `TodayAttr::is_free`: `calendar > start` or the slot minute itself).
 */
export function todaySingleStatus(series: TimeSeries, input: TimeInput, filter: DayFilter = ANY_DAY): SlotStatus {
  const { context, calendar, now } = input;
  const line = slotLine(series, context, calendar);
  const anchor = line.toValue(context.slotAnchor);
  const dayStart = line.relative ? 0 : Math.floor(anchor / DAY_MS) * DAY_MS;
  const slot = firstSlotFrom(line, slotOffsets(series), { from: dayStart, filter });
  if (slot === undefined) return { reached: false, next: undefined, first: undefined };
  const instant = line.toInstant(slot);
  return { reached: instant <= now, next: instant <= now ? undefined : instant, first: instant };
}

/** True when the series has more than one slot. */
export function isSeries(series: TimeSeries): boolean {
  return series.finish !== undefined && series.increment !== undefined;
}

/** The reading a series compares against at `now`: time of day, or elapsed time for `+` series (minute floor). */
export function seriesClockAt(series: TimeSeries, input: TimeInput): number {
  const line = slotLine(series, input.context, input.calendar);
  const value = floorToMinute(line.toValue(input.now));
  return line.relative ? value : value - epochDayOf(value) * DAY_MS;
}

/** The day number (suite time line) of the context's slot anchor, for the midnight rule of series requeue. */
export function anchorDayOf(context: NodeTimeContext, calendar: SuiteCalendar): number {
  return epochDayOf(suiteTimeAt(calendar, context.slotAnchor));
}
