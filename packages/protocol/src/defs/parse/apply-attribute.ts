import type { Defs, DefsNode, Event, TimeAttr } from '../model/index.js';
import { isDefStatus } from '../model/index.js';
import type { ParseContext } from './parse-context.js';
import {
  listValues,
  parseEvent,
  parseInLimit,
  parseLabel,
  parseLimit,
  parseMeter,
  parseVariable,
  parseVerify,
} from './parse-basic-attributes.js';
import { parseExpressionLine } from './parse-expression.js';
import { parseAviso, parseGeneric, parseMirror, parseQueue, parseZombie } from './parse-misc-attributes.js';
import { parseRepeat } from './parse-repeat.js';
import {
  parseAutoClean,
  parseClockAttr,
  parseCronAttr,
  parseDateAttr,
  parseDayAttr,
  parseLateAttr,
  parseTimeAttr,
} from './parse-time-attributes.js';

/** Keywords a suite may not carry (ecFlow SUP-1198: no dependencies or time gates on suites). */
const NOT_ON_SUITE = new Set(['trigger', 'complete', 'time', 'today', 'date', 'day']);
/** Keywords only a suite may carry (a comparison chain: cheaper than hashing every attribute's keyword). */
function isSuiteOnly(keyword: string): boolean {
  return keyword === 'clock' || keyword === 'endclock' || keyword === 'calendar';
}

function once(ctx: ParseContext, present: unknown, what: string): void {
  if (present !== undefined) throw ctx.fail(`the node already has ${what}`, `at most one ${what} per node`, 0);
}

interface UniqueAdd<T> {
  list: T[] | undefined;
  item: T;
  same: (a: T, b: T) => boolean;
}

function unique<T>(ctx: ParseContext, { list, item, same }: UniqueAdd<T>): T[] {
  if (list === undefined) return [item];
  for (const other of list) if (same(other, item)) throw ctx.fail(`duplicate ${ctx.token(0)}`, 'unique names', 1);
  list.push(item);
  return list;
}

const byName = (a: { name: string }, b: { name: string }): boolean => a.name === b.name;
const sameEvent = (a: Event, b: Event): boolean =>
  a.number !== undefined && b.number !== undefined ? a.number === b.number : a.name !== '' && a.name === b.name;

function applyVariable(ctx: ParseContext, node: DefsNode | undefined, defs?: Defs): void {
  const { variable, marker } = parseVariable(ctx, node?.kind !== 'alias');
  let list: { name: string; value: string }[];
  if (node !== undefined) list = node.variables ??= [];
  else if (ctx.persist && marker.replace(/\s+/g, ' ') === '# server') list = (defs as Defs).serverVariables ??= [];
  else list = (defs as Defs).variables ??= [];
  const existing = list.find((other) => other.name === variable.name);
  if (existing !== undefined) existing.value = variable.value;
  else list.push(variable);
}

/** Keeps all `time`s before all `today`s, the order in which ecFlow stores and writes them. */
function addTime(node: DefsNode, attr: TimeAttr): void {
  const times = (node.times ??= []);
  const firstToday = attr.kind === 'time' ? times.findIndex((t) => t.kind === 'today') : -1;
  if (firstToday < 0) times.push(attr);
  else times.splice(firstToday, 0, attr);
}

function applyTimed(ctx: ParseContext, node: DefsNode, keyword: string): boolean {
  switch (keyword) {
    case 'time':
    case 'today':
      addTime(node, parseTimeAttr(ctx, keyword));
      return true;
    case 'date':
      (node.dates ??= []).push(parseDateAttr(ctx));
      return true;
    case 'day':
      (node.days ??= []).push(parseDayAttr(ctx));
      return true;
    case 'cron':
      if (node.repeat !== undefined) throw ctx.fail('a node cannot have both a repeat and a cron', 'no cron', 0);
      (node.crons ??= []).push(parseCronAttr(ctx));
      return true;
    case 'late':
      once(ctx, node.late, 'a late');
      node.late = parseLateAttr(ctx);
      return true;
    case 'clock':
    case 'endclock':
      applyClock(ctx, node, keyword === 'endclock');
      return true;
    case 'autocancel':
    case 'autoarchive':
      once(ctx, node.autocancel ?? node.autoarchive, 'an autocancel or autoarchive');
      if (keyword === 'autoarchive' && (node.kind === 'task' || node.kind === 'alias')) {
        throw ctx.fail('autoarchive applies to suites and families', 'suite or family', 0);
      }
      if (keyword === 'autocancel') node.autocancel = parseAutoClean(ctx, false);
      else node.autoarchive = parseAutoClean(ctx, true);
      return true;
    default:
      return false;
  }
}

function clockSeconds(clock: { day: number; month: number; year: number; gain: number }): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day) / 1000 + clock.gain;
}

function applyClock(ctx: ParseContext, node: DefsNode, end: boolean): void {
  once(ctx, end ? node.endclock : node.clock, end ? 'an endclock' : 'a clock');
  const clock = parseClockAttr(ctx, end);
  if (end) node.endclock = clock;
  else node.clock = clock;
  const start = node.clock;
  const stop = node.endclock;
  if (start !== undefined && stop !== undefined && (start.day !== 0) === (stop.day !== 0)) {
    if (clockSeconds(stop) < clockSeconds(start)) throw ctx.fail('endclock must be after clock', 'a later endclock', 1);
  }
}

function applyOther(ctx: ParseContext, node: DefsNode, keyword: string): void {
  switch (keyword) {
    case 'label':
      node.labels = unique(ctx, { list: node.labels, item: parseLabel(ctx), same: byName });
      return;
    case 'event':
      node.events = unique(ctx, { list: node.events, item: parseEvent(ctx), same: sameEvent });
      return;
    case 'meter':
      node.meters = unique(ctx, { list: node.meters, item: parseMeter(ctx), same: byName });
      return;
    case 'limit':
      node.limits = unique(ctx, { list: node.limits, item: parseLimit(ctx), same: byName });
      return;
    case 'inlimit':
      node.inlimits = unique(ctx, {
        list: node.inlimits,
        item: parseInLimit(ctx),
        same: (a, b) => a.name === b.name && a.path === b.path,
      });
      return;
    case 'defstatus': {
      once(ctx, node.defstatus, 'a defstatus');
      const value = ctx.token(1);
      if (!isDefStatus(value)) throw ctx.fail(`invalid defstatus '${value}'`, 'a node state or suspended', 1);
      node.defstatus = value;
      return;
    }
    case 'repeat':
      once(ctx, node.repeat, 'a repeat');
      if (node.crons !== undefined) throw ctx.fail('a node cannot have both a repeat and a cron', 'no repeat', 0);
      node.repeat = parseRepeat(ctx);
      return;
    case 'trigger':
      node.trigger = parseExpressionLine(ctx, node.trigger);
      return;
    case 'complete':
      node.complete = parseExpressionLine(ctx, node.complete);
      return;
    default:
      applyMisc(ctx, node, keyword);
  }
}

function applyMisc(ctx: ParseContext, node: DefsNode, keyword: string): void {
  switch (keyword) {
    case 'verify':
      node.verifies = unique(ctx, { list: node.verifies, item: parseVerify(ctx), same: (a, b) => a.state === b.state });
      return;
    case 'zombie':
      node.zombies = unique(ctx, { list: node.zombies, item: parseZombie(ctx), same: (a, b) => a.type === b.type });
      return;
    case 'queue':
      node.queues = unique(ctx, { list: node.queues, item: parseQueue(ctx), same: byName });
      return;
    case 'generic':
      node.generics = unique(ctx, { list: node.generics, item: parseGeneric(ctx), same: byName });
      return;
    case 'aviso':
      (node.avisos ??= []).push(parseAviso(ctx));
      return;
    case 'mirror':
      (node.mirrors ??= []).push(parseMirror(ctx));
      return;
    case 'autorestore':
      once(ctx, node.autorestore, 'an autorestore');
      if (node.kind === 'alias') throw ctx.fail('autorestore does not apply to aliases', 'suite, family or task', 0);
      node.autorestore = listValues(ctx, 1);
      if (node.autorestore.length === 0) throw ctx.fail('autorestore needs node paths', 'autorestore /path ...', 1);
      return;
    case 'calendar':
      node.calendar = ctx.tokensFrom(1).join(' ');
      return;
    default:
      if (ctx.persist) return; // ecFlow ignores unknown keywords in checkpoints (with a warning)
      throw ctx.fail(`unknown or misplaced keyword '${keyword}' in ${node.kind} ${node.name}`, 'an attribute', 0);
  }
}

/** Applies a definition-level `edit` (server user variable, or `# server` variable in the state dialect). */
export function applyDefsVariable(ctx: ParseContext, defs: Defs): void {
  applyVariable(ctx, undefined, defs);
}

/**
 * Applies one attribute line to `node`, after the
 * placement rules: no trigger/complete/time/today/date/day on suites, clock/endclock only on suites.
 */
export function applyAttribute(ctx: ParseContext, node: DefsNode, keyword: string): void {
  if (keyword === 'edit') {
    applyVariable(ctx, node);
    return;
  }
  if (node.kind === 'suite' ? NOT_ON_SUITE.has(keyword) : isSuiteOnly(keyword)) {
    throw ctx.fail(`'${keyword}' is not allowed on a ${node.kind}`, 'an attribute valid here', 0);
  }
  if (applyTimed(ctx, node, keyword)) return;
  applyOther(ctx, node, keyword);
}
