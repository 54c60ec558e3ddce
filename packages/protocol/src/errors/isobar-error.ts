import { formatErrorMessage, isErrorCode, type ErrorCode } from './error-codes.js';

/** Structured, JSON-safe details attached to an error. */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Options of {@link IsobarError}. */
export interface IsobarErrorOptions {
  /** Message; defaults to the code's template filled from `details`. */
  readonly message?: string;
  /** Structured details (JSON-safe): field names, paths, limits. */
  readonly details?: ErrorDetails;
  /** The underlying error, kept for logs and never sent to clients. */
  readonly cause?: unknown;
}

const ISOBAR_ERROR_NAME = 'IsobarError';

/**
 * The one error class of Isobar. Recognise it with {@link isIsobarError} (by name and code, which survives
 * duplicate installs), not with `instanceof`.
 *
 * @example
 * ```ts
 * throw new IsobarError('NOT_FOUND', { details: { path: '/s/f/t' } });
 * ```
 */
export class IsobarError extends Error {
  /** The registry code. */
  readonly code: ErrorCode;
  /** Structured details, if any. */
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, options: IsobarErrorOptions = {}) {
    super(options.message ?? formatErrorMessage(code, options.details), { cause: options.cause });
    this.name = ISOBAR_ERROR_NAME;
    this.code = code;
    this.details = options.details;
  }
}

/** True when `value` is an {@link IsobarError} (checked by name and a registered code). */
export function isIsobarError(value: unknown): value is IsobarError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown; message?: unknown };
  return candidate.name === ISOBAR_ERROR_NAME && isErrorCode(candidate.code) && typeof candidate.message === 'string';
}

/** True when `value` is an {@link IsobarError} with the given code. */
export function hasErrorCode(value: unknown, code: ErrorCode): value is IsobarError {
  return isIsobarError(value) && value.code === code;
}

/**
 * Turns anything thrown into an {@link IsobarError}: Isobar errors pass through, anything else becomes
 * `INTERNAL` with the original kept as `cause`.
 */
export function toIsobarError(value: unknown): IsobarError {
  if (isIsobarError(value)) return value;
  return new IsobarError('INTERNAL', { cause: value });
}
