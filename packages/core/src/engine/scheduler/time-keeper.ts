import {
  beginTimeContext,
  completesAtHybridBegin,
  createSuiteCalendar,
  expireNextSlot,
  hasTimeDependencies,
  nodeTimeStatus,
  requeueTimeContext,
  shouldRequeueForTime,
  suiteGeneratedVariables,
  TimerHeap,
  type CancelTimer,
  type Clock,
  type NodeTimeAttributes,
  type NodeTimeContext,
  type RequeueKind,
  type SuiteCalendar,
  type TimeInput,
  type TimeStatus,
} from '../../time/index.js';
import { instantOfSuiteTime, suiteEpochDayAt } from '../../time/suite-calendar.js';
import { DAY_MS } from '../../time/civil.js';
import { SUITE_CALENDAR_VARIABLES } from '../../time/suite-variables.js';
import { suiteOf, SuiteNode, type CalendarVariables, type RuntimeNode } from '../../model/index.js';

const NO_TIME: NodeTimeAttributes = {};

/** The time attributes of a node as the time module reads them. */
export function timeAttributesOf(node: RuntimeNode): NodeTimeAttributes {
  const misc = node.misc;
  if (misc === undefined) return NO_TIME;
  return { times: misc.times, dates: misc.dates, days: misc.days, crons: misc.crons };
}

/**
 * Suite calendars, per-node time contexts and the one timer: each node whose time status may change later is
 * in a min-heap at that instant, and a single clock timer is armed for the earliest entry (no minute polling).
 */
export class TimeKeeper implements CalendarVariables {
  readonly names: readonly string[] = SUITE_CALENDAR_VARIABLES;
  private readonly calendars = new Map<SuiteNode, SuiteCalendar>();
  private readonly contexts = new Map<RuntimeNode, NodeTimeContext>();
  private readonly heap = new TimerHeap<RuntimeNode>();
  private readonly expiredDay = new Map<RuntimeNode, number>();
  private armedAt: number | undefined;
  private cancel: CancelTimer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly options: { readonly timeZone: string | undefined; readonly onDue: (nodes: RuntimeNode[]) => void },
  ) {}

  /** CalendarVariables: the suite's DATE, TIME, … now. */
  suiteVariable(suite: SuiteNode, name: string): string | undefined {
    const calendar = this.calendars.get(suite);
    if (calendar === undefined) return undefined;
    return (suiteGeneratedVariables(calendar, this.clock.now()) as Readonly<Record<string, string>>)[name];
  }

  /** The suite's calendar (begun), if any. */
  calendarOf(suite: SuiteNode): SuiteCalendar | undefined {
    return this.calendars.get(suite);
  }

  /** `begin` or requeue of a suite: its calendar starts again (ecFlow `Suite::begin`, `requeue_calendar`). */
  beginSuite(suite: SuiteNode): void {
    const calendar = createSuiteCalendar(this.clock.now(), {
      clock: suite.misc?.clock,
      timeZone: this.options.timeZone,
    });
    this.calendars.set(suite, calendar);
  }

  /** A node was begun or re-queued: reset its time context. */
  reset(node: RuntimeNode, kind: 'begin' | RequeueKind): void {
    if (node.misc === undefined || !hasTimeDependencies(timeAttributesOf(node))) {
      // A begin resets every node: most never had a context nor a heap entry, and have nothing to drop.
      if (this.contexts.size > 0) this.contexts.delete(node);
      if (this.heap.size > 0) this.heap.delete(node);
      return;
    }
    const now = this.clock.now();
    if (kind !== 'time') this.expiredDay.delete(node);
    const previous = this.contexts.get(node);
    const next =
      kind === 'begin' || previous === undefined ? beginTimeContext(now) : requeueTimeContext(previous, now, kind);
    this.contexts.set(node, next);
  }

  private input(node: RuntimeNode): TimeInput | undefined {
    const calendar = this.calendars.get(suiteOf(node));
    if (calendar === undefined) return undefined;
    const context = this.contexts.get(node) ?? beginTimeContext(calendar.begunAt);
    return { context, calendar, now: this.clock.now() };
  }

  /** Whether the node's time dependencies are free now; schedules the instant the answer may change. */
  status(node: RuntimeNode): TimeStatus {
    const attrs = timeAttributesOf(node);
    if (!hasTimeDependencies(attrs)) return { free: true, nextChange: undefined };
    const input = this.input(node);
    if (input === undefined) return { free: false, nextChange: undefined };
    const status = this.expiredToday(node, input) ?? nodeTimeStatus(attrs, input);
    if (status.nextChange === undefined) this.heap.delete(node);
    else this.heap.set(node, status.nextChange);
    return status;
  }

  /**
   * Whether a node that just completed must be re-queued for a later slot (ecFlow's time re-queue). When only a
   * later day/date (no slot left today) re-queues it, today's day/date is used up (ecFlow's `expired_` days):
   * the node waits for the next day rather than running again at once.
   */
  wantsRequeue(node: RuntimeNode, command: boolean): boolean {
    const attrs = timeAttributesOf(node);
    if (!hasTimeDependencies(attrs)) return false;
    const input = this.input(node);
    if (input === undefined || !shouldRequeueForTime(attrs, input, { command })) return false;
    const dayBound = (attrs.days?.length ?? 0) + (attrs.dates?.length ?? 0) > 0;
    const slots = { times: attrs.times, crons: attrs.crons };
    if (dayBound && !shouldRequeueForTime(slots, input, { command })) {
      this.expiredDay.set(node, suiteEpochDayAt(input.calendar, input.now));
    }
    return true;
  }

  private expiredToday(node: RuntimeNode, input: TimeInput): TimeStatus | undefined {
    const expired = this.expiredDay.get(node);
    if (expired === undefined) return undefined;
    if (suiteEpochDayAt(input.calendar, input.now) !== expired) {
      this.expiredDay.delete(node);
      return undefined;
    }
    return { free: false, nextChange: instantOfSuiteTime(input.calendar, (expired + 1) * DAY_MS) };
  }

  /** Under a hybrid clock: a node whose day/date/cron can never be free is complete at begin. */
  completesAtBegin(node: RuntimeNode): boolean {
    const attrs = timeAttributesOf(node);
    if (!hasTimeDependencies(attrs)) return false;
    const input = this.input(node);
    return input !== undefined && completesAtHybridBegin(attrs, input);
  }

  /**
   * A container's own time gate (day, date, time) just opened: the slots of the nodes below count from now, so a
   * day acts as a guard over the time attributes below it (they are not freed while it holds).
   */
  reanchor(node: RuntimeNode): void {
    const context = this.contexts.get(node);
    const now = this.clock.now();
    if (context === undefined || context.slotAnchor >= now) return;
    this.contexts.set(node, { ...context, slotAnchor: now, slotAnchorInclusive: true });
  }

  /** A manual run/force complete uses up the node's next slot. */
  expire(node: RuntimeNode): void {
    const attrs = timeAttributesOf(node);
    const input = hasTimeDependencies(attrs) ? this.input(node) : undefined;
    if (input !== undefined) this.contexts.set(node, expireNextSlot(attrs, input));
  }

  /** A node left the tree. */
  forget(node: RuntimeNode): void {
    this.contexts.delete(node);
    this.expiredDay.delete(node);
    this.heap.delete(node);
    if (node instanceof SuiteNode) this.calendars.delete(node);
  }

  /** The earliest pending instant, if any. */
  nextAt(): number | undefined {
    return this.heap.peek()?.at;
  }

  /** Arms the one timer for the heap's earliest entry (re-armed only when that instant changed). */
  arm(): void {
    const at = this.nextAt();
    if (at === this.armedAt) return;
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = at;
    if (at === undefined) return;
    this.cancel = this.clock.setTimer(at, () => {
      this.armedAt = undefined;
      this.cancel = undefined;
      this.options.onDue(this.heap.popDue(this.clock.now()));
    });
  }

  /** Cancels the timer. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.armedAt = undefined;
  }
}
