import { explain } from '../../expr/index.js';
import { NodeState, SubmittableNode, parentNode, type RuntimeNode } from '../../model/index.js';
import type { WhyReason } from '../engine-hooks.js';
import type { CompiledExpressions } from './compiled-expressions.js';
import { taskStateAllows } from './gates.js';
import { fullLimit, type LimitResolver } from './limits.js';
import type { TimeKeeper } from './time-keeper.js';
import { createTreeEnvironment } from './tree-expressions.js';

/** What {@link schedulerWhy} reads. */
export interface WhyParts {
  readonly exprs: CompiledExpressions;
  readonly time: TimeKeeper;
  readonly limits: LimitResolver;
}

function ownReasons(node: RuntimeNode, parts: WhyParts, reasons: WhyReason[]): void {
  const { exprs, time } = parts;
  const entry = exprs.of(node);
  if (entry?.error !== undefined) reasons.push({ code: 'expression', path: node.path, message: entry.error });
  if (node.misc !== undefined) {
    const status = time.status(node);
    if (!status.free) {
      const next = status.nextChange === undefined ? 'not before a requeue' : new Date(status.nextChange).toISOString();
      reasons.push({
        code: 'time',
        path: node.path,
        message: `${node.path} time dependencies not free (next ${next})`,
      });
    }
  }
  const trigger = node.trigger;
  const explainable =
    trigger !== undefined && !trigger.free && entry?.trigger !== undefined && !exprs.holds(node, 'trigger')
      ? exprs.explainable(node, 'trigger')
      : undefined;
  if (explainable !== undefined) {
    const env = createTreeEnvironment({ calendar: time });
    for (const line of explain(explainable, env)) {
      reasons.push({ code: 'trigger', path: node.path, message: `${node.path} trigger: ${line}` });
    }
  }
}

/**
 * The scheduler's reasons why a node does not run: expressions that cannot be compiled, time dependencies not
 * free, false trigger sub-expressions (the node's and its ancestors'), a full limit, tries exhausted.
 */
export function schedulerWhy(node: RuntimeNode, parts: WhyParts): WhyReason[] {
  const reasons: WhyReason[] = [];
  for (let each: RuntimeNode | undefined = node; each !== undefined; each = parentNode(each)) {
    if (each.state !== NodeState.complete) ownReasons(each, parts, reasons);
  }
  if (node instanceof SubmittableNode) {
    const full = fullLimit(parts.limits.chain(node));
    if (full !== undefined) {
      const { limit, limitNode } = full;
      const holders = limit.paths.slice(0, 4).join(',');
      const message = `limit ${limitNode.path}:${limit.name} is full (${limit.value}/${limit.max}: ${holders})`;
      reasons.push({ code: 'limit', path: limitNode.path, message });
    }
    if (node.state === NodeState.aborted && !taskStateAllows(node)) {
      reasons.push({ code: 'tries', path: node.path, message: `${node.path} aborted and will not be re-run` });
    }
  }
  return reasons;
}
