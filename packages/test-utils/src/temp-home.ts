import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory that removes itself. */
export interface TempHome extends AsyncDisposable {
  /** Absolute path of the directory. */
  readonly path: string;
  /** Absolute path of `relative` inside the directory. */
  resolve(...relative: string[]): string;
  /** Removes the directory and everything in it; safe to call twice. */
  remove(): Promise<void>;
}

/**
 * Creates an empty temporary directory (a server home, a job directory). Use with `await using` or call
 * `remove()` in `after`.
 *
 * @example
 * ```ts
 * await using home = await createTempHome('isobar-server-');
 * ```
 */
export async function createTempHome(prefix = 'isobar-test-'): Promise<TempHome> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  let removed = false;
  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
  };
  return {
    path,
    resolve: (...relative: string[]) => join(path, ...relative),
    remove,
    [Symbol.asyncDispose]: remove,
  };
}
