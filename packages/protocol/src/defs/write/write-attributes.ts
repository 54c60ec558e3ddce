import type {
  AutoCleanAttr,
  AvisoAttr,
  ClockAttr,
  CronAttr,
  DateAttr,
  InLimit,
  LateAttr,
  Limit,
  MirrorAttr,
  Repeat,
  ZombieAttr,
} from '../model/index.js';
import { formatSeries, formatTime } from './format-values.js';

/** `limit NAME N` plus `# value paths`. */
export function formatLimit(limit: Limit, state: boolean): string {
  let text = 'limit ' + limit.name + ' ' + String(limit.limit);
  if (state && limit.value !== undefined && limit.value !== 0) {
    text += ' # ' + String(limit.value);
    for (const path of limit.paths ?? []) text += ' ' + path;
  }
  return text;
}

/** `inlimit [-n] [-s] [path:]NAME [tokens]`. */
export function formatInLimit(inlimit: InLimit, state: boolean): string {
  let text = 'inlimit ' + (inlimit.nodeOnly ? '-n ' : '') + (inlimit.submissionOnly ? '-s ' : '');
  text += inlimit.path === '' ? inlimit.name : inlimit.path + ':' + inlimit.name;
  if (inlimit.tokens !== 1) text += ' ' + String(inlimit.tokens);
  return state && inlimit.incremented ? text + ' # incremented:1' : text;
}

/** `repeat KIND NAME ...` plus `# current`. */
export function formatRepeat(repeat: Repeat, state: boolean): string {
  let text = 'repeat ' + repeat.kind;
  switch (repeat.kind) {
    case 'day':
      return text + ' ' + String(repeat.step);
    case 'integer':
      text += ' ' + repeat.name + ' ' + repeat.values.join(' ') + (repeat.step !== 1 ? ' ' + String(repeat.step) : '');
      break;
    case 'date':
      text += ' ' + repeat.name + ' ' + repeat.values.join(' ') + ' ' + String(repeat.step);
      break;
    case 'datetime':
      text += ' ' + repeat.name + ' ' + repeat.values.join(' ');
      break;
    case 'enumerated':
    case 'string':
    case 'datelist':
    case 'datetimelist':
      text += ' ' + repeat.name;
      for (const value of repeat.values) text += ' "' + value + '"';
  }
  return state && repeat.current !== undefined ? text + ' # ' + repeat.current : text;
}

/** `late -s +hh:mm -a hh:mm -c [+]hh:mm` plus `# late`. */
export function formatLate(late: LateAttr, state: boolean): string {
  let text = 'late';
  if (late.submitted !== undefined) text += ' -s +' + formatTime(late.submitted);
  if (late.active !== undefined) text += ' -a ' + formatTime(late.active);
  if (late.complete !== undefined) text += ' -c ' + (late.completeRelative ? '+' : '') + formatTime(late.complete);
  return state && late.late ? text + ' # late' : text;
}

/** `date d.m.y` with `*` for 0. */
export function formatDate(date: DateAttr): string {
  const field = (value: number): string => (value === 0 ? '*' : String(value));
  return 'date ' + field(date.day) + '.' + field(date.month) + '.' + field(date.year);
}

/** `cron [-w ..] [-d ..] [-m ..] series`, in ecFlow's layout. */
export function formatCron(cron: CronAttr): string {
  let text = 'cron ';
  const week = [...(cron.weekDays ?? []).map(String), ...(cron.lastWeekDays ?? []).map((day) => String(day) + 'L')];
  if (week.length > 0) text += '-w ' + week.join(',') + ' ';
  const days = (cron.monthDays ?? []).map(String);
  if (cron.lastDayOfMonth) days.push('L');
  if (days.length > 0) text += '-d ' + days.join(',') + ' ';
  if (cron.months !== undefined && cron.months.length > 0) text += '-m ' + cron.months.join(',') + ' ';
  return text + formatSeries(cron);
}

/** `clock real|hybrid [d.m.y] [gain] [-s]` or `endclock ...`. */
export function formatClock(clock: ClockAttr, end: boolean): string {
  let text = end ? 'endclock' : clock.hybrid ? 'clock hybrid' : 'clock real';
  if (clock.day !== 0) text += ' ' + String(clock.day) + '.' + String(clock.month) + '.' + String(clock.year);
  if (clock.gain !== 0) text += ' ' + (clock.positiveGain ? '+' : '') + String(clock.gain);
  if (clock.startStop && !end) text += ' -s';
  return text;
}

/** `autocancel ...` / `autoarchive ...`. */
export function formatAutoClean(keyword: string, attr: AutoCleanAttr): string {
  let text = keyword + ' ';
  if (attr.days !== undefined) text += String(attr.days);
  else if (attr.time !== undefined) text += (attr.relative ? '+' : '') + formatTime(attr.time);
  return attr.idle ? text + ' -i' : text;
}

/** `zombie type:action:children:lifetime`. */
export function formatZombie(zombie: ZombieAttr): string {
  const lifetime = zombie.lifetime === undefined ? '' : String(zombie.lifetime);
  return 'zombie ' + zombie.type + ':' + zombie.action + ':' + zombie.childCommands.join(',') + ':' + lifetime;
}

function option(name: string, value: string | undefined): string {
  return value === undefined ? '' : ' --' + name + ' ' + value;
}

/** `aviso --name ... --listener ...`. */
export function formatAviso(aviso: AvisoAttr): string {
  return (
    'aviso --name ' +
    aviso.name +
    ' --listener ' +
    aviso.listener +
    option('url', aviso.url) +
    option('schema', aviso.schema) +
    option('polling', aviso.polling) +
    option('revision', aviso.revision) +
    option('auth', aviso.auth) +
    option('reason', aviso.reason)
  );
}

/** `mirror --name ... --remote_path ...`. */
export function formatMirror(mirror: MirrorAttr): string {
  return (
    'mirror --name ' +
    mirror.name +
    ' --remote_path ' +
    mirror.remotePath +
    option('remote_host', mirror.remoteHost) +
    option('remote_port', mirror.remotePort) +
    option('polling', mirror.polling) +
    (mirror.ssl ? ' --ssl' : '') +
    option('auth', mirror.auth) +
    option('reason', mirror.reason)
  );
}
