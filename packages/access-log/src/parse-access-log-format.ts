/** Reads the one-word format setting launchers accept (`--access-log-format`). */
import type { AccessLogFormatOptions } from './access-log-options.js';
import { isTextPreset } from './text-format.js';

/**
 * Maps `common`, `combined`, `framework`, `json` or a custom verb format to format options.
 *
 * @example
 * ```ts
 * parseAccessLogFormat('json'); // { entryFormat: 'json' }
 * parseAccessLogFormat('%h %s'); // { entryFormat: 'text', format: '%h %s' }
 * ```
 */
export function parseAccessLogFormat(value: string): Pick<AccessLogFormatOptions, 'entryFormat' | 'preset' | 'format'> {
  const word = value.trim().toLowerCase();
  if (word === 'json') return { entryFormat: 'json' };
  if (isTextPreset(word)) return { entryFormat: 'text', preset: word };
  return { entryFormat: 'text', format: value };
}
