import {
  SubmittableNode,
  SuiteNode,
  flagBitsOf,
  flagNames,
  setNodeState,
  stateCode,
  stateName,
  type RuntimeNode,
  type RuntimeTree,
} from '../model/index.js';
import type { NodeChange } from './change-record.js';

/** The absolute record of a node's run-time fields. */
export function nodeRecord(node: RuntimeNode): NodeChange {
  const base = {
    type: 'node' as const,
    path: node.path,
    state: stateName(node.state),
    suspended: node.suspended,
    flags: flagNames(node.flags),
    since: node.stateSince,
  };
  if (node instanceof SubmittableNode) {
    return { ...base, tryNo: node.tryNo, password: node.password, rid: node.rid, abortReason: node.abortReason };
  }
  if (node instanceof SuiteNode) return { ...base, begun: node.begun };
  return base;
}

/** Applies a node record (idempotent: every field is set, not adjusted). */
export function applyNodeRecord(tree: RuntimeTree, node: RuntimeNode, record: NodeChange): void {
  node.suspended = record.suspended;
  node.flags = flagBitsOf(record.flags);
  if (node instanceof SubmittableNode) {
    node.tryNo = record.tryNo ?? 0;
    node.password = record.password ?? '';
    node.rid = record.rid ?? '';
    node.abortReason = record.abortReason ?? '';
  }
  if (node instanceof SuiteNode) node.begun = record.begun ?? false;
  tree.now = record.since;
  setNodeState(tree, node, stateCode(record.state));
  node.stateSince = record.since;
}
