/** The six node states of ecFlow (`NState`), as written in `.def` text and `# state:` comments. */
export type NodeStateName = 'unknown' | 'complete' | 'queued' | 'aborted' | 'submitted' | 'active';

/** All node states, in ecFlow's order. */
export const NODE_STATE_NAMES: readonly NodeStateName[] = [
  'unknown',
  'complete',
  'queued',
  'aborted',
  'submitted',
  'active',
];

/** Values of `defstatus` (ecFlow `DState`): a node state, or `suspended` (queued + suspended). */
export type DefStatus = NodeStateName | 'suspended';

/** All `defstatus` values. */
export const DEF_STATUS_NAMES: readonly DefStatus[] = [...NODE_STATE_NAMES, 'suspended'];

/** True when `value` names a node state. */
export function isNodeStateName(value: string): value is NodeStateName {
  return (NODE_STATE_NAMES as readonly string[]).includes(value);
}

/** True when `value` is a valid `defstatus` value. */
export function isDefStatus(value: string): value is DefStatus {
  return value === 'suspended' || isNodeStateName(value);
}

/** Server states (ecFlow `SState`). */
export type ServerStateName = 'HALTED' | 'SHUTDOWN' | 'RUNNING';

/**
 * Run-time state of one node, from the `# ...` comment of its `suite`/`family`/`task`/`alias` line in the
 * STATE/MIGRATE dialect (checkpoints, `get --state`). Absent (`undefined` on the node) in plain definitions.
 *
 * @example `task t # state:aborted flag:task_aborted try:2 passwd:Xy12abCD rid:4711 abort<:reason>abort`
 */
export interface NodeRuntimeState {
  /** `state:` — the node state (absent = unknown). */
  state: NodeStateName | undefined;
  /** `dur:` — time in the current state, as ecFlow writes it (`HH:MM:SS`). */
  duration: string | undefined;
  /** `flag:` — the set flags, e.g. `['late', 'message']`. */
  flags: readonly string[] | undefined;
  /** `suspended:1`. */
  suspended: boolean;
  /** `rt:` — run time of the last run (`HH:MM:SS`). */
  runtime: string | undefined;
  /** `try:` — try number of a task/alias. */
  tryNo: number | undefined;
  /**
   * Every other token of the comment, in order, kept verbatim so checkpoints round-trip: `passwd:…`, `rid:…`,
   * `abort<:…>abort`, `cmd<:…>cmd`, `suite` calendar and begun markers (`begun:1`), etc.
   */
  extra: readonly string[] | undefined;
}

/**
 * Run-time state of the whole definition: the `defs_state` header line and the `# server state:` comment.
 *
 * @example `defs_state STATE state>:queued flag:message state_change:12 modify_change:3 server_state:HALTED cal_count:5`
 */
export interface DefsRuntimeState {
  /** Print style named after `defs_state` (`STATE`, `MIGRATE` or `NET`). */
  style: 'STATE' | 'MIGRATE' | 'NET';
  /** `state>:` — the root's derived state. */
  state: NodeStateName | undefined;
  /** `flag:` — root flags. */
  flags: readonly string[] | undefined;
  /** `state_change:`. */
  stateChange: number | undefined;
  /** `modify_change:`. */
  modifyChange: number | undefined;
  /** `server_state:` (absent = ecFlow's default, RUNNING). */
  serverState: ServerStateName | undefined;
  /** `cal_count:`. */
  calendarCount: number | undefined;
  /** Other header tokens, verbatim, in order. */
  extra: readonly string[] | undefined;
}
