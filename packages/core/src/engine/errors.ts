import { IsobarError } from '@isobar/protocol';

/** NOT_FOUND for a path. */
export function notFound(path: string, reason?: string): IsobarError {
  return new IsobarError('NOT_FOUND', { details: reason === undefined ? { path } : { path, reason } });
}

/** WRONG_STATE: `path` is `state`, so `reason`. */
export function wrongState(path: string, state: string, reason: string): IsobarError {
  return new IsobarError('WRONG_STATE', { details: { path, state, reason } });
}

/** ALREADY_EXISTS for a path (or `path:name`). */
export function alreadyExists(path: string, reason?: string): IsobarError {
  return new IsobarError('ALREADY_EXISTS', { details: reason === undefined ? { path } : { path, reason } });
}

/** INVALID_ARGUMENT with a reason. */
export function invalidArgument(reason: string, details: Record<string, unknown> = {}): IsobarError {
  return new IsobarError('INVALID_ARGUMENT', { details: { ...details, reason } });
}

/** CONFLICT with a reason. */
export function conflict(reason: string, details: Record<string, unknown> = {}): IsobarError {
  return new IsobarError('CONFLICT', { details: { ...details, reason } });
}
