import {
  ContainerNode,
  SubmittableNode,
  NodeState,
  tasksBelow,
  type TaskNode,
  type RuntimeNode,
  type RuntimeTree,
} from '../model/index.js';
import type { ChangeBatch } from './change-batch.js';
import { notFound } from './errors.js';
import type { EngineHooks } from './engine-hooks.js';
import type { StructureCodec } from './structure-codec.js';

/** What an operation works with: the tree, the batch collecting its records, the time, the hooks. */
export interface OpContext {
  readonly tree: RuntimeTree;
  readonly batch: ChangeBatch;
  /** Seconds since the epoch. */
  readonly now: number;
  readonly codec: StructureCodec;
  readonly hooks: EngineHooks;
}

/** The node at `path`, or NOT_FOUND. */
export function requireNode(ctx: OpContext, path: string): RuntimeNode {
  const node = ctx.tree.index.get(path);
  if (node === undefined) throw notFound(path);
  return node;
}

/** The task or alias at `path`, or NOT_FOUND. */
export function requireSubmittable(ctx: OpContext, path: string): SubmittableNode {
  const node = requireNode(ctx, path);
  if (!(node instanceof SubmittableNode)) throw notFound(path, 'not a task');
  return node;
}

/** The container at `path`, or NOT_FOUND. */
export function requireContainer(ctx: OpContext, path: string): ContainerNode {
  const node = requireNode(ctx, path);
  if (!(node instanceof ContainerNode)) throw notFound(path, 'not a suite or family');
  return node;
}

/** The tasks below (or at) `node` that are submitted or active: what a forced change would make zombies of. */
export function runningTasks(node: RuntimeNode): TaskNode[] {
  return tasksBelow(node).filter((t) => t.state === NodeState.submitted || t.state === NodeState.active);
}
