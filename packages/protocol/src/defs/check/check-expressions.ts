import { isIsobarError } from '../../errors/isobar-error.js';
import type { Expression } from '../model/attributes.js';
import type { DefsNode } from '../model/node.js';
import { collectReferences } from '../expr/collect-references.js';
import type { Expr, ExprReference } from '../expr/expr-types.js';
import { parseExpression } from '../expr/parse-expression.js';
import { hasExpressionName } from './expression-names.js';
import type { CheckFinding } from './check-types.js';
import { isExtern, resolveNodePath, type NodeIndex } from './node-index.js';

/** Adds the findings of the trigger and complete of `node`. */
export function checkNodeExpressions(index: NodeIndex, node: DefsNode, findings: CheckFinding[]): void {
  if (node.complete !== undefined)
    checkExpression(index, node, { which: 'complete', expression: node.complete, findings });
  if (node.trigger !== undefined)
    checkExpression(index, node, { which: 'trigger', expression: node.trigger, findings });
}

interface ExpressionToCheck {
  readonly which: 'trigger' | 'complete';
  readonly expression: Expression;
  readonly findings: CheckFinding[];
}

function checkExpression(index: NodeIndex, node: DefsNode, target: ExpressionToCheck): void {
  const path = index.paths.get(node) ?? '';
  const { which, findings } = target;
  if (node.kind === 'suite') {
    findings.push({ path, severity: 'error', message: `a suite cannot have a ${which}` });
  }
  for (const part of target.expression.parts) {
    const ast = partAst(part.ast, part.text);
    if (typeof ast === 'string') {
      findings.push({ path, severity: 'error', message: `${which} '${part.text}' does not parse: ${ast}` });
      continue;
    }
    for (const reference of collectReferences(ast)) {
      const problem = checkReference(index, node, reference);
      if (problem !== undefined) {
        findings.push({ path, severity: 'error', message: `${which} '${part.text}': ${problem}` });
      }
    }
    if (hasZeroDivisor(ast)) {
      findings.push({ path, severity: 'error', message: `${which} '${part.text}': division or modulo by zero` });
    }
  }
}

/** The part's AST as the parser stored it, or parsed here; a string is the parse error's reason. */
function partAst(stored: unknown, text: string): Expr | string {
  if (typeof stored === 'object' && stored !== null && typeof (stored as { kind?: unknown }).kind === 'string') {
    return stored as Expr;
  }
  try {
    return parseExpression(text);
  } catch (error) {
    if (!isIsobarError(error)) throw error;
    const reason = error.details?.['reason'];
    return typeof reason === 'string' ? reason : error.message;
    throw error;
  }
}

/** Why `reference` does not resolve from `holder`, or undefined when it does (or is declared `extern`). */
function checkReference(index: NodeIndex, holder: DefsNode, reference: ExprReference): string | undefined {
  if (reference.kind === 'var') return checkInheritedVariable(index, holder, reference.name);
  if (reference.kind === 'flag' && reference.path === '/') return undefined;
  const externName = reference.kind === 'attr' ? reference.name : reference.kind === 'flag' ? reference.flag : '';
  const resolved = resolveNodePath(index, holder, { path: reference.path, externName });
  if (resolved.kind === 'missing') return resolved.message;
  if (resolved.kind === 'extern' || reference.kind !== 'attr') return undefined;
  const target = resolved.node;
  if (hasExpressionName(target, reference.name)) return undefined;
  if (isExtern(index, reference.path, reference.name)) return undefined;
  const targetPath = index.paths.get(target) ?? reference.path;
  if (isExtern(index, targetPath, reference.name)) return undefined;
  return (
    `node ${targetPath} has no event, meter, variable, repeat, generated variable, limit or queue ` +
    `named '${reference.name}'`
  );
}

/** `:NAME` must be defined on the holder or one of its ancestors (or declared `extern holder:NAME`). */
function checkInheritedVariable(index: NodeIndex, holder: DefsNode, name: string): string | undefined {
  for (let node: DefsNode | undefined = holder; node !== undefined; node = index.parents.get(node)) {
    if (hasExpressionName(node, name)) return undefined;
  }
  const holderPath = index.paths.get(holder) ?? '';
  if (isExtern(index, holderPath, name)) return undefined;
  return `could not find variable '${name}' on ${holderPath} or any of its parents`;
}

/** ecFlow rejects `x / 0` and `x % 0` when the divisor is a constant zero. */
function hasZeroDivisor(expr: Expr): boolean {
  const pending: Expr[] = [expr];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.kind === 'arith') {
      for (let i = 0; i < next.ops.length; i++) {
        const op = next.ops[i];
        if ((op === '/' || op === '%') && constantValue(next.operands[i + 1]) === 0) return true;
      }
      pending.push(...next.operands);
    } else if (next.kind === 'and' || next.kind === 'or') pending.push(...next.operands);
    else if (next.kind === 'not') pending.push(next.operand);
    else if (next.kind === 'compare') pending.push(next.left, next.right);
  }
  return false;
}

function constantValue(expr: Expr | undefined): number | undefined {
  if (expr === undefined) return undefined;
  if (expr.kind === 'int' || expr.kind === 'datetime') return expr.value;
  if (expr.kind !== 'arith') return undefined;
  let value = constantValue(expr.operands[0]);
  for (let i = 0; i < expr.ops.length && value !== undefined; i++) {
    const right = constantValue(expr.operands[i + 1]);
    if (right === undefined) return undefined;
    value = applyArith(expr.ops[i] ?? '+', value, right);
  }
  return value;
}

function applyArith(op: string, left: number, right: number): number | undefined {
  if (op === '+') return left + right;
  if (op === '-') return left - right;
  if (op === '*') return left * right;
  if (right === 0) return undefined;
  return op === '/' ? Math.trunc(left / right) : left % right;
}
