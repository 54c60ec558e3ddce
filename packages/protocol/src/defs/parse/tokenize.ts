/** Removes one pair of surrounding quotes (`"x"` or `'x'`), as ecFlow does for values. */
export function unquote(value: string): string {
  const n = value.length;
  if (n >= 2) {
    const first = value.charCodeAt(0);
    if ((first === 34 || first === 39) && value.charCodeAt(n - 1) === first) return value.slice(1, n - 1);
  }
  return value;
}

/** True when `name` is a valid ecFlow name: `[A-Za-z0-9_][A-Za-z0-9_.]*`. */
export function isValidName(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c === 46 && i > 0);
    if (!ok) return false;
  }
  return true;
}

/** Parses a base-10 integer with an optional sign; `undefined` when `text` is not exactly one. */
export function parseInteger(text: string): number | undefined {
  const n = text.length;
  let i = 0;
  if (n > 0 && (text.charCodeAt(0) === 45 || text.charCodeAt(0) === 43)) i = 1;
  if (i === n || n - i > 15) return undefined;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(text);
}

/** The current statement and its tokens, as a parse context holds them. */
export interface TokenizedStatement {
  /** The statement text. */
  readonly statement: string;
  /** Offset of the statement in its line. */
  readonly base: number;
  /** Token `index`. */
  token(index: number): string;
  /** 1-based column of token `index` in the line. */
  columnOf(index: number): number;
}

/** Which tokens {@link joinTokens} joins. */
export interface TokenSpan {
  /** First token. */
  readonly from: number;
  /** One past the last token (`end > from`). */
  readonly end: number;
  /** Drop a token's last character when it has this code (a continuation `\`), then empty words. @default none */
  readonly skip?: number;
}

/**
 * Tokens `from..end` joined by single spaces, taken as one slice of the statement when they are already
 * single-spaced (the common case: no temporary word list, no copy of short words).
 */
export function joinTokens(target: TokenizedStatement, span: TokenSpan): string {
  const { from, end, skip = -1 } = span;
  const { statement, base } = target;
  const start = target.columnOf(from) - base - 1;
  let stop = start;
  for (let j = from; j < end; j++) {
    const word = target.token(j);
    const at = target.columnOf(j) - base - 1;
    if (
      word.charCodeAt(word.length - 1) === skip ||
      (j > from && (at !== stop + 1 || statement.charCodeAt(stop) !== 32))
    )
      return joinWords(target, span);
    stop = at + word.length;
  }
  return statement.slice(start, stop);
}

function joinWords(target: TokenizedStatement, span: TokenSpan): string {
  const { from, end, skip = -1 } = span;
  const words: string[] = [];
  for (let i = from; i < end; i++) {
    let word = target.token(i);
    if (word.charCodeAt(word.length - 1) === skip) word = word.slice(0, -1);
    if (word !== '') words.push(word);
  }
  return words.join(' ');
}
