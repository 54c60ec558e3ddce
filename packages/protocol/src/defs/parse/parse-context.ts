import { IsobarError } from '../../errors/isobar-error.js';
import type { Expr } from '../expr/index.js';

/** A parsed expression line remembered by its text (ASTs are immutable, so equal texts share one). */
export interface ParsedExpressionText {
  /** The canonical copy of the text. */
  readonly text: string;
  /** Its AST. */
  readonly ast: Expr;
}

/** The current statement being parsed: its tokens and where they came from. */
export class ParseContext {
  /** File name for messages. */
  readonly file: string;
  /** 1-based line number of the current statement. */
  line = 0;
  /** Text of the current physical line (the `source` of errors). */
  source = '';
  /** Number of tokens of the current statement. */
  size = 0;
  // Token storage reused from statement to statement (only the first `size` entries are current): fresh or
  // truncated arrays per line cost a runtime call or an allocation on every one of a big file's lines.
  private readonly words: string[] = [];
  private readonly columns: number[] = [];
  /** Text of the current statement (a line, or one `;`-separated part of it). */
  statement = '';
  /** Offset of `statement` within `source`. */
  base = 0;
  /** True after a `defs_state` line: `#` comments on attribute lines carry state. */
  persist = false;

  /** Names seen so far: big suites repeat the same few names, and the tree keeps one copy of each. */
  private readonly names = new Map<string, string>();
  /** Expressions seen so far, by text (suites repeat `../x == complete`-style triggers in every family). */
  expressions: Map<string, ParsedExpressionText> | undefined = new Map();
  /** Lookups answered by {@link expressions}. */
  expressionHits = 0;

  constructor(file: string) {
    this.file = file;
  }

  /** The first equal string seen by this parse (so the tree holds one copy of a repeated name). */
  intern(text: string): string {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    this.names.set(text, text);
    return text;
  }

  /** Makes `statement` (at offset `base` in `source`) the current statement and splits it at spaces and tabs. */
  read(statement: string, base: number): void {
    this.statement = statement;
    this.base = base;
    this.scan(statement, 0, statement.length);
  }

  /**
   * {@link read} for a whole `line` that is `text` from `start`: the tokens come from `text` itself, which
   * scans faster than the slice (a sliced string adds an indirection to every character read).
   */
  readLine(line: string, text: string, start: number): void {
    this.statement = line;
    this.base = 0;
    this.scan(text, start, start + line.length);
  }

  private scan(source: string, from: number, to: number): void {
    const { words, columns } = this;
    const offset = this.base + 1 - from;
    let size = 0;
    let i = from;
    while (i < to) {
      let code = source.charCodeAt(i);
      if (code === 32 || code === 9) {
        i++;
        continue;
      }
      const start = i;
      while (++i < to) {
        code = source.charCodeAt(i);
        if (code === 32 || code === 9) break;
      }
      words[size] = source.slice(start, i);
      columns[size++] = offset + start;
    }
    this.size = size;
  }

  /** 1-based column of token `index` in `source`, or the end of the line when the token is missing. */
  columnOf(index: number): number {
    return index < this.size ? (this.columns[index] as number) : this.source.length + 1;
  }

  /** Token `index`, or '' when missing. */
  token(index: number): string {
    return index < this.size ? (this.words[index] as string) : '';
  }

  /** Tokens from `from` to the end of the statement (a new array). */
  tokensFrom(from: number): string[] {
    return this.words.slice(from, Math.max(from, this.size));
  }

  /** Number of tokens before a `#` comment token. */
  get count(): number {
    const { words, size } = this;
    for (let i = 1; i < size; i++) if ((words[i] as string).charCodeAt(0) === 35) return i;
    return size;
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
