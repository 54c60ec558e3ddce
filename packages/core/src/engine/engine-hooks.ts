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
}

/**
 * Starts the job of a task that the engine has just put in `submitted` (try number, password, records already
 * made). Implemented by the jobs step; the returned promise rejecting (or `submit` throwing) makes the engine
 * mark the task aborted with `ecfcmd_failed`.
 */
export interface JobSubmitter {
  submit(task: SubmittableNode): Promise<void> | void;
}
