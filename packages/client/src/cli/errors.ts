// CLI errors and their one-line rendering. Duck-typed on IsobarError's shape (name, code, details) so the fast
// path can use it without loading @isobar/protocol.

/** Exit codes of INTERFACES.md. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A failure of the CLI itself (a file that cannot be read, a refused step): exit 1. */
export class CliError extends Error {
  /** Registry code for `--json` output (packages/protocol/src/errors/error-codes.ts). */
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: { code?: string; details?: Readonly<Record<string, unknown>> } = {}) {
    super(message);
    this.name = 'CliError';
    // A registry code, so --json consumers see the same codes as from the server.
    this.code = options.code ?? 'INVALID_ARGUMENT';
    this.details = options.details;
  }
}

/** Bad arguments or a missing confirmation: exit 2. */
export class CliUsageError extends CliError {
  constructor(message: string) {
    super(message, { code: 'INVALID_ARGUMENT' });
    this.name = 'CliUsageError';
  }
}

/** Ends the command with `exitCode` after it printed its own result (e.g. a failed check). */
export class CliExit extends Error {
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
    this.exitCode = exitCode;
  }
}

/** What the CLI prints and returns for an error. */
export interface ErrorReport {
  readonly exitCode: number;
  /** The line after `isobar: `. */
  readonly line: string;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;
}

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  details?: Record<string, unknown>;
}

const SOCKET_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

function isTlsCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_|TLS|SSL|EPROTO|HOSTNAME|ALTNAME/.test(code);
}

function unreachableLine(details: Record<string, unknown>): string {
  const url = typeof details['url'] === 'string' ? details['url'] : 'the server';
  const code = typeof details['errorCode'] === 'string' ? details['errorCode'] : '';
  const reason = typeof details['reason'] === 'string' ? details['reason'] : 'unknown reason';
  if (isTlsCode(code)) {
    return `cannot reach ${url} (TLS: ${reason}) — pass --ca FILE with the server's CA, or --insecure to skip checks`;
  }
  return `cannot reach ${url} (${SOCKET_REASONS[code] ?? reason}) — is isobar-server running?`;
}

const HINTS: Readonly<Record<string, string>> = {
  AUTH_REQUIRED: ' — log in with `isobar login` or pass --user/--password or --token',
  AUTH_EXPIRED: ' — log in again with `isobar login`',
  AUTH_FAILED: '',
  SERVER_HALTED: ' — `isobar restart` resumes it',
};

/** Turns anything thrown into the one line and exit code the CLI reports. */
export function describeError(error: unknown): ErrorReport {
  if (error instanceof CliError) {
    const exitCode = error instanceof CliUsageError ? EXIT.usage : EXIT.failed;
    return { exitCode, line: error.message, code: error.code, details: error.details };
  }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const message = typeof shape.message === 'string' ? shape.message : String(error);
  if (shape.name === 'IsobarError' && typeof shape.code === 'string') {
    const details = shape.details ?? {};
    const code = shape.code;
    if (code === 'UNREACHABLE') return { exitCode: EXIT.failed, line: unreachableLine(details), code, details };
    if (code === 'TIMEOUT') {
      return { exitCode: EXIT.failed, line: `${message} — raise --timeout or check the server`, code, details };
    }
    return { exitCode: EXIT.failed, line: `${message}${HINTS[code] ?? ''} [${code}]`, code, details };
  }
  return { exitCode: EXIT.failed, line: message, code: 'INTERNAL', details: undefined };
}
