import type { InLimit } from '../model/attributes.js';
import type { DefsNode } from '../model/node.js';
import type { CheckFinding } from './check-types.js';
import { isExtern, resolveNodePath, type NodeIndex } from './node-index.js';

function describeInLimit(inlimit: InLimit): string {
  const name = inlimit.path === '' ? inlimit.name : `${inlimit.path}:${inlimit.name}`;
  return `inlimit ${name}${inlimit.tokens === 1 ? '' : ` ${inlimit.tokens}`}`;
}

/**
 * Each `inlimit` must name a limit: without a path, on the node or an ancestor; with a path, on the node that
 * path resolves to. As in ecFlow these are warnings (a definition may rely on limits of a suite loaded
 * later), unless declared `extern`; an inlimit asking more tokens than the limit has is a warning too.
 */
export function checkNodeInLimits(index: NodeIndex, node: DefsNode, findings: CheckFinding[]): void {
  const path = index.paths.get(node) ?? '';
  for (const inlimit of node.inlimits ?? []) {
    const problem = inlimit.path === '' ? findUpTree(index, node, inlimit) : findByPath(index, node, inlimit);
    if (problem !== undefined)
      findings.push({ path, severity: 'warning', message: `${describeInLimit(inlimit)}: ${problem}` });
  }
}

function findUpTree(index: NodeIndex, node: DefsNode, inlimit: InLimit): string | undefined {
  for (let holder: DefsNode | undefined = node; holder !== undefined; holder = index.parents.get(holder)) {
    const limit = holder.limits?.find((candidate) => candidate.name === inlimit.name);
    if (limit !== undefined) return tokensProblem(inlimit, limit.limit);
  }
  if (isExtern(index, inlimit.name)) return undefined;
  return `no limit '${inlimit.name}' on this node or its parents`;
}

function findByPath(index: NodeIndex, node: DefsNode, inlimit: InLimit): string | undefined {
  const resolved = resolveNodePath(index, node, { path: inlimit.path, externName: inlimit.name });
  if (resolved.kind === 'extern' || isExtern(index, inlimit.path, inlimit.name)) return undefined;
  if (resolved.kind === 'missing') return resolved.message;
  const limit = resolved.node.limits?.find((candidate) => candidate.name === inlimit.name);
  if (limit !== undefined) return tokensProblem(inlimit, limit.limit);
  return `node ${index.paths.get(resolved.node) ?? inlimit.path} does not define the limit '${inlimit.name}'`;
}

function tokensProblem(inlimit: InLimit, limit: number): string | undefined {
  if (inlimit.tokens <= limit) return undefined;
  return `asks for ${inlimit.tokens} tokens but the limit has only ${limit}`;
}

/**
 * `autorestore` paths must resolve (or be `extern`), name a suite or family, and not repeat a node. These are
 * errors in ecFlow.
 */
export function checkNodeAutoRestore(index: NodeIndex, node: DefsNode, findings: CheckFinding[]): void {
  const path = index.paths.get(node) ?? '';
  const seen = new Set<DefsNode>();
  for (const target of node.autorestore ?? []) {
    const resolved = resolveNodePath(index, node, { path: target });
    if (resolved.kind === 'extern' || (resolved.kind === 'missing' && isExtern(index, target))) continue;
    let message: string | undefined;
    if (resolved.kind === 'missing') message = `autorestore ${target}: ${resolved.message}`;
    else if (resolved.node.kind !== 'suite' && resolved.node.kind !== 'family') {
      message = `autorestore ${target}: only suites and families can be restored, not a ${resolved.node.kind}`;
    } else if (seen.has(resolved.node)) message = `autorestore ${target}: duplicate reference`;
    else seen.add(resolved.node);
    if (message !== undefined) findings.push({ path, severity: 'error', message });
  }
}
