import type { Logger } from '@isobar/protocol';
import { resolveNodePath } from '../../expr/index.js';
import { ContainerNode, NodeState, flagBit, parentNode, type RuntimeNode } from '../../model/index.js';
import type { OpContext } from '../op-context.js';
import { removeArchiveFiles, restoreContainer } from '../ops/archive.js';
import { createTreeResolver, type ExprRef } from './tree-expressions.js';

const ARCHIVED = flagBit('archived');
const NO_EXTERNS: ReadonlySet<string> = new Set();

/** The nodes an `autorestore` of `holder` names (absolute or relative paths, ecFlow's rules). */
function autorestoreTargets(ctx: OpContext, holder: RuntimeNode): RuntimeNode[] {
  const resolver = createTreeResolver(ctx.tree, undefined);
  const targets: RuntimeNode[] = [];
  for (const path of holder.misc?.autorestore ?? []) {
    const found = resolveNodePath<ExprRef>(resolver, holder, { path, externKey: path, externs: NO_EXTERNS });
    if (found.status === 'found' && found.ref !== ctx.tree.root) targets.push(found.ref as RuntimeNode);
  }
  return targets;
}

/**
 * ecFlow `handleStateChange` on completion: a node that completes restores what its `autorestore` names, and so
 * does every complete ancestor with `autorestore`. Only archived suites/families are restored; anything else is
 * logged and skipped, as ecFlow does (a restore must not undo the completion). The archive files are deleted
 * after the current transaction.
 */
export function autorestoreOnComplete(ctx: OpContext, node: RuntimeNode, logger: Logger): void {
  const files: string[] = [];
  for (let holder: RuntimeNode | undefined = node; holder !== undefined; holder = parentNode(holder)) {
    if (holder.state !== NodeState.complete || holder.misc?.autorestore === undefined) continue;
    for (const target of autorestoreTargets(ctx, holder)) {
      if (!(target instanceof ContainerNode) || (target.flags & ARCHIVED) === 0) continue;
      try {
        files.push(restoreContainer(ctx, target));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.warn('autorestore failed', { path: target.path, holder: holder.path, reason });
      }
    }
  }
  // The restored subtrees are in this transaction's records; the files go once those are published.
  if (files.length > 0) queueMicrotask(() => removeArchiveFiles(files));
}
