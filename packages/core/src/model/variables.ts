import type { Variable } from '@isobar/protocol/defs';
import { generatedVariable, generatedVariableNames, type CalendarVariables } from './generated-variables.js';
import { repeatGeneratedVariable, repeatVariableNames, repeatVariableValue } from './repeat-values.js';
import { DefsRoot, type RuntimeNode } from './runtime-node.js';
import type { RuntimeTree } from './runtime-tree.js';

/** Where a variable was found. */
export type VariableSource = 'user' | 'repeat' | 'generated' | 'server-user' | 'server';

/** A variable and where it was found. */
export interface FoundVariable {
  /** Value. */
  readonly value: string;
  /** Which kind of variable answered. */
  readonly source: VariableSource;
  /** Path of the node that holds it (`/` for server variables). */
  readonly path: string;
}

function findIn(list: readonly Variable[] | undefined, name: string): string | undefined {
  if (list === undefined) return undefined;
  for (const variable of list) if (variable.name === name) return variable.value;
  return undefined;
}

/** Looks a user (`edit`) variable up the tree: node, ancestors, server user variables, server variables. */
export function findUserVariable(node: RuntimeNode, name: string): string | undefined {
  let current: RuntimeNode | DefsRoot = node;
  while (!(current instanceof DefsRoot)) {
    const value = findIn(current.variables, name);
    if (value !== undefined) return value;
    current = current.parent;
  }
  return findIn(current.variables, name) ?? findIn(current.serverVariables, name);
}

function ownVariable(
  node: RuntimeNode,
  name: string,
  calendar: CalendarVariables | undefined,
): FoundVariable | undefined {
  const user = findIn(node.variables, name);
  if (user !== undefined) return { value: user, source: 'user', path: node.path };
  const repeat = node.repeat;
  if (repeat !== undefined && repeat.def.name !== '') {
    const value = name === repeat.def.name ? repeatVariableValue(repeat) : repeatGeneratedVariable(repeat, name);
    if (value !== undefined) return { value, source: 'repeat', path: node.path };
  }
  const generated = generatedVariable(node, name, { lookup: findUserVariable, calendar });
  return generated === undefined ? undefined : { value: generated, source: 'generated', path: node.path };
}

/**
 * Looks a variable up in ecFlow's order: the node's variables, its repeat variable, its generated variables,
 * then each ancestor likewise, then server user variables, then server variables.
 *
 * @example
 * ```ts
 * findVariable(tree.find('/s/f/t')!, 'ECF_JOB')?.value; // '/home/s/f/t.job1'
 * ```
 */
export function findVariable(node: RuntimeNode, name: string, calendar?: CalendarVariables): FoundVariable | undefined {
  let current: RuntimeNode | DefsRoot = node;
  while (!(current instanceof DefsRoot)) {
    const found = ownVariable(current, name, calendar);
    if (found !== undefined) return found;
    current = current.parent;
  }
  const serverUser = findIn(current.variables, name);
  if (serverUser !== undefined) return { value: serverUser, source: 'server-user', path: '/' };
  const server = findIn(current.serverVariables, name);
  return server === undefined ? undefined : { value: server, source: 'server', path: '/' };
}

/**
 * Every variable visible from `node` with the value the lookup would give (nearest definition wins), as job
 * generation and `why` list them.
 */
export function visibleVariables(
  tree: RuntimeTree,
  node: RuntimeNode,
  calendar?: CalendarVariables,
): Map<string, string> {
  const names = new Set<string>();
  let current: RuntimeNode | DefsRoot = node;
  while (!(current instanceof DefsRoot)) {
    for (const v of current.variables ?? []) names.add(v.name);
    if (current.repeat !== undefined) for (const n of repeatVariableNames(current.repeat)) names.add(n);
    for (const n of generatedVariableNames(current, calendar)) names.add(n);
    current = current.parent;
  }
  for (const v of tree.root.variables ?? []) names.add(v.name);
  for (const v of tree.root.serverVariables) names.add(v.name);
  const result = new Map<string, string>();
  for (const name of names) {
    const found = findVariable(node, name, calendar);
    if (found !== undefined) result.set(name, found.value);
  }
  return result;
}
