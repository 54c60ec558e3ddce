// Notices that a file may have changed: fs.watch on its directory (an atomic rename replaces the inode, which a
// watch on the file itself would miss), debounced, plus a slow stat poll for file systems where fs.watch is
// silent (NFS, some containers). The owner decides whether the file really changed.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Options of {@link createFileWatcher}. */
export interface FileWatcherOptions {
  /** Quiet time after the last event before `onChange` runs. @default 50 */
  readonly debounceMs?: number;
  /** Interval of the stat fallback; 0 turns it off. @default 2000 */
  readonly pollIntervalMs?: number;
  /** Called when fs.watch cannot watch the directory (the poll still runs). */
  readonly onWatchError?: (error: unknown) => void;
}

/** A running watcher. */
export interface FileWatcher {
  /** Stops watching; safe to call twice. */
  close(): void;
}

/**
 * Calls `onChange` (debounced) whenever `file` may have changed. Timers are unref'd so a watcher never keeps
 * the process alive.
 */
export function createFileWatcher(file: string, onChange: () => void, options: FileWatcherOptions = {}): FileWatcher {
  const debounceMs = options.debounceMs ?? 50;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const trigger = (): void => {
    if (closed) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onChange();
    }, debounceMs);
    timer.unref();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name) trigger();
    });
    watcher.on('error', (error) => options.onWatchError?.(error));
  } catch (error) {
    options.onWatchError?.(error);
  }
  const poll = pollIntervalMs > 0 ? setInterval(trigger, pollIntervalMs) : undefined;
  poll?.unref();
  return {
    close: () => {
      closed = true;
      watcher?.close();
      if (timer !== undefined) clearTimeout(timer);
      if (poll !== undefined) clearInterval(poll);
    },
  };
}
