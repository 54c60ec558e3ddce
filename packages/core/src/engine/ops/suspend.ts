import { requireNode, type OpContext } from '../op-context.js';

/** `suspend path` / `resume path`: sets or clears the node's suspension (not its descendants'). */
export function setSuspended(ctx: OpContext, path: string, suspended: boolean): void {
  const node = requireNode(ctx, path);
  if (node.suspended === suspended) return;
  node.suspended = suspended;
  ctx.batch.nodeChanged(node);
}
