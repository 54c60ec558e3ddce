import type { ClockAttr } from '@isobar/protocol/defs';
import { IsobarError } from '@isobar/protocol';

import type { CivilDate } from './civil.js';
import {
  DAY_MS,
  civilFromEpochDay,
  epochDayFromCivil,
  epochDayOf,
  isValidCivilDate,
  startOfEpochDay,
} from './civil.js';
import { earliestInstantReaching, isTimeZone, monotonicWallClockAt } from './zone.js';

/** ecFlow's limit for catching up time attributes after the server was down (`Defs::catch_up_to_real_time`). */
export const DEFAULT_CATCH_UP_LIMIT_MS = 3_600_000;

/** A stretch of real time in which the engine did not run and which was too long to catch up (instants). */
export interface Blackout {
  /** First instant not observed. */
  readonly from: number;
  /** First instant observed again. */
  readonly to: number;
}

/** Options of {@link createSuiteCalendar}. */
export interface SuiteCalendarOptions {
  /** The suite's `clock` attribute; `undefined` = no attribute, which in ecFlow is a real clock. */
  clock?: ClockAttr | undefined;
  /**
   * IANA zone whose wall clock the suite follows when the clock has no fixed date.
   * @default 'UTC' (ecFlow's calendar reads `universal_time()`)
   */
  timeZone?: string;
  /**
   * Down time up to which slots missed while the engine was not running are caught up.
   * @default 3_600_000 (1 hour)
   */
  catchUpLimitMs?: number;
}

/** A begun suite calendar: immutable; the suite time at any instant is derived from it. */
export interface SuiteCalendar {
  /** `real`: the date advances at midnight; `hybrid`: the date stays the begin date, time of day runs. */
  readonly clock: 'real' | 'hybrid';
  /** IANA zone of the wall clock. */
  readonly timeZone: string;
  /** Gain added to the clock, in milliseconds (negative allowed). */
  readonly gainMs: number;
  /** Fixed start date from `clock ... dd.mm.yyyy`, if any: suite time then starts at its midnight + gain. */
  readonly startDate: CivilDate | undefined;
  /** Instant (epoch ms) at which the calendar was begun. */
  readonly begunAt: number;
  /** Suite time (naive ms) at `begunAt`. */
  readonly begunSuiteTime: number;
  /** The date (day number) a hybrid clock keeps. */
  readonly hybridEpochDay: number;
  /** Down-time stretches whose slots are missed, oldest first. */
  readonly blackouts: readonly Blackout[];
  /** See {@link SuiteCalendarOptions.catchUpLimitMs}. */
  readonly catchUpLimitMs: number;
}

function invalid(reason: string): IsobarError {
  return new IsobarError('INVALID_ARGUMENT', { details: { reason } });
}

function startDateOf(clock: ClockAttr | undefined): CivilDate | undefined {
  if (clock === undefined || clock.day === 0) return undefined;
  const date = { year: clock.year, month: clock.month, day: clock.day };
  if (!isValidCivilDate(date)) throw invalid(`clock date ${clock.day}.${clock.month}.${clock.year} does not exist`);
  return date;
}

/**
 * Begins a suite calendar at `begunAt`, as ecFlow does on `begin` (and on requeue of the suite).
 *
 * @example
 * ```ts
 * const cal = createSuiteCalendar(Date.UTC(2024, 0, 5, 9), { clock: { hybrid: true, day: 1, month: 1, year: 2020,
 *   gain: 0, positiveGain: false, startStop: false } });
 * suiteTimeAt(cal, cal.begunAt); // naive 2020-01-01T00:00
 * ```
 */
export function createSuiteCalendar(begunAt: number, options: SuiteCalendarOptions = {}): SuiteCalendar {
  const timeZone = options.timeZone ?? 'UTC';
  if (!isTimeZone(timeZone)) throw invalid(`unknown time zone '${timeZone}'`);
  const catchUpLimitMs = options.catchUpLimitMs ?? DEFAULT_CATCH_UP_LIMIT_MS;
  if (!(catchUpLimitMs >= 0)) throw invalid('catchUpLimitMs must be >= 0');
  const clock = options.clock;
  const gainMs = (clock?.gain ?? 0) * 1000;
  const startDate = startDateOf(clock);
  const begunSuiteTime =
    startDate === undefined
      ? monotonicWallClockAt(timeZone, begunAt) + gainMs
      : startOfEpochDay(epochDayFromCivil(startDate)) + gainMs;
  return Object.freeze({
    clock: clock?.hybrid === true ? 'hybrid' : 'real',
    timeZone,
    gainMs,
    startDate,
    begunAt,
    begunSuiteTime,
    hybridEpochDay: epochDayOf(begunSuiteTime),
    blackouts: Object.freeze([]),
    catchUpLimitMs,
  });
}

/**
 * The suite time (naive ms, days keep advancing even under a hybrid clock) at `instant`. With a fixed start
 * date it runs from that date at the pace of real time; otherwise it is the zone's wall clock plus the gain.
 */
export function suiteTimeAt(calendar: SuiteCalendar, instant: number): number {
  if (calendar.startDate !== undefined) return calendar.begunSuiteTime + (instant - calendar.begunAt);
  return monotonicWallClockAt(calendar.timeZone, instant) + calendar.gainMs;
}

/** The earliest instant at which the suite time reaches `suiteTime` (a spring jump reaches skipped readings). */
export function instantOfSuiteTime(calendar: SuiteCalendar, suiteTime: number): number {
  if (calendar.startDate !== undefined) return calendar.begunAt + (suiteTime - calendar.begunSuiteTime);
  if (calendar.timeZone === 'UTC') return suiteTime - calendar.gainMs;
  return earliestInstantReaching((instant) => suiteTimeAt(calendar, instant), suiteTime);
}

/** The day number of the suite's date at `instant`: fixed under a hybrid clock. */
export function suiteEpochDayAt(calendar: SuiteCalendar, instant: number): number {
  return calendar.clock === 'hybrid' ? calendar.hybridEpochDay : epochDayOf(suiteTimeAt(calendar, instant));
}

/** The suite's date at `instant` (fixed under a hybrid clock). */
export function suiteDateAt(calendar: SuiteCalendar, instant: number): CivilDate {
  return civilFromEpochDay(suiteEpochDayAt(calendar, instant));
}

/** The date (day number) the suite shows for a suite-time reading (fixed under a hybrid clock). */
export function suiteEpochDayOfSuiteTime(calendar: SuiteCalendar, suiteTime: number): number {
  return calendar.clock === 'hybrid' ? calendar.hybridEpochDay : epochDayOf(suiteTime);
}

/**
 * Records that the engine did not run from `from` to `to` (instants): on recovery from a checkpoint, or when a
 * HALTED server runs again. A gap up to `catchUpLimitMs` is caught up (slots in it fall due at once); a longer
 * gap becomes a blackout whose slots are missed, as in ecFlow, which only fast-forwards calendars less than an
 * hour behind. Returns the calendar unchanged or a new one.
 */
export function recordDowntime(calendar: SuiteCalendar, from: number, to: number): SuiteCalendar {
  if (!(to - from > calendar.catchUpLimitMs)) return calendar;
  return Object.freeze({ ...calendar, blackouts: Object.freeze([...calendar.blackouts, { from, to }]) });
}

/** The instant `endclock` names (its midnight on the suite time line), for the simulator. */
export function endClockInstant(calendar: SuiteCalendar, endclock: ClockAttr): number {
  const date = startDateOf(endclock);
  if (date === undefined) throw invalid('endclock needs a date');
  return instantOfSuiteTime(calendar, epochDayFromCivil(date) * DAY_MS);
}

/** True when `instant` lies in a blackout; returns the instant the blackout ends, else `undefined`. */
export function blackoutEndAt(calendar: SuiteCalendar, instant: number): number | undefined {
  for (const blackout of calendar.blackouts) {
    if (instant >= blackout.from && instant < blackout.to) return blackout.to;
  }
  return undefined;
}
