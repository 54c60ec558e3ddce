import type { Repeat } from '../model/attributes.js';
import type { DefsNode } from '../model/node.js';
import { parseDateTimeLiteral } from '../expr/datetime-literal.js';
import type { CheckFinding } from './check-types.js';

/**
 * Names must be unique among siblings (suites among suites). The parser already refuses duplicates in text;
 * this catches definitions built or edited in code.
 */
export function checkUniqueNames(path: string, siblings: readonly DefsNode[], findings: CheckFinding[]): void {
  const seen = new Set<string>();
  for (const sibling of siblings) {
    if (seen.has(sibling.name)) {
      const where = path === '' ? '/' : path;
      findings.push({ path: where, severity: 'error', message: `duplicate ${sibling.kind} name '${sibling.name}'` });
    }
    seen.add(sibling.name);
  }
}

function isYmd(text: string | undefined): boolean {
  return text !== undefined && /^\d{8}$/.test(text) && parseDateTimeLiteral(`${text}T000000`) !== undefined;
}

function isInteger(text: string | undefined): boolean {
  return text !== undefined && /^-?\d+$/.test(text);
}

/** Why a repeat makes no sense, or undefined. */
function repeatProblem(repeat: Repeat): string | undefined {
  const [start, end] = repeat.values;
  switch (repeat.kind) {
    case 'integer':
      if (!isInteger(start) || !isInteger(end)) return 'start and end must be integers';
      return repeat.step === 0 ? 'step must not be 0' : undefined;
    case 'date':
      if (!isYmd(start) || !isYmd(end)) return 'start and end must be valid yyyymmdd dates';
      if (repeat.step === 0) return 'step must not be 0';
      return (repeat.step > 0 ? Number(start) > Number(end) : Number(start) < Number(end))
        ? 'start and end do not match the direction of the step'
        : undefined;
    case 'datetime':
      return parseDateTimeLiteral(start ?? '') === undefined || parseDateTimeLiteral(end ?? '') === undefined
        ? 'start and end must be valid yyyymmddTHHMMSS instants'
        : undefined;
    case 'datelist':
      if (repeat.values.length === 0) return 'the list is empty';
      return repeat.values.every(isYmd) ? undefined : 'every value must be a valid yyyymmdd date';
    case 'datetimelist':
      if (repeat.values.length === 0) return 'the list is empty';
      return repeat.values.every((value) => parseDateTimeLiteral(value) !== undefined)
        ? undefined
        : 'every value must be a valid yyyymmddTHHMMSS instant';
    case 'enumerated':
    case 'string':
      return repeat.values.length === 0 ? 'the list is empty' : undefined;
    case 'day':
      return repeat.step < 1 ? 'step must be at least 1' : undefined;
  }
}

/** Adds a finding when the node's repeat makes no sense. */
export function checkNodeRepeat(path: string, node: DefsNode, findings: CheckFinding[]): void {
  const { repeat } = node;
  if (repeat === undefined) return;
  const problem = repeatProblem(repeat);
  const label = `repeat ${repeat.kind}${repeat.name === '' ? '' : ` ${repeat.name}`}`;
  if (problem !== undefined) findings.push({ path, severity: 'error', message: `${label}: ${problem}` });
}
