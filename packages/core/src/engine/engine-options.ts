import type { Logger, ServerState } from '@isobar/protocol';
import { noopLogger } from '@isobar/protocol';
import type { CalendarVariables } from '../model/index.js';
import type { EngineHooks, JobSubmitter } from './engine-hooks.js';
import { defTextStructureCodec } from './def-text-codec.js';
import type { StructureCodec } from './structure-codec.js';
import type { ZombieKillRequest } from './zombies/zombie-table.js';

/** The engine only needs the current time (the time module's `Clock` fits). */
export interface EngineClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Time source. @default the system clock */
  readonly clock?: EngineClock;
  /** Logger. @default noopLogger */
  readonly logger?: Logger;
  /** How `add` records carry subtrees. @default `.def` text (state dialect) */
  readonly codec?: StructureCodec;
  /** Scheduler hooks. @default none */
  readonly hooks?: EngineHooks;
  /** Starts jobs of tasks put in `submitted`. @default none (tasks stay submitted) */
  readonly submitter?: JobSubmitter;
  /** Calendar variables of suites (from the time module). @default SUITE only */
  readonly calendar?: CalendarVariables;
  /** Asked to kill a zombie's job (`zombies.kill`, a `kill` rule); the jobs step runs ECF_KILL_CMD. @default none */
  readonly zombieKill?: ZombieKillRequest;
  /** Initial server state. @default 'RUNNING' */
  readonly serverState?: ServerState;
  /** Server variables (ECF_HOME, ECF_TRIES…), added to the defaults below. */
  readonly serverVariables?: Readonly<Record<string, string>>;
  /** Records kept in memory for resume. @default 10000 */
  readonly changeLogCapacity?: number;
  /** Edits kept per node. @default 50 */
  readonly editHistoryPerNode?: number;
}

/** {@link EngineOptions} with defaults applied. */
export interface ResolvedEngineOptions {
  readonly clock: EngineClock;
  readonly logger: Logger;
  readonly codec: StructureCodec;
  readonly hooks: EngineHooks;
  readonly submitter: JobSubmitter | undefined;
  readonly calendar: CalendarVariables | undefined;
  readonly zombieKill: ZombieKillRequest | undefined;
  readonly serverState: ServerState;
  readonly serverVariables: Readonly<Record<string, string>>;
  readonly changeLogCapacity: number;
  readonly editHistoryPerNode: number;
}

/** ecFlow's defaults for the server variables jobs rely on. */
export const DEFAULT_SERVER_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  ECF_TRIES: '2',
  ECF_MICRO: '%',
  ECF_EXTN: '.ecf',
  ECF_JOB_CMD: '%ECF_JOB% 1> %ECF_JOBOUT% 2>&1',
  ECF_KILL_CMD: 'kill -15 %ECF_RID%',
  ECF_STATUS_CMD: 'ps --pid %ECF_RID% -f > %ECF_JOB%.stat 2>&1',
});

/** Applies defaults. */
export function resolveEngineOptions(options: EngineOptions = {}): ResolvedEngineOptions {
  return {
    clock: options.clock ?? { now: () => Date.now() },
    logger: options.logger ?? noopLogger,
    codec: options.codec ?? defTextStructureCodec,
    hooks: options.hooks ?? {},
    submitter: options.submitter,
    calendar: options.calendar,
    zombieKill: options.zombieKill,
    serverState: options.serverState ?? 'RUNNING',
    serverVariables: { ...DEFAULT_SERVER_VARIABLES, ...options.serverVariables },
    changeLogCapacity: options.changeLogCapacity ?? 10_000,
    editHistoryPerNode: options.editHistoryPerNode ?? 50,
  };
}
