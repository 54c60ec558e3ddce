import { IsobarError } from '@isobar/protocol';
import { writeExpression, type Expr } from '@isobar/protocol/defs';
import { bindReference } from './bind-reference.js';
import type { CompileContext, ExprDependency, ExprExternReference, ExprProblem } from './compile-context.js';
import { compileNode } from './compile-structure.js';
import type { CompiledNode } from './compiled-node.js';
import type { ExpressionEnvironment } from './expr-environment.js';
import type { ReferenceResolver } from './reference-resolver.js';

/**
 * Counts evaluations, so a test (or a metric) can check that one change re-evaluates only the expressions
 * that read it. Pass the same counter to many compilations.
 */
export interface EvaluationCounter {
  /** Evaluations so far; reset it freely. */
  evaluations: number;
}

/** Creates an {@link EvaluationCounter} at zero. */
export function createEvaluationCounter(): EvaluationCounter {
  return { evaluations: 0 };
}

/** Options of {@link compileExpression}. */
export interface CompileExpressionOptions<Ref> {
  /** Absolute path of the node holding the expression; relative paths resolve from it. */
  readonly holderPath: string;
  /** The holder itself, when the caller has it (saves looking `holderPath` up). @default found by `holderPath` */
  readonly holder?: Ref;
  /** Tree navigation used once, now; evaluation never looks anything up again. */
  readonly resolve: ReferenceResolver<Ref>;
  /**
   * The definition's `extern` declarations as written (`/x/t`, `/x/t:ev`, `t:ev`). A node reference is excused
   * by its path, an attribute or flag by `path:name`, `:NAME` by `holderPath:NAME`.
   * @default an empty set
   */
  readonly externs?: ReadonlySet<string>;
  /** Which expression this is, for messages. @default 'trigger' */
  readonly role?: 'trigger' | 'complete';
  /** Counts every {@link CompiledExpression.evaluate} call. @default none (no counting cost) */
  readonly counter?: EvaluationCounter;
}

/**
 * A trigger/complete expression bound to the run-time tree: all paths resolved, every operand a closure over a
 * node handle. Re-compile it when the tree's structure changes under it (the {@link DependencyIndex} reports
 * which holders need that).
 */
export interface CompiledExpression<Ref> {
  /** The source AST. */
  readonly expr: Expr;
  /** Canonical text of the expression. */
  readonly text: string;
  /** Path of the holder. */
  readonly holderPath: string;
  /** Trigger or complete. */
  readonly role: 'trigger' | 'complete';
  /** Everything it reads, without duplicates: the keys to subscribe in a {@link DependencyIndex}. */
  readonly dependencies: readonly ExprDependency<Ref>[];
  /** References excused by `extern`; they read as absent until the holder is compiled again. */
  readonly externs: readonly ExprExternReference[];
  /** ecFlow's `evaluate()`: true when the expression holds. */
  readonly evaluate: (env: ExpressionEnvironment<Ref>) => boolean;
  /** The compiled tree, for {@link explain}. */
  readonly root: CompiledNode<Ref>;
}

/**
 * Compiles a parsed trigger/complete expression against the run-time tree.
 *
 * Semantics follow ecFlow: `path == state` reads the node's state (`suspended` first); `path:name` is an event
 * (0/1, also `== set|clear`), meter, variable (its text as an integer, else 0), repeat (last valid value),
 * generated variable, limit or queue, in that priority; `:NAME` searches the holder and its ancestors;
 * integer arithmetic is C++ `int` (`/` truncates, `/ 0` and `% 0` give 0); `repeat ± n` on a date repeat moves
 * by days; an arithmetic expression used as a condition is true (ecFlow quirk); references excused by
 * `extern` read as absent (state unknown, value 0).
 *
 * @throws IsobarError `DEFS_CHECK_ERROR` listing every unresolvable reference in `details.unresolved`
 *   (`{ reference, reason }[]`), with `details.holder` and `details.expression`.
 * @example
 * ```ts
 * const compiled = compileExpression(parseExpression('../f/t == complete and t2:e'), {
 *   holderPath: '/s/g/x',
 *   resolve: tree.resolver,
 * });
 * if (compiled.evaluate(tree.environment)) release(node);
 * ```
 */
export function compileExpression<Ref>(expr: Expr, options: CompileExpressionOptions<Ref>): CompiledExpression<Ref> {
  const { holderPath, resolve, counter } = options;
  const role = options.role ?? 'trigger';
  const text = writeExpression(expr);
  const holder = resolve.findNode(holderPath);
  if (holder === undefined) {
    throw new IsobarError('DEFS_CHECK_ERROR', {
      details: { reason: `${role} of ${holderPath}: no such node`, holder: holderPath, expression: text },
    });
  }
  const context: CompileContext<Ref> = {
    resolver: resolve,
    holder,
    holderPath,
    externs: options.externs ?? NO_EXTERNS,
    problems: [],
    dependencies: [],
    externRefs: [],
    bind: (reference) => bindReference(context, reference),
  };
  const root = compileNode(context, expr);
  checkConstantDivisors(root, context.problems);
  if (context.problems.length > 0) throw unresolvedError(context.problems, { role, holderPath, text });
  const bool = root.bool;
  const evaluate =
    counter === undefined
      ? bool
      : (env: ExpressionEnvironment<Ref>): boolean => {
          counter.evaluations++;
          return bool(env);
        };
  return {
    expr,
    text,
    holderPath,
    role,
    dependencies: context.dependencies,
    externs: context.externRefs,
    evaluate,
    root,
  };
}

const NO_EXTERNS: ReadonlySet<string> = new Set();

/** ecFlow's `check` rejects a divisor that is zero; a literal zero is the case we can know at compile time. */
export function checkConstantDivisors<Ref>(node: CompiledNode<Ref>, problems: ExprProblem[]): void {
  const { expr } = node;
  if (expr.kind === 'arith') {
    expr.ops.forEach((op, index) => {
      const divisor = expr.operands[index + 1];
      if ((op === '/' || op === '%') && divisor?.kind === 'int' && divisor.value === 0) {
        problems.push({ reference: `${op} 0`, reason: op === '/' ? 'division by zero' : 'modulo by zero' });
      }
    });
  }
  for (const child of node.children) checkConstantDivisors(child, problems);
}

/** The `DEFS_CHECK_ERROR` listing every unresolvable reference of one expression. */
export function unresolvedError(
  problems: readonly ExprProblem[],
  where: { role: string; holderPath: string; text: string },
): IsobarError {
  const list = problems.map((problem) => `${problem.reference}: ${problem.reason}`).join('; ');
  return new IsobarError('DEFS_CHECK_ERROR', {
    details: {
      reason: `${where.role} '${where.text}' of ${where.holderPath}: ${list}`,
      holder: where.holderPath,
      expression: where.text,
      unresolved: problems,
    },
  });
}
