import type { ServerState } from '@isobar/protocol';

/** What a server state allows (ecFlow's matrix, reference §5.10). */
export interface ServerStatePolicy {
  /** User commands are accepted (always). */
  readonly acceptsUserCommands: boolean;
  /** Child commands are accepted; HALTED tells jobs to block and retry. */
  readonly acceptsChildCommands: boolean;
  /** The scheduler submits jobs (RUNNING only). */
  readonly canSchedule: boolean;
  /** Automatic checkpoints are written (not when HALTED: the last one is preserved). */
  readonly autoCheckpoint: boolean;
}

const POLICIES: Readonly<Record<ServerState, ServerStatePolicy>> = {
  RUNNING: { acceptsUserCommands: true, acceptsChildCommands: true, canSchedule: true, autoCheckpoint: true },
  SHUTDOWN: { acceptsUserCommands: true, acceptsChildCommands: true, canSchedule: false, autoCheckpoint: true },
  HALTED: { acceptsUserCommands: true, acceptsChildCommands: false, canSchedule: false, autoCheckpoint: false },
};

/**
 * The policy of a server state.
 *
 * @example
 * ```ts
 * serverStatePolicy('SHUTDOWN').canSchedule; // false
 * ```
 */
export function serverStatePolicy(state: ServerState): ServerStatePolicy {
  return POLICIES[state];
}
