import type { Engine } from '../engine/index.js';
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
  /** Called (after the reply) by `terminate`. */
  readonly terminate: () => void;
  state: LifecycleState;
  /** Requests in flight that hold a slot of the concurrency limit. */
  active: number;
}
