/**
 * The registry of stable error codes. Every failure that crosses a package or process boundary carries one of
 * these codes. Codes are never renamed or reused; a retired code stays in the table with `retired: true`.
 * `docs/errors.md` documents every row, and a test keeps the two in sync.
 */

/** What the registry knows about one code. */
export interface ErrorCodeSpec {
  /** The HTTP status the server answers with. */
  readonly status: number;
  /** Message template; `{name}` placeholders are filled from the error's `details`. */
  readonly message: string;
  /** True when a client may retry the same request unchanged and expect a different outcome. */
  readonly retryable: boolean;
}

/**
 * Every error code with its HTTP status and message template.
 *
 * @example
 * ```ts
 * ERROR_CODES.NOT_FOUND.status; // 404
 * ```
 */
export const ERROR_CODES = {
  INVALID_ARGUMENT: { status: 400, message: 'Invalid argument: {reason}', retryable: false },
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON: {reason}', retryable: false },
  DEFS_PARSE_ERROR: { status: 400, message: '{file}:{line}:{column}: {reason}', retryable: false },
  DEFS_CHECK_ERROR: { status: 400, message: 'The definition failed its checks: {reason}', retryable: false },
  AUTH_REQUIRED: { status: 401, message: 'Authentication required', retryable: false },
  AUTH_FAILED: { status: 401, message: 'Wrong user name or password', retryable: false },
  FORBIDDEN: { status: 403, message: 'Not allowed: {reason}', retryable: false },
  NOT_FOUND: { status: 404, message: 'Not found: {path}', retryable: false },
  UNKNOWN_METHOD: { status: 404, message: 'No such RPC method: {method}', retryable: false },
  ROUTE_NOT_FOUND: { status: 404, message: 'No route for {method} {path}', retryable: false },
  METHOD_NOT_ALLOWED: { status: 405, message: 'HTTP method {method} is not allowed on {path}', retryable: false },
  CONFLICT: { status: 409, message: 'Conflict: {reason}', retryable: false },
  ALREADY_EXISTS: { status: 409, message: 'Already exists: {path}', retryable: false },
  WRONG_STATE: { status: 409, message: 'Not possible while {path} is {state}: {reason}', retryable: false },
  ZOMBIE: { status: 409, message: 'Child command from a zombie job of {path}: {reason}', retryable: true },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body exceeds {limit} bytes', retryable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Expected application/json, got {contentType}', retryable: false },
  AUTH_EXPIRED: { status: 419, message: 'The session has expired; log in again', retryable: false },
  THROTTLED: { status: 429, message: 'Too many attempts; retry after {retryAfter} s', retryable: true },
  INTERNAL: { status: 500, message: 'Internal server error', retryable: false },
  CONFIG_ERROR: { status: 500, message: 'Invalid configuration: {reason}', retryable: false },
  FORMAT_VERSION: {
    status: 500,
    message: '{file} has format version {found}; this release reads {expected}',
    retryable: false,
  },
  CORRUPT_FILE: { status: 500, message: '{file} is corrupt: {reason}', retryable: false },
  BAD_RESPONSE: {
    status: 502,
    message: 'The server sent a response that is not an Isobar envelope: {reason}',
    retryable: false,
  },
  SERVER_HALTED: { status: 503, message: 'The server is HALTED', retryable: true },
  SERVER_SUSPENDED: { status: 503, message: 'The server is suspended; retry later', retryable: true },
  SERVER_STOPPING: { status: 503, message: 'The server is stopping', retryable: true },
  TOO_BUSY: { status: 503, message: 'The server is too busy; retry later', retryable: true },
  UNREACHABLE: { status: 503, message: 'Cannot reach {url} ({reason})', retryable: true },
  TIMEOUT: { status: 504, message: 'No answer from {url} within {timeoutMs} ms', retryable: true },
  NOT_IMPLEMENTED: {
    status: 501,
    message: '{method} is not available in this server yet ({reason})',
    retryable: false,
  },
  STORAGE_FAILED: { status: 507, message: 'The change could not be made durable: {reason}', retryable: true },
} as const satisfies Record<string, ErrorCodeSpec>;

/** A registered error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** All registered codes, in registry order. */
export const ALL_ERROR_CODES: readonly ErrorCode[] = Object.freeze(Object.keys(ERROR_CODES) as ErrorCode[]);

/** True when `value` is a registered error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** The HTTP status for a code; unknown codes map to 500. */
export function httpStatusOf(code: string): number {
  return isErrorCode(code) ? ERROR_CODES[code].status : 500;
}

/**
 * Renders a code's message template with the given details. A placeholder with no matching detail is left
 * as its name in angle brackets so the message still reads.
 */
export function formatErrorMessage(code: ErrorCode, details?: Readonly<Record<string, unknown>>): string {
  return ERROR_CODES[code].message.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = details?.[key];
    if (value === undefined || value === null) return `<${key}>`;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
