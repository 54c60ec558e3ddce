import type { Defs, DefsNode } from '../model/index.js';
import { createDefs } from '../model/index.js';
import { applyAttribute, applyDefsVariable } from './apply-attribute.js';
import { NodeBuilder } from './node-builder.js';
import { ParseContext } from './parse-context.js';
import { parseDefsState, parseHistory } from './parse-state.js';
import { tokenize } from './tokenize.js';

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
  const defs = createDefs();
  const builder = new NodeBuilder(ctx, defs);
  const length = text.length;
  let position = 0;
  let lineNumber = 0;
  while (position < length) {
    let end = text.indexOf('\n', position);
    if (end < 0) end = length;
    let line = text.slice(position, end > position && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    position = end + 1;
    lineNumber++;
    ctx.line = lineNumber;
    ctx.source = line;
    if (isContinued(line) && isExpressionLine(line)) {
      while (isContinued(line) && position < length) {
        let next = text.indexOf('\n', position);
        if (next < 0) next = length;
        const continuation = text.slice(position, next);
        line =
          line.trimEnd().slice(0, -1) + ' ' + (continuation.endsWith('\r') ? continuation.slice(0, -1) : continuation);
        position = next + 1;
        lineNumber++;
      }
      ctx.source = line;
    }
    const statements = ctx.persist ? undefined : splitStatements(line);
    if (statements === undefined) parseStatement(ctx, builder, { text: line, base: 0 });
    else {
      let offset = 0;
      for (const statement of statements) {
        const at = line.indexOf(statement, offset);
        offset = at + statement.length;
        parseStatement(ctx, builder, { text: statement, base: at });
      }
    }
  }
  builder.finish();
  return defs;
}

function isContinued(line: string): boolean {
  return line.trimEnd().endsWith('\\');
}

function isExpressionLine(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('trigger') || t.startsWith('complete');
}

interface Statement {
  text: string;
  base: number;
}

function parseStatement(ctx: ParseContext, builder: NodeBuilder, statement: Statement): void {
  ctx.statement = statement.text;
  ctx.base = statement.base;
  tokenize(statement.text, statement.base, ctx);
  if (ctx.tokens.length === 0) return;
  const keyword = ctx.token(0);
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
