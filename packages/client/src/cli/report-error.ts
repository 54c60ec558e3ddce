// Prints an error as the CLI contract says: one line on stderr (`isobar: …`), or with --json one document on
// stdout; the stack only with --debug. Returns the exit code.
import { CliExit, describeError } from './errors.js';
import type { CliIo } from './io.js';

/** How to report. */
export interface ReportOptions {
  readonly json: boolean;
  readonly debug: boolean;
}

/** Reports `error` and returns the exit code (1, or 2 for usage errors). */
export function reportError(error: unknown, io: CliIo, options: ReportOptions): number {
  if (error instanceof CliExit) return error.exitCode;
  const report = describeError(error);
  if (options.json) {
    const body = { code: report.code, message: report.line, ...(report.details ? { details: report.details } : {}) };
    io.stdout.write(`${JSON.stringify({ ok: false, error: body })}\n`);
  } else {
    io.stderr.write(`isobar: ${report.line}\n`);
  }
  if (options.debug && error instanceof Error && error.stack !== undefined) {
    io.stderr.write(`${error.stack}\n`);
    if (error.cause instanceof Error && error.cause.stack !== undefined)
      io.stderr.write(`cause: ${error.cause.stack}\n`);
  }
  return report.exitCode;
}
