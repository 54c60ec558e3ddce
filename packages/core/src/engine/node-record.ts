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
import type { ChangeBody, ChangeBodyOf } from './change-record.js';

// Most nodes have no flag: their records share one empty list (records are never mutated once made).
const NO_FLAGS = Object.freeze([]) as unknown as ReturnType<typeof flagNames>;

/** An ISO-8601 time stamp of a time in seconds since the epoch (the protocol's `Timestamp`). */
export function timestampOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** Seconds since the epoch of a protocol time stamp. */
export function secondsOf(timestamp: string): number {
  return Math.floor(Date.parse(timestamp) / 1000);
}

/**
 * The absolute `node.state` record of a node: state, suspension, every flag, task fields, and `since` when the
 * node entered its state before `now` (the record's own time), so one record replays the node exactly.
 */
export function nodeStateRecord(node: RuntimeNode, now: number): ChangeBodyOf<'node.state'> {
  const record: { -readonly [K in keyof ChangeBodyOf<'node.state'>]: ChangeBodyOf<'node.state'>[K] } = {
    type: 'node.state',
    path: node.path,
    state: stateName(node.state),
    suspended: node.suspended,
    flags: node.flags === 0 ? NO_FLAGS : flagNames(node.flags),
  };
  if (node.stateSince !== now) record.since = timestampOf(node.stateSince);
  if (node instanceof SubmittableNode) {
    record.tryNo = node.tryNo;
    // Empty task fields are left out: absent means empty when the record is applied.
    if (node.password !== '') record.password = node.password;
    if (node.rid !== '') record.rid = node.rid;
    if (node.abortReason !== '') record.reason = node.abortReason;
  }
  return record;
}

/** The records of a changed node: `node.state`, plus `suite.begun` for a suite. */
export function nodeRecords(node: RuntimeNode, now: number): ChangeBody[] {
  const records: ChangeBody[] = [];
  pushNodeRecords(records, node, now);
  return records;
}

/** {@link nodeRecords}, appended to `out` (no list per node: a begin reports every node of its suite). */
export function pushNodeRecords(out: ChangeBody[], node: RuntimeNode, now: number): void {
  out.push(nodeStateRecord(node, now));
  if (node instanceof SuiteNode) out.push({ type: 'suite.begun', path: node.path, value: node.begun });
}

/**
 * Applies a `node.state` record (idempotent: every field it carries is set, not adjusted). The state time is
 * `since`, else the tree's current time (the record's `at`, set by `applyChange`).
 */
export function applyNodeState(tree: RuntimeTree, node: RuntimeNode, record: ChangeBodyOf<'node.state'>): void {
  if (record.suspended !== undefined) node.suspended = record.suspended;
  if (record.flags !== undefined) node.flags = flagBitsOf(record.flags);
  if (node instanceof SubmittableNode) {
    node.tryNo = record.tryNo ?? node.tryNo;
    node.password = record.password ?? '';
    node.rid = record.rid ?? '';
    node.abortReason = record.reason ?? '';
  }
  const since = record.since === undefined ? tree.now : secondsOf(record.since);
  const now = tree.now;
  tree.now = since;
  setNodeState(tree, node, stateCode(record.state));
  tree.now = now;
  node.stateSince = since;
}
