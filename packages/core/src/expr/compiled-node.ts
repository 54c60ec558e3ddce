import type { Expr } from '@isobar/protocol/defs';
import type { ExpressionEnvironment, ExprNodeState, ExprRepeatKind } from './expr-environment.js';

/** Reads an operand as ecFlow's `Ast::value()` (an `int`). */
export type NumberReader<Ref> = (env: ExpressionEnvironment<Ref>) => number;

/** Reads an operand as ecFlow's `Ast::evaluate()`. */
export type BooleanReader<Ref> = (env: ExpressionEnvironment<Ref>) => boolean;

/**
 * One compiled sub-expression: the two readers (closures, built once, with every reference already resolved)
 * plus what `explain` needs to describe it.
 */
export interface CompiledNode<Ref> {
  /** The source sub-expression. */
  readonly expr: Expr;
  /** Value in a numeric context. */
  readonly num: NumberReader<Ref>;
  /** Truth in a boolean context. */
  readonly bool: BooleanReader<Ref>;
  /** Compiled operands, in source order. */
  readonly children: readonly CompiledNode<Ref>[];
  /**
   * For references: the resolved operand as text (`/s/f/t`, `/s/f/t:m`, `/s/f/t<flag>late`) and a describer of
   * its current value for `why` (`meter 3`, `queued`, `not set`).
   */
  readonly operand?: OperandDescription<Ref>;
  /** Set when the operand is a repeat: `repeat + n` / `repeat - n` then follow the repeat's arithmetic. */
  readonly repeatKind?: ExprRepeatKind;
  /** Set for a resolved node operand: reads its state as a name. */
  readonly state?: (env: ExpressionEnvironment<Ref>) => ExprNodeState;
  /** True for a reference excused by `extern`: it reads as absent (state unknown, value 0, flag not set). */
  readonly absent?: boolean;
}

/** How `explain` shows a resolved reference. */
export interface OperandDescription<Ref> {
  /** Resolved text, e.g. `/s/f/t:m`; an extern keeps its written form with ` (extern)`. */
  readonly label: string;
  /** Current value as words, e.g. `meter 3`, `event clear`, `queued`. */
  readonly describe: (env: ExpressionEnvironment<Ref>) => string;
}
