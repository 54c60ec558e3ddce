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
  const { path, suspended } = node;
  const state = stateName(node.state);
  const flags = node.flags === 0 ? NO_FLAGS : flagNames(node.flags);
  const since = node.stateSince === now ? undefined : timestampOf(node.stateSince);
  if (!(node instanceof SubmittableNode)) {
    return since === undefined
      ? unnumbered({ type: 'node.state', path, state, suspended, flags, seq: 0, at: '' })
      : unnumbered({ type: 'node.state', path, state, suspended, flags, since, seq: 0, at: '' });
  }
  const { tryNo, password, rid, abortReason } = node;
  if (password === '' && rid === '' && abortReason === '') {
    return since === undefined
      ? unnumbered({ type: 'node.state', path, state, suspended, flags, tryNo, seq: 0, at: '' })
      : unnumbered({ type: 'node.state', path, state, suspended, flags, since, tryNo, seq: 0, at: '' });
  }
  const record: { -readonly [K in keyof ChangeBodyOf<'node.state'>]: ChangeBodyOf<'node.state'>[K] } = {
    type: 'node.state',
    path,
    state,
    suspended,
    flags,
  };
  if (since !== undefined) record.since = since;
  record.tryNo = tryNo;
  // Empty task fields are left out: absent means empty when the record is applied.
  if (password !== '') record.password = password;
  if (rid !== '') record.rid = rid;
  if (abortReason !== '') record.reason = abortReason;
  return record;
}

// The change log numbers and stamps each body in place (`seq`, `at`, always last). The common forms are made
// with both in one literal: properties added later would give each record a second, out-of-object property
// store (a begin makes a record per node, and the ring buffer keeps thousands). The log sets the real values.
function unnumbered(body: ChangeBodyOf<'node.state'> & { seq: number; at: string }): ChangeBodyOf<'node.state'> {
  return body;
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
