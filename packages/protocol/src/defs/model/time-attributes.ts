/** A time of day or duration in hours and minutes (`hh:mm`). Hours may exceed 23 for durations. */
export interface ClockTime {
  /** Hours. */
  hour: number;
  /** Minutes (0..59). */
  minute: number;
}

/**
 * The time part shared by `time`, `today` and `cron`: `[+]hh:mm` or `[+]hh:mm hh:mm hh:mm` (start end step).
 */
export interface TimeSeries {
  /** `+`: relative to suite begin / repeat requeue. */
  relative: boolean;
  /** First (or only) slot. */
  start: ClockTime;
  /** Last slot of a series, `undefined` for a single slot. */
  finish: ClockTime | undefined;
  /** Step of a series, `undefined` for a single slot. */
  increment: ClockTime | undefined;
  /**
   * State dialect: the text after `#` (e.g. `free nextTimeSlot/10:30`), kept verbatim; `undefined` when absent.
   */
  state: string | undefined;
}

/** `time ...` or `today ...`. */
export interface TimeAttr extends TimeSeries {
  /** Which keyword. */
  kind: 'time' | 'today';
}

/**
 * `date dd.mm.yyyy`; 0 in a field means `*` (any).
 *
 * @example `date 1.*.2020`
 */
export interface DateAttr {
  /** Day of month, 0 = any. */
  day: number;
  /** Month, 0 = any. */
  month: number;
  /** Year, 0 = any. */
  year: number;
  /** State dialect text after `#` (e.g. `free`), verbatim. */
  state: string | undefined;
}

/** Week days as ecFlow spells them in `day`. */
export type WeekDayName = 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

/** `day monday`. */
export interface DayAttr {
  /** The day. */
  day: WeekDayName;
  /** State dialect text after `#` (e.g. `free date:2020-Jan-01`), verbatim. */
  state: string | undefined;
}

/**
 * `cron [-w days] [-d days] [-m months] [+]hh:mm [hh:mm hh:mm]`.
 *
 * @example `cron -w 0,1,5L -d 1,15,L -m 1,6 +00:30 23:30 01:00`
 */
export interface CronAttr extends TimeSeries {
  /** Week days 0 (Sunday) .. 6, `undefined` when not restricted. */
  weekDays: readonly number[] | undefined;
  /** Last week days of the month (`0L`..`6L`). */
  lastWeekDays: readonly number[] | undefined;
  /** Days of month 1..31. */
  monthDays: readonly number[] | undefined;
  /** `L` in `-d`: the last day of the month. */
  lastDayOfMonth: boolean;
  /** Months 1..12. */
  months: readonly number[] | undefined;
}

/**
 * `late [-s +hh:mm] [-a hh:mm] [-c [+]hh:mm]`.
 */
export interface LateAttr {
  /** `-s`: submitted for longer than this (always relative). */
  submitted: ClockTime | undefined;
  /** `-a`: not active by this time of day. */
  active: ClockTime | undefined;
  /** `-c`: not complete by this time (or duration when `completeRelative`). */
  complete: ClockTime | undefined;
  /** `-c +hh:mm`. */
  completeRelative: boolean;
  /** State dialect `# late`. */
  late: boolean;
}

/**
 * `clock real|hybrid [dd.mm.yyyy] [[+|-]gainSeconds|[+]hh:mm] [-s]` or `endclock dd.mm.yyyy`.
 */
export interface ClockAttr {
  /** `hybrid` (date fixed) or `real`; `endclock` records `real`. */
  hybrid: boolean;
  /** Day of month, 0 when no date is given. */
  day: number;
  /** Month, 0 when no date is given. */
  month: number;
  /** Year, 0 when no date is given. */
  year: number;
  /** Gain in seconds (negative allowed); ecFlow writes it in seconds. */
  gain: number;
  /** Whether the gain was written with a leading `+` (ecFlow keeps this flag). */
  positiveGain: boolean;
  /** `-s`: start/stop the clock with the server. */
  startStop: boolean;
}

/**
 * `autocancel [+]hh:mm | N` and `autoarchive [+]hh:mm | N [-i]`.
 */
export interface AutoCleanAttr {
  /** Given as a number of days. */
  days: number | undefined;
  /** Given as a time (`undefined` when given in days). */
  time: ClockTime | undefined;
  /** `+`: relative to completion. */
  relative: boolean;
  /** `-i` (autoarchive only): archive when idle too. */
  idle: boolean;
}
