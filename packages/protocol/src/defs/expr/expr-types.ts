import type { NodeStateName } from '../model/states.js';

/** Comparison operators, in canonical (symbolic) spelling; `eq ne lt le gt ge` parse to these. */
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Arithmetic operators. ecFlow gives them all the same precedence and evaluates left to right. */
export type ArithOperator = '+' | '-' | '*' | '/' | '%';

/** Node flags an expression may read with `path<flag>name`. */
export type ExprFlagName = 'late' | 'zombie' | 'archived';

/** Calendar functions callable as `cal::<name>(arg)`. */
export type ExprFunctionName = 'date_to_julian' | 'julian_to_date';

/** `a and b and c` (also `&&`, `AND`): true when every operand is non-zero. */
export interface AndExpr {
  readonly kind: 'and';
  readonly operands: readonly Expr[];
}

/** `a or b or c` (also `||`, `OR`): true when any operand is non-zero. */
export interface OrExpr {
  readonly kind: 'or';
  readonly operands: readonly Expr[];
}

/** `not x` (also `!x`, `~x`). */
export interface NotExpr {
  readonly kind: 'not';
  readonly operand: Expr;
}

/**
 * A comparison. Besides numbers it covers `path == state` (left a {@link NodeRefExpr}, right a
 * {@link StateExpr}, operator `==`/`!=`) and `path:event == set|clear` (right an {@link EventValueExpr}).
 */
export interface CompareExpr {
  readonly kind: 'compare';
  readonly op: CompareOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/**
 * A left-to-right arithmetic chain: `operands[0] ops[0] operands[1] ops[1] …` (so `1 + 2 * 3` is 9, as in
 * ecFlow). Kept flat so long chains never make a deep tree.
 */
export interface ArithExpr {
  readonly kind: 'arith';
  readonly operands: readonly Expr[];
  /** `ops.length === operands.length - 1`. */
  readonly ops: readonly ArithOperator[];
}

/** A node path whose state is read; only appears as the left side of `== state` / `!= state`. */
export interface NodeRefExpr {
  readonly kind: 'node';
  /** As written: `/s/f/t`, `./t`, `../f/t`, `t`, `f/t`. */
  readonly path: string;
}

/** A node state literal (right side of `path == state`). */
export interface StateExpr {
  readonly kind: 'state';
  readonly state: NodeStateName;
}

/** `set` / `clear` (right side of `path:event == set`). */
export interface EventValueExpr {
  readonly kind: 'event-value';
  readonly value: 'set' | 'clear';
}

/**
 * `path:name`: an event, meter, variable, repeat, generated variable or limit of the node at `path`. Which one
 * is decided when the reference is resolved (ecFlow's priority: event > meter > variable > repeat > generated
 * variable > limit).
 */
export interface AttrExpr {
  readonly kind: 'attr';
  readonly path: string;
  readonly name: string;
}

/** `:NAME`: a variable looked up from the node holding the expression up the tree. */
export interface VarExpr {
  readonly kind: 'var';
  readonly name: string;
}

/** `path<flag>late|zombie|archived`: 1 when the flag is set. `path` may be `/` (the server). */
export interface FlagExpr {
  readonly kind: 'flag';
  readonly path: string;
  readonly flag: ExprFlagName;
}

/** A non-negative integer literal (ecFlow has no negative literals). */
export interface IntExpr {
  readonly kind: 'int';
  readonly value: number;
}

/** A `YYYYMMDDTHHMMSS` literal; it evaluates to seconds since 1970-01-01T00:00:00 UTC. */
export interface DateTimeExpr {
  readonly kind: 'datetime';
  /** The literal as written. */
  readonly text: string;
  /** Seconds since the epoch. */
  readonly value: number;
}

/** `cal::date_to_julian(x)` / `cal::julian_to_date(x)`. */
export interface CallExpr {
  readonly kind: 'call';
  readonly fn: ExprFunctionName;
  readonly arg: Expr;
}

/**
 * A parsed trigger/complete expression: a small, JSON-serialisable discriminated union on `kind`.
 *
 * @example
 * ```ts
 * parseExpression('a == complete and b:x > 3');
 * // { kind: 'and', operands: [
 * //   { kind: 'compare', op: '==', left: { kind: 'node', path: 'a' }, right: { kind: 'state', state: 'complete' } },
 * //   { kind: 'compare', op: '>', left: { kind: 'attr', path: 'b', name: 'x' }, right: { kind: 'int', value: 3 } } ] }
 * ```
 */
export type Expr =
  | AndExpr
  | OrExpr
  | NotExpr
  | CompareExpr
  | ArithExpr
  | NodeRefExpr
  | StateExpr
  | EventValueExpr
  | AttrExpr
  | VarExpr
  | FlagExpr
  | IntExpr
  | DateTimeExpr
  | CallExpr;

/** The `kind` of an {@link Expr}. */
export type ExprKind = Expr['kind'];

/**
 * Something an expression reads, as returned by `collectReferences`. Paths are as written (possibly relative to
 * the node holding the expression).
 */
export type ExprReference =
  | { readonly kind: 'node'; readonly path: string }
  | { readonly kind: 'attr'; readonly path: string; readonly name: string }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'flag'; readonly path: string; readonly flag: ExprFlagName };

/** Where an expression sits in its file, used to locate parse errors. */
export interface ExprLocation {
  /** File name for messages. */
  readonly file?: string;
  /** 1-based line of the expression's first character. @default 1 */
  readonly line?: number;
  /** 1-based column of the expression's first character within that line. @default 1 */
  readonly column?: number;
}

/** Deepest nesting of parentheses an expression may have; deeper input is a parse error, never a stack overflow. */
export const MAX_EXPRESSION_DEPTH = 200;

/** Largest integer literal (ecFlow stores them in a C++ `int`). */
export const MAX_EXPRESSION_INTEGER = 2147483647;
