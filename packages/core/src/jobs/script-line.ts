/** One line of a script being pre-processed, with where it came from (for error messages). */
export interface ScriptLine {
  /** Text without its newline. */
  text: string;
  /** Script or include file the line was read from. */
  readonly file: string;
  /** 1-based line number in that file. */
  readonly line: number;
}

/** Splits file text into lines (a final newline does not make an extra empty line). */
export function toScriptLines(text: string, file: string): ScriptLine[] {
  const parts = text.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((part, index) => ({ text: part, file, line: index + 1 }));
}

/**
 * Counts micro characters as ecFlow does: a line starting with `#` counts none; when the count is odd and the
 * line has a later `#`, only the characters before the last `#` count (a shell comment may hold a lone `%`).
 */
export function countMicro(text: string, micro: string): number {
  const char = micro[0];
  if (char === undefined) return 0;
  let count = 0;
  let commentAt = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === char) count++;
    if (text[i] === '#') {
      if (i === 0) return 0;
      commentAt = i;
    }
  }
  if (count % 2 === 0 || commentAt === 0) return count;
  count = 0;
  for (let i = 0; i < commentAt; i++) if (text[i] === char) count++;
  return count;
}

/** The directive keyword after the micro character, when `text` starts with `micro + keyword`. */
export function startsDirective(text: string, micro: string, keyword: string): boolean {
  return text.startsWith(micro) && text.startsWith(keyword, micro.length);
}

/** The second whitespace-separated token of a line (`%include <x.h>` → `<x.h>`). */
export function secondToken(text: string): string | undefined {
  return text.trim().split(/\s+/)[1];
}
