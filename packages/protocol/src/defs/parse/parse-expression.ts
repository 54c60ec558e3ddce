import type { Expression, ExpressionPart, ExpressionPartKind } from '../model/index.js';
import { parseExpression } from '../expr/index.js';
import type { ParseContext, ParsedExpressionText } from './parse-context.js';
import { joinTokens } from './tokenize.js';

const BACKSLASH = 92;

/** After this many distinct expressions, remembering them must have paid off at least once in 8 lookups. */
const MEMO_PROBATION = 4096;

/**
 * Parses `text` once per parse: equal texts share the canonical string and the (immutable) AST. When texts
 * hardly ever repeat (every trigger names its own absolute path), the memo is dropped: it would only cost.
 */
function parseOnce(ctx: ParseContext, text: string, column: number): ParsedExpressionText {
  const memo = ctx.expressions;
  const known = memo?.get(text);
  if (known !== undefined) {
    ctx.expressionHits++;
    return known;
  }
  const parsed = { text, ast: parseExpression(text, { file: ctx.file, line: ctx.line, column }) };
  if (memo === undefined) return parsed;
  if (memo.size >= MEMO_PROBATION && ctx.expressionHits * 8 < memo.size) ctx.expressions = undefined;
  else memo.set(text, parsed);
  return parsed;
}

function usage(keyword: string): string {
  return `${keyword} EXPR | ${keyword} -a EXPR | ${keyword} -o EXPR`;
}

/**
 * Parses a `trigger`/`complete` line into a new part of `existing` (or a new expression). The text is the
 * words up to a `#` comment joined by single spaces, as ecFlow keeps it.
 */
export function parseExpressionLine(ctx: ParseContext, existing: Expression | undefined): Expression {
  const keyword = ctx.token(0);
  let kind: ExpressionPartKind = 'first';
  if (ctx.token(1) === '-a') kind = 'and';
  else if (ctx.token(1) === '-o') kind = 'or';
  const from = kind === 'first' ? 1 : 2;
  const end = ctx.count;
  const text = end > from ? joinTokens(ctx, { from, end, skip: BACKSLASH }) : '';
  if (text === '') throw ctx.fail(`${keyword} needs an expression`, usage(keyword), end);
  if (kind === 'first' && existing !== undefined) {
    throw ctx.fail(`the node already has a ${keyword}; continue it with -a or -o`, usage(keyword), 0);
  }
  const parsed = parseOnce(ctx, text, ctx.columnOf(from));
  const part: ExpressionPart = { kind, text: parsed.text, ast: parsed.ast };
  if (existing === undefined) {
    let free = false;
    if (ctx.persist) for (let j = end + 1; j < ctx.size; j++) if (ctx.token(j) === 'free') free = true;
    return { parts: [part], free };
  }
  existing.parts.push(part);
  return existing;
}
