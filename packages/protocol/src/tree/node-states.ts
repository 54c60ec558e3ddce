import type { Static } from '@sinclair/typebox';
import { stringEnum } from '../validation/schema-kit.js';

/** The six node states of ecFlow, in order of increasing significance for propagation. */
export const NODE_STATES = ['unknown', 'complete', 'queued', 'submitted', 'active', 'aborted'] as const;

/** Schema of a node state. */
export const NodeStateSchema = stringEnum(NODE_STATES, { description: 'Node state' });

/** A node state. */
export type NodeState = Static<typeof NodeStateSchema>;

/** Values of `defstatus`: a node state, or `suspended` (queued and suspended). */
export const DEF_STATUSES = [...NODE_STATES, 'suspended'] as const;

/** Schema of a `defstatus` value. */
export const DefStatusSchema = stringEnum(DEF_STATUSES, { description: 'Default status (defstatus)' });

/** A `defstatus` value. */
export type DefStatus = Static<typeof DefStatusSchema>;

/** Server states: RUNNING schedules jobs; SHUTDOWN does not; HALTED also refuses child commands. */
export const SERVER_STATES = ['RUNNING', 'SHUTDOWN', 'HALTED'] as const;

/** Schema of a server state. */
export const ServerStateSchema = stringEnum(SERVER_STATES, { description: 'Server state' });

/** A server state. */
export type ServerState = Static<typeof ServerStateSchema>;

/** Node kinds: containers (suite, family) and submittables (task, alias). */
export const NODE_KINDS = ['suite', 'family', 'task', 'alias'] as const;

/** Schema of a node kind. */
export const NodeKindSchema = stringEnum(NODE_KINDS, { description: 'Node kind' });

/** A node kind. */
export type NodeKind = Static<typeof NodeKindSchema>;

/**
 * Node flags, spelled as ecFlow prints them after `flag:` in state files and accepts in `alter set_flag`
 * (reference §5.2), plus the few the ecFlow sources add (`no_reque`, `sigterm`, `remote_error`).
 */
export const NODE_FLAGS = [
  'force_aborted',
  'user_edit',
  'task_aborted',
  'edit_failed',
  'ecfcmd_failed',
  'statuscmd_failed',
  'killcmd_failed',
  'no_script',
  'killed',
  'status',
  'late',
  'message',
  'complete',
  'queue_limit',
  'task_waiting',
  'locked',
  'zombie',
  'no_reque',
  'archived',
  'restored',
  'threshold',
  'sigterm',
  'log_error',
  'checkpt_error',
  'remote_error',
] as const;

/** Schema of a node flag. */
export const NodeFlagSchema = stringEnum(NODE_FLAGS, { description: 'Node flag' });

/** A node flag. */
export type NodeFlag = Static<typeof NodeFlagSchema>;

/** True when `value` is a node state. */
export function isNodeState(value: unknown): value is NodeState {
  return typeof value === 'string' && (NODE_STATES as readonly string[]).includes(value);
}

/** True when `value` is a server state. */
export function isServerState(value: unknown): value is ServerState {
  return typeof value === 'string' && (SERVER_STATES as readonly string[]).includes(value);
}

/** True when `value` is a node flag. */
export function isNodeFlag(value: unknown): value is NodeFlag {
  return typeof value === 'string' && (NODE_FLAGS as readonly string[]).includes(value);
}
