import type { Repeat, RepeatKind } from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import { listValues } from './parse-basic-attributes.js';
import { commentText } from './state-comment.js';
import { checkInstantToken, parseYmdToken } from './time-values.js';
import { isValidName, parseInteger, unquote } from './tokenize.js';

const KINDS: readonly RepeatKind[] = [
  'integer',
  'enumerated',
  'string',
  'date',
  'datelist',
  'datetime',
  'datetimelist',
  'day',
];

function integer(ctx: ParseContext, index: number, expected: string): number {
  const value = parseInteger(ctx.token(index));
  if (value === undefined) throw ctx.fail(`invalid number '${ctx.token(index)}'`, expected, index);
  return value;
}

function parseRange(ctx: ParseContext, repeat: Repeat, expected: string): void {
  const count = ctx.count;
  if (count < 5 || count > 6) throw ctx.fail(`repeat ${repeat.kind} needs a name, start and end`, expected, count);
  const date = repeat.kind === 'date';
  const start = date ? parseYmdToken(ctx, 3) : integer(ctx, 3, expected);
  const end = date ? parseYmdToken(ctx, 4) : integer(ctx, 4, expected);
  repeat.step = count === 6 ? integer(ctx, 5, expected) : 1;
  if (date && repeat.step === 0) throw ctx.fail('step must not be 0', expected, 5);
  if (date && ((repeat.step > 0 && start > end) || (repeat.step < 0 && start < end))) {
    throw ctx.fail('start and end do not match the direction of the step', expected, 3);
  }
  repeat.values = [String(start), String(end)];
}

function parseList(ctx: ParseContext, repeat: Repeat, expected: string): void {
  const values = listValues(ctx, 3);
  if (values.length === 0) throw ctx.fail(`repeat ${repeat.kind} needs at least one value`, expected, 3);
  for (let i = 0; i < values.length; i++) {
    if (repeat.kind === 'datelist') parseYmdToken(ctx, i + 3, values[i]);
    else if (repeat.kind === 'datetimelist') checkInstantToken(ctx, i + 3, values[i] ?? '');
  }
  repeat.values = values;
}

/** Seconds of a `repeat datetime` step, `[-]HH[:MM[:SS]]` as ecFlow's `Duration::parse` reads it. */
function durationSeconds(ctx: ParseContext, index: number, expected: string): number {
  const match = /^(-?)(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?$/.exec(ctx.token(index));
  const seconds = match === null ? 0 : Number(match[2]) * 3600 + Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0);
  if (seconds === 0) throw ctx.fail(`invalid step '${ctx.token(index)}'`, expected, index);
  return match?.[1] === '-' ? -seconds : seconds;
}

function parseDateTime(ctx: ParseContext, repeat: Repeat, expected: string): void {
  const count = ctx.count;
  if (count < 5 || count > 6) throw ctx.fail('repeat datetime needs a name, start and end', expected, count);
  const start = unquote(ctx.token(3));
  const end = unquote(ctx.token(4));
  checkInstantToken(ctx, 3, start);
  checkInstantToken(ctx, 4, end);
  // The step is kept as text (written back as given) and as seconds (ecFlow's default: 24 hours).
  repeat.step = count === 6 ? durationSeconds(ctx, 5, expected) : 86_400;
  repeat.values = count === 6 ? [start, end, ctx.token(5)] : [start, end];
}

/** `repeat KIND NAME ...` (all eight kinds), with the state dialect's `# value`; `undefined` for `repeat file`. */
export function parseRepeat(ctx: ParseContext): Repeat | undefined {
  if (ctx.token(1) === 'file') return undefined; // accepted and ignored by ecFlow (never implemented)
  const kind = ctx.token(1) as RepeatKind;
  if (!KINDS.includes(kind)) throw ctx.fail(`unknown repeat kind '${ctx.token(1)}'`, KINDS.join('|'), 1);
  const expected = `repeat ${kind} ...`;
  const repeat: Repeat = { kind, name: '', values: [], step: 0, current: undefined };
  if (kind === 'day') {
    repeat.step = ctx.count > 2 ? integer(ctx, 2, 'repeat day [step]') : 1;
  } else {
    repeat.name = ctx.token(2);
    if (!isValidName(repeat.name)) throw ctx.fail(`invalid repeat variable name '${repeat.name}'`, expected, 2);
    if (kind === 'integer' || kind === 'date') parseRange(ctx, repeat, expected);
    else if (kind === 'datetime') parseDateTime(ctx, repeat, expected);
    else parseList(ctx, repeat, expected);
  }
  if (ctx.persist && kind !== 'day') repeat.current = commentText(ctx);
  return repeat;
}
