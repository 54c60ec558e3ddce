import { isNodeStateName, NODE_STATE_NAMES, type NodeStateName } from '../model/states.js';
import { createExprParseError, type ExprFailure } from './expr-error.js';
import { ExprScanner, isDigit, type ScannedPath } from './expr-scanner.js';
import { parseDateTimeLiteral } from './datetime-literal.js';
import {
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_INTEGER,
  type ArithOperator,
  type CompareOperator,
  type Expr,
  type ExprFlagName,
  type ExprLocation,
} from './expr-types.js';

const OR_WORDS = ['or', '||', 'OR'] as const;
const AND_WORDS = ['and', '&&', 'AND'] as const;
const EQUALITY_WORDS = ['==', '!=', 'eq', 'ne'] as const;
// Longer spellings first so `<=` is not read as `<`.
const COMPARE_WORDS = ['==', '!=', '<=', '>=', '<', '>', 'eq', 'ne', 'le', 'ge', 'lt', 'gt'] as const;
const ARITH_WORDS = ['+', '-', '*', '/', '%'] as const;
const FLAG_WORDS = ['late', 'zombie', 'archived'] as const;
const FUNCTION_WORDS = ['cal::date_to_julian', 'cal::julian_to_date'] as const;

const CANONICAL_COMPARE: Readonly<Record<(typeof COMPARE_WORDS)[number], CompareOperator>> = {
  '==': '==',
  '!=': '!=',
  '<=': '<=',
  '>=': '>=',
  '<': '<',
  '>': '>',
  eq: '==',
  ne: '!=',
  le: '<=',
  ge: '>=',
  lt: '<',
  gt: '>',
};

/** Kinds that evaluate to a number (arithmetic and comparison operands). */
function isNumericKind(kind: Expr['kind']): boolean {
  return (
    kind === 'int' ||
    kind === 'attr' ||
    kind === 'var' ||
    kind === 'arith' ||
    kind === 'flag' ||
    kind === 'call' ||
    kind === 'datetime'
  );
}

/** One shared leaf per state: ASTs are immutable, and `path == complete` is in almost every trigger. */
const STATE_LEAVES: Readonly<Record<NodeStateName, Expr>> = Object.freeze({
  unknown: Object.freeze({ kind: 'state', state: 'unknown' }),
  complete: Object.freeze({ kind: 'state', state: 'complete' }),
  queued: Object.freeze({ kind: 'state', state: 'queued' }),
  aborted: Object.freeze({ kind: 'state', state: 'aborted' }),
  submitted: Object.freeze({ kind: 'state', state: 'submitted' }),
  active: Object.freeze({ kind: 'state', state: 'active' }),
});

/** Shared `set` / `clear` leaves. */
const EVENT_VALUE_LEAVES: Readonly<Record<'set' | 'clear', Expr>> = Object.freeze({
  set: Object.freeze({ kind: 'event-value', value: 'set' }),
  clear: Object.freeze({ kind: 'event-value', value: 'clear' }),
});

/** Thrown inside the parser and turned into a located IsobarError at the entry point. */
class ExprSyntaxError extends Error {
  constructor(readonly failure: ExprFailure) {
    super(failure.reason);
  }
}

/**
 * Parses one trigger/complete expression with ecFlow's grammar: `and` binds tighter than `or`, `not` applies
 * to a whole comparison, comparisons do not chain, arithmetic operators share one precedence level and
 * evaluate left to right, `path == state` and `path:event == set|clear` are special forms. Runs in linear time;
 * parentheses nested deeper than {@link MAX_EXPRESSION_DEPTH} are a parse error.
 *
 * @param text - The expression, e.g. `../f/t == complete and :YMD ge 20240101`.
 * @param location - Where the expression starts in its file, used for the error location.
 * @throws IsobarError `DEFS_PARSE_ERROR` with `details: { file, line, column, source, expected, reason }`.
 * @example
 * ```ts
 * const expr = parseExpression('t1 == complete or t2:ev', { file: 'a.def', line: 7, column: 13 });
 * ```
 */
export function parseExpression(text: string, location?: ExprLocation): Expr {
  try {
    return new ExpressionParser(text).parseAll();
  } catch (error) {
    if (error instanceof ExprSyntaxError) throw createExprParseError(text, error.failure, location);
    throw error;
  }
}

class ExpressionParser {
  private readonly scanner: ExprScanner;

  constructor(private readonly text: string) {
    this.scanner = new ExprScanner(text);
  }

  parseAll(): Expr {
    if (this.scanner.atEnd()) this.fail(this.scanner.pos, 'an operand', 'the expression is empty');
    const expr = this.parseOr(0);
    if (!this.scanner.atEnd()) {
      this.fail(this.scanner.pos, "an operator, 'and', 'or' or the end", 'unexpected text after a complete operand');
    }
    return expr;
  }

  private parseOr(depth: number): Expr {
    const first = this.parseAnd(depth);
    if (!this.acceptWord(OR_WORDS)) return first; // no list for the usual single operand
    const operands = [first, this.parseAnd(depth)];
    while (this.acceptWord(OR_WORDS)) operands.push(this.parseAnd(depth));
    return { kind: 'or', operands };
  }

  private parseAnd(depth: number): Expr {
    const first = this.parseNot(depth);
    if (!this.acceptWord(AND_WORDS)) return first;
    const operands = [first, this.parseNot(depth)];
    while (this.acceptWord(AND_WORDS)) operands.push(this.parseNot(depth));
    return { kind: 'and', operands };
  }

  private parseNot(depth: number): Expr {
    if (this.acceptNot()) return { kind: 'not', operand: this.parseCompare(depth) };
    return this.parseCompare(depth);
  }

  private parseCompare(depth: number): Expr {
    this.scanner.skipSpace();
    const left = this.parseArith(depth);
    const opStart = this.scanner.skipSpace();
    const word = this.scanner.acceptAny(COMPARE_WORDS);
    if (word === undefined) return left;
    this.requireNumeric(left, opStart);
    const negated = this.acceptNot();
    const rightStart = this.scanner.skipSpace();
    const operand = this.parseArith(depth);
    this.requireNumeric(operand, rightStart);
    const right: Expr = negated ? { kind: 'not', operand } : operand;
    const next = this.scanner.skipSpace();
    if (this.scanner.acceptAny(COMPARE_WORDS) !== undefined) {
      this.fail(next, "'and', 'or' or the end", 'comparisons cannot be chained; use parentheses and and/or');
    }
    return { kind: 'compare', op: CANONICAL_COMPARE[word], left, right };
  }

  private parseArith(depth: number): Expr {
    this.scanner.skipSpace();
    const first = this.parsePrimary(depth);
    const opStart = this.scanner.skipSpace();
    let op = this.scanner.acceptAny(ARITH_WORDS);
    if (op === undefined) return first;
    this.requireNumeric(first, opStart);
    const operands: Expr[] = [first];
    const ops: ArithOperator[] = [];
    while (op !== undefined) {
      ops.push(op);
      const start = this.scanner.skipSpace();
      const operand = this.parsePrimary(depth);
      this.requireNumeric(operand, start);
      operands.push(operand);
      this.scanner.skipSpace();
      op = this.scanner.acceptAny(ARITH_WORDS);
    }
    return { kind: 'arith', operands, ops };
  }

  private parsePrimary(depth: number): Expr {
    const { scanner } = this;
    const start = scanner.skipSpace();
    if (scanner.accept('(')) return this.parseGroup(start, depth);
    const fn = scanner.acceptAny(FUNCTION_WORDS);
    if (fn !== undefined)
      return this.parseCall(fn === 'cal::date_to_julian' ? 'date_to_julian' : 'julian_to_date', depth);
    if (scanner.code() === 0x3a && scanner.code(1) !== 0x3a) {
      scanner.pos++;
      return { kind: 'var', name: this.expectName("a variable name after ':'") };
    }
    if (scanner.accept('/<flag>')) return this.parseFlag('/');
    const path = scanner.scanPath();
    if (path === undefined) return this.fail(start, 'an operand', 'missing operand');
    return this.parseAfterPath(path);
  }

  private parseGroup(start: number, depth: number): Expr {
    if (depth >= MAX_EXPRESSION_DEPTH) {
      this.fail(start, 'fewer nested parentheses', `parentheses nest deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    }
    const inner = this.parseOr(depth + 1);
    this.expectClose();
    return inner;
  }

  private parseCall(fn: 'date_to_julian' | 'julian_to_date', depth: number): Expr {
    const { scanner } = this;
    const open = scanner.skipSpace();
    if (!scanner.accept('(')) this.fail(open, "'('", `cal::${fn} needs an argument in parentheses`);
    if (depth >= MAX_EXPRESSION_DEPTH) {
      this.fail(open, 'fewer nested parentheses', `parentheses nest deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    }
    const argStart = scanner.skipSpace();
    const arg = this.parsePrimary(depth + 1);
    if (arg.kind !== 'int' && arg.kind !== 'attr' && arg.kind !== 'var') {
      this.fail(argStart, 'an integer or a variable reference', `invalid argument of cal::${fn}`);
    }
    this.expectClose();
    return { kind: 'call', fn, arg };
  }

  /** Decides what a path-shaped word is from what follows it (ecFlow's grammar is context-sensitive here). */
  private parseAfterPath(path: ScannedPath): Expr {
    const { scanner } = this;
    const afterPath = scanner.pos;
    scanner.skipSpace();
    if (scanner.code() === 0x3a && scanner.code(1) !== 0x3a) {
      scanner.pos++;
      const name = this.expectName("an attribute name after ':'");
      return this.parseEventCompare({ kind: 'attr', path: path.text, name });
    }
    if (scanner.accept('<flag>')) return this.parseFlag(path.text);
    const state = this.tryStateCompare(path.text);
    if (state !== undefined) return state;
    scanner.pos = afterPath;
    if (path.plain) {
      const literal = this.tryLiteral(path);
      if (literal !== undefined) return literal;
    }
    return this.explainBarePath(path);
  }

  /** `path:event == set|clear`; any other use of `path:name` is an ordinary numeric operand. */
  private parseEventCompare(attr: Expr): Expr {
    const { scanner } = this;
    const before = scanner.pos;
    scanner.skipSpace();
    const word = scanner.acceptAny(EQUALITY_WORDS);
    if (word !== undefined) {
      scanner.skipSpace();
      const value = scanner.acceptAny(['set', 'clear'] as const);
      if (value !== undefined) {
        return { kind: 'compare', op: CANONICAL_COMPARE[word], left: attr, right: EVENT_VALUE_LEAVES[value] };
      }
    }
    scanner.pos = before;
    return attr;
  }

  /** `path == state` / `path != state`, or undefined (cursor unchanged) when no state follows. */
  private tryStateCompare(path: string): Expr | undefined {
    const { scanner } = this;
    const before = scanner.pos;
    scanner.skipSpace();
    const word = scanner.acceptAny(EQUALITY_WORDS);
    if (word !== undefined) {
      scanner.skipSpace();
      const state = scanner.acceptAny(NODE_STATE_NAMES);
      if (state !== undefined) {
        return {
          kind: 'compare',
          op: CANONICAL_COMPARE[word],
          left: { kind: 'node', path },
          right: STATE_LEAVES[state],
        };
      }
    }
    scanner.pos = before;
    return undefined;
  }

  /** A number (`12`, also the `1` of `1/2`) or a `YYYYMMDDTHHMMSS` literal at the start of a plain path. */
  private tryLiteral(path: ScannedPath): Expr | undefined {
    if (!isDigit(this.text.charCodeAt(path.start))) return undefined; // both literals start with a digit
    const segment = this.text.slice(path.start, path.firstSegmentEnd);
    const dateTime = parseDateTimeLiteral(segment);
    if (dateTime !== undefined || /^\d{8}T\d{6}$/.test(segment)) {
      if (dateTime === undefined) this.fail(path.start, 'a valid date and time', `invalid date-time '${segment}'`);
      this.scanner.pos = path.firstSegmentEnd;
      return { kind: 'datetime', text: segment, value: dateTime };
    }
    let end = path.start;
    while (isDigit(this.text.charCodeAt(end))) end++;
    if (end === path.start || end !== path.firstSegmentEnd) return undefined;
    const value = Number(segment);
    if (value > MAX_EXPRESSION_INTEGER) {
      this.fail(path.start, `an integer up to ${MAX_EXPRESSION_INTEGER}`, `integer '${segment}' is too large`);
    }
    this.scanner.pos = end;
    return { kind: 'int', value };
  }

  private explainBarePath(path: ScannedPath): never {
    const word = path.text;
    if (word === 'set' || word === 'clear') {
      this.fail(path.start, 'an operand', `'${word}' may only follow 'path:event ==' or '!='`);
    }
    if (isNodeStateName(word)) {
      this.fail(path.start, 'an operand', `the state '${word}' may only follow 'path ==' or 'path !='`);
    }
    return this.fail(
      this.scanner.skipSpace(),
      `'== <state>', '!= <state>', ':<name>' or '<flag>' after the node path '${word}'`,
      'a node path needs a state comparison, an attribute or a flag',
    );
  }

  private parseFlag(path: string): Expr {
    const { scanner } = this;
    const start = scanner.skipSpace();
    const flag: ExprFlagName | undefined = scanner.acceptAny(FLAG_WORDS);
    if (flag === undefined) this.fail(start, "'late', 'zombie' or 'archived'", 'unknown flag');
    return { kind: 'flag', path, flag };
  }

  private expectName(expected: string): string {
    const start = this.scanner.skipSpace();
    const name = this.scanner.scanName();
    return name ?? this.fail(start, expected, 'missing name');
  }

  private expectClose(): void {
    const at = this.scanner.skipSpace();
    if (!this.scanner.accept(')')) this.fail(at, "')'", 'unbalanced parentheses');
  }

  /** `not ` (a space or `(` must follow), `!` (not `!=`) or `~`. */
  private acceptNot(): boolean {
    const { scanner } = this;
    scanner.skipSpace();
    if (scanner.startsWith('not') && (scanner.code(3) === 0x28 || /\s/.test(scanner.text.charAt(scanner.pos + 3)))) {
      scanner.pos += 3;
      return true;
    }
    if (scanner.code() === 0x21 && scanner.code(1) !== 0x3d) return scanner.accept('!');
    return scanner.accept('~');
  }

  private acceptWord(words: readonly string[]): boolean {
    this.scanner.skipSpace();
    return this.scanner.acceptAny(words) !== undefined;
  }

  /** Arithmetic and comparison operands must be numbers: ecFlow rejects `(a == complete) + 1`. */
  private requireNumeric(expr: Expr, at: number): void {
    if (isNumericKind(expr.kind)) return;
    this.fail(at, 'a number, attribute or variable', 'a condition cannot be used as a number');
  }

  private fail(offset: number, expected: string, reason: string): never {
    throw new ExprSyntaxError({ offset, expected, reason });
  }
}
