/**
 * TEXT access-log lines: a format of literal text and `%x`, `%%` and `%{arg}x` placeholders, split exactly as
 * Granitic's `unstructured.go` splits it, rendered with the verbs of reference/facilities.md §A.3.3.
 */
import type { AccessLogEntry } from '@isobar/protocol';
import {
  contextValue,
  decodedPath,
  DURATION_UNITS_NS,
  elapsed,
  escapeControl,
  headerReader,
  receivedFormatter,
  remoteHost,
  requestLine,
} from './entry-values.js';
import type { LineBuffer } from './line-buffer.js';
import type { Redactor } from './redaction.js';

/** The preset formats, as Granitic defines them. */
export const TEXT_PRESETS = Object.freeze({
  framework: '%h XFF[%{X-Forwarded-For}i] %l %u [%{02/Jan/2006:15:04:05 Z0700}t] "%m %U%q" %s %bB %{us}Tμs',
  common: '%h %l %u %t "%r" %s %b',
  combined: '%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i"',
} as const);

/** The name of a preset format. */
export type TextPreset = keyof typeof TEXT_PRESETS;

/** True when `value` names a preset. */
export function isTextPreset(value: unknown): value is TextPreset {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(TEXT_PRESETS, value);
}

/** The verb letters Granitic accepts. */
export const TEXT_VERBS: readonly string[] = Object.freeze([
  'b',
  'B',
  'D',
  'h',
  'i',
  'l',
  'm',
  'q',
  'r',
  's',
  't',
  'T',
  'u',
  'U',
  'X',
]);

/** Common Log Format time, brackets included (`%t`). */
const COMMON_LOG_LAYOUT = '[02/Jan/2006:15:04:05 -0700]';
const PLACEHOLDER = /%[a-zA-Z]|%%|%\{[^}]*\}[a-zA-Z]/g;

/** One placeholder of a parsed format. */
export interface TextPlaceholder {
  /** The verb letter, or `%` for `%%`. */
  readonly verb: string;
  /** The `{…}` argument, when given. */
  readonly arg?: string;
  /** Offset of the `%` in the format (0-based). */
  readonly index: number;
}

/** A parsed format: literal text and placeholders in order. */
export type TextFormatPart = string | TextPlaceholder;

/**
 * Splits a format into literal text and placeholders. Unknown verb letters are reported (each with its offset),
 * not thrown, so that configuration validation can list every problem at once.
 */
export function parseTextFormat(format: string): { parts: TextFormatPart[]; problems: string[] } {
  const parts: TextFormatPart[] = [];
  const problems: string[] = [];
  let last = 0;
  for (const match of format.matchAll(PLACEHOLDER)) {
    const index = match.index;
    if (index > last) parts.push(format.slice(last, index));
    last = index + match[0].length;
    const text = match[0];
    if (text === '%%') {
      parts.push({ verb: '%', index });
      continue;
    }
    const verb = text.slice(-1);
    if (!TEXT_VERBS.includes(verb)) {
      problems.push(`unknown verb ${text} at index ${index} of the access log format`);
      continue;
    }
    parts.push(text.startsWith('%{') ? { verb, arg: text.slice(2, -2), index } : { verb, index });
  }
  if (last < format.length) parts.push(format.slice(last));
  return { parts, problems };
}

/** What the verb renderers need besides the entry. */
export interface TextRenderContext {
  readonly utc: boolean;
  readonly redactor: Redactor;
}

type Render = (entry: AccessLogEntry) => string;

const orDash = (value: string | undefined): string => (value === undefined || value === '' ? '-' : value);

function simpleVerb(verb: string, context: TextRenderContext): Render {
  const { redactor } = context;
  switch (verb) {
    case '%':
      return () => '%';
    case 'b':
      return (entry) => (entry.bytesOut === 0 ? '-' : String(entry.bytesOut));
    case 'B':
      return (entry) => String(entry.bytesOut);
    case 'D':
      return (entry) => elapsed(entry, DURATION_UNITS_NS.us);
    case 'h':
      return (entry) => orDash(remoteHost(entry));
    case 'l':
      return () => '-';
    case 'm':
      return (entry) => entry.method;
    case 'q':
      return (entry) => (entry.query === '' ? '' : `?${redactor.query(entry.query)}`);
    case 'r':
      return (entry) => escapeControl(requestLine(entry, redactor));
    case 's':
      return (entry) => String(entry.status);
    case 't':
      return receivedFormatter(COMMON_LOG_LAYOUT, context.utc);
    case 'T':
      return (entry) => elapsed(entry, DURATION_UNITS_NS.s);
    case 'u':
      return (entry) => escapeControl(orDash(entry.user));
    case 'U':
      return (entry) => escapeControl(decodedPath(entry));
    default:
      // `%i` and `%X` without an argument: Granitic prints its "unsupported" marker.
      return () => '???';
  }
}

function verbWithArg(verb: string, arg: string, context: TextRenderContext): Render {
  switch (verb) {
    case 'i': {
      const read = headerReader(arg, context.redactor);
      return (entry) => escapeControl(orDash(read(entry)));
    }
    case 't':
      return receivedFormatter(arg, context.utc);
    case 'T': {
      const unit = (DURATION_UNITS_NS as Readonly<Record<string, number>>)[arg];
      return unit === undefined ? () => '??' : (entry) => elapsed(entry, unit);
    }
    case 'X':
      return (entry) => escapeControl(orDash(contextValue(entry, arg)));
    default:
      return () => '???';
  }
}

/** A compiled text format. */
export interface TextFormat {
  /** The line as a string (ends with `\n`). */
  readonly format: (entry: AccessLogEntry) => string;
  /** Appends the same line, as UTF-8, to `out` without building it as a string first (the writer's path). */
  readonly encode: (entry: AccessLogEntry, out: LineBuffer) => void;
}

/**
 * Compiles parsed parts into a line renderer and encoder (the line ends with `\n`). Adjacent constant parts are
 * merged, and encoded once for the encoder, so a line costs one step per verb.
 */
export function compileTextFormat(parts: readonly TextFormatPart[], context: TextRenderContext): TextFormat {
  const pieces: (string | Render)[] = [];
  for (const part of [...parts, '\n']) {
    const constant = typeof part === 'string' ? part : constantVerb(part);
    const previous = pieces[pieces.length - 1];
    if (constant === undefined) {
      const { verb, arg } = part as TextPlaceholder;
      pieces.push(arg === undefined ? simpleVerb(verb, context) : verbWithArg(verb, arg, context));
    } else if (typeof previous === 'string') {
      pieces[pieces.length - 1] = previous + constant;
    } else {
      pieces.push(constant);
    }
  }
  const encoded = pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece));
  return {
    format(entry) {
      let line = '';
      for (const piece of pieces) line += typeof piece === 'string' ? piece : piece(entry);
      return line;
    },
    encode(entry, out) {
      for (const piece of encoded) {
        if (typeof piece === 'function') out.appendString(piece(entry));
        else out.appendBytes(piece);
      }
    },
  };
}

function constantVerb(part: TextPlaceholder): string | undefined {
  if (part.verb === '%') return '%';
  if (part.verb === 'l' && part.arg === undefined) return '-';
  return undefined;
}
