import { IsobarError } from '../../errors/isobar-error.js';

/** The current statement being parsed: its tokens and where they came from. */
export class ParseContext {
  /** File name for messages. */
  readonly file: string;
  /** 1-based line number of the current statement. */
  line = 0;
  /** Text of the current physical line (the `source` of errors). */
  source = '';
  /** Tokens of the current statement. */
  tokens: string[] = [];
  /** 1-based column of each token in `source`. */
  columns: number[] = [];
  /** Text of the current statement (a line, or one `;`-separated part of it). */
  statement = '';
  /** Offset of `statement` within `source`. */
  base = 0;
  /** True after a `defs_state` line: `#` comments on attribute lines carry state. */
  persist = false;

  constructor(file: string) {
    this.file = file;
  }

  /** Column of token `index`, or the end of the line when the token is missing. */
  columnOf(index: number): number {
    return this.columns[index] ?? this.source.length + 1;
  }

  /** Token `index`, or '' when missing. */
  token(index: number): string {
    return this.tokens[index] ?? '';
  }

  /** Number of tokens before a `#` comment token. */
  get count(): number {
    const tokens = this.tokens;
    for (let i = 1; i < tokens.length; i++) if ((tokens[i] as string).charCodeAt(0) === 35) return i;
    return tokens.length;
  }

  /** Builds the one error the parser throws, located at token `index` (or a given column). */
  fail(reason: string, expected: string, index = 0): IsobarError {
    return new IsobarError('DEFS_PARSE_ERROR', {
      details: {
        file: this.file,
        line: this.line,
        column: this.columnOf(index),
        source: this.source,
        expected,
        reason,
      },
    });
  }
}
