import type { Expression, ExpressionPartKind } from '../model/index.js';
import { parseExpression } from '../expr/index.js';
import type { ParseContext } from './parse-context.js';

/**
 * Parses a `trigger`/`complete` line into a new part of `existing` (or a new expression). The text is the
 * words up to a `#` comment joined by single spaces, as ecFlow keeps it.
 */
export function parseExpressionLine(ctx: ParseContext, existing: Expression | undefined): Expression {
  const keyword = ctx.token(0);
  const expected = `${keyword} EXPR | ${keyword} -a EXPR | ${keyword} -o EXPR`;
  let i = 1;
  let kind: ExpressionPartKind = 'first';
  if (ctx.token(1) === '-a') kind = 'and';
  else if (ctx.token(1) === '-o') kind = 'or';
  if (kind !== 'first') i = 2;
  const words: string[] = [];
  for (; i < ctx.tokens.length; i++) {
    let word = ctx.token(i);
    if (word.endsWith('\\')) word = word.slice(0, -1);
    if (word === '') continue;
    if (word.charCodeAt(0) === 35) break;
    words.push(word);
  }
  if (words.length === 0) throw ctx.fail(`${keyword} needs an expression`, expected, i);
  const text = words.join(' ');
  if (kind === 'first' && existing !== undefined) {
    throw ctx.fail(`the node already has a ${keyword}; continue it with -a or -o`, expected, 0);
  }
  const first = kind === 'first' ? 1 : 2;
  const ast = parseExpression(text, { file: ctx.file, line: ctx.line, column: ctx.columnOf(first) });
  const part = { kind, text, ast };
  if (existing === undefined) {
    let free = false;
    if (ctx.persist) for (let j = i + 1; j < ctx.tokens.length; j++) if (ctx.token(j) === 'free') free = true;
    return { parts: [part], free };
  }
  existing.parts.push(part);
  return existing;
}
