// Options of the server log file, and the check of a new log path (`log new <path>`).
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IsobarError, noopLogger, type Logger } from '@isobar/protocol';

/** Options of {@link createServerLogFile}. */
export interface ServerLogFileOptions {
  /** The log file; created with its directories, appended to. */
  readonly file: string;
  /** Time source, milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
  /** Time stamps in UTC instead of local time (ecFlow writes local time). @default false */
  readonly utc?: boolean;
  /** Most lines `tail` returns. @default 100000 */
  readonly maxTailLines?: number;
  /** Most bytes `tail` reads from the end of the file. @default 16 MiB */
  readonly maxTailBytes?: number;
  /**
   * Most bytes kept waiting while the file cannot be written (disk full); beyond it the oldest are dropped and
   * the count of dropped bytes is logged once writing works again. @default 8 MiB
   */
  readonly maxPendingBytes?: number;
  /** Told when the file cannot be written or reopened (the lines stay pending). @default noopLogger */
  readonly logger?: Logger;
}

/** {@link ServerLogFileOptions} with defaults applied. */
export interface ResolvedServerLogFileOptions {
  readonly file: string;
  readonly now: () => number;
  readonly utc: boolean;
  readonly maxTailLines: number;
  readonly maxTailBytes: number;
  readonly maxPendingBytes: number;
  readonly logger: Logger;
}

/** Applies defaults; the file is made absolute. */
export function resolveServerLogFileOptions(options: ServerLogFileOptions): ResolvedServerLogFileOptions {
  return {
    file: resolve(options.file),
    now: options.now ?? Date.now,
    utc: options.utc ?? false,
    maxTailLines: options.maxTailLines ?? 100_000,
    maxTailBytes: options.maxTailBytes ?? 16 * 1024 * 1024,
    maxPendingBytes: options.maxPendingBytes ?? 8 * 1024 * 1024,
    logger: options.logger ?? noopLogger,
  };
}

/**
 * Checks that `file` can become the log: its directory exists and it is not a directory (ecFlow's rules for
 * `--log=new`). @throws IsobarError `INVALID_ARGUMENT`
 */
export function checkLogPath(file: string): void {
  const reason = (() => {
    try {
      return statSync(dirname(file)).isDirectory() ? undefined : 'its directory is not a directory';
    } catch {
      return 'its directory does not exist';
    }
  })();
  const isDirectory = (() => {
    try {
      return statSync(file).isDirectory();
    } catch {
      return false;
    }
  })();
  const problem = reason ?? (isDirectory ? 'it is a directory' : undefined);
  if (problem !== undefined) {
    throw new IsobarError('INVALID_ARGUMENT', {
      message: `cannot use ${file} as the server log: ${problem}`,
      details: { path: file, reason: problem },
    });
  }
}
