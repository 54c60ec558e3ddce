import type { Engine } from '../engine/index.js';
import type { ServerLogFile } from '../server-log/index.js';
import type { ServerMetrics } from './metrics.js';
import type { ProcedureRegistry } from './procedure-registry.js';
import type { ReplyContext } from './reply.js';
import type { ResolvedServerOptions } from './server-options.js';

/**
 * Where the facility is in Granitic's lifecycle: `created` → `ready` (started, not listening) → `running` ⇄
 * `suspended` → `stopping` → `stopped`.
 */
export type LifecycleState = 'created' | 'ready' | 'running' | 'suspended' | 'stopping' | 'stopped';

/** Counters reported by `stats`. */
export interface RequestCounters {
  requests: number;
  errors: number;
  childCommands: number;
}

/** Everything the request handlers share: options, engine, procedures, lifecycle and load state, metrics. */
export interface FacilityContext {
  readonly options: ResolvedServerOptions;
  readonly engine: Engine;
  readonly registry: ProcedureRegistry;
  readonly metrics: ServerMetrics;
  readonly counters: RequestCounters;
  readonly reply: ReplyContext;
  readonly nextRequestId: () => string;
  /** Resolves once every change made so far is durable (the journal's group commit), when the server has a home. */
  readonly durable?: (() => Promise<void>) | undefined;
  /** The server log: each accepted request that changes something gets its MSG line, as in ecFlow. */
  readonly serverLog?: ServerLogFile | undefined;
  /** The job listener: child methods, `ping` and health only; no event feed or metrics. */
  readonly jobsOnly?: boolean | undefined;
  /** Called (after the reply) by `terminate`. */
  readonly terminate: () => void;
  state: LifecycleState;
  /** Requests in flight that hold a slot of the concurrency limit. */
  active: number;
}
