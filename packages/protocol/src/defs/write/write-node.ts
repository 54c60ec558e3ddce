import type { DefsNode, NodeRuntimeState } from '../model/index.js';
import { formatSeries, stateSuffix } from './format-values.js';
import {
  formatAutoClean,
  formatAviso,
  formatClock,
  formatCron,
  formatDate,
  formatInLimit,
  formatLate,
  formatLimit,
  formatMirror,
  formatRepeat,
  formatZombie,
} from './write-attributes.js';
import { writeEvent, writeExpression, writeLabel, writeMeter, writeVariable } from './write-basic-attributes.js';
import { WriteBuffer } from './write-buffer.js';

/** Iterated in place of a missing list (never written to). */
const NONE: readonly never[] = [];

/** The ` # …` runtime suffix of a node line (state dialect), in ecFlow's token order. */
export function formatRuntime(runtime: NodeRuntimeState | undefined): string {
  if (runtime === undefined) return '';
  // Verbatim tokens first: ecFlow writes begun/passwd/rid/abort before try and state.
  const words: string[] = [...(runtime.extra ?? NONE)];
  if (runtime.tryNo !== undefined) words.push('try:' + String(runtime.tryNo));
  if (runtime.state !== undefined) words.push('state:' + runtime.state);
  if (runtime.duration !== undefined) words.push('dur:' + runtime.duration);
  if (runtime.flags !== undefined) words.push('flag:' + runtime.flags.join(','));
  if (runtime.suspended) words.push('suspended:1');
  if (runtime.runtime !== undefined) words.push('rt:' + runtime.runtime);
  return words.length === 0 ? '' : ' # ' + words.join(' ');
}

function line(out: WriteBuffer, depth: number, text: string): void {
  out.line(depth, text);
}

function writeTimes(out: WriteBuffer, node: DefsNode, d: number): void {
  const s = out.state;
  const times = node.times ?? NONE;
  for (const t of times) if (t.kind === 'time') line(out, d, 'time ' + formatSeries(t) + stateSuffix(t.state, s));
  for (const t of times) if (t.kind === 'today') line(out, d, 'today ' + formatSeries(t) + stateSuffix(t.state, s));
  for (const date of node.dates ?? NONE) line(out, d, formatDate(date) + stateSuffix(date.state, s));
  for (const day of node.days ?? NONE) line(out, d, 'day ' + day.day + stateSuffix(day.state, s));
  for (const cron of node.crons ?? NONE) line(out, d, formatCron(cron) + stateSuffix(cron.state, s));
}

/** Writes the attributes of `node` in ecFlow's order (Node writer of PrintStyle DEFS/STATE). */
function writeAttributes(out: WriteBuffer, node: DefsNode, d: number): void {
  const s = out.state;
  if (node.defstatus !== undefined) line(out, d, 'defstatus ' + node.defstatus);
  if (node.late !== undefined) line(out, d, formatLate(node.late, s));
  if (node.complete !== undefined) writeExpression(out, d, { keyword: 'complete', expression: node.complete });
  if (node.trigger !== undefined) writeExpression(out, d, { keyword: 'trigger', expression: node.trigger });
  if (node.repeat !== undefined) line(out, d, formatRepeat(node.repeat, s));
  for (const variable of node.variables ?? NONE) writeVariable(out, d, variable);
  for (const limit of node.limits ?? NONE) line(out, d, formatLimit(limit, s));
  for (const inlimit of node.inlimits ?? NONE) line(out, d, formatInLimit(inlimit, s));
  for (const label of node.labels ?? NONE) writeLabel(out, d, label);
  for (const meter of node.meters ?? NONE) writeMeter(out, d, meter);
  for (const event of node.events ?? NONE) writeEvent(out, d, event);
  writeTimes(out, node, d);
  for (const aviso of node.avisos ?? NONE) line(out, d, formatAviso(aviso));
  for (const mirror of node.mirrors ?? NONE) line(out, d, formatMirror(mirror));
  if (node.autocancel !== undefined) line(out, d, formatAutoClean('autocancel', node.autocancel));
  if (node.autoarchive !== undefined) line(out, d, formatAutoClean('autoarchive', node.autoarchive));
  if (node.autorestore !== undefined) line(out, d, 'autorestore ' + node.autorestore.join(' '));
  for (const zombie of node.zombies ?? NONE) line(out, d, formatZombie(zombie));
  for (const v of node.verifies ?? NONE) {
    line(
      out,
      d,
      'verify ' + v.state + ':' + String(v.expected) + (s && v.actual !== undefined ? ' # ' + String(v.actual) : ''),
    );
  }
  for (const q of node.queues ?? NONE)
    line(out, d, 'queue ' + q.name + ' ' + q.values.join(' ') + stateSuffix(q.state, s));
  for (const g of node.generics ?? NONE)
    line(out, d, 'generic ' + g.name + (g.values.length > 0 ? ' ' + g.values.join(' ') : ''));
}

/** Writes `node` and its subtree at `depth` into `out`. */
export function writeNodeInto(out: WriteBuffer, node: DefsNode, depth: number): void {
  out.start(depth, node.kind);
  out.add(' ');
  out.add(node.name);
  if (out.state && node.runtime !== undefined) out.add(formatRuntime(node.runtime));
  out.end();
  writeAttributes(out, node, depth + 1);
  if (node.kind === 'suite') {
    if (node.clock !== undefined) line(out, depth + 1, formatClock(node.clock, false));
    if (node.endclock !== undefined) line(out, depth + 1, formatClock(node.endclock, true));
    if (out.state && node.calendar !== undefined) line(out, depth + 1, 'calendar ' + node.calendar);
  }
  for (const child of node.children ?? NONE) writeNodeInto(out, child, depth + 1);
  if (node.kind === 'task' && node.aliases !== undefined) {
    for (const alias of node.aliases) writeNodeInto(out, alias, depth + 1);
    line(out, depth + 1, 'endalias');
  }
  if (node.kind === 'family') line(out, depth, 'endfamily');
  else if (node.kind === 'suite') line(out, depth, 'endsuite');
}

/** Options of {@link writeNode}. */
export interface WriteNodeOptions {
  /** Write the STATE dialect (run-time values in `#` comments). @default false */
  readonly state?: boolean;
}

/**
 * Writes one subtree (a suite, family, task or alias) as definition text, e.g. for journaling a replaced node.
 *
 * @example
 * ```ts
 * const text = writeNode(defs.suites[0]);
 * ```
 */
export function writeNode(node: DefsNode, options: WriteNodeOptions = {}): string {
  const out = new WriteBuffer(options.state ?? false);
  writeNodeInto(out, node, 0);
  return out.toString();
}
