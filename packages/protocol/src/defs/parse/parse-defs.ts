import type { Defs, DefsNode } from '../model/index.js';
import { createDefs } from '../model/index.js';
import { applyAttribute, applyDefsVariable } from './apply-attribute.js';
import { NodeBuilder } from './node-builder.js';
import { ParseContext } from './parse-context.js';
import { parseDefsState, parseHistory } from './parse-state.js';

/** Options of {@link parseDefs}. */
export interface ParseDefsOptions {
  /** File name used in error messages. @default '<defs>' */
  readonly file?: string;
}

/** Splits a line holding `a; b; c` into statements, as ecFlow does outside the state dialect. */
function splitStatements(line: string): string[] | undefined {
  if (line.indexOf(';') < 0) return undefined;
  const trimmed = line.trimStart();
  if (trimmed.charCodeAt(0) === 35 || trimmed.startsWith('label ') || trimmed.startsWith('label\t')) return undefined;
  const hash = line.indexOf('#');
  const body = hash < 0 ? line : line.slice(0, hash);
  const parts = body.split(';').filter((part) => part.length > 0);
  // A ';' inside an edit value: keep the line whole (ecFlow's rule).
  if (parts.length > 0 && (parts[0] as string).includes('edit')) {
    if (parts.some((part) => !part.trimStart().startsWith('edit'))) return undefined;
  }
  return parts;
}

/**
 * Parses ecFlow definition text (plain `.def` or the STATE/MIGRATE dialect of checkpoints and `get --state`).
 * Linear in the input; throws only `IsobarError('DEFS_PARSE_ERROR')` with `details` = `{file, line, column,
 * source, expected, reason}`. Reference checks (paths in triggers, inlimits, autorestore) are left to `check`.
 *
 * @example
 * ```ts
 * const defs = parseDefs('suite s\n  task t\nendsuite\n', { file: 'x.def' });
 * ```
 */
export function parseDefs(text: string, options: ParseDefsOptions = {}): Defs {
  const ctx = new ParseContext(options.file ?? '<defs>');
  const builder = new NodeBuilder(ctx, createDefs());
  const length = text.length;
  let position = 0;
  // Next ';' in the text, found once for many lines instead of searching every line for it.
  let semicolon = text.indexOf(';');
  while (position < length) {
    const start = position;
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    position = end + 1;
    ctx.line++;
    ctx.source = line;
    if (isContinued(line) && isExpressionLine(line)) {
      const joined: Continued = { line, position, lines: 0 };
      joinContinuation(text, joined);
      ctx.source = joined.line;
      parseLine(ctx, builder, joined.line);
      ctx.line += joined.lines;
      position = joined.position;
    } else if (semicolon < 0 || semicolon >= end || ctx.persist) {
      ctx.readLine(line, text, start);
      parseStatement(ctx, builder);
    } else parseLine(ctx, builder, line);
    if (semicolon >= 0 && semicolon < position) semicolon = text.indexOf(';', position);
  }
  builder.finish();
  return builder.defs;
}

/** A trigger/complete line being joined with the lines its trailing backslashes continue it on. */
interface Continued {
  /** The joined text. */
  line: string;
  /** Offset just past the last line read. */
  position: number;
  /** Number of continuation lines read. */
  lines: number;
}

function joinContinuation(text: string, joined: Continued): void {
  let { line, position } = joined;
  let lines = 0;
  while (isContinued(line) && position < text.length) {
    let next = text.indexOf('\n', position);
    if (next < 0) next = text.length;
    const continuation = text.slice(position, next);
    line = line.trimEnd().slice(0, -1) + ' ' + (continuation.endsWith('\r') ? continuation.slice(0, -1) : continuation);
    position = next + 1;
    lines++;
  }
  joined.line = line;
  joined.position = position;
  joined.lines = lines;
}

/** Parses a line that may hold several `;`-separated statements. */
function parseLine(ctx: ParseContext, builder: NodeBuilder, line: string): void {
  const statements = ctx.persist ? undefined : splitStatements(line);
  if (statements === undefined) {
    ctx.read(line, 0);
    parseStatement(ctx, builder);
    return;
  }
  let offset = 0;
  for (const statement of statements) {
    const at = line.indexOf(statement, offset);
    offset = at + statement.length;
    ctx.read(statement, at);
    parseStatement(ctx, builder);
  }
}

/** True when the line ends in a backslash (trailing white space allowed). */
function isContinued(line: string): boolean {
  let i = line.length - 1;
  let code = line.charCodeAt(i);
  while (code === 32 || (code >= 9 && code <= 13)) code = line.charCodeAt(--i);
  // Non-ASCII may be Unicode white space, which trimEnd also drops (rare: take the general path).
  return code > 127 ? line.trimEnd().endsWith('\\') : code === 92;
}

function isExpressionLine(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('trigger') || t.startsWith('complete');
}

// Every keyword the parser dispatches on. A keyword token is replaced by its literal from this map: literals
// are internalized strings, so the `switch`es compare them by pointer instead of character by character.
// prettier-ignore
const KEYWORD_LIST = [
  'suite', 'family', 'task', 'alias', 'endsuite', 'endfamily', 'endtask', 'endalias', 'edit', 'label', 'event',
  'meter', 'trigger', 'complete', 'defstatus', 'repeat', 'limit', 'inlimit', 'time', 'today', 'date', 'day',
  'cron', 'late', 'clock', 'endclock', 'autocancel', 'autoarchive', 'autorestore', 'verify', 'zombie', 'queue',
  'generic', 'aviso', 'mirror', 'calendar', 'extern', 'defs_state', 'history',
] as const;
const KEYWORDS = new Map<string, string>(KEYWORD_LIST.map((keyword) => [keyword, keyword]));

/** Parses the statement the context has just read. */
function parseStatement(ctx: ParseContext, builder: NodeBuilder): void {
  if (ctx.size === 0) return;
  const token = ctx.token(0);
  const keyword = KEYWORDS.get(token) ?? token;
  if (keyword.charCodeAt(0) === 35) return;
  if (builder.structure(keyword)) return;
  const node: DefsNode | undefined = builder.current;
  if (node === undefined) {
    parseTopLevel(ctx, builder.defs, keyword);
    return;
  }
  applyAttribute(ctx, node, keyword);
}

function parseTopLevel(ctx: ParseContext, defs: Defs, keyword: string): void {
  if (keyword === 'extern') {
    const path = ctx.token(1);
    if (ctx.count < 2) throw ctx.fail('extern needs a path', 'extern /path[:name]', 1);
    (defs.externs ??= []).push(path);
  } else if (keyword === 'edit') {
    applyDefsVariable(ctx, defs);
  } else if (keyword === 'defs_state') {
    defs.state = parseDefsState(ctx);
    ctx.persist = true;
  } else if (keyword === 'history') {
    (defs.history ??= []).push(parseHistory(ctx, ctx.statement));
  } else {
    throw ctx.fail(`unexpected keyword '${keyword}' at definition level`, 'suite, extern, edit or defs_state', 0);
  }
}
