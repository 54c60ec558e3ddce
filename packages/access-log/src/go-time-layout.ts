/**
 * Go reference-time layouts (`02/Jan/2006:15:04:05 -0700`), as Go's `time.Time.Format` reads them. Granitic's
 * `%{layout}t` verb and `RECEIVED` JSON field take such a layout, so configurations written for Granitic must
 * render the same here. The tokenizer follows the order in which Go's `nextStdChunk` tries each token; no npm
 * package does this (reference/facilities.md §A.8).
 */
import { breakDownTime, type TimeParts } from './time-parts.js';

/** One piece of a compiled layout: literal text, or a Go layout token. */
type LayoutChunk = { readonly text: string } | { readonly token: GoToken; readonly digits?: number };

/** The Go layout tokens (Go's `std*` constants) this formatter knows. */
type GoToken =
  | 'longMonth'
  | 'month'
  | 'numMonth'
  | 'zeroMonth'
  | 'longWeekDay'
  | 'weekDay'
  | 'day'
  | 'underDay'
  | 'zeroDay'
  | 'underYearDay'
  | 'zeroYearDay'
  | 'hour'
  | 'hour12'
  | 'zeroHour12'
  | 'minute'
  | 'zeroMinute'
  | 'second'
  | 'zeroSecond'
  | 'longYear'
  | 'year'
  | 'PM'
  | 'pm'
  | 'tz'
  | 'fracDot0'
  | 'fracComma0'
  | 'fracDot9'
  | 'fracComma9'
  | ZoneToken;

/** Numeric zone tokens: `-0700`-style (`num…`) and `Z0700`-style (`iso…`, which print `Z` for UTC). */
type ZoneToken =
  | 'numTZ'
  | 'numShortTZ'
  | 'numColonTZ'
  | 'numSecondsTZ'
  | 'numColonSecondsTZ'
  | 'isoTZ'
  | 'isoShortTZ'
  | 'isoColonTZ'
  | 'isoSecondsTZ'
  | 'isoColonSecondsTZ';

/** A layout compiled once and applied to many times. */
export interface GoTimeLayout {
  /** The layout it was compiled from. */
  readonly layout: string;
  /** True when the rendering depends on more than the whole second (fractional-second tokens). */
  readonly subSecond: boolean;
  /** Renders `date` in UTC (`utc: true`) or in the local time zone of the process. */
  format(date: Date, utc: boolean): string;
}

const ZERO_TOKENS: readonly GoToken[] = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'];
const DASH_ZONES: readonly (readonly [string, ZoneToken])[] = [
  ['-070000', 'numSecondsTZ'],
  ['-07:00:00', 'numColonSecondsTZ'],
  ['-0700', 'numTZ'],
  ['-07:00', 'numColonTZ'],
  ['-07', 'numShortTZ'],
];
const ISO_ZONES: readonly (readonly [string, ZoneToken])[] = [
  ['Z070000', 'isoSecondsTZ'],
  ['Z07:00:00', 'isoColonSecondsTZ'],
  ['Z0700', 'isoTZ'],
  ['Z07:00', 'isoColonTZ'],
  ['Z07', 'isoShortTZ'],
];

interface TokenMatch {
  readonly token: GoToken;
  readonly length: number;
  readonly digits?: number;
  /** Characters before the token that are literal (Go's `_2006` is a literal `_` then the year). */
  readonly skip?: number;
}

function isLower(ch: string | undefined): boolean {
  return ch !== undefined && ch >= 'a' && ch <= 'z';
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function matchName(layout: string, i: number): TokenMatch | undefined {
  if (layout.startsWith('Jan', i)) {
    if (layout.startsWith('January', i)) return { token: 'longMonth', length: 7 };
    if (!isLower(layout[i + 3])) return { token: 'month', length: 3 };
  }
  if (layout.startsWith('Mon', i)) {
    if (layout.startsWith('Monday', i)) return { token: 'longWeekDay', length: 6 };
    if (!isLower(layout[i + 3])) return { token: 'weekDay', length: 3 };
  }
  if (layout.startsWith('MST', i)) return { token: 'tz', length: 3 };
  if (layout.startsWith('PM', i)) return { token: 'PM', length: 2 };
  if (layout.startsWith('pm', i)) return { token: 'pm', length: 2 };
  return undefined;
}

function matchNumber(layout: string, i: number): TokenMatch | undefined {
  const next = layout[i + 1];
  switch (layout.charAt(i)) {
    case '0': {
      if (next !== undefined && next >= '1' && next <= '6') return { token: ZERO_TOKENS[Number(next) - 1]!, length: 2 };
      if (layout.startsWith('002', i)) return { token: 'zeroYearDay', length: 3 };
      return undefined;
    }
    case '1':
      return next === '5' ? { token: 'hour', length: 2 } : { token: 'numMonth', length: 1 };
    case '2':
      return layout.startsWith('2006', i) ? { token: 'longYear', length: 4 } : { token: 'day', length: 1 };
    case '_':
      if (next === '2') {
        if (layout.startsWith('2006', i + 1)) return { token: 'longYear', length: 5, skip: 1 };
        return { token: 'underDay', length: 2 };
      }
      return layout.startsWith('__2', i) ? { token: 'underYearDay', length: 3 } : undefined;
    case '3':
      return { token: 'hour12', length: 1 };
    case '4':
      return { token: 'minute', length: 1 };
    case '5':
      return { token: 'second', length: 1 };
    default:
      return undefined;
  }
}

function matchZoneOrFraction(layout: string, i: number): TokenMatch | undefined {
  const ch = layout[i];
  const zones = ch === '-' ? DASH_ZONES : ch === 'Z' ? ISO_ZONES : undefined;
  if (zones !== undefined) {
    const found = zones.find(([text]) => layout.startsWith(text, i));
    return found === undefined ? undefined : { token: found[1], length: found[0].length };
  }
  const digit = layout[i + 1];
  if ((ch === '.' || ch === ',') && (digit === '0' || digit === '9')) {
    let end = i + 1;
    while (layout[end] === digit) end++;
    // A run of digits followed by another digit is not a fraction (Go: "only fractional second if all digits").
    if (isDigit(layout[end])) return undefined;
    const kind = `frac${ch === '.' ? 'Dot' : 'Comma'}${digit}` as GoToken;
    return { token: kind, length: end - i, digits: end - i - 1 };
  }
  return undefined;
}

function matchToken(layout: string, i: number): TokenMatch | undefined {
  return matchName(layout, i) ?? matchNumber(layout, i) ?? matchZoneOrFraction(layout, i);
}

/** Splits a layout into literal text and tokens, merging adjacent literal characters. */
function compileChunks(layout: string): LayoutChunk[] {
  const chunks: LayoutChunk[] = [];
  let text = '';
  let i = 0;
  while (i < layout.length) {
    const match = matchToken(layout, i);
    if (match === undefined) {
      text += layout[i];
      i += 1;
      continue;
    }
    text += layout.slice(i, i + (match.skip ?? 0));
    if (text !== '') chunks.push({ text });
    text = '';
    chunks.push(match.digits === undefined ? { token: match.token } : { token: match.token, digits: match.digits });
    i += match.length;
  }
  if (text !== '') chunks.push({ text });
  return chunks;
}

const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function pad(value: number, width: number): string {
  const digits = String(Math.abs(value));
  const padded = digits.length >= width ? digits : '0'.repeat(width - digits.length) + digits;
  return value < 0 ? `-${padded}` : padded;
}

function formatZone(token: ZoneToken, offsetSeconds: number): string {
  const iso = token.startsWith('iso');
  if (iso && offsetSeconds === 0) return 'Z';
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const minutes = Math.floor(abs / 60);
  const colon = token.endsWith('ColonTZ') || token.endsWith('ColonSecondsTZ') ? ':' : '';
  let out = sign + pad(Math.floor(minutes / 60), 2);
  if (!token.endsWith('ShortTZ')) out += colon + pad(minutes % 60, 2);
  if (token.endsWith('SecondsTZ')) out += colon + pad(abs % 60, 2);
  return out;
}

function formatFraction(chunk: { token: GoToken; digits?: number }, parts: TimeParts): string {
  const nanos = pad(parts.millisecond * 1_000_000, 9);
  const separator = chunk.token.startsWith('fracDot') ? '.' : ',';
  let digits = nanos.slice(0, Math.min(chunk.digits ?? 0, 9));
  if (chunk.token.endsWith('9')) {
    digits = digits.replace(/0+$/, '');
    if (digits === '') return '';
  }
  return separator + digits;
}

type FracToken = 'fracDot0' | 'fracComma0' | 'fracDot9' | 'fracComma9';
type FieldToken = Exclude<GoToken, ZoneToken | FracToken>;

const hour12 = (parts: TimeParts): number => (parts.hour % 12 === 0 ? 12 : parts.hour % 12);

/** How each calendar or clock token renders; a `Record` so that the compiler checks every token is here. */
const FIELD_RENDERERS: Readonly<Record<FieldToken, (parts: TimeParts) => string>> = {
  longMonth: (p) => LONG_MONTHS[p.month - 1] ?? '',
  month: (p) => LONG_MONTHS[p.month - 1]?.slice(0, 3) ?? '',
  numMonth: (p) => String(p.month),
  zeroMonth: (p) => pad(p.month, 2),
  longWeekDay: (p) => LONG_DAYS[p.weekDay] ?? '',
  weekDay: (p) => LONG_DAYS[p.weekDay]?.slice(0, 3) ?? '',
  day: (p) => String(p.day),
  underDay: (p) => (p.day < 10 ? ` ${p.day}` : String(p.day)),
  zeroDay: (p) => pad(p.day, 2),
  underYearDay: (p) => String(p.yearDay).padStart(3, ' '),
  zeroYearDay: (p) => pad(p.yearDay, 3),
  longYear: (p) => pad(p.year, 4),
  year: (p) => pad(p.year % 100, 2),
  hour: (p) => pad(p.hour, 2),
  hour12: (p) => String(hour12(p)),
  zeroHour12: (p) => pad(hour12(p), 2),
  minute: (p) => String(p.minute),
  zeroMinute: (p) => pad(p.minute, 2),
  second: (p) => String(p.second),
  zeroSecond: (p) => pad(p.second, 2),
  PM: (p) => (p.hour >= 12 ? 'PM' : 'AM'),
  pm: (p) => (p.hour >= 12 ? 'pm' : 'am'),
  // Go prints the zone abbreviation, or +hhmm when the zone has none.
  tz: (p) => (p.zoneName !== '' ? p.zoneName : formatZone('numTZ', p.offsetSeconds)),
};

function isFieldToken(token: GoToken): token is FieldToken {
  return Object.prototype.hasOwnProperty.call(FIELD_RENDERERS, token);
}

/** Turns one chunk into its renderer, so that formatting does no token dispatch. */
function chunkRenderer(chunk: LayoutChunk): (parts: TimeParts) => string {
  if ('text' in chunk) return () => chunk.text;
  const { token } = chunk;
  if (isFieldToken(token)) return FIELD_RENDERERS[token];
  if (token.startsWith('frac')) return (parts) => formatFraction(chunk, parts);
  return (parts) => formatZone(token as ZoneToken, parts.offsetSeconds);
}

/**
 * Compiles a Go reference-time layout. Text that is not a layout token is copied as is, as Go does.
 *
 * @example
 * ```ts
 * compileGoTimeLayout('02/Jan/2006:15:04:05 Z0700').format(new Date(Date.UTC(2019, 9, 9, 14, 59, 55)), true);
 * // '09/Oct/2019:14:59:55 Z'
 * ```
 */
export function compileGoTimeLayout(layout: string): GoTimeLayout {
  const chunks = compileChunks(layout);
  const needsZoneName = chunks.some((chunk) => 'token' in chunk && chunk.token === 'tz');
  const subSecond = chunks.some((chunk) => 'token' in chunk && chunk.token.startsWith('frac'));
  const renderers = chunks.map(chunkRenderer);
  return Object.freeze({
    layout,
    subSecond,
    format(date: Date, utc: boolean): string {
      const parts = breakDownTime(date, utc, needsZoneName);
      let out = '';
      for (const render of renderers) out += render(parts);
      return out;
    },
  });
}
