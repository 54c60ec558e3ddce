import type { Logger, MethodAccess } from '@isobar/protocol';
import type { ChangeRecord, Engine } from '../engine/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { Persistence } from '../persist/index.js';
import type { Authenticator, Principal, Role, UserAdministration } from '../http/authenticator.js';
import type { ServerLogFile } from '../server-log/index.js';

/** What a procedure's handler gets besides its (validated) arguments. */
export interface ProcedureContext {
  readonly engine: Engine;
  /** The authenticated caller; `undefined` for public and child methods called without credentials. */
  readonly principal: Principal | undefined;
  /** The bearer token the call carried, if any (`logout`). */
  readonly token: string | undefined;
  readonly requestId: string;
  /** The peer's address (throttling of logins). */
  readonly remote: string;
  /** The logger, with the request id attached. */
  readonly logger: Logger;
  /** Runs `work` once the reply has been handed to the socket (`terminate`). */
  afterReply(work: () => void): void;
  /**
   * Checks that the caller holds `access` for the suites of `paths` (items of `batch` that are authorised on
   * their own). @throws IsobarError `AUTH_REQUIRED`, `FORBIDDEN`
   */
  authorize(access: Role, paths: readonly string[]): void;
}

/** A procedure as the dispatcher sees it: already bound to its validators. */
export interface Procedure {
  readonly name: string;
  readonly access: MethodAccess;
  /** Whether it changes state (logged as a MSG line in the server log, as ecFlow logs each user command). */
  readonly mutates: boolean;
  /**
   * Checks the arguments and returns them (typed by the handler).
   * @throws IsobarError `INVALID_ARGUMENT` naming every offending field
   */
  validateArgs(value: unknown): unknown;
  /** Checks a result in development mode. @throws IsobarError `INVALID_ARGUMENT` */
  validateResult(value: unknown): void;
  /** Runs the call; may return a value or a promise of it. */
  handler(args: unknown, context: ProcedureContext): unknown;
}

/** The services procedures may need beyond the engine. */
export interface ProcedureServices {
  readonly authenticator: Authenticator | undefined;
  /** The user store behind `users.*`, if the server has one. */
  readonly users: UserAdministration | undefined;
  /** Called after `terminate` has been answered. */
  readonly terminate: () => void;
  /** Counters reported by `stats`. */
  readonly counters: () => { requests: number; errors: number; childCommands: number };
  /** When the server started (ISO). */
  readonly startedAt: string;
  /** The server log behind `log` and `msg`; without it they answer NOT_IMPLEMENTED. */
  readonly serverLog?: ServerLogFile | undefined;
  /** The job runner (`kill`, `status`, `file`, `jobGen`, `editScript`), when the server runs jobs. */
  readonly jobs?: JobRunner | undefined;
  /** Runs a scheduling pass now (`jobGen`); returns its records. */
  readonly jobGen?: (() => ChangeRecord[]) | undefined;
  /** Directories `file` may read in (the server home and the configured output roots). */
  readonly fileRoots?: readonly string[] | undefined;
  /** Durability (`checkpoint`, `stats`), when the server has a home. */
  readonly persistence?: Persistence | undefined;
}
