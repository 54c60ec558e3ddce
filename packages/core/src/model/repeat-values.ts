import type { Repeat } from '@isobar/protocol/defs';
import { RuntimeRepeat } from './attributes.js';
import {
  dayOfWeekOfYmd,
  daysOfYmd,
  instantOfSeconds,
  julianOfYmd,
  pad,
  secondsOfInstant,
  ymdOfDays,
} from './calendar-math.js';

function numberAt(def: Repeat, position: number): number {
  return Number(def.values[position] ?? Number.NaN);
}

/** Number of positions of a repeat (`Infinity` for `repeat day`). */
export function repeatCount(def: Repeat): number {
  const step = def.step === 0 ? 1 : def.step;
  switch (def.kind) {
    case 'integer':
      return Math.max(0, Math.floor((numberAt(def, 1) - numberAt(def, 0)) / step) + 1);
    case 'date':
      return Math.max(0, Math.floor((daysOfYmd(numberAt(def, 1)) - daysOfYmd(numberAt(def, 0))) / step) + 1);
    case 'datetime': {
      const span = secondsOfInstant(def.values[1] ?? '') - secondsOfInstant(def.values[0] ?? '');
      return Math.max(0, Math.floor(span / step) + 1);
    }
    case 'day':
      return Number.POSITIVE_INFINITY;
    case 'enumerated':
    case 'string':
    case 'datelist':
    case 'datetimelist':
      return def.values.length;
  }
}

/**
 * The value at a position with no clamping, as ecFlow stores it: integer/date/datetime one step past `end` once the
 * repeat is exhausted (`repeat integer N 1 3` finished: 4). Numbers for integer/date, text for datetime.
 */
function rangeValueAt(def: Repeat, index: number): number | string {
  const step = def.step === 0 ? 1 : def.step;
  if (def.kind === 'date') return ymdOfDays(daysOfYmd(numberAt(def, 0)) + index * step);
  if (def.kind === 'datetime') return instantOfSeconds(secondsOfInstant(def.values[0] ?? '') + index * step);
  return numberAt(def, 0) + index * step;
}

/** Orders two range values (yyyymmdd numbers compare like dates; instants compare as seconds). */
function rangeKey(def: Repeat, value: number | string): number {
  return def.kind === 'datetime' ? secondsOfInstant(String(value)) : Number(value);
}

/** ecFlow's `valid_value`: a range value clamped to `[start, end]` in the direction of the step. */
function clampToRange(def: Repeat, value: number | string): number | string {
  const start = def.kind === 'datetime' ? (def.values[0] ?? '') : numberAt(def, 0);
  const end = def.kind === 'datetime' ? (def.values[1] ?? '') : numberAt(def, 1);
  const [low, high] = def.step < 0 ? [end, start] : [start, end];
  if (rangeKey(def, value) < rangeKey(def, low)) return low;
  if (rangeKey(def, value) > rangeKey(def, high)) return high;
  return value;
}

/**
 * The value at a position as users, scripts and expressions see it: a number for integer/date/datelist/day, text for
 * the other kinds. Past either end it is ecFlow's `last_valid_value`: integer/date/datetime clamp the value to
 * `[start, end]` (so `repeat integer N 1 4 2` exhausted shows 4, as ecFlow does), lists show their first/last item.
 */
export function repeatValueAt(def: Repeat, index: number): number | string {
  switch (def.kind) {
    case 'integer':
    case 'date':
    case 'datetime': {
      const value = clampToRange(def, rangeValueAt(def, index));
      return def.kind === 'datetime' ? String(value) : Number(value);
    }
    case 'day':
      return def.step === 0 ? 1 : def.step;
    case 'datelist':
      return numberAt(def, clampIndex(def, index));
    case 'enumerated':
    case 'string':
    case 'datetimelist':
      return def.values[clampIndex(def, index)] ?? '';
  }
}

function clampIndex(def: Repeat, index: number): number {
  return Math.max(0, Math.min(index, def.values.length - 1));
}

/**
 * The state-dialect `current` text of a position, as ecFlow writes it: the value for integer/date/datetime, the index
 * for the list kinds (`string` too); `undefined` at the first position. An exhausted repeat keeps ecFlow's position
 * one past the end (`repeat integer N 1 3 # 4`, `repeat enumerated E "a" "b" # 2`).
 */
export function repeatCurrentText(repeat: RuntimeRepeat): string | undefined {
  if (repeat.index === 0) return undefined;
  const { def } = repeat;
  if (def.kind === 'integer' || def.kind === 'date' || def.kind === 'datetime') {
    return String(rangeValueAt(def, repeat.index));
  }
  return String(repeat.index);
}

/** The position of a state-dialect `current` text (inverse of {@link repeatCurrentText}). */
export function repeatIndexOf(def: Repeat, current: string | undefined): number {
  if (current === undefined || current === '') return 0;
  const step = def.step === 0 ? 1 : def.step;
  switch (def.kind) {
    case 'integer':
      return Math.round((Number(current) - numberAt(def, 0)) / step);
    case 'date':
      return Math.round((daysOfYmd(Number(current)) - daysOfYmd(numberAt(def, 0))) / step);
    case 'datetime':
      return Math.round((secondsOfInstant(current) - secondsOfInstant(def.values[0] ?? '')) / step);
    case 'day':
      return 0;
    case 'string': {
      // ecFlow writes the index; checkpoints of older Isobar versions wrote the item itself.
      if (/^\d+$/.test(current) && Number(current) <= def.values.length) return Number(current);
      return Math.max(0, def.values.indexOf(current));
    }
    case 'enumerated':
    case 'datelist':
    case 'datetimelist':
      return Number(current) || 0;
  }
}

/** The position of a repeat value as users give it (`alter change repeat`): list kinds by value. */
export function repeatIndexOfValue(def: Repeat, value: string): number {
  if (def.kind === 'integer' || def.kind === 'date' || def.kind === 'datetime' || def.kind === 'day') {
    return repeatIndexOf(def, value);
  }
  return def.values.indexOf(value);
}

/**
 * Creates the runtime repeat of a definition, at its `current` position, kept within `[0, count]`: `count` is
 * ecFlow's exhausted position one past the end (`repeat integer N 1 3 # 4`), which stays finished.
 */
export function createRuntimeRepeat(def: Repeat): RuntimeRepeat {
  const index = repeatIndexOf(def, def.current);
  const count = repeatCount(def);
  return new RuntimeRepeat(
    { ...def, current: undefined },
    Number.isFinite(index) ? Math.max(0, Math.min(index, count)) : 0,
  );
}

/** Value of the repeat variable itself, as scripts see it. */
export function repeatVariableValue(repeat: RuntimeRepeat): string {
  return String(repeatValueAt(repeat.def, repeat.index));
}

/**
 * The repeat's generated variables other than the variable itself (`V_YYYY`, `V_MM`, … for date kinds;
 * `V_DATE`, `V_TIME`, … for date-time kinds), as ecFlow's `RepeatDate`/`RepeatDateTime` compute them.
 */
export function repeatGeneratedVariable(repeat: RuntimeRepeat, name: string): string | undefined {
  const { def } = repeat;
  if (def.name === '' || !name.startsWith(`${def.name}_`)) return undefined;
  const suffix = name.slice(def.name.length + 1);
  const value = repeatValueAt(def, repeat.index);
  if (def.kind === 'date' || def.kind === 'datelist') return dateSuffix(Number(value), suffix);
  if (def.kind === 'datetime' || def.kind === 'datetimelist') return dateTimeSuffix(String(value), suffix);
  return undefined;
}

function dateSuffix(ymd: number, suffix: string): string | undefined {
  switch (suffix) {
    case 'YYYY':
      return pad(Math.floor(ymd / 10000), 4);
    case 'MM':
      return pad(Math.floor((ymd % 10000) / 100), 2);
    case 'DD':
      return pad(ymd % 100, 2);
    case 'DOW':
      return String(dayOfWeekOfYmd(ymd));
    case 'JULIAN':
      return String(julianOfYmd(ymd));
    default:
      return undefined;
  }
}

function dateTimeSuffix(instant: string, suffix: string): string | undefined {
  const date = instant.slice(0, 8);
  const time = instant.slice(9, 15);
  switch (suffix) {
    case 'DATE':
      return date;
    case 'TIME':
      return time;
    case 'HOURS':
      return time.slice(0, 2);
    case 'MINUTES':
      return time.slice(2, 4);
    case 'SECONDS':
      return time.slice(4, 6);
    default:
      return suffix === 'DOW' ? undefined : dateSuffix(Number(date), suffix);
  }
}

/** Names of the generated variables of a repeat (for listings), the repeat variable first. */
export function repeatVariableNames(repeat: RuntimeRepeat): string[] {
  const { name, kind } = repeat.def;
  if (name === '') return [];
  if (kind === 'date' || kind === 'datelist')
    return [name, ...['YYYY', 'MM', 'DD', 'DOW', 'JULIAN'].map((s) => `${name}_${s}`)];
  if (kind === 'datetime' || kind === 'datetimelist') {
    return [
      name,
      ...['DATE', 'YYYY', 'MM', 'DD', 'JULIAN', 'TIME', 'HOURS', 'MINUTES', 'SECONDS'].map((s) => `${name}_${s}`),
    ];
  }
  return [name];
}

/**
 * ecFlow's `last_valid_value()` as expressions read it: the value clamped to the repeat's range (integer, date as
 * `yyyymmdd`, datetime as seconds since the epoch), an `enumerated` item when it is an integer else its index, a
 * `string`'s index, a `day` repeat's step, a list's current item (first/last when off either end; 0 when empty).
 */
export function repeatLastValidValue(repeat: RuntimeRepeat): number {
  const { def } = repeat;
  const count = repeatCount(def);
  if (count === 0) return 0;
  const index = Math.max(0, Math.min(repeat.index, Number.isFinite(count) ? count - 1 : repeat.index));
  const value = repeatValueAt(def, repeat.index);
  switch (def.kind) {
    case 'string':
      return index;
    case 'enumerated':
      return /^[+-]?\d+$/.test(String(value)) ? Number(value) : index;
    case 'datetime':
    case 'datetimelist':
      return secondsOfInstant(String(value));
    case 'integer':
    case 'date':
    case 'datelist':
    case 'day':
      return Number(value) || 0;
  }
}
