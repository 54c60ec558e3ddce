import { IsobarError } from '../../errors/isobar-error.js';
import type { Defs } from '../model/defs.js';
import type { DefsNode } from '../model/node.js';
import { checkNodeExpressions } from './check-expressions.js';
import { checkNodeAutoRestore, checkNodeInLimits } from './check-limits.js';
import { checkNodeRepeat, checkUniqueNames } from './check-structure.js';
import { resolveCheckOptions, type CheckFinding, type CheckOptions } from './check-types.js';
import { createNodeIndex, type NodeIndex } from './node-index.js';

/**
 * Checks a parsed definition the way ecFlow's `check` does before a load: every trigger/complete reference
 * resolves to a node (relative paths from the node holding the expression) and `path:name` to an event, meter,
 * variable, repeat, generated variable, limit or queue of it, unless declared `extern`; `:VAR` exists up the
 * tree; no constant division by zero; inlimits name real limits (warnings, as in ecFlow); autorestore paths
 * name suites or families; plus sibling names unique and repeats sensible. Findings come in document order.
 *
 * @example
 * ```ts
 * const findings = check(parseDefs(text, { file: 'x.def' }));
 * const errors = findings.filter((finding) => finding.severity === 'error');
 * ```
 */
export function check(defs: Defs, options?: CheckOptions): CheckFinding[] {
  const resolved = resolveCheckOptions(options);
  const index = createNodeIndex(defs);
  const findings: CheckFinding[] = [];
  checkUniqueNames('', defs.suites, findings);
  const pending: DefsNode[] = [...defs.suites].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    checkNode(index, node, findings);
    if (findings.length >= resolved.maxFindings) break;
    const children = node.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i] as DefsNode);
  }
  const kept = resolved.warnings ? findings : findings.filter((finding) => finding.severity === 'error');
  return kept.slice(0, resolved.maxFindings);
}

function checkNode(index: NodeIndex, node: DefsNode, findings: CheckFinding[]): void {
  const path = index.paths.get(node) ?? '';
  if (node.children !== undefined) checkUniqueNames(path, node.children, findings);
  checkNodeExpressions(index, node, findings);
  checkNodeInLimits(index, node, findings);
  checkNodeAutoRestore(index, node, findings);
  checkNodeRepeat(path, node, findings);
}

/**
 * Throws when {@link check} finds any error (warnings pass).
 *
 * @throws IsobarError `DEFS_CHECK_ERROR` with `details: { findings, reason }` (`findings` holds every finding,
 *   warnings included; `reason` summarises the first error).
 * @example
 * ```ts
 * assertValid(parseDefs(text)); // throws on 'trigger missing == complete'
 * ```
 */
export function assertValid(defs: Defs, options?: CheckOptions): void {
  const findings = check(defs, options);
  const errors = findings.filter((finding) => finding.severity === 'error');
  const first = errors[0];
  if (first === undefined) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new IsobarError('DEFS_CHECK_ERROR', {
    details: { findings, reason: `${first.path}: ${first.message}${more}` },
  });
}
