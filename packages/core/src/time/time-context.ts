import type { SuiteCalendar } from './suite-calendar.js';

/**
 * What a node remembers for its time attributes: four instants the engine stores per node (and journals), from
 * which every time attribute's state is derived. This replaces ecFlow's per-attribute mutable state
 * (`nextTimeSlot_`, `isValid_`, `free_`, `relativeDuration_`, `DayAttr::date_`) with values set at begin/requeue.
 */
export interface NodeTimeContext {
  /** Slots of `time`/`today`/`cron` count from this instant on (minute resolution). */
  readonly slotAnchor: number;
  /** A slot in the anchor's own minute counts (true after begin, false after a requeue: it has just run). */
  readonly slotAnchorInclusive: boolean;
  /** Base of `+` (relative) times: suite begin, or the last manual or repeat requeue. */
  readonly relativeBase: number;
  /** `day` attributes bind to the first date with their week day on or after this instant's suite date. */
  readonly dayAnchor: number;
  /** Bind strictly after the anchor's date (a repeat increment moves on to next week's day). */
  readonly dayAnchorExclusive: boolean;
}

/** The three things every time rule reads: the node's context, its suite's calendar and the instant now. */
export interface TimeInput {
  /** The node's time context. */
  readonly context: NodeTimeContext;
  /** The suite calendar. */
  readonly calendar: SuiteCalendar;
  /** Instant now, epoch ms. */
  readonly now: number;
}

/** Why a node is re-queued, which decides what its time context keeps (ecFlow `Requeue_args::Requeue_t`). */
export type RequeueKind = 'manual' | 'repeat' | 'time';

/** The context at `begin` (and at a suite's requeue, which re-begins it): everything anchored at `now`. */
export function beginTimeContext(now: number): NodeTimeContext {
  return {
    slotAnchor: now,
    slotAnchorInclusive: true,
    relativeBase: now,
    dayAnchor: now,
    dayAnchorExclusive: false,
  };
}

/**
 * The context after a requeue at `now`:
 * - `manual` (user requeue): slots after now, relative times restart, days bind from today;
 * - `repeat` (a repeat incremented): the same, but days bind from tomorrow;
 * - `time` (the node's own time dependency re-queued it): relative base and day binding are kept, and a slot
 *   expired by a manual run stays expired.
 */
export function requeueTimeContext(previous: NodeTimeContext, now: number, kind: RequeueKind): NodeTimeContext {
  if (kind === 'time') {
    return { ...previous, slotAnchor: Math.max(previous.slotAnchor, now), slotAnchorInclusive: false };
  }
  return {
    slotAnchor: now,
    slotAnchorInclusive: false,
    relativeBase: now,
    dayAnchor: now,
    dayAnchorExclusive: kind === 'repeat',
  };
}
