import { NODE_STATE_COUNT, mostSignificantState, stateName } from './node-state.js';
import { ContainerNode, type DefsRoot } from './runtime-node.js';
import { walk, type RuntimeTree } from './runtime-tree.js';

function countsOf(children: readonly { state: number }[]): number[] {
  const counts = new Array<number>(NODE_STATE_COUNT).fill(0);
  for (const child of children) counts[child.state] = (counts[child.state] ?? 0) + 1;
  return counts;
}

function checkHolder(holder: ContainerNode | DefsRoot, derived: boolean, problems: string[]): void {
  const expected = countsOf(holder.children);
  if (expected.join() !== holder.counts.join()) {
    problems.push(`${holder.path}: counters ${holder.counts.join()} but children give ${expected.join()}`);
  }
  const state = mostSignificantState(expected);
  if (derived && holder.children.length > 0 && state !== holder.state) {
    problems.push(`${holder.path}: state ${stateName(holder.state)} but children give ${stateName(state)}`);
  }
}

/**
 * Recomputes every container's per-state counters from its children and reports the differences; with
 * `derived`, also that every non-empty container shows its children's most significant state (true whenever no
 * defstatus or forced container state is holding it). Used by tests and by the safety pass.
 */
export function findInconsistencies(tree: RuntimeTree, options: { derived?: boolean } = {}): string[] {
  const problems: string[] = [];
  const derived = options.derived ?? false;
  checkHolder(tree.root, derived, problems);
  for (const suite of tree.root.children) {
    walk(suite, (node) => {
      if (node instanceof ContainerNode) checkHolder(node, derived, problems);
      if (tree.index.get(node.path) !== node) problems.push(`${node.path}: missing from the path index`);
    });
  }
  return problems;
}
