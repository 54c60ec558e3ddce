import type {
  AutoCleanAttr,
  ClockAttr,
  CronAttr,
  DateAttr,
  DayAttr,
  LateAttr,
  TimeAttr,
  TimeSeries,
  WeekDayName,
} from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import { commentText } from './state-comment.js';
import { minutesOf, parseClockTimeToken, parseDateToken } from './time-values.js';
import { parseInteger } from './tokenize.js';

const SERIES = '[+]hh:mm or [+]hh:mm hh:mm hh:mm';

/** Parses the time series from token `index` to the end of the statement (before any comment). */
export function parseTimeSeries(ctx: ParseContext, index: number, cron: boolean): TimeSeries {
  const n = ctx.count - index;
  if (n !== 1 && n !== 3) throw ctx.fail('expected a single time or start, finish and increment', SERIES, index);
  const start = parseClockTimeToken(ctx, index);
  const series: TimeSeries = {
    relative: start.relative,
    start: start.time,
    finish: undefined,
    increment: undefined,
    state: ctx.persist ? commentText(ctx) : undefined,
  };
  if (n === 3) {
    const finish = parseClockTimeToken(ctx, index + 1);
    const increment = parseClockTimeToken(ctx, index + 2);
    if (finish.relative || increment.relative) throw ctx.fail('only the start may be relative', SERIES, index + 1);
    const span = minutesOf(finish.time) - minutesOf(start.time);
    if (span <= 0 && !cron) throw ctx.fail('finish must be after start', SERIES, index + 1);
    if (minutesOf(increment.time) === 0) throw ctx.fail('increment must not be 00:00', SERIES, index + 2);
    if (minutesOf(increment.time) > span && !cron) {
      throw ctx.fail('increment is longer than finish - start', SERIES, index + 2);
    }
    series.finish = finish.time;
    series.increment = increment.time;
  }
  return series;
}

/** `time ...` / `today ...`. */
export function parseTimeAttr(ctx: ParseContext, kind: 'time' | 'today'): TimeAttr {
  const series = parseTimeSeries(ctx, 1, false);
  return { kind, ...series };
}

/** `date dd.mm.yyyy`. */
export function parseDateAttr(ctx: ParseContext): DateAttr {
  if (ctx.count !== 2) throw ctx.fail('expected one date', 'date dd.mm.yyyy', ctx.count);
  const date = parseDateToken(ctx, 1, true);
  return { day: date.day, month: date.month, year: date.year, state: ctx.persist ? commentText(ctx) : undefined };
}

const WEEK_DAYS: readonly WeekDayName[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

/** `day monday`. */
export function parseDayAttr(ctx: ParseContext): DayAttr {
  const day = ctx.token(1) as WeekDayName;
  if (ctx.count !== 2 || !WEEK_DAYS.includes(day)) {
    throw ctx.fail(`invalid day '${ctx.token(1)}'`, WEEK_DAYS.join('|'), 1);
  }
  return { day, state: ctx.persist ? commentText(ctx) : undefined };
}

interface CronList {
  values: number[];
  last: number[];
  lastDay: boolean;
  next: number;
}

/** Collects a comma list that may be spread over several tokens (`0 , 1, 2`), stopping at an option or time. */
function parseCronList(ctx: ParseContext, start: number, option: string): CronList {
  const min = option === '-w' ? 0 : 1;
  const max = option === '-w' ? 6 : option === '-d' ? 31 : 12;
  const list: CronList = { values: [], last: [], lastDay: false, next: start };
  let text = '';
  let i = start;
  for (; i < ctx.count; i++) {
    const token = ctx.token(i);
    if (token.charCodeAt(0) === 45 || token.includes(':') || token.charCodeAt(0) === 43) break;
    text += token;
  }
  list.next = i;
  const expected = option === '-w' ? '0..6 or 0L..6L, comma separated' : `${min}..${max}, comma separated`;
  if (text === '') throw ctx.fail(`${option} needs a list`, expected, start);
  for (const item of text.split(',')) {
    if (item === '') continue;
    if (item === 'L' && option === '-d') {
      list.lastDay = true;
      continue;
    }
    const isLast = option === '-w' && item.endsWith('L');
    const value = parseInteger(isLast ? item.slice(0, -1) : item);
    if (value === undefined || value < min || value > max) {
      throw ctx.fail(`${option} value '${item}' out of range`, expected, start);
    }
    (isLast ? list.last : list.values).push(value);
  }
  return list;
}

/** `cron [-w list] [-d list] [-m list] [+]hh:mm [hh:mm hh:mm]`. */
export function parseCronAttr(ctx: ParseContext): CronAttr {
  let weekDays: number[] | undefined;
  let lastWeekDays: number[] | undefined;
  let monthDays: number[] | undefined;
  let months: number[] | undefined;
  let lastDayOfMonth = false;
  let i = 1;
  while (i < ctx.count && ctx.token(i).charCodeAt(0) === 45) {
    const option = ctx.token(i);
    const max = option === '-w' ? 6 : option === '-d' ? 31 : option === '-m' ? 12 : -1;
    if (max < 0) throw ctx.fail(`unknown cron option '${option}'`, '-w, -d or -m', i);
    const list = parseCronList(ctx, i + 1, option);
    if (option === '-w') {
      weekDays = list.values.length > 0 ? list.values : undefined;
      lastWeekDays = list.last.length > 0 ? list.last : undefined;
    } else if (option === '-d') {
      monthDays = list.values.length > 0 ? list.values : undefined;
      lastDayOfMonth = list.lastDay;
    } else months = list.values;
    i = list.next;
  }
  if (i >= ctx.count) throw ctx.fail('cron needs a time', SERIES, i);
  const series = parseTimeSeries(ctx, i, true);
  return { ...series, weekDays, lastWeekDays, monthDays, lastDayOfMonth, months };
}

/** `late [-s +hh:mm] [-a hh:mm] [-c [+]hh:mm]`. */
export function parseLateAttr(ctx: ParseContext): LateAttr {
  const late: LateAttr = {
    submitted: undefined,
    active: undefined,
    complete: undefined,
    completeRelative: false,
    late: false,
  };
  const expected = 'late [-s +hh:mm] [-a hh:mm] [-c [+]hh:mm]';
  const count = ctx.count;
  if (count < 3) throw ctx.fail('late needs at least one of -s, -a, -c', expected, 1);
  for (let i = 1; i < count; i += 2) {
    const option = ctx.token(i);
    if (i + 1 >= count) throw ctx.fail(`${option} needs a time`, expected, i + 1);
    const value = parseClockTimeToken(ctx, i + 1, 99);
    if (option === '-s' && late.submitted === undefined) late.submitted = value.time;
    else if (option === '-a' && late.active === undefined && !value.relative) late.active = value.time;
    else if (option === '-c' && late.complete === undefined) {
      late.complete = value.time;
      late.completeRelative = value.relative;
    } else throw ctx.fail(`unexpected or repeated '${option}'`, expected, i);
  }
  if (ctx.persist) late.late = commentText(ctx) === 'late';
  return late;
}

function parseGain(ctx: ParseContext, index: number, clock: ClockAttr): void {
  const text = ctx.token(index);
  if (text.includes(':')) {
    const gain = parseClockTimeToken(ctx, index, 999);
    clock.gain = minutesOf(gain.time) * 60;
    clock.positiveGain = gain.relative;
    return;
  }
  const positive = text.charCodeAt(0) === 43;
  const value = parseInteger(positive ? text.slice(1) : text);
  if (value === undefined) throw ctx.fail(`invalid clock gain '${text}'`, '[+]hh:mm or seconds', index);
  clock.gain = value;
  clock.positiveGain = positive;
}

/** `clock real|hybrid [date] [gain] [-s]` and `endclock [date] [gain]`. */
export function parseClockAttr(ctx: ParseContext, end: boolean): ClockAttr {
  const clock: ClockAttr = { hybrid: false, day: 0, month: 0, year: 0, gain: 0, positiveGain: false, startStop: false };
  const expected = end ? 'endclock [dd.mm.yyyy] [gain]' : 'clock real|hybrid [dd.mm.yyyy] [gain] [-s]';
  let i = 1;
  if (!end) {
    const kind = ctx.token(1);
    if (kind !== 'real' && kind !== 'hybrid') throw ctx.fail(`invalid clock type '${kind}'`, expected, 1);
    clock.hybrid = kind === 'hybrid';
    i = 2;
  } else if (ctx.count < 2) throw ctx.fail('endclock needs a date or gain', expected, 1);
  const count = ctx.count;
  if (i < count && ctx.token(i).includes('.')) {
    const date = parseDateToken(ctx, i, false);
    clock.day = date.day;
    clock.month = date.month;
    clock.year = date.year;
    i++;
  }
  if (i < count && ctx.token(i) !== '-s') parseGain(ctx, i++, clock);
  if (i < count && ctx.token(i) === '-s' && !end) {
    clock.startStop = true;
    i++;
  }
  if (i < count) throw ctx.fail(`unexpected '${ctx.token(i)}'`, expected, i);
  return clock;
}

/** `autocancel [+]hh:mm | N` and `autoarchive [+]hh:mm | N [-i]`. */
export function parseAutoClean(ctx: ParseContext, archive: boolean): AutoCleanAttr {
  const expected = archive ? 'autoarchive [+]hh:mm | days [-i]' : 'autocancel [+]hh:mm | days';
  const count = ctx.count;
  const attr: AutoCleanAttr = { days: undefined, time: undefined, relative: false, idle: false };
  if (count < 2) throw ctx.fail('missing time or days', expected, 1);
  const text = ctx.token(1);
  if (text.includes(':')) {
    const time = parseClockTimeToken(ctx, 1, 99);
    attr.time = time.time;
    attr.relative = time.relative;
  } else {
    const days = parseInteger(text);
    if (days === undefined || days < 0) throw ctx.fail(`invalid days '${text}'`, expected, 1);
    attr.days = days;
  }
  let i = 2;
  if (archive && ctx.token(i) === '-i' && i < count) {
    attr.idle = true;
    i++;
  }
  if (i < count) throw ctx.fail(`unexpected '${ctx.token(i)}'`, expected, i);
  return attr;
}
