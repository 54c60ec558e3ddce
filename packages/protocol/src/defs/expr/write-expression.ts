import type { Expr } from './expr-types.js';

// Binding strength of each kind as an operand; higher binds tighter. Leaves are 9.
const STRENGTH: Readonly<Record<Expr['kind'], number>> = {
  or: 1,
  and: 2,
  not: 3,
  compare: 4,
  arith: 5,
  node: 9,
  state: 9,
  'event-value': 9,
  attr: 9,
  var: 9,
  flag: 9,
  int: 9,
  datetime: 9,
  call: 9,
};

/**
 * Writes an expression as canonical text: single spaces, `and`/`or`/`not`, symbolic comparisons, and only the
 * parentheses needed to rebuild the same tree, so `parseExpression(writeExpression(e))` deep-equals `e`.
 *
 * @example
 * ```ts
 * writeExpression(parseExpression('a eq complete AND (b:x+1) gt 2')); // 'a == complete and b:x + 1 > 2'
 * ```
 */
export function writeExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'or':
      return expr.operands.map((operand) => writeOperand(operand, 2)).join(' or ');
    case 'and':
      return expr.operands.map((operand) => writeOperand(operand, 3)).join(' and ');
    case 'not':
      return `not ${writeOperand(expr.operand, 4)}`;
    case 'compare':
      return `${writeOperand(expr.left, 5)} ${expr.op} ${writeCompareRight(expr.right)}`;
    case 'arith':
      return expr.operands
        .map((operand, i) => (i === 0 ? '' : `${expr.ops[i - 1]} `) + writeOperand(operand, 6))
        .join(' ');
    case 'node':
      return expr.path;
    case 'state':
      return expr.state;
    case 'event-value':
      return expr.value;
    case 'attr':
      return `${expr.path}:${expr.name}`;
    case 'var':
      return `:${expr.name}`;
    case 'flag':
      return `${expr.path}<flag>${expr.flag}`;
    case 'int':
      return String(expr.value);
    case 'datetime':
      return expr.text;
    case 'call':
      return `cal::${expr.fn}(${writeExpression(expr.arg)})`;
  }
}

/** Writes `operand`, in parentheses when it binds less tightly than `minimum`. */
function writeOperand(operand: Expr, minimum: number): string {
  const text = writeExpression(operand);
  return STRENGTH[operand.kind] < minimum ? `(${text})` : text;
}

/** The right side of a comparison may be `not <arithmetic>` (ecFlow: `a:x == ! 1`). */
function writeCompareRight(right: Expr): string {
  if (right.kind === 'not' && STRENGTH[right.operand.kind] >= 5) return `not ${writeExpression(right.operand)}`;
  return writeOperand(right, 5);
}
