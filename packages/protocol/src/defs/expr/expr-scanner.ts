/**
 * Character-level scanning for the expression parser. ecFlow's grammar is scannerless (Boost.Spirit with a
 * whitespace skipper), so what a word means depends on where it stands; the parser therefore drives this cursor
 * directly instead of tokenising up front.
 */

/** True for a character of a node or variable name: `[A-Za-z0-9_.]`. */
export function isNameChar(code: number): boolean {
  return isNameStart(code) || code === 0x2e;
}

/** True for the first character of a name: `[A-Za-z0-9_]`. */
export function isNameStart(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f
  );
}

/** True for an ASCII digit. */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Whitespace skipped between tokens (C `isspace`, like Spirit's `space_p`). */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** A scanned node path with what the parser needs to reinterpret it. */
export interface ScannedPath {
  /** The path text as written. */
  readonly text: string;
  /** Offset where it starts. */
  readonly start: number;
  /** Offset just past its first segment (for `1/2`, which ecFlow reads as a division, not a path). */
  readonly firstSegmentEnd: number;
  /** True when it has no leading `/`, `.` or `..` (so its first segment may be a number). */
  readonly plain: boolean;
}

/** A cursor over the expression text. */
export class ExprScanner {
  /** Current offset. */
  pos = 0;

  constructor(readonly text: string) {}

  /** Skips whitespace; returns the new offset. */
  skipSpace(): number {
    const { text } = this;
    let pos = this.pos;
    while (pos < text.length && isSpace(text.charCodeAt(pos))) pos++;
    this.pos = pos;
    return pos;
  }

  /** True when only whitespace remains. */
  atEnd(): boolean {
    return this.skipSpace() >= this.text.length;
  }

  /** Character code at `pos + ahead` (NaN past the end). */
  code(ahead = 0): number {
    return this.text.charCodeAt(this.pos + ahead);
  }

  /** True when the text at the cursor starts with `word` (no skipping). */
  startsWith(word: string): boolean {
    return this.text.startsWith(word, this.pos);
  }

  /** Consumes `word` when the text at the cursor starts with it. */
  accept(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  /** Consumes the first of `words` found at the cursor and returns it. */
  acceptAny<T extends string>(words: readonly T[]): T | undefined {
    const { text, pos } = this;
    const code = text.charCodeAt(pos);
    // The first-character test keeps the usual miss cheap (most calls find no operator).
    for (const word of words) {
      if (word.charCodeAt(0) === code && text.startsWith(word, pos)) {
        this.pos = pos + word.length;
        return word;
      }
    }
    return undefined;
  }

  /** Consumes a name `[A-Za-z0-9_][A-Za-z0-9_.]*` and returns it, or undefined. */
  scanName(): string | undefined {
    const { text } = this;
    const start = this.pos;
    if (!isNameStart(text.charCodeAt(start))) return undefined;
    let pos = start + 1;
    while (pos < text.length && isNameChar(text.charCodeAt(pos))) pos++;
    this.pos = pos;
    return text.slice(start, pos);
  }

  /**
   * Consumes a node path in one of ecFlow's forms: `[/]name(/+name)*`, `.(/name)+`, `..(/+..)*(/+name)+`.
   * Returns undefined (cursor unchanged) when no path starts here.
   */
  scanPath(): ScannedPath | undefined {
    const start = this.pos;
    if (this.startsWith('..')) return this.scanDotDotPath(start);
    if (this.code() === 0x2e) return this.scanDotPath(start);
    const leadingSlash = this.code() === 0x2f;
    if (leadingSlash) this.pos++;
    if (this.scanName() === undefined) {
      this.pos = start;
      return undefined;
    }
    const firstSegmentEnd = this.pos;
    this.scanMoreSegments();
    return { text: this.text.slice(start, this.pos), start, firstSegmentEnd, plain: !leadingSlash };
  }

  /** `(/+ name)*`: each repetition is taken only when a name follows its slashes. */
  private scanMoreSegments(): void {
    for (;;) {
      let pos = this.pos;
      while (this.text.charCodeAt(pos) === 0x2f) pos++;
      if (pos === this.pos || !isNameStart(this.text.charCodeAt(pos))) return;
      this.pos = pos;
      this.scanName();
    }
  }

  private scanDotPath(start: number): ScannedPath | undefined {
    this.pos++;
    let segments = 0;
    while (this.code() === 0x2f && isNameStart(this.code(1))) {
      this.pos++;
      this.scanName();
      segments++;
    }
    if (segments === 0) {
      this.pos = start;
      return undefined;
    }
    return { text: this.text.slice(start, this.pos), start, firstSegmentEnd: this.pos, plain: false };
  }

  private scanDotDotPath(start: number): ScannedPath | undefined {
    this.pos += 2;
    for (;;) {
      let pos = this.pos;
      while (this.text.charCodeAt(pos) === 0x2f) pos++;
      if (pos === this.pos || !this.text.startsWith('..', pos)) break;
      this.pos = pos + 2;
    }
    const beforeNames = this.pos;
    this.scanMoreSegments();
    if (this.pos === beforeNames) {
      this.pos = start;
      return undefined;
    }
    return { text: this.text.slice(start, this.pos), start, firstSegmentEnd: this.pos, plain: false };
  }
}
