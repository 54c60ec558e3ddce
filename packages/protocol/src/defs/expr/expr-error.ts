import { IsobarError } from '../../errors/isobar-error.js';
import type { ExprLocation } from './expr-types.js';

/** What went wrong at one offset of an expression. */
export interface ExprFailure {
  /** 0-based offset of the offending token in the expression text. */
  readonly offset: number;
  /** What the parser expected there, e.g. `"')'"` or `'an operand'`. */
  readonly expected: string;
  /** One-sentence reason. */
  readonly reason: string;
}

/**
 * Builds the located `DEFS_PARSE_ERROR` for a failure inside `source`. The column is relative to the line the
 * expression starts on when `location.column` is the expression's start column; newlines inside the expression
 * (only possible when it is parsed on its own) move to the next lines.
 */
export function createExprParseError(source: string, failure: ExprFailure, location: ExprLocation = {}): IsobarError {
  let line = location.line ?? 1;
  let column = (location.column ?? 1) + failure.offset;
  const lastNewline = source.lastIndexOf('\n', failure.offset - 1);
  if (lastNewline >= 0) {
    for (let i = source.indexOf('\n'); i >= 0 && i < failure.offset; i = source.indexOf('\n', i + 1)) line++;
    column = failure.offset - lastNewline;
  }
  const found = describeFound(source, failure.offset);
  return new IsobarError('DEFS_PARSE_ERROR', {
    details: {
      file: location.file ?? '<expression>',
      line,
      column,
      source: source.length > 200 ? `${source.slice(0, 200)}…` : source,
      expected: failure.expected,
      reason: `${failure.reason} (expected ${failure.expected}, found ${found}) in expression '${shorten(source)}'`,
    },
  });
}

function describeFound(source: string, offset: number): string {
  if (offset >= source.length) return 'end of expression';
  const match = /^[A-Za-z0-9_.]+|^[=!<>&|]+|^\S/.exec(source.slice(offset, offset + 40));
  return match ? `'${match[0]}'` : 'end of expression';
}

function shorten(source: string): string {
  return source.length > 80 ? `${source.slice(0, 80)}…` : source;
}
