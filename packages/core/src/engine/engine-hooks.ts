import type { RuntimeNode, SubmittableNode } from '../model/index.js';
import type { OpContext } from './op-context.js';

/** A reason why a node does not run, as `why` reports it. */
export interface WhyReason {
  /** Stable code, e.g. `suspended`, `server-halted`, `trigger`, `limit`, `time`. */
  readonly code: string;
  /** Node the reason is about (may be an ancestor or a referenced node). */
  readonly path: string;
  /** Human-readable text. */
  readonly message: string;
}

/**
 * Where the scheduler step plugs in. Every hook is optional; without them the engine still keeps the tree,
 * states and change log consistent.
 */
export interface EngineHooks {
  /**
   * After `begin`/`requeue` reset a node: reset time attributes (relative durations, next slots), mark hybrid
   * day/date dependants complete, release inlimit tokens held above.
   */
  nodeReset?(ctx: OpContext, node: RuntimeNode, kind: 'begin' | 'requeue'): void;
  /** After a node's state changed (any cause): repeats, cron re-queue, limit tokens, dirty expressions. */
  stateChanged?(ctx: OpContext, node: RuntimeNode, previous: number): void;
  /** The scheduler's reasons (trigger sub-expressions, limits, time) for a node the tree does not block. */
  why?(node: RuntimeNode): WhyReason[];
  /**
   * After the work of a transaction, before its records are made: deferred reactions that change the tree
   * (repeat increment and re-queue of completed nodes, time re-queue), so they land in the same batch.
   */
  transactionEnd?(ctx: OpContext): void;
  /** A user `force complete` or `run` is about to act on `node`: its next time slot expires (ecFlow). */
  manual?(ctx: OpContext, node: RuntimeNode, command: 'complete' | 'run'): void;
}

/**
 * Starts the job of a task that the engine has just put in `submitted` (try number, password, records already
 * made). Implemented by the jobs step; the returned promise rejecting (or `submit` throwing) makes the engine
 * mark the task aborted with `ecfcmd_failed`.
 */
export interface JobSubmitter {
  submit(task: SubmittableNode): Promise<void> | void;
}
