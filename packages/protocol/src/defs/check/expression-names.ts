import type { DefsNode } from '../model/node.js';
import type { Repeat } from '../model/attributes.js';

const SUITE_GENERATED = [
  'SUITE',
  'ECF_TIME',
  'TIME',
  'YYYY',
  'DOW',
  'DOY',
  'DATE',
  'DAY',
  'DD',
  'MM',
  'MONTH',
  'ECF_DATE',
  'ECF_CLOCK',
  'ECF_JULIAN',
];
const FAMILY_GENERATED = ['FAMILY', 'FAMILY1'];
const TASK_GENERATED = ['ECF_JOB', 'ECF_JOBOUT', 'ECF_TRYNO', 'TASK', 'ECF_PASS', 'ECF_SCRIPT', 'ECF_NAME', 'ECF_RID'];
const DATE_REPEAT_SUFFIXES = ['_YYYY', '_MM', '_DD', '_DOW', '_JULIAN'];
const DATETIME_REPEAT_SUFFIXES = ['_DATE', '_TIME', '_HOURS', '_MINUTES', '_SECONDS'];

/** Variables ecFlow generates for a node of this kind (not stored in the definition). */
function generatedNames(node: DefsNode): readonly string[] {
  if (node.kind === 'suite') return SUITE_GENERATED;
  if (node.kind === 'family') return FAMILY_GENERATED;
  return TASK_GENERATED;
}

function repeatNames(repeat: Repeat): string[] {
  if (repeat.name === '') return [];
  if (repeat.kind === 'date' || repeat.kind === 'datelist') {
    return [repeat.name, ...DATE_REPEAT_SUFFIXES.map((suffix) => repeat.name + suffix)];
  }
  if (repeat.kind === 'datetime' || repeat.kind === 'datetimelist') {
    return [repeat.name, ...DATETIME_REPEAT_SUFFIXES.map((suffix) => repeat.name + suffix)];
  }
  return [repeat.name];
}

/**
 * True when `name` means something on `node` in an expression (`path:name` or `:name`), in ecFlow's order:
 * event (by name or number), meter, user variable, repeat (and its generated variables), generated variable,
 * limit, queue.
 */
export function hasExpressionName(node: DefsNode, name: string): boolean {
  if (node.events?.some((event) => event.name === name || String(event.number) === name)) return true;
  if (node.meters?.some((meter) => meter.name === name)) return true;
  if (node.variables?.some((variable) => variable.name === name)) return true;
  if (node.repeat !== undefined && repeatNames(node.repeat).includes(name)) return true;
  if (generatedNames(node).includes(name)) return true;
  if (node.limits?.some((limit) => limit.name === name)) return true;
  return node.queues?.some((queue) => queue.name === name) ?? false;
}
