// The last lines of a (possibly very large) log file, read backwards in chunks: `log get 100` on a log of many
// gigabytes reads a few kilobytes, not the file.
import { open } from 'node:fs/promises';

/** Options of {@link readLastLines}. */
export interface ReadLastLinesOptions {
  /** Most bytes read from the end of the file; older lines beyond it are not returned. @default 16 MiB */
  readonly maxBytes?: number;
  /** Size of each backwards read. @default 64 KiB */
  readonly chunkBytes?: number;
}

const isMissing = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ENOENT';

/**
 * The last `count` lines of `file`, oldest first, without their newlines; `[]` for a missing or empty file or a
 * `count` below 1. Reads at most `maxBytes` from the end: when the lines asked for are longer than that, the
 * first (partial) line of the window is dropped rather than returned cut.
 *
 * @example
 * ```ts
 * const lines = await readLastLines('/srv/isobar/log/server.log', 100);
 * ```
 */
export async function readLastLines(
  file: string,
  count: number,
  options: ReadLastLinesOptions = {},
): Promise<string[]> {
  if (count < 1) return [];
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    const window = Math.min(size, options.maxBytes ?? 16 * 1024 * 1024);
    const chunkBytes = options.chunkBytes ?? 64 * 1024;
    const chunks: Buffer[] = [];
    let position = size;
    let newlines = 0;
    // count + 1 newlines: the one before the first wanted line marks where it starts (the last may end the file).
    while (position > size - window && newlines <= count) {
      const length = Math.min(chunkBytes, position - (size - window));
      position -= length;
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      const chunk = buffer.subarray(0, bytesRead);
      for (const byte of chunk) if (byte === 0x0a) newlines++;
      chunks.unshift(chunk);
    }
    return lastLinesOf(Buffer.concat(chunks).toString('utf8'), count, position > 0);
  } finally {
    await handle.close();
  }
}

/** The last `count` complete lines of `text`; `cut`: the text starts mid-file, so its first line may be partial. */
function lastLinesOf(text: string, count: number, cut: boolean): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (cut && lines.length > count) return lines.slice(-count);
  if (cut) lines.shift();
  return lines.slice(-count);
}
