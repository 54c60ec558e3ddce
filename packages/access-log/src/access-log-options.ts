/**
 * Options of the access-log formatter and writer, validated once: every problem is collected and reported in
 * one `CONFIG_ERROR` (`details.problems`), so an operator fixes a configuration in one pass.
 */
import { IsobarError, noopLogger, type Logger } from '@isobar/protocol';
import { DEFAULT_JSON_FIELDS, jsonFieldsProblems, type JsonField } from './json-format.js';
import { DEFAULT_SECRET_HEADERS, DEFAULT_SECRET_WORDS } from './redaction.js';
import { isTextPreset, parseTextFormat, TEXT_PRESETS, type TextFormatPart, type TextPreset } from './text-format.js';

/** JSON entry options (Granitic's `AccessLog.JSON`). */
export interface AccessLogJsonOptions {
  /** Text written before each JSON object. @default '' */
  readonly prefix?: string;
  /** Text written after each JSON object. @default '\n' */
  readonly suffix?: string;
  /** `[name, contentType, arg?]` fields; keys come out sorted whatever the order. @default DEFAULT_JSON_FIELDS */
  readonly fields?: readonly JsonField[];
}

/** How entries are rendered. Every field is optional. */
export interface AccessLogFormatOptions {
  /** `text` lines (verbs) or one `json` object per entry (Granitic's `Entry: TEXT|JSON`). @default 'text' */
  readonly entryFormat?: 'text' | 'json';
  /** A preset text format. Ignored when `format` is set. @default 'framework' */
  readonly preset?: TextPreset;
  /** A custom text format of verbs (`%h %l %u %t "%r" %s %b`); overrides `preset`. */
  readonly format?: string;
  /** JSON entry options, used when `entryFormat` is `json`. */
  readonly json?: AccessLogJsonOptions;
  /** Times in UTC (`true`) or in the process's local time zone, in text and JSON alike. @default true */
  readonly utc?: boolean;
  /** The instance id logged by `INSTANCE_ID` when the entry carries none. @default '' */
  readonly instanceId?: string;
  /** Extra words that mark query parameters and headers as secret (added to DEFAULT_SECRET_WORDS). @default [] */
  readonly secretWords?: readonly string[];
  /** Extra header names always logged as `***` (added to DEFAULT_SECRET_HEADERS). @default [] */
  readonly secretHeaders?: readonly string[];
}

/** The format options with defaults applied and the text format parsed. */
export interface ResolvedAccessLogFormatOptions {
  readonly entryFormat: 'text' | 'json';
  /** The text format in use (the preset's when no custom format was given). */
  readonly format: string;
  readonly textParts: readonly TextFormatPart[];
  readonly json: Required<AccessLogJsonOptions>;
  readonly utc: boolean;
  readonly instanceId: string;
  readonly secretWords: readonly string[];
  readonly secretHeaders: readonly string[];
}

type Problems = string[];

function checkString(value: unknown, name: string, problems: Problems): void {
  if (value !== undefined && typeof value !== 'string') problems.push(`${name} must be a string`);
}

function checkStringList(value: unknown, name: string, problems: Problems): readonly string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((x) => typeof x === 'string' && x !== '')) return value as string[];
  problems.push(`${name} must be an array of non-empty strings`);
  return [];
}

function resolveTextFormat(input: AccessLogFormatOptions, problems: Problems): string {
  checkString(input.format, 'format', problems);
  if (typeof input.format === 'string' && input.format !== '') return input.format;
  const preset: unknown = input.preset ?? 'framework';
  if (isTextPreset(preset)) return TEXT_PRESETS[preset];
  problems.push(`preset ${String(preset)} is not one of ${Object.keys(TEXT_PRESETS).join(', ')}`);
  return '';
}

function resolveJson(input: AccessLogJsonOptions | undefined, problems: Problems): Required<AccessLogJsonOptions> {
  checkString(input?.prefix, 'json.prefix', problems);
  checkString(input?.suffix, 'json.suffix', problems);
  const fields = input?.fields ?? DEFAULT_JSON_FIELDS;
  problems.push(...jsonFieldsProblems(fields));
  return Object.freeze({ prefix: input?.prefix ?? '', suffix: input?.suffix ?? '\n', fields });
}

/** Collects the problems of the format options (without throwing) and returns the resolved value. */
export function collectFormatOptions(
  input: AccessLogFormatOptions,
  problems: Problems,
): ResolvedAccessLogFormatOptions {
  const entryFormat: unknown = input.entryFormat ?? 'text';
  if (entryFormat !== 'text' && entryFormat !== 'json') problems.push(`entryFormat must be text or json`);
  const format = resolveTextFormat(input, problems);
  const parsed = parseTextFormat(format);
  if (entryFormat !== 'json') problems.push(...parsed.problems);
  const json = resolveJson(input.json, problems);
  if (input.utc !== undefined && typeof input.utc !== 'boolean') problems.push('utc must be a boolean');
  checkString(input.instanceId, 'instanceId', problems);
  return Object.freeze({
    entryFormat: entryFormat === 'json' ? 'json' : 'text',
    format,
    textParts: Object.freeze(parsed.parts),
    json,
    utc: input.utc ?? true,
    instanceId: input.instanceId ?? '',
    secretWords: Object.freeze([
      ...DEFAULT_SECRET_WORDS,
      ...checkStringList(input.secretWords, 'secretWords', problems),
    ]),
    secretHeaders: Object.freeze([
      ...DEFAULT_SECRET_HEADERS,
      ...checkStringList(input.secretHeaders, 'secretHeaders', problems),
    ]),
  });
}

/** Throws one `CONFIG_ERROR` listing every problem, if there is any. */
export function throwIfProblems(problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new IsobarError('CONFIG_ERROR', {
    details: { reason: `access log: ${problems.join('; ')}`, problems: [...problems] },
  });
}

/**
 * Applies defaults to the format options and validates them.
 *
 * @throws IsobarError `CONFIG_ERROR` with `details.problems` listing every problem.
 * @example
 * ```ts
 * resolveAccessLogFormatOptions({ format: '%h %Y' }); // throws: unknown verb %Y at index 3 …
 * ```
 */
export function resolveAccessLogFormatOptions(input: AccessLogFormatOptions = {}): ResolvedAccessLogFormatOptions {
  const problems: Problems = [];
  const resolved = collectFormatOptions(input, problems);
  throwIfProblems(problems);
  return resolved;
}

/**
 * The part of a Node `Writable` the writer uses. `process.stdout`, `fs.WriteStream` and any `Writable` fit.
 */
export interface AccessLogStream {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
  end?(callback?: () => void): unknown;
}

/** Options of {@link createAccessLogWriter}: a target (exactly one of `path`, `stream`) and the format. */
export interface AccessLogWriterOptions extends AccessLogFormatOptions {
  /** A file to append to (created with mode 0600 when missing). */
  readonly path?: string;
  /** A stream to write to instead of a file, e.g. `process.stdout` passed in by a launcher. */
  readonly stream?: AccessLogStream;
  /** End the stream on `close()`. Off by default: whoever passed a stream (stdout…) owns it. @default false */
  readonly endStream?: boolean;
  /** Lines that may wait for the background writer; `0` or less writes every line synchronously. @default 10 */
  readonly queueSize?: number;
  /** Where write failures are reported. @default noopLogger */
  readonly logger?: Logger;
}

/** Writer options with defaults applied. */
export interface ResolvedAccessLogWriterOptions extends ResolvedAccessLogFormatOptions {
  readonly target: { readonly path: string } | { readonly stream: AccessLogStream; readonly endStream: boolean };
  readonly queueSize: number;
  readonly logger: Logger;
}

function resolveTarget(input: AccessLogWriterOptions, problems: Problems): ResolvedAccessLogWriterOptions['target'] {
  const { path, stream } = input;
  if (path !== undefined && stream !== undefined) problems.push('give either path or stream, not both');
  if (stream !== undefined) {
    if (typeof stream?.write !== 'function') problems.push('stream must have a write(chunk, callback) method');
    return { stream, endStream: input.endStream === true };
  }
  if (typeof path !== 'string' || path.trim() === '') problems.push('path (a file) or stream is required');
  return { path: typeof path === 'string' ? path : '' };
}

/**
 * Applies defaults to the writer options and validates them (format and target together).
 *
 * @throws IsobarError `CONFIG_ERROR` with `details.problems` listing every problem.
 */
export function resolveAccessLogWriterOptions(input: AccessLogWriterOptions): ResolvedAccessLogWriterOptions {
  const problems: Problems = [];
  const format = collectFormatOptions(input, problems);
  const target = resolveTarget(input, problems);
  const queueSize = input.queueSize ?? 10;
  if (!Number.isSafeInteger(queueSize)) problems.push('queueSize must be an integer');
  throwIfProblems(problems);
  return Object.freeze({ ...format, target, queueSize: Math.max(0, queueSize), logger: input.logger ?? noopLogger });
}
