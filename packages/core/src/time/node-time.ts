import type { CronAttr, DateAttr, DayAttr, TimeAttr } from '@isobar/protocol/defs';

import { cronDayFilter } from './cron.js';
import { boundDayOf, dateMatchesDay, instantOfSuiteDay, isDateFree, isDayFree, nextDateMatch } from './date-day.js';
import type { SuiteCalendar } from './suite-calendar.js';
import { suiteEpochDayAt } from './suite-calendar.js';
import type { NodeTimeContext, TimeInput } from './time-context.js';
import type { DayFilter, SlotStatus } from './time-series.js';
import { ANY_DAY, isSeries, seriesStatus, todaySingleStatus } from './time-series.js';

/** The time attributes of one node, as the parsed definition holds them. */
export interface NodeTimeAttributes {
  /** `time` and `today` attributes. */
  readonly times?: readonly TimeAttr[] | undefined;
  /** `date` attributes. */
  readonly dates?: readonly DateAttr[] | undefined;
  /** `day` attributes. */
  readonly days?: readonly DayAttr[] | undefined;
  /** `cron` attributes. */
  readonly crons?: readonly CronAttr[] | undefined;
}

/** Whether a node's time dependencies are free now, and the next instant that may change the answer. */
export interface TimeStatus {
  /** Same-kind attributes OR'ed, different kinds AND'ed (ecFlow `Node::timeDependenciesFree`). */
  readonly free: boolean;
  /**
   * Earliest instant at which `free` may change; `undefined` = not before the context changes (begin/requeue).
   * Arm one timer for it and ask again when it fires.
   */
  readonly nextChange: number | undefined;
}

/** True when the node has any time dependency. */
export function hasTimeDependencies(attrs: NodeTimeAttributes): boolean {
  return (
    (attrs.times?.length ?? 0) + (attrs.dates?.length ?? 0) + (attrs.days?.length ?? 0) + (attrs.crons?.length ?? 0) > 0
  );
}

/**
 * The node's day/date gate as a filter on dates: a `time`/`today`/`cron` slot only counts on a date where one of
 * the node's `day`s or `date`s is free (ecFlow does not free time attributes while a day/date holds).
 */
export function dayDateFilter(attrs: NodeTimeAttributes, context: NodeTimeContext, calendar: SuiteCalendar): DayFilter {
  const days = attrs.days ?? [];
  const dates = attrs.dates ?? [];
  if (days.length === 0 && dates.length === 0) return () => true;
  const bound = days.map((day) => boundDayOf(day, context, calendar));
  return (epochDay) => bound.includes(epochDay) || dates.some((date) => dateMatchesDay(date, epochDay));
}

/** Options of {@link slotStatusOf}. */
export interface SlotStatusOptions {
  /** Dates on which slots count (the node's day/date gate). */
  readonly filter?: DayFilter;
  /** Judge a single-slot `today` by the `time` rule (used when a node has several todays). */
  readonly seriesRule?: boolean;
}

function both(a: DayFilter, b: DayFilter): DayFilter {
  return (day) => a(day) && b(day);
}

function earliest(values: readonly (number | undefined)[]): number | undefined {
  let result: number | undefined;
  for (const value of values) if (value !== undefined && (result === undefined || value < result)) result = value;
  return result;
}

/** Status of one `time`/`today`/`cron` attribute. `today` in a multi-today node uses the series rule. */
export function slotStatusOf(attr: TimeAttr | CronAttr, input: TimeInput, options: SlotStatusOptions = {}): SlotStatus {
  const filter = options.filter ?? ANY_DAY;
  if ('kind' in attr && attr.kind === 'today' && !isSeries(attr) && options.seriesRule !== true) {
    return todaySingleStatus(attr, input, filter);
  }
  return seriesStatus(attr, input, 'kind' in attr ? filter : both(filter, cronDayFilter(attr)));
}

interface KindResult {
  readonly free: boolean;
  readonly next: number | undefined;
}

function anyFree(statuses: readonly SlotStatus[]): KindResult {
  const free = statuses.some((status) => status.reached);
  return { free, next: free ? undefined : earliest(statuses.map((status) => status.next)) };
}

function todaysResult(todays: readonly TimeAttr[], input: TimeInput, filter: DayFilter): KindResult {
  const own = todays.map((today) => slotStatusOf(today, input, { filter }));
  if (todays.length === 1) return anyFree(own);
  // Several todays: one reached by the series rule, or all of them free by their own rule.
  const bySeries = todays.map((today) => slotStatusOf(today, input, { filter, seriesRule: true }));
  const free = bySeries.some((status) => status.reached) || own.every((status) => status.reached);
  return { free, next: free ? undefined : earliest([...own, ...bySeries].map((status) => status.next)) };
}

function dayDateResult(attrs: NodeTimeAttributes, input: TimeInput) {
  const { context, calendar: cal, now } = input;
  const today = suiteEpochDayAt(cal, now);
  const days = (attrs.days ?? []).map((day) => isDayFree(day, input));
  const dates = (attrs.dates ?? []).map((date) => isDateFree(date, cal, now));
  const futureDays = [
    ...(attrs.days ?? []).map((day) => boundDayOf(day, context, cal)).filter((day) => day > today),
    ...(attrs.dates ?? []).map((date) => nextDateMatch(date, today)),
  ];
  // Freedom of a day/date changes only at a midnight: the next one, or the next matching date's.
  const anyFreeNow = days.includes(true) || dates.includes(true);
  const next = anyFreeNow ? today + 1 : earliest(futureDays);
  return { days, dates, next: next === undefined ? undefined : instantOfSuiteDay(cal, next) };
}

/**
 * Whether a node's own time dependencies are free at `now` (ecFlow `Node::timeDependenciesFree`): a holding
 * day/date holds everything; otherwise each kind present needs one free attribute. The engine ANDs this with
 * the ancestors' status, trigger, complete and limits.
 *
 * @example
 * ```ts
 * const { free, nextChange } = nodeTimeStatus(node, { context, calendar, now: clock.now() });
 * if (!free && nextChange !== undefined) heap.set(node.path, nextChange);
 * ```
 */
export function nodeTimeStatus(attrs: NodeTimeAttributes, input: TimeInput): TimeStatus {
  if (!hasTimeDependencies(attrs)) return { free: true, nextChange: undefined };
  const dayDate = dayDateResult(attrs, input);
  const hasDayDate = dayDate.days.length + dayDate.dates.length > 0;
  if (hasDayDate && !dayDate.days.includes(true) && !dayDate.dates.includes(true)) {
    return { free: false, nextChange: dayDate.next };
  }
  const filter = dayDateFilter(attrs, input.context, input.calendar);
  const times = (attrs.times ?? []).filter((time) => time.kind === 'time');
  const todays = (attrs.times ?? []).filter((time) => time.kind === 'today');
  const crons = attrs.crons ?? [];
  const kinds: KindResult[] = [];
  if (times.length > 0) kinds.push(anyFree(times.map((time) => slotStatusOf(time, input, { filter }))));
  if (todays.length > 0) kinds.push(todaysResult(todays, input, filter));
  if (crons.length > 0) kinds.push(anyFree(crons.map((cron) => slotStatusOf(cron, input, { filter }))));
  const free = kinds.every((kind) => kind.free);
  const slotNext = free ? undefined : earliest(kinds.map((kind) => kind.next));
  return { free, nextChange: earliest([slotNext, hasDayDate ? dayDate.next : undefined]) };
}

/**
 * The context after a manual `run` or `force complete` (ecFlow `miss_next_time_slot`): the node's next slot of
 * `time`/`today`/`cron` (reached or not) is used up, so it does not run again for it.
 */
export function expireNextSlot(attrs: NodeTimeAttributes, input: TimeInput): NodeTimeContext {
  const { context, calendar } = input;
  const filter = dayDateFilter(attrs, context, calendar);
  const firsts = [...(attrs.times ?? []), ...(attrs.crons ?? [])].map(
    (attr) => slotStatusOf(attr, input, { filter, seriesRule: true }).first,
  );
  const first = earliest(firsts);
  if (first === undefined) return context;
  return { ...context, slotAnchor: Math.max(context.slotAnchor, first), slotAnchorInclusive: false };
}
