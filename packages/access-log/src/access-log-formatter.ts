/** Turns entries into access-log lines: text verbs or JSON, as configured. */
import type { AccessLogEntry } from '@isobar/protocol';
import {
  resolveAccessLogFormatOptions,
  type AccessLogFormatOptions,
  type ResolvedAccessLogFormatOptions,
} from './access-log-options.js';
import { compileJsonFormat } from './json-format.js';
import { createRedactor } from './redaction.js';
import { compileTextFormat } from './text-format.js';

/** A compiled format. */
export interface AccessLogFormatter {
  /** The options in effect. */
  readonly options: ResolvedAccessLogFormatOptions;
  /** Renders one entry as a complete line (text lines end with `\n`; JSON entries with the suffix). */
  format(entry: AccessLogEntry): string;
}

/**
 * Compiles a format once; formatting an entry then costs one pass over the compiled verbs.
 *
 * @throws IsobarError `CONFIG_ERROR` listing every problem of the options.
 * @example
 * ```ts
 * const formatter = createAccessLogFormatter({ preset: 'common' });
 * formatter.format(entry); // '127.0.0.1:5000 - alice [09/Oct/2019:15:01:35 +0000] "GET / HTTP/1.1" 200 12\n'
 * ```
 */
export function createAccessLogFormatter(
  options: AccessLogFormatOptions | ResolvedAccessLogFormatOptions = {},
): AccessLogFormatter {
  const resolved = isResolved(options) ? options : resolveAccessLogFormatOptions(options);
  const redactor = createRedactor(resolved.secretWords, resolved.secretHeaders);
  const format =
    resolved.entryFormat === 'json'
      ? compileJsonFormat(resolved.json.fields, resolved.json, {
          utc: resolved.utc,
          redactor,
          instanceId: resolved.instanceId,
        })
      : compileTextFormat(resolved.textParts, { utc: resolved.utc, redactor });
  return Object.freeze({ options: resolved, format });
}

function isResolved(
  options: AccessLogFormatOptions | ResolvedAccessLogFormatOptions,
): options is ResolvedAccessLogFormatOptions {
  return 'textParts' in options && Array.isArray(options.textParts);
}
