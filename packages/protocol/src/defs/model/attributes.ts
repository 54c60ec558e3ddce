import type { Expr } from '../expr/index.js';
import type { NodeStateName } from './states.js';

/**
 * `edit NAME value`: a user variable. ecFlow writes the value in single quotes with newlines escaped as `\n`.
 *
 * @example `edit ECF_HOME '/home/me/ecf'`
 */
export interface Variable {
  /** Variable name. */
  name: string;
  /** Value, unquoted (may be empty). */
  value: string;
}

/**
 * `label NAME "value"`. In the state dialect the current value follows as `# "new value"`.
 *
 * @example `label progress "waiting"`
 */
export interface Label {
  /** Label name. */
  name: string;
  /** Value given in the definition (newlines kept as real newlines). */
  value: string;
  /** Current value (state dialect); `undefined` when never changed. */
  newValue: string | undefined;
}

/**
 * `event N`, `event NAME`, `event N NAME` with an optional initial `set`.
 *
 * @example `event 1 ready set`
 */
export interface Event {
  /** Event number, `undefined` when the event has only a name. */
  number: number | undefined;
  /** Event name; empty when the event has only a number. */
  name: string;
  /** Initial value (`set` on the line). */
  initial: boolean;
  /** Current value (state dialect `# set` / `# clear`); `undefined` when equal to the initial value. */
  value: boolean | undefined;
}

/**
 * `meter NAME MIN MAX [COLOR_CHANGE]`; ecFlow always writes the colour change (default MAX).
 *
 * @example `meter progress 0 100 90`
 */
export interface Meter {
  /** Meter name. */
  name: string;
  /** Minimum (also the initial value). */
  min: number;
  /** Maximum. */
  max: number;
  /** Colour-change threshold. @default max */
  colorChange: number;
  /** Current value (state dialect `# N`); `undefined` when equal to `min`. */
  value: number | undefined;
}

/**
 * `limit NAME N`: a token pool. State dialect: `# used path path…`.
 *
 * @example `limit disk 10`
 */
export interface Limit {
  /** Limit name. */
  name: string;
  /** Number of tokens. */
  limit: number;
  /** Tokens in use (state dialect); `undefined` when 0. */
  value: number | undefined;
  /** Paths of the nodes holding tokens (state dialect). */
  paths: readonly string[] | undefined;
}

/**
 * `inlimit [-n] [-s] [path:]NAME [tokens]`.
 *
 * @example `inlimit -s /suite:disk 2`
 */
export interface InLimit {
  /** Limit name. */
  name: string;
  /** Path of the node holding the limit; empty = search up the tree. */
  path: string;
  /** Tokens consumed. @default 1 */
  tokens: number;
  /** `-n`: limit this node only (a family counts as one token). */
  nodeOnly: boolean;
  /** `-s`: limit submission only (tokens released at active). */
  submissionOnly: boolean;
  /** State dialect `# incremented:1`. */
  incremented: boolean;
}

/** Which of ecFlow's expression lines a part came from. */
export type ExpressionPartKind = 'first' | 'and' | 'or';

/**
 * One line of a trigger or complete: `trigger EXPR` (first), `trigger -a EXPR` (and), `trigger -o EXPR` (or).
 */
export interface ExpressionPart {
  /** Line kind. */
  kind: ExpressionPartKind;
  /** The expression text as written (trimmed). */
  text: string;
  /** The parsed expression (`parseExpression` of `defs/expr`), validated when the line was parsed. */
  ast: Expr;
}

/**
 * A trigger or complete expression, kept as ecFlow keeps it: the list of its lines.
 */
export interface Expression {
  /** The lines, the first one of kind `first`. */
  parts: ExpressionPart[];
  /** State dialect `# free`: the dependency was freed by the user. */
  free: boolean;
}

/** Repeat kinds (`repeat KIND ...`). */
export type RepeatKind =
  'integer' | 'enumerated' | 'string' | 'date' | 'datelist' | 'datetime' | 'datetimelist' | 'day';

/**
 * `repeat KIND NAME ...`: one per node. Numbers are kept as numbers, date-times as ecFlow's `yyyymmddTHHMMSS`.
 *
 * @example `repeat date YMD 20200101 20201231 1`
 */
export interface Repeat {
  /** Repeat kind. */
  kind: RepeatKind;
  /** Variable name (`day` has none: empty). */
  name: string;
  /**
   * For `integer`/`date`: `[start, end]`; for `datetime`: `[start, end]` as `yyyymmddTHHMMSS`; for
   * `enumerated`/`string`/`datelist`/`datetimelist`: the values; for `day`: empty.
   */
  values: readonly string[];
  /**
   * Step: `integer`/`date`/`day` a number (default 1); `datetime` a duration `HH:MM:SS` text kept as a
   * number of seconds (default 86400, as ecFlow). 0 for list kinds.
   */
  step: number;
  /**
   * Current value or index (state dialect `# v`); `undefined` at the start. For integer/date it is the value, for
   * datetime the instant text, for the list kinds (`string` too, as ecFlow writes it) the index. A finished repeat
   * stays one step past its end, as ecFlow keeps it: `repeat integer N 1 3 # 4`, `repeat enumerated E "a" "b" # 2`.
   */
  current: string | undefined;
}

/** Verify: `verify STATE:COUNT` (simulator expectation). State dialect: `# actual`. */
export interface Verify {
  /** State to count. */
  state: NodeStateName;
  /** Expected number of times the node reaches the state. */
  expected: number;
  /** Actual count (state dialect). */
  actual: number | undefined;
}
