import { isNodeStateName, type NodeStateName } from '@isobar/protocol/defs';
import {
  ContainerNode,
  SubmittableNode,
  flagBit,
  repeatCount,
  repeatValueAt,
  setNodeState,
  stateCode,
  walk,
  type RuntimeNode,
} from '../../model/index.js';
import { invalidArgument } from '../errors.js';
import { requireNode, type OpContext } from '../op-context.js';
import { resetEventsAndMeters, setEvent } from './value-setters.js';

/** Options of {@link force} (besides `what`: a node state, `set` or `clear`). */
export interface ForceOptions {
  /** Apply the state to the whole subtree. @default false */
  readonly recursive?: boolean;
  /** With `recursive` and `complete`: exhaust every repeat below (last value, then one past). @default false */
  readonly full?: boolean;
}

// ecFlow's `setRepeatToLastValue` moves to the last value and then increments once more: the repeat ends up
// exhausted (one past the end, `# 4` for `repeat integer N 1 3`), so the completed node never loops again.
function repeatToLast(ctx: OpContext, node: RuntimeNode): void {
  const repeat = node.repeat;
  if (repeat === undefined) return;
  const end = repeatCount(repeat.def);
  if (!Number.isFinite(end) || end <= 0 || repeat.index === end) return;
  repeat.index = end;
  ctx.batch.add({
    type: 'repeat',
    path: node.path,
    name: repeat.def.name,
    index: end,
    value: repeatValueAt(repeat.def, end),
  });
}

function forceState(ctx: OpContext, node: RuntimeNode, how: { state: NodeStateName; recursive: boolean }): void {
  const { state, recursive } = how;
  const code = stateCode(state);
  const targets: RuntimeNode[] = [];
  if (recursive) walk(node, (each) => targets.push(each));
  else targets.push(node);
  // Children first, so each container ends with the forced state rather than one derived from its children.
  for (let i = targets.length - 1; i >= 0; i--) {
    const target = targets[i] as RuntimeNode;
    if (state === 'aborted' && target instanceof SubmittableNode) target.flags |= flagBit('force_aborted');
    setNodeState(ctx.tree, target, code);
    if (state === 'queued' && (recursive || !(target instanceof ContainerNode))) resetEventsAndMeters(ctx, target);
  }
  if (state === 'queued' && !recursive && node instanceof ContainerNode) {
    walk(node, (each) => resetEventsAndMeters(ctx, each));
  }
}

/**
 * `force STATE|set|clear [recursive] [full] path`: set a node state (with propagation and ecFlow's side
 * effects: `message` flag; `force queued` resets events and meters below; `complete full` exhausts repeats: they
 * show their last value and stay one past it, as ecFlow's), or set/clear an event given as `path:event`.
 */
export function force(ctx: OpContext, path: string, options: ForceOptions & { readonly what: string }): void {
  const { what } = options;
  if (what === 'set' || what === 'clear') {
    const colon = path.lastIndexOf(':');
    if (colon <= 0) throw invalidArgument('set/clear needs path:event', { path });
    const node = requireNode(ctx, path.slice(0, colon));
    setEvent(ctx, node, { name: path.slice(colon + 1), value: what === 'set' });
    return;
  }
  if (!isNodeStateName(what)) {
    throw invalidArgument(`expected a node state or set/clear, got ${what}`, { path });
  }
  const node = requireNode(ctx, path);
  node.flags |= flagBit('message');
  ctx.batch.nodeChanged(node);
  const recursive = options.recursive ?? false;
  forceState(ctx, node, { state: what, recursive });
  if (recursive && (options.full ?? false)) walk(node, (each) => repeatToLast(ctx, each));
}
