import {
  ContainerNode,
  NodeState,
  SubmittableNode,
  flagBit,
  mostSignificantState,
  setNodeState,
  stateCode,
  withFree,
  type NodeStateCode,
  type RuntimeNode,
} from '../../model/index.js';
import type { OpContext } from '../op-context.js';

/** How {@link resetSubtree} resets: ecFlow's `begin` and `requeue` differ in a few details. */
export interface ResetMode {
  /** `begin` (all flags and labels reset) or `requeue` (keeps `message`/`archived` flags, task labels). */
  readonly kind: 'begin' | 'requeue';
  /** Resume suspended descendants (manual requeue does; automatic repeat/time requeue does not). */
  readonly resumeDescendants: boolean;
  /** Reset the top node's repeat (descendants' repeats are always reset). */
  readonly resetTopRepeat: boolean;
}

const KEPT_ON_REQUEUE = flagBit('message') | flagBit('archived');

function initialState(node: RuntimeNode): NodeStateCode {
  const status = node.defstatus;
  return status === undefined || status === 'suspended' ? NodeState.queued : stateCode(status);
}

/** Where a node sits in the reset: the mode, whether it is the top node, whether complete is forced on it. */
interface ResetStep {
  readonly mode: ResetMode;
  readonly top: boolean;
  readonly forceComplete: boolean;
}

function resetValues(ctx: OpContext, node: RuntimeNode, step: ResetStep): void {
  const { mode, top } = step;
  const { batch } = ctx;
  // Expressions may be shared between nodes: the mark is changed by replacing the node's expression.
  if (node.trigger?.free === true) {
    node.trigger = withFree(node.trigger, false);
    batch.add({ type: 'free', path: node.path, expression: 'trigger', free: false });
  }
  if (node.complete?.free === true) {
    node.complete = withFree(node.complete, false);
    batch.add({ type: 'free', path: node.path, expression: 'complete', free: false });
  }
  for (const event of node.events ?? []) {
    if (event.value !== event.initial) {
      event.value = event.initial;
      batch.add({ type: 'event', path: node.path, name: event.key, value: event.value });
    }
  }
  for (const meter of node.meters ?? []) {
    if (meter.value !== meter.min) {
      meter.value = meter.min;
      batch.add({ type: 'meter', path: node.path, name: meter.name, value: meter.value });
    }
  }
  // ecFlow (ECFLOW-195) keeps task labels on requeue: they usually carry the last run's message.
  if (mode.kind === 'begin' || node instanceof ContainerNode) {
    for (const label of node.labels ?? []) {
      if (label.value !== label.initial) {
        label.value = label.initial;
        batch.add({ type: 'label', path: node.path, name: label.name, value: label.value });
      }
    }
  }
  const repeat = node.repeat;
  if (repeat !== undefined && repeat.index !== 0 && (!top || mode.resetTopRepeat || mode.kind === 'begin')) {
    repeat.index = 0;
    batch.add({ type: 'repeat', path: node.path, name: repeat.def.name, index: 0, value: repeat.def.values[0] ?? 0 });
  }
  for (const limit of node.misc?.limits ?? []) {
    if (limit.value !== 0 || limit.paths.length > 0) {
      limit.value = 0;
      limit.paths = [];
      batch.add({ type: 'limit', path: node.path, name: limit.name, value: 0, paths: [] });
    }
  }
}

function resetScalars(node: RuntimeNode, step: ResetStep): void {
  const { mode, top } = step;
  node.flags = mode.kind === 'begin' ? 0 : node.flags & KEPT_ON_REQUEUE;
  if (node.misc?.late !== undefined) node.misc.late.late = false;
  for (const inlimit of node.misc?.inlimits ?? []) inlimit.incremented = false;
  if (node.defstatus === 'suspended') node.suspended = true;
  else if (!top && mode.resumeDescendants) node.suspended = false;
  if (node instanceof SubmittableNode) {
    node.tryNo = 0;
    node.password = '';
    node.rid = '';
    node.abortReason = '';
  }
}

function setLocal(ctx: OpContext, node: RuntimeNode, state: NodeStateCode): void {
  if (node.state !== state) {
    const previous = node.state;
    node.state = state;
    ctx.tree.listener.stateChanged?.(node, previous);
  }
  // No `nodeChanged`: only called on a child `resetRecursive` has just reported, and nothing in between (attribute
  // records, token releases) flushes the batch's node records. A begin of 100k nodes saves 100k set additions.
  node.stateSince = ctx.now;
}

/** Resets one node and its subtree; returns the state the node must take (set by the caller for the top). */
function resetRecursive(ctx: OpContext, node: RuntimeNode, step: ResetStep): NodeStateCode {
  const { mode, forceComplete } = step;
  resetValues(ctx, node, step);
  resetScalars(node, step);
  ctx.batch.nodeChanged(node);
  let state = forceComplete ? NodeState.complete : initialState(node);
  if (node instanceof ContainerNode) {
    // A defstatus of complete (and only complete) is applied to the whole subtree, as ecFlow does.
    const completeBelow = forceComplete || node.defstatus === 'complete';
    node.counts.fill(0);
    for (const child of node.children) {
      const childState = resetRecursive(ctx, child, { mode, top: false, forceComplete: completeBelow });
      setLocal(ctx, child, childState);
      node.counts[childState] = (node.counts[childState] ?? 0) + 1;
    }
    const derived = node.defstatus === undefined || node.defstatus === 'queued' || node.defstatus === 'suspended';
    if (!completeBelow && derived && node.children.length > 0) state = mostSignificantState(node.counts);
  }
  ctx.hooks.nodeReset?.(ctx, node, mode.kind);
  return state;
}

/**
 * ecFlow's `begin`/`requeue` of a subtree: every node takes its defstatus (or queued), attributes return to
 * their definition values, task try numbers and passwords are cleared, containers show their children's
 * state unless a defstatus holds them. Cost O(subtree); ancestors are updated in O(depth).
 */
export function resetSubtree(ctx: OpContext, node: RuntimeNode, mode: ResetMode): void {
  const state = resetRecursive(ctx, node, { mode, top: true, forceComplete: false });
  if (!setNodeState(ctx.tree, node, state)) node.stateSince = ctx.now;
}
