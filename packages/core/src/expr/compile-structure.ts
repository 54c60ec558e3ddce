import type { ArithExpr, CompareExpr, CompareOperator, Expr } from '@isobar/protocol/defs';
import type { CompileContext } from './compile-context.js';
import { compileAttr, compileFlag, compileNodeRef, compileVar } from './compile-operands.js';
import type { BooleanReader, CompiledNode, NumberReader } from './compiled-node.js';
import { dateToJulian, divideInt, julianToDate, moduloInt, repeatPlus, toInt32 } from './expr-values.js';

const TRUE = (): boolean => true;

/** Compiles any sub-expression into a {@link CompiledNode}. */
export function compileNode<Ref>(context: CompileContext<Ref>, expr: Expr): CompiledNode<Ref> {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return compileLogical(context, expr.kind, expr);
    case 'not': {
      const operand = compileNode(context, expr.operand);
      const inner = operand.bool;
      const value = operand.num;
      return { expr, bool: (env) => !inner(env), num: (env) => (value(env) === 0 ? 1 : 0), children: [operand] };
    }
    case 'compare':
      return compileCompare(context, expr);
    case 'arith':
      return compileArith(context, expr);
    case 'node':
      return compileNodeRef(context, expr);
    case 'attr':
      return compileAttr(context, expr);
    case 'var':
      return compileVar(context, expr);
    case 'flag':
      return compileFlag(context, expr);
    case 'call': {
      const arg = compileNode(context, expr.arg);
      const read = arg.num;
      const fn = expr.fn === 'date_to_julian' ? dateToJulian : julianToDate;
      const num: NumberReader<Ref> = (env) => fn(read(env));
      return { expr, num, bool: (env) => num(env) !== 0, children: [arg] };
    }
    case 'int':
    case 'datetime':
    case 'event-value':
    case 'state':
      return compileConstant(expr);
  }
}

function compileConstant<Ref>(expr: Expr): CompiledNode<Ref> {
  let value = 0;
  if (expr.kind === 'int') value = expr.value;
  else if (expr.kind === 'datetime') value = toInt32(expr.value);
  else if (expr.kind === 'event-value') value = expr.value === 'set' ? 1 : 0;
  else if (expr.kind === 'state') value = STATE_NUMBERS[expr.state];
  const truth = value !== 0;
  return { expr, num: () => value, bool: () => truth, children: [] };
}

const STATE_NUMBERS = { unknown: 0, complete: 1, queued: 2, aborted: 3, submitted: 4, active: 5 } as const;

/** `and`/`or` with short-circuit; two-operand forms (the common case) avoid the loop. */
function compileLogical<Ref>(
  context: CompileContext<Ref>,
  kind: 'and' | 'or',
  expr: Expr & { operands: readonly Expr[] },
) {
  const children = expr.operands.map((operand) => compileNode(context, operand));
  const readers = children.map((child) => child.bool);
  let bool: BooleanReader<Ref>;
  const [a, b] = readers;
  if (readers.length === 2 && a !== undefined && b !== undefined) {
    bool = kind === 'and' ? (env) => a(env) && b(env) : (env) => a(env) || b(env);
  } else if (kind === 'and') {
    bool = (env) => readers.every((read) => read(env));
  } else {
    bool = (env) => readers.some((read) => read(env));
  }
  const node: CompiledNode<Ref> = { expr, bool, num: (env) => (bool(env) ? 1 : 0), children };
  return node;
}

function comparator<Ref>(op: CompareOperator, l: NumberReader<Ref>, r: NumberReader<Ref>): BooleanReader<Ref> {
  switch (op) {
    case '==':
      return (env) => l(env) === r(env);
    case '!=':
      return (env) => l(env) !== r(env);
    case '<':
      return (env) => l(env) < r(env);
    case '<=':
      return (env) => l(env) <= r(env);
    case '>':
      return (env) => l(env) > r(env);
    case '>=':
      return (env) => l(env) >= r(env);
  }
}

function compileCompare<Ref>(context: CompileContext<Ref>, expr: CompareExpr): CompiledNode<Ref> {
  const left = compileNode(context, expr.left);
  const right = compileNode(context, expr.right);
  const bool = stateComparator(left, expr) ?? comparator(expr.op, left.num, right.num);
  return { expr, bool, num: (env) => (bool(env) ? 1 : 0), children: [left, right] };
}

/**
 * `path == state` compares the state names directly (interned strings, no table lookup); unresolved externs
 * read as `unknown`.
 */
function stateComparator<Ref>(left: CompiledNode<Ref>, expr: CompareExpr): BooleanReader<Ref> | undefined {
  if (expr.right.kind !== 'state' || (expr.op !== '==' && expr.op !== '!=')) return undefined;
  const wanted = expr.right.state;
  const equal = expr.op === '==';
  if (left.absent === true) {
    const fixed = (wanted === 'unknown') === equal;
    return () => fixed;
  }
  const state = left.state;
  if (state === undefined) return undefined;
  return equal ? (env) => state(env) === wanted : (env) => state(env) !== wanted;
}

/**
 * Left-to-right arithmetic with C++ `int` semantics. When the first operand is a date-like repeat and the first
 * operator is `+`/`-`, that step uses the repeat's arithmetic (ecFlow `last_valid_value_plus/minus`).
 */
function compileArith<Ref>(context: CompileContext<Ref>, expr: ArithExpr): CompiledNode<Ref> {
  const children = expr.operands.map((operand) => compileNode(context, operand));
  const [first, ...rest] = children;
  if (first === undefined) throw new TypeError('arithmetic without operands');
  let num: NumberReader<Ref> = first.num;
  expr.ops.forEach((op, index) => {
    const left = num;
    const right = (rest[index] as CompiledNode<Ref>).num;
    const kind = index === 0 ? first.repeatKind : undefined;
    if (kind !== undefined && (op === '+' || op === '-')) {
      num =
        op === '+'
          ? (env) => repeatPlus(kind, left(env), right(env))
          : (env) => repeatPlus(kind, left(env), -right(env));
    } else {
      num = arithStep(op, left, right);
    }
  });
  // ecFlow quirk: an arithmetic node used as a condition is always true (`AstPlus::evaluate()` returns true).
  return { expr, num, bool: TRUE, children };
}

function arithStep<Ref>(op: ArithExpr['ops'][number], l: NumberReader<Ref>, r: NumberReader<Ref>): NumberReader<Ref> {
  switch (op) {
    case '+':
      return (env) => (l(env) + r(env)) | 0;
    case '-':
      return (env) => (l(env) - r(env)) | 0;
    case '*':
      return (env) => Math.imul(l(env), r(env));
    case '/':
      return (env) => divideInt(l(env), r(env));
    case '%':
      return (env) => moduloInt(l(env), r(env));
  }
}
