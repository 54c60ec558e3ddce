// The access-log part of the launcher's options: `--access-log PATH|stdout` and `--access-log-format`, or the
// config file's `accessLog` object. The format is checked here so a bad verb is a usage error naming its flag.
import { resolve } from 'node:path';
import { isIsobarError } from '@isobar/protocol';
import { parseAccessLogFormat, resolveAccessLogFormatOptions, type AccessLogFormatOptions } from '@isobar/access-log';
import type { LauncherConfig } from './config-schema.js';
import { usageError } from './launcher-errors.js';

/** Where the access log goes and how it looks. */
export interface AccessLogSettings {
  /** `'stdout'` or an absolute file path. */
  readonly target: 'stdout' | { readonly path: string };
  readonly format: AccessLogFormatOptions;
}

/** The format word of INTERFACES.md (`common|combined|framework|json|'<verbs>'`), checked. */
function parseFormat(text: string, source: string): AccessLogFormatOptions {
  const format = parseAccessLogFormat(text);
  try {
    resolveAccessLogFormatOptions(format);
  } catch (error) {
    const problems = isIsobarError(error) ? (error.details?.['problems'] as string[] | undefined) : undefined;
    const reason = problems?.join('; ') ?? (error as Error).message;
    throw usageError(`${source}: ${reason}`, { field: source });
  }
  return format;
}

/**
 * Resolves `--access-log`/`--access-log-format` over the config file's `accessLog`. Relative config paths are
 * relative to `configDir`; relative flag paths to the working directory.
 *
 * @throws IsobarError `INVALID_ARGUMENT` naming the flag or config key.
 */
export function parseAccessLogFlag(
  flags: { readonly accessLog?: string; readonly accessLogFormat?: string },
  config: LauncherConfig,
  configDir: string,
): AccessLogSettings | undefined {
  const flagPath = flags.accessLog === '' ? undefined : flags.accessLog;
  const target = flagPath ?? config.accessLog?.path;
  if (target === undefined) {
    if (flags.accessLogFormat !== undefined) {
      throw usageError('--access-log-format: needs --access-log PATH|stdout', { field: '--access-log' });
    }
    return undefined;
  }
  const format =
    flags.accessLogFormat !== undefined
      ? parseFormat(flags.accessLogFormat, '--access-log-format')
      : parseFormat(config.accessLog?.format ?? 'framework', 'accessLog.format');
  if (target === 'stdout') return { target, format };
  return { target: { path: resolve(flagPath !== undefined ? process.cwd() : configDir, target) }, format };
}
