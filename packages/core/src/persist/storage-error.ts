import { IsobarError, isIsobarError } from '@isobar/protocol';

/** The `code` of a Node file-system error, if any. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether `error` is a missing-file error. */
export function isMissingFile(error: unknown): boolean {
  return errnoCode(error) === 'ENOENT';
}

/**
 * Wraps a failed write (disk full, read-only or unwritable home…) as STORAGE_FAILED; an IsobarError passes
 * through unchanged.
 */
export function storageFailed(error: unknown, file: string): IsobarError {
  if (isIsobarError(error)) return error;
  const code = errnoCode(error) ?? 'EIO';
  const reason = `${code} writing ${file}`;
  return new IsobarError('STORAGE_FAILED', { details: { reason, file, code }, cause: error });
}

/** CORRUPT_FILE naming the file, the byte offset (when known) and the reason. */
export function corruptFile(file: string, reason: string, offset?: number): IsobarError {
  const where = offset === undefined ? reason : `${reason} at byte ${offset}`;
  return new IsobarError('CORRUPT_FILE', { details: { file, reason: where, offset } });
}

/** FORMAT_VERSION: a file written by another (newer or unknown) release. */
export function formatVersion(file: string, found: string, expected: number): IsobarError {
  return new IsobarError('FORMAT_VERSION', { details: { file, found, expected: String(expected) } });
}
