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

/** The value at a position: a number for integer/date/datelist/day, text for the other kinds. */
export function repeatValueAt(def: Repeat, index: number): number | string {
  const count = repeatCount(def);
  // ecFlow keeps showing the last value once a repeat is exhausted.
  const at = Math.max(0, Math.min(index, Number.isFinite(count) ? count - 1 : index));
  const step = def.step === 0 ? 1 : def.step;
  switch (def.kind) {
    case 'integer':
      return numberAt(def, 0) + at * step;
    case 'date':
      return ymdOfDays(daysOfYmd(numberAt(def, 0)) + at * step);
    case 'datetime':
      return instantOfSeconds(secondsOfInstant(def.values[0] ?? '') + at * step);
    case 'datelist':
      return numberAt(def, at);
    case 'day':
      return step;
    case 'enumerated':
    case 'string':
    case 'datetimelist':
      return def.values[at] ?? '';
  }
}

/** The state-dialect `current` text of a position (value for integer/date/datetime, else the index). */
export function repeatCurrentText(repeat: RuntimeRepeat): string | undefined {
  if (repeat.index === 0) return undefined;
  const { def } = repeat;
  if (def.kind === 'integer' || def.kind === 'date' || def.kind === 'datetime' || def.kind === 'string') {
    return String(repeatValueAt(def, repeat.index));
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
      const found = def.values.indexOf(current);
      return found >= 0 ? found : Number(current) || 0;
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

/** Creates the runtime repeat of a definition, at its `current` position. */
export function createRuntimeRepeat(def: Repeat): RuntimeRepeat {
  return new RuntimeRepeat({ ...def, current: undefined }, repeatIndexOf(def, def.current));
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
  const value = repeatValueAt(def, index);
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
