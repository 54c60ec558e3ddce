/**
 * JSON access-log entries as Granitic's `structured.go` writes them: one object per line, keys sorted, every
 * value a string, HTML-safe escaping (Go's `json.Marshal`), wrapped in a prefix and a suffix. Unlike Granitic,
 * `RECEIVED` honours the UTC setting.
 */
import type { AccessLogEntry } from '@isobar/protocol';
import {
  contextValue,
  decodedPath,
  DURATION_UNITS_NS,
  elapsed,
  headerReader,
  receivedFormatter,
  remoteHost,
  requestLine,
} from './entry-values.js';
import type { Redactor } from './redaction.js';

/** The JSON content types. */
export const JSON_CONTENT_TYPES: readonly string[] = Object.freeze([
  'CONTEXT_VALUE',
  'REMOTE',
  'REQ_HEADER',
  'RECEIVED',
  'HTTP_METHOD',
  'PATH',
  'QUERY',
  'STATUS',
  'BYTES_OUT',
  'PROCESS_TIME',
  'REQUEST_LINE',
  'TEXT',
  'INSTANCE_ID',
]);

const NEEDS_ARG = new Set(['CONTEXT_VALUE', 'REQ_HEADER', 'RECEIVED', 'PROCESS_TIME', 'TEXT']);
const PROCESS_TIME_UNITS: Readonly<Record<string, number>> = {
  SECONDS: DURATION_UNITS_NS.s,
  MILLI: DURATION_UNITS_NS.ms,
  MICRO: DURATION_UNITS_NS.us,
};

/** One JSON field: `[name, contentType]` or `[name, contentType, arg]`. */
export type JsonField = readonly [name: string, contentType: string, arg?: string];

/** Granitic's default field list. */
export const DEFAULT_JSON_FIELDS: readonly JsonField[] = Object.freeze([
  ['Remote', 'REMOTE'],
  ['ForwardedFor', 'REQ_HEADER', 'X-Forwarded-For'],
  ['Received', 'RECEIVED', '02/Jan/2006:15:04:05 Z0700'],
  ['Method', 'HTTP_METHOD'],
  ['Path', 'PATH'],
  ['Query', 'QUERY'],
  ['Status', 'STATUS'],
  ['BytesReturned', 'BYTES_OUT'],
  ['ProcessTimeMicro', 'PROCESS_TIME', 'MICRO'],
] as const);

/** Checks one field (`where` names it in messages); returns the problems found. */
function fieldProblems(field: unknown, where: string): string[] {
  if (!Array.isArray(field) || field.length < 2 || field.length > 3 || !field.every((x) => typeof x === 'string')) {
    return [`${where} must be an array of 2 or 3 strings [name, contentType, arg?]`];
  }
  const [name, content, arg] = field as [string, string, string?];
  const problems: string[] = [];
  if (name === '') problems.push(`${where} has an empty name`);
  if (!JSON_CONTENT_TYPES.includes(content)) {
    problems.push(`${where}: ${content} is not a JSON content type (allowed: ${JSON_CONTENT_TYPES.join(', ')})`);
  } else if (NEEDS_ARG.has(content) && (arg ?? '').trim() === '') {
    problems.push(`${where}: content type ${content} needs an argument`);
  } else if (content === 'PROCESS_TIME' && PROCESS_TIME_UNITS[arg ?? ''] === undefined) {
    problems.push(`${where}: the PROCESS_TIME argument must be SECONDS, MILLI or MICRO, not ${arg}`);
  }
  return problems;
}

/** Validates a field list, reporting every problem. */
export function jsonFieldsProblems(fields: unknown): string[] {
  if (!Array.isArray(fields)) return ['json.fields must be an array of [name, contentType, arg?] arrays'];
  return fields.flatMap((field, i) => fieldProblems(field, `json.fields[${i}]`));
}

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

// eslint-disable-next-line no-control-regex -- control characters need escaping, that is what this finds
const NEEDS_ESCAPE = /["\\\x00-\x1f<>&\u2028\u2029\ud800-\udfff]/;

/** A JSON string literal as Go's `json.Marshal` writes it (HTML-safe). */
export function goJsonString(value: string): string {
  // Most values (addresses, paths, numbers) need no escaping at all.
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  const json = JSON.stringify(value);
  return json.replace(HTML_UNSAFE, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** What the field renderers need besides the entry. */
export interface JsonRenderContext {
  readonly utc: boolean;
  readonly redactor: Redactor;
  readonly instanceId: string;
}

type Value = (entry: AccessLogEntry) => string;

function fieldValue(content: string, arg: string, context: JsonRenderContext): Value {
  const { redactor } = context;
  switch (content) {
    case 'CONTEXT_VALUE':
      return (entry) => contextValue(entry, arg) ?? '';
    case 'REMOTE':
      return remoteHost;
    case 'REQ_HEADER': {
      const read = headerReader(arg, redactor);
      return (entry) => read(entry) ?? '';
    }
    case 'RECEIVED':
      return receivedFormatter(arg, context.utc);
    case 'HTTP_METHOD':
      return (entry) => entry.method;
    case 'PATH':
      return decodedPath;
    case 'QUERY':
      return (entry) => redactor.query(entry.query);
    case 'STATUS':
      return (entry) => String(entry.status);
    case 'BYTES_OUT':
      return (entry) => String(entry.bytesOut);
    case 'PROCESS_TIME': {
      const unit = PROCESS_TIME_UNITS[arg] ?? DURATION_UNITS_NS.us;
      return (entry) => elapsed(entry, unit);
    }
    case 'REQUEST_LINE':
      return (entry) => requestLine(entry, redactor);
    case 'TEXT':
      return () => arg;
    default:
      return (entry) => entry.instanceId ?? context.instanceId;
  }
}

/** Orders keys as Go sorts map keys: by UTF-8 bytes, which is code point order. */
function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Compiles validated fields into an entry renderer. A name given twice keeps its last definition, as Go's map
 * does.
 */
export function compileJsonFormat(
  fields: readonly JsonField[],
  affixes: { readonly prefix: string; readonly suffix: string },
  context: JsonRenderContext,
): (entry: AccessLogEntry) => string {
  const byName = new Map<string, JsonField>();
  for (const field of fields) byName.set(field[0], field);
  const names = [...byName.keys()].sort(compareKeys);
  const keys = names.map((name, i) => `${i === 0 ? '{' : ','}${goJsonString(name)}:`);
  const values = names.map((name) => {
    const [, content, arg] = byName.get(name)!;
    return fieldValue(content, arg ?? '', context);
  });
  const { prefix, suffix } = affixes;
  if (keys.length === 0) return () => `${prefix}{}${suffix}`;
  return (entry) => {
    let out = prefix;
    for (let i = 0; i < keys.length; i++) out += keys[i]! + goJsonString(values[i]!(entry));
    return `${out}}${suffix}`;
  };
}
