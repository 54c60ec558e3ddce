import { writeExpression, type CompareExpr } from '@isobar/protocol/defs';
import type { CompiledExpression } from './compile-expression.js';
import type { CompiledNode } from './compiled-node.js';
import type { ExpressionEnvironment } from './expr-environment.js';

/**
 * Why an expression does not hold, for `why`: one sentence per false leaf condition, innermost first and in
 * source order, e.g. `/s/f/t is queued, expected complete`, `/s/f/t:e is clear, expected set`,
 * `/s/f/t:m (meter 3) >= 5 is false`. Empty when the expression holds. An `or` lists every alternative (all
 * are false); an `and` lists only its false operands.
 *
 * @example
 * ```ts
 * explain(compiled, env); // ['/s/f/t is queued, expected complete']
 * ```
 */
export function explain<Ref>(compiled: CompiledExpression<Ref>, env: ExpressionEnvironment<Ref>): string[] {
  const reasons: string[] = [];
  if (!compiled.root.bool(env)) collectReasons(compiled.root, env, reasons);
  return reasons;
}

/** Appends why `node` (known to be false in a boolean context) is false. */
function collectReasons<Ref>(node: CompiledNode<Ref>, env: ExpressionEnvironment<Ref>, out: string[]): void {
  const { expr } = node;
  if (expr.kind === 'and' || expr.kind === 'or') {
    for (const child of node.children) if (!child.bool(env)) collectReasons(child, env, out);
  } else if (expr.kind === 'not') {
    const inner = node.children[0];
    const shown = inner === undefined ? '' : show(inner, env);
    out.push(`not (${writeExpression(expr.operand)}) is false: ${shown} holds`);
  } else if (expr.kind === 'compare') {
    out.push(explainCompare(node, expr, env));
  } else {
    out.push(`${show(node, env)} is ${expr.kind === 'flag' ? 'not set' : 'zero'}`);
  }
}

const NEGATED: Readonly<Record<CompareExpr['op'], string>> = {
  '==': 'expected',
  '!=': 'expected not',
  '<': 'expected below',
  '<=': 'expected at most',
  '>': 'expected above',
  '>=': 'expected at least',
};

function explainCompare<Ref>(node: CompiledNode<Ref>, expr: CompareExpr, env: ExpressionEnvironment<Ref>): string {
  const [left, right] = node.children;
  if (left === undefined || right === undefined) return `${writeExpression(expr)} is false`;
  const { operand } = left;
  if (operand !== undefined && (expr.right.kind === 'state' || expr.right.kind === 'event-value')) {
    const now = operand.describe(env);
    const current = expr.right.kind === 'event-value' ? now.replace(/^event /, '') : now;
    const wanted = expr.right.kind === 'state' ? expr.right.state : expr.right.value;
    return `${operand.label} is ${current}, ${NEGATED[expr.op]} ${wanted}`;
  }
  return `${show(left, env)} ${expr.op} ${show(right, env)} is false`;
}

/** A sub-expression with its current value: `/s/f/t:m (meter 3)`, `5`, `(a:x + 1) (= 4)`. */
function show<Ref>(node: CompiledNode<Ref>, env: ExpressionEnvironment<Ref>): string {
  const { expr, operand } = node;
  if (operand !== undefined) return `${operand.label} (${operand.describe(env)})`;
  if (expr.kind === 'int' || expr.kind === 'datetime') return writeExpression(expr);
  if (expr.kind === 'compare' || expr.kind === 'and' || expr.kind === 'or' || expr.kind === 'not') {
    return `(${writeExpression(expr)})`;
  }
  return `${writeExpression(expr)} (= ${node.num(env)})`;
}
