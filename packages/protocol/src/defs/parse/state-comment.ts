import type { ParseContext } from './parse-context.js';

/** Index of the first token starting with `#` (from 1), or -1. */
export function commentIndex(ctx: ParseContext): number {
  for (let i = 1; i < ctx.size; i++) if (ctx.token(i).charCodeAt(0) === 35) return i;
  return -1;
}

/** The words of the line's `#` comment joined by single spaces (without the `#`), or `undefined`. */
export function commentText(ctx: ParseContext): string | undefined {
  const start = commentIndex(ctx);
  if (start < 0) return undefined;
  const words: string[] = [];
  const first = ctx.token(start).slice(1);
  if (first !== '') words.push(first);
  for (let i = start + 1; i < ctx.size; i++) words.push(ctx.token(i));
  return words.length === 0 ? undefined : words.join(' ');
}
