import type { InLimit } from '@isobar/protocol/defs';
import {
  NodeState,
  parentNode,
  tasksBelow,
  type RuntimeLimit,
  type RuntimeNode,
  type RuntimeTree,
  type SubmittableNode,
} from '../../model/index.js';
import type { OpContext } from '../op-context.js';

// Most tasks are in no limit: they share one empty chain, and the token functions return at once.
const NO_CHAIN: readonly BoundInLimit[] = Object.freeze([]);
const NO_LIMITS: RuntimeLimit[] = [];

/** One `inlimit` with the node holding it and the limit it resolved to. */
export interface BoundInLimit {
  readonly holder: RuntimeNode;
  readonly inlimit: InLimit;
  readonly limit: RuntimeLimit;
  readonly limitNode: RuntimeNode;
}

/**
 * Resolves `inlimit`s to limits (ecFlow `InLimitMgr::find_limit`): without a path, the first limit of that name on
 * the holder or an ancestor; with one, the limit on the node at that path (absolute, or relative to the holder).
 * Resolutions are cached until the tree's structure changes.
 */
export class LimitResolver {
  private readonly cache = new Map<InLimit, { limit: RuntimeLimit; node: RuntimeNode } | null>();

  constructor(private readonly tree: RuntimeTree) {}

  /** Forget every resolution (after load, replace, delete or alter). */
  clear(): void {
    this.cache.clear();
  }

  /** The limit an inlimit of `holder` uses, or undefined when it resolves to none (an extern: no constraint). */
  resolve(holder: RuntimeNode, inlimit: InLimit): { limit: RuntimeLimit; node: RuntimeNode } | undefined {
    let found = this.cache.get(inlimit);
    if (found === undefined) {
      found = this.lookup(holder, inlimit) ?? null;
      this.cache.set(inlimit, found);
    }
    return found ?? undefined;
  }

  private lookup(holder: RuntimeNode, inlimit: InLimit): { limit: RuntimeLimit; node: RuntimeNode } | undefined {
    if (inlimit.path === '') {
      for (let node: RuntimeNode | undefined = holder; node !== undefined; node = parentNode(node)) {
        const limit = node.misc?.limits?.find((l) => l.name === inlimit.name);
        if (limit !== undefined) return { limit, node };
      }
      return undefined;
    }
    const node = this.tree.index.get(absolute(holder, inlimit.path));
    const limit = node?.misc?.limits?.find((l) => l.name === inlimit.name);
    return node === undefined || limit === undefined ? undefined : { limit, node };
  }

  /** Every inlimit of `task` and its ancestors that resolves, nearest first (shared and empty when none). */
  chain(task: RuntimeNode): readonly BoundInLimit[] {
    let bound: BoundInLimit[] | undefined;
    for (let node: RuntimeNode | undefined = task; node !== undefined; node = parentNode(node)) {
      const inlimits = node.misc?.inlimits;
      if (inlimits === undefined) continue;
      for (const inlimit of inlimits) {
        const found = this.resolve(node, inlimit);
        if (found !== undefined)
          (bound ??= []).push({ holder: node, inlimit, limit: found.limit, limitNode: found.node });
      }
    }
    return bound ?? NO_CHAIN;
  }
}

function absolute(holder: RuntimeNode, path: string): string {
  if (path.startsWith('/')) return path;
  const parts = holder.path.split('/').filter((p) => p !== '');
  parts.pop();
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return '/' + parts.join('/');
}

/** ecFlow `Limit::inLimit`: room for `tokens` more (a limit of 0 never has room: a brake). */
export function hasRoom(limit: RuntimeLimit, tokens: number): boolean {
  return limit.max > 0 && limit.value + tokens <= limit.max;
}

/** The first limit of the chain without room for the task, or undefined when all have room. */
export function fullLimit(chain: readonly BoundInLimit[]): BoundInLimit | undefined {
  if (chain.length === 0) return undefined;
  const seen = new Set<RuntimeLimit>();
  for (const bound of chain) {
    if (seen.has(bound.limit)) continue;
    seen.add(bound.limit);
    // `-n`: once the family holds its token, its tasks run freely (ecFlow `InLimitMgr::inLimit`).
    if (bound.inlimit.nodeOnly && bound.inlimit.incremented) continue;
    if (!hasRoom(bound.limit, bound.inlimit.tokens)) return bound;
  }
  return undefined;
}

function record(ctx: OpContext, bound: BoundInLimit): void {
  const { limit, limitNode } = bound;
  ctx.batch.add({ type: 'limit', path: limitNode.path, name: limit.name, value: limit.value, paths: [...limit.paths] });
}

/** Takes the tokens of a task being submitted (each limit once, nearest inlimit wins, as ecFlow). */
export function acquireTokens(ctx: OpContext, task: SubmittableNode, chain: readonly BoundInLimit[]): void {
  if (chain.length === 0) return;
  const seen = new Set<RuntimeLimit>();
  for (const bound of chain) {
    if (seen.has(bound.limit)) continue;
    seen.add(bound.limit);
    const { inlimit, limit } = bound;
    const path = inlimit.nodeOnly ? bound.holder.path : task.path;
    if (inlimit.nodeOnly) {
      if (inlimit.incremented) continue;
      inlimit.incremented = true;
      ctx.batch.nodeChanged(bound.holder);
    }
    if (limit.paths.includes(path)) continue;
    limit.paths.push(path);
    limit.value += inlimit.tokens;
    record(ctx, bound);
  }
}

function busy(node: RuntimeNode): boolean {
  return tasksBelow(node).some((t) => t.state === NodeState.active || t.state === NodeState.submitted);
}

/**
 * Gives back a task's tokens (complete, abort, requeue; `submissionOnly` at active only). A `-n` token is given
 * back when no task below its holder is still submitted or active.
 */
export function releaseTokens(
  ctx: OpContext,
  task: SubmittableNode,
  options: { chain: readonly BoundInLimit[]; submissionOnly: boolean },
): RuntimeLimit[] {
  if (options.chain.length === 0) return NO_LIMITS;
  const released: RuntimeLimit[] = [];
  const seen = new Set<RuntimeLimit>();
  for (const bound of options.chain) {
    if (seen.has(bound.limit)) continue;
    seen.add(bound.limit);
    const { inlimit, limit } = bound;
    if (options.submissionOnly && !inlimit.submissionOnly) continue;
    const path = inlimit.nodeOnly ? bound.holder.path : task.path;
    if (inlimit.nodeOnly && (!inlimit.incremented || busy(bound.holder))) continue;
    const at = limit.paths.indexOf(path);
    if (at < 0) continue;
    if (inlimit.nodeOnly) {
      inlimit.incremented = false;
      ctx.batch.nodeChanged(bound.holder);
    }
    limit.paths.splice(at, 1);
    limit.value = Math.max(0, limit.value - inlimit.tokens);
    record(ctx, bound);
    released.push(limit);
  }
  return released;
}
