// Exit codes and the mapping from errors to them. The launcher is the only place that turns errors into exit
// codes: libraries throw IsobarErrors, the launcher prints one line and picks the code.
import { IsobarError, isIsobarError } from '@isobar/protocol';

/** Exit codes of every `isobar-server` command. */
export const EXIT = Object.freeze({
  /** The command did what it was asked. */
  ok: 0,
  /** A run-time failure: a file could not be written, the port is taken, a corrupt users file. */
  failure: 1,
  /** A usage error: a bad flag, environment variable or config value (the message names it). */
  usage: 2,
});

/**
 * A usage error: bad input from a flag, an environment variable or the config file. `message` is printed as
 * is, so it names the source and the field (`--port: …`, `ISOBAR_PORT: …`, `isobar.json: port: …`).
 *
 * @example
 * ```ts
 * throw usageError('--port: must be an integer from 0 to 65535, got "abc"');
 * ```
 */
export function usageError(message: string, details: Record<string, unknown> = {}): IsobarError {
  return new IsobarError('INVALID_ARGUMENT', { message, details: { reason: message, ...details } });
}

/** The exit code for an error: 2 for bad input (arguments, configuration), 1 for anything else. */
export function exitCodeOf(error: unknown): number {
  if (isIsobarError(error) && (error.code === 'INVALID_ARGUMENT' || error.code === 'CONFIG_ERROR')) return EXIT.usage;
  return EXIT.failure;
}

/** One line for the terminal: the error's message (IsobarErrors' messages already say what and where). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.message}${causeText(error.cause)}`;
  return String(error);
}

function causeText(cause: unknown): string {
  return cause instanceof Error && cause.message !== '' ? ` (${cause.message})` : '';
}
