/** Turns entries into access-log lines: text verbs or JSON, as configured. */
import type { AccessLogEntry } from '@isobar/protocol';
import {
  resolveAccessLogFormatOptions,
  type AccessLogFormatOptions,
  type ResolvedAccessLogFormatOptions,
} from './access-log-options.js';
import { compileJsonFormat } from './json-format.js';
import type { LineBuffer } from './line-buffer.js';
import { createRedactor } from './redaction.js';
import { compileTextFormat } from './text-format.js';

/** A compiled format. */
export interface AccessLogFormatter {
  /** The options in effect. */
  readonly options: ResolvedAccessLogFormatOptions;
  /** Renders one entry as a complete line (text lines end with `\n`; JSON entries with the suffix). */
  format(entry: AccessLogEntry): string;
}

/** A compiled format plus the writer's encoder (internal: the writer encodes lines straight into its queue). */
export interface CompiledAccessLogFormat {
  /** The options in effect. */
  readonly options: ResolvedAccessLogFormatOptions;
  /** The line of `entry`, as {@link AccessLogFormatter.format}. */
  readonly format: (entry: AccessLogEntry) => string;
  /** Appends the line of `entry` to `out` as UTF-8; the same bytes as `format(entry)`. */
  readonly encode: (entry: AccessLogEntry, out: LineBuffer) => void;
}

/** Compiles a format for the writer. @throws IsobarError `CONFIG_ERROR` listing every problem of the options. */
export function compileAccessLogFormat(
  options: AccessLogFormatOptions | ResolvedAccessLogFormatOptions,
): CompiledAccessLogFormat {
  const resolved = isResolved(options) ? options : resolveAccessLogFormatOptions(options);
  const redactor = createRedactor(resolved.secretWords, resolved.secretHeaders);
  if (resolved.entryFormat === 'json') {
    const format = compileJsonFormat(resolved.json.fields, resolved.json, {
      utc: resolved.utc,
      redactor,
      instanceId: resolved.instanceId,
    });
    return { options: resolved, format, encode: (entry, out) => out.appendString(format(entry)) };
  }
  const { format, encode } = compileTextFormat(resolved.textParts, { utc: resolved.utc, redactor });
  return { options: resolved, format, encode };
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
  const { options: resolved, format } = compileAccessLogFormat(options);
  return Object.freeze({ options: resolved, format });
}

function isResolved(
  options: AccessLogFormatOptions | ResolvedAccessLogFormatOptions,
): options is ResolvedAccessLogFormatOptions {
  return 'textParts' in options && Array.isArray(options.textParts);
}
