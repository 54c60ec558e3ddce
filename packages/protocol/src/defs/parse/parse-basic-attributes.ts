import type { Event, InLimit, Label, Limit, Meter, Variable, Verify } from '../model/index.js';
import { isNodeStateName } from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import { commentIndex, commentText } from './state-comment.js';
import { isValidName, joinTokens, parseInteger, unquote } from './tokenize.js';

/** Result of {@link parseVariable}: the variable and the text after its value (`# server` marks). */
export interface ParsedVariable {
  /** The variable. */
  variable: Variable;
  /** Text after the value (a comment), trimmed. */
  marker: string;
}

/**
 * `edit NAME value`, with ecFlow's quoting rules: a quoted value runs to the last matching quote on the line;
 * a name holding `:` (aliases) takes its value from the outermost single quotes. `checkName` is false for
 * aliases, whose variable names ecFlow does not check.
 */
export function parseVariable(ctx: ParseContext, checkName = true): ParsedVariable {
  const { statement, base } = ctx;
  const expected = "edit NAME value (quote values with spaces: 'a b')";
  if (ctx.size < 3) throw ctx.fail('edit needs a name and a value', expected, ctx.size);
  let name = ctx.token(1);
  const valueToken = ctx.token(2);
  let value: string;
  let marker: string;
  const quote = valueToken.charCodeAt(0);
  const firstSingle = name.includes(':') ? statement.indexOf("'") : -1;
  if (firstSingle >= 0) {
    const nameStart = ctx.columnOf(1) - base - 1;
    const last = statement.lastIndexOf("'");
    name = statement.slice(nameStart, firstSingle - 1);
    value = statement.slice(firstSingle + 1, last);
    marker = statement.slice(last + 1).trim();
  } else if (quote === 34 || quote === 39) {
    const first = ctx.columnOf(2) - base - 1;
    const last = statement.lastIndexOf(valueToken.charAt(0));
    if (last <= first) throw ctx.fail('mismatched quote: only one quote found', expected, 2);
    value = statement.slice(first + 1, last);
    marker = statement.slice(last + 1).trim();
  } else {
    if (quote === 35) throw ctx.fail('expected a value but found a comment', expected, 2);
    value = valueToken;
    marker = ctx.tokensFrom(3).join(' ');
  }
  if (marker !== '' && marker.charCodeAt(0) !== 35) {
    throw ctx.fail('only a # comment may follow the value', expected, 3);
  }
  if (checkName && !isValidName(name)) {
    throw ctx.fail(`invalid variable name '${name}'`, 'a name [A-Za-z0-9_][A-Za-z0-9_.]*', 1);
  }
  return { variable: { name: ctx.intern(name), value }, marker };
}

/** `label NAME value`: words joined by one space, one pair of quotes removed, `\n` turned into newlines. */
export function parseLabel(ctx: ParseContext): Label {
  const size = ctx.size;
  if (size < 3) throw ctx.fail('label needs a name and a value', 'label NAME "value"', size);
  const name = ctx.intern(ctx.token(1));
  if (!isValidName(name)) throw ctx.fail(`invalid label name '${name}'`, 'a name [A-Za-z0-9_][A-Za-z0-9_.]*', 1);
  // The name is valid, so the comment (if any) starts at 2 or later; a lone value may itself start with '#'.
  const end = size === 3 ? 3 : ctx.count;
  let value = end === 2 ? '' : end === 3 ? ctx.token(2) : joinTokens(ctx, { from: 2, end });
  value = unquoteOnce(value);
  if (value.includes('\\n')) value = value.replaceAll('\\n', '\n');
  let newValue: string | undefined;
  if (ctx.persist && size > 3) {
    const source = ctx.tokensFrom(0).join(' ');
    const hash = source.lastIndexOf('#');
    const close = source.lastIndexOf('"');
    const open = close > hash ? source.indexOf('"', hash) : -1;
    if (hash >= 0 && open >= 0 && open < close) newValue = source.slice(open + 1, close).replaceAll('\\n', '\n');
  }
  return { name, value, newValue };
}

function unquoteOnce(value: string): string {
  const n = value.length;
  if (n >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(n - 1) === 34) value = value.slice(1, n - 1);
  const m = value.length;
  if (m >= 2 && value.charCodeAt(0) === 39 && value.charCodeAt(m - 1) === 39) value = value.slice(1, m - 1);
  return value;
}

/** `event N`, `event NAME`, `event N NAME`, each with an optional `set` (ecFlow's token rules). */
export function parseEvent(ctx: ParseContext): Event {
  const expected = 'event N | NAME | N NAME [set]';
  if (ctx.size < 2) throw ctx.fail('event needs a number or a name', expected, 1);
  const first = ctx.token(1);
  const number = first.charCodeAt(0) >= 48 && first.charCodeAt(0) <= 57 ? parseInteger(first) : undefined;
  let name = '';
  let initial = false;
  if (number !== undefined) {
    const second = ctx.token(2);
    if (second !== '' && second.charCodeAt(0) !== 35) {
      name = second;
      initial = ctx.token(3) === 'set';
    }
  } else {
    name = first;
    initial = ctx.token(2) === 'set';
  }
  if (name !== '' && !isValidName(name))
    throw ctx.fail(`invalid event name '${name}'`, expected, number === undefined ? 1 : 2);
  let value: boolean | undefined;
  if (ctx.persist) {
    const last = ctx.token(ctx.size - 1);
    if (commentIndex(ctx) > 0 && (last === 'set' || last === 'clear')) value = last === 'set';
  }
  return { number, name: ctx.intern(name), initial, value };
}

function integerAt(ctx: ParseContext, index: number, expected: string): number {
  const value = parseInteger(ctx.token(index));
  if (value === undefined) throw ctx.fail(`invalid number '${ctx.token(index)}'`, expected, index);
  return value;
}

/** `meter NAME MIN MAX [COLOR_CHANGE]`. */
export function parseMeter(ctx: ParseContext): Meter {
  const expected = 'meter NAME MIN MAX [COLOR_CHANGE]';
  const count = ctx.count;
  if (count < 4 || count > 5) throw ctx.fail('meter needs a name, min and max', expected, count);
  const name = ctx.intern(ctx.token(1));
  if (!isValidName(name)) throw ctx.fail(`invalid meter name '${name}'`, expected, 1);
  const min = integerAt(ctx, 2, expected);
  const max = integerAt(ctx, 3, expected);
  const colorChange = count === 5 ? integerAt(ctx, 4, expected) : max;
  if (min > max) throw ctx.fail('minimum is greater than maximum', expected, 2);
  if (colorChange < min || colorChange > max) throw ctx.fail('colour change must be within min..max', expected, 4);
  let value: number | undefined;
  if (ctx.persist) {
    const state = commentText(ctx);
    value = state === undefined ? undefined : parseInteger(state);
  }
  return { name, min, max, colorChange, value };
}

/** `limit NAME N`. */
export function parseLimit(ctx: ParseContext): Limit {
  const expected = 'limit NAME N';
  if (ctx.count !== 3) throw ctx.fail('limit needs a name and a number', expected, ctx.count);
  const name = ctx.intern(ctx.token(1));
  if (!isValidName(name)) throw ctx.fail(`invalid limit name '${name}'`, expected, 1);
  const limit = integerAt(ctx, 2, expected);
  let value: number | undefined;
  let paths: string[] | undefined;
  const state = ctx.persist ? commentText(ctx) : undefined;
  if (state !== undefined) {
    const words = state.split(' ');
    value = parseInteger(words[0] ?? '');
    if (words.length > 1) paths = words.slice(1);
  }
  return { name, limit, value, paths };
}

/** `inlimit [-n] [-s] [path:]NAME [tokens]`. */
export function parseInLimit(ctx: ParseContext): InLimit {
  const expected = 'inlimit [-n|-s] [path:]NAME [tokens]';
  const count = ctx.count;
  let i = 1;
  let nodeOnly = false;
  let submissionOnly = false;
  for (; i < count && ctx.token(i).charCodeAt(0) === 45; i++) {
    if (ctx.token(i) === '-n') nodeOnly = true;
    else if (ctx.token(i) === '-s') submissionOnly = true;
    else throw ctx.fail(`unknown option '${ctx.token(i)}'`, expected, i);
  }
  if (nodeOnly && submissionOnly) throw ctx.fail('-n and -s cannot be used together', expected, 1);
  if (i >= count) throw ctx.fail('inlimit needs a limit name', expected, i);
  const target = ctx.token(i);
  const colon = target.lastIndexOf(':');
  const path = colon < 0 ? '' : ctx.intern(target.slice(0, colon));
  const name = ctx.intern(target.slice(colon + 1));
  if (!isValidName(name)) throw ctx.fail(`invalid limit name '${name}'`, expected, i);
  const tokens = i + 1 < count ? integerAt(ctx, i + 1, expected) : 1;
  if (i + 2 < count) throw ctx.fail(`unexpected '${ctx.token(i + 2)}'`, expected, i + 2);
  const incremented = ctx.persist && commentText(ctx) === 'incremented:1';
  return { name, path, tokens, nodeOnly, submissionOnly, incremented };
}

/** `verify STATE:COUNT`. */
export function parseVerify(ctx: ParseContext): Verify {
  const expected = 'verify STATE:COUNT';
  const text = ctx.token(1);
  const colon = text.indexOf(':');
  const state = text.slice(0, colon);
  const count = parseInteger(text.slice(colon + 1));
  if (colon < 0 || !isNodeStateName(state) || count === undefined || ctx.count !== 2) {
    throw ctx.fail(`invalid verify '${text}'`, expected, 1);
  }
  const actual = ctx.persist ? parseInteger(commentText(ctx) ?? '') : undefined;
  return { state, expected: count, actual };
}

/** Values of a `queue`/`generic`/`autorestore` line: the tokens before any comment, unquoted. */
export function listValues(ctx: ParseContext, from: number): string[] {
  const values: string[] = [];
  for (let i = from; i < ctx.count; i++) values.push(unquote(ctx.token(i)));
  return values;
}
