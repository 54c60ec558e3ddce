import { AliasNode, FamilyNode, SubmittableNode, SuiteNode, type RuntimeNode } from './runtime-node.js';

/**
 * Supplies a suite's calendar variables (DATE, TIME, YYYY, ECF_DATE, …). The time module provides the real one;
 * without it a suite only generates SUITE.
 */
export interface CalendarVariables {
  /** The value of calendar variable `name` for `suite`, or `undefined` when it has none (e.g. not begun). */
  suiteVariable(suite: SuiteNode, name: string): string | undefined;
  /** The names it can generate, for listings. */
  readonly names: readonly string[];
}

/** Reads user variables up the tree; given to generated variables that depend on ECF_HOME, ECF_OUT, ECF_EXTN. */
export type UserVariableLookup = (node: RuntimeNode, name: string) => string | undefined;

/** Names of the generated variables of a task or alias, in ecFlow's order. */
export const SUBMITTABLE_VARIABLE_NAMES: readonly string[] = [
  'ECF_JOB',
  'ECF_JOBOUT',
  'ECF_TRYNO',
  'ECF_RID',
  'ECF_NAME',
  'ECF_PASS',
  'ECF_SCRIPT',
  'TASK',
];

function submittableVariable(node: SubmittableNode, name: string, lookup: UserVariableLookup): string | undefined {
  switch (name) {
    case 'ECF_NAME':
      return node.path;
    case 'TASK':
      // An alias runs its task's script, so it reports the task's name.
      return node instanceof AliasNode ? (node.parent as RuntimeNode).name : node.name;
    case 'ECF_TRYNO':
      return String(node.tryNo);
    case 'ECF_PASS':
      return node.password;
    case 'ECF_RID':
      return node.rid;
    case 'ECF_SCRIPT': {
      const extension = lookup(node, 'ECF_EXTN') ?? (node instanceof AliasNode ? '.usr' : '.ecf');
      return `${lookup(node, 'ECF_HOME') ?? ''}${node.path}${extension}`;
    }
    case 'ECF_JOB':
      return `${lookup(node, 'ECF_HOME') ?? ''}${node.path}.job${node.tryNo}`;
    case 'ECF_JOBOUT': {
      const out = lookup(node, 'ECF_OUT');
      const base = out === undefined || out === '' ? (lookup(node, 'ECF_HOME') ?? '') : out;
      return `${base}${node.path}.${node.tryNo}`;
    }
    default:
      return undefined;
  }
}

/**
 * A generated variable of `node` itself (not of its ancestors), computed when read: ECF_* of tasks, FAMILY and
 * FAMILY1 of families, SUITE and the calendar variables of suites.
 */
export function generatedVariable(
  node: RuntimeNode,
  name: string,
  context: { lookup: UserVariableLookup; calendar: CalendarVariables | undefined },
): string | undefined {
  if (node instanceof SubmittableNode) return submittableVariable(node, name, context.lookup);
  if (node instanceof FamilyNode) {
    if (name === 'FAMILY1') return node.name;
    if (name === 'FAMILY') return node.path.slice(node.path.indexOf('/', 1) + 1);
    return undefined;
  }
  if (node instanceof SuiteNode) {
    if (name === 'SUITE') return node.name;
    return context.calendar?.suiteVariable(node, name);
  }
  return undefined;
}

/** Names of the generated variables of one node, for listings. */
export function generatedVariableNames(node: RuntimeNode, calendar: CalendarVariables | undefined): string[] {
  if (node instanceof SubmittableNode) return [...SUBMITTABLE_VARIABLE_NAMES];
  if (node instanceof FamilyNode) return ['FAMILY', 'FAMILY1'];
  if (node instanceof SuiteNode) return ['SUITE', ...(calendar?.names ?? [])];
  return [];
}
