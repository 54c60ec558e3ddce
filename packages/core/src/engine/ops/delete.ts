import { detachNode, stateName, type RuntimeNode } from '../../model/index.js';
import { wrongState } from '../errors.js';
import { requireNode, runningTasks, type OpContext } from '../op-context.js';

/** Options of {@link deleteNodes}. */
export interface DeleteOptions {
  /** Delete even with active/submitted tasks (they become zombies). @default false */
  readonly force?: boolean;
}

/**
 * `delete [force] path…` (or `/` for every suite): removes subtrees. Without `force`, a subtree with active or
 * submitted tasks is refused, as ecFlow does. All paths are checked before anything is deleted.
 */
export function deleteNodes(ctx: OpContext, paths: readonly string[], options: DeleteOptions = {}): void {
  const nodes: RuntimeNode[] = [];
  for (const path of paths) {
    if (path === '/') nodes.push(...ctx.tree.root.children);
    else nodes.push(requireNode(ctx, path));
  }
  if (!(options.force ?? false)) {
    for (const node of nodes) {
      const running = runningTasks(node);
      if (running.length > 0) {
        throw wrongState(
          node.path,
          stateName(node.state),
          `${running.length} tasks are active or submitted; use force`,
        );
      }
    }
  }
  for (const node of nodes) {
    if (ctx.tree.index.get(node.path) !== node) continue; // inside a subtree deleted already
    ctx.batch.add({ type: 'delete', path: node.path });
    detachNode(ctx.tree, node);
  }
}
