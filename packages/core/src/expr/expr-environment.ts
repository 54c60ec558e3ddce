import type { ExprFlagName, NodeStateName } from '@isobar/protocol/defs';

/**
 * The state an expression sees for a node: ecFlow's `DState`, i.e. the node state, or `suspended` when the node
 * is suspended (checked first, so a suspended complete task is not `== complete`).
 */
export type ExprNodeState = NodeStateName | 'suspended';

/**
 * What a `path:name` operand (or `:NAME`) turned out to be, in ecFlow's lookup priority order:
 * event > meter > variable > repeat > generated variable > limit > queue.
 */
export type ExprAttributeKind = 'event' | 'meter' | 'variable' | 'repeat' | 'generated' | 'limit' | 'queue';

/** {@link ExprAttributeKind}s in lookup priority order (first match wins). */
export const EXPR_ATTRIBUTE_PRIORITY: readonly ExprAttributeKind[] = [
  'event',
  'meter',
  'variable',
  'repeat',
  'generated',
  'limit',
  'queue',
];

/**
 * The kind of a repeat. Only the date-like kinds change how `+`/`-` work when the repeat is the left operand:
 * `date`/`datelist` add days on the calendar (`20240131 + 1` is `20240201`), `datetime`/`datetimelist` add
 * seconds to the instant; the others are plain integers.
 */
export type ExprRepeatKind =
  'integer' | 'enumerated' | 'string' | 'date' | 'datelist' | 'datetime' | 'datetimelist' | 'day';

/**
 * Read access to the run-time tree, as expressions need it. `ref` is always a handle that the
 * {@link ReferenceResolver} returned when the expression was compiled, so implementations never look paths up.
 * Every method must be cheap and side-effect free; values are ecFlow's C++ `int`s.
 *
 * @typeParam Ref - The implementation's node handle (typically its node object).
 */
export interface ExpressionEnvironment<Ref> {
  /** The node's state as expressions see it (`suspended` first, then the node state). */
  nodeState(ref: Ref): ExprNodeState;
  /** True when the event is set. `name` is the event's name even if the expression used its number. */
  eventValue(ref: Ref, name: string): boolean;
  /** The meter's current value. */
  meterValue(ref: Ref, name: string): number;
  /** The text of the node's own user variable (converted here with ecFlow's integer rule). */
  variableValue(ref: Ref, name: string): string;
  /**
   * ecFlow's `last_valid_value()` of the node's repeat: the value clamped to the repeat's range (integer, date
   * as `yyyymmdd`, datetime as seconds since the epoch), the value of an `enumerated` item when it is an integer
   * else its index, the index of a `string` item, the step of a `day` repeat, and for lists the current item
   * (first/last when the index ran off either end; 0 for an empty list).
   */
  repeatValue(ref: Ref, name: string): number;
  /** The text of a generated variable (ECF_TRYNO, YMD_YYYY, …), converted here with ecFlow's integer rule. */
  generatedVariable(ref: Ref, name: string): string;
  /** The limit's current value (tokens in use). */
  limitValue(ref: Ref, name: string): number;
  /** The queue's current index or value (ecFlow `index_or_value`). Optional: absent means 0. */
  queueValue?(ref: Ref, name: string): number;
  /** True when the flag is set on the node (on the server/root when `ref` is the root). */
  flag(ref: Ref, flag: ExprFlagName): boolean;
}
