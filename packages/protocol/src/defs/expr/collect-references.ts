import type { Expr, ExprReference } from './expr-types.js';

/**
 * Lists everything an expression reads, in reading order, duplicates included: node states (`path == state`),
 * attributes (`path:name`), inherited variables (`:NAME`) and flags (`path<flag>late`). The engine builds its
 * reverse dependency index from this; `check` resolves each entry.
 *
 * @example
 * ```ts
 * collectReferences(parseExpression('a == complete and :YMD > b:ev'));
 * // [{ kind: 'node', path: 'a' }, { kind: 'var', name: 'YMD' }, { kind: 'attr', path: 'b', name: 'ev' }]
 * ```
 */
export function collectReferences(expr: Expr): ExprReference[] {
  const found: ExprReference[] = [];
  // An explicit stack: hand-built trees may be deeper than the call stack allows.
  const pending: Expr[] = [expr];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    switch (next.kind) {
      case 'and':
      case 'or':
      case 'arith':
        for (let i = next.operands.length - 1; i >= 0; i--) pending.push(next.operands[i] as Expr);
        break;
      case 'not':
        pending.push(next.operand);
        break;
      case 'compare':
        pending.push(next.right, next.left);
        break;
      case 'call':
        pending.push(next.arg);
        break;
      case 'node':
        found.push({ kind: 'node', path: next.path });
        break;
      case 'attr':
        found.push({ kind: 'attr', path: next.path, name: next.name });
        break;
      case 'var':
        found.push({ kind: 'var', name: next.name });
        break;
      case 'flag':
        found.push({ kind: 'flag', path: next.path, flag: next.flag });
        break;
      case 'int':
      case 'datetime':
      case 'state':
      case 'event-value':
        break;
    }
  }
  return found;
}
