import type { TSchema } from '@sinclair/typebox';
import { createEngine, createScheduler, Engine, type EngineOptions, type Scheduler } from './engine/index.js';
import { createRealClock, type Clock } from './time/index.js';
import type { FacilityContext, LifecycleState } from './http/facility-context.js';
import {
  HttpFacility,
  ProcedureRegistry,
  createRequestIdGenerator,
  createServerMetrics,
  resolveServerOptions,
  type EmbedderProcedure,
  type ResolvedServerOptions,
  type ServerAddress,
  type ServerMetrics,
  type ServerOptions,
} from './http/index.js';
import type { JobRunner } from './jobs/index.js';
import type { Persistence } from './persist/index.js';
import type { ServerLogFile } from './server-log/index.js';
import { createCatalogueProcedures, type ProcedureServices } from './procedures/index.js';

/** A running (or runnable) Isobar server: the engine behind the HTTP facility. */
export interface IsobarServer {
  /** The engine it serves. */
  readonly engine: Engine;
  /**
   * The scheduler driving the engine, when the server created the engine; an embedder that passes its own
   * `Engine` instance runs its own scheduler.
   */
  readonly scheduler: Scheduler | undefined;
  /** Its Prometheus metrics (the persistence step feeds the journal and checkpoint series). */
  readonly metrics: ServerMetrics;
  /** The options after validation. */
  readonly options: ResolvedServerOptions;
  /** Where it is in the lifecycle. */
  readonly state: LifecycleState;
  /** Prepares everything but does not listen yet. */
  start(): void;
  /** Listens; resolves once bound (read the port with {@link IsobarServer.address}). */
  allowAccess(): Promise<void>;
  /** Answers requests with 503 SERVER_SUSPENDED until {@link IsobarServer.resume}. */
  suspend(): void;
  /** Serves requests again. */
  resume(): void;
  /** New requests get 503 SERVER_STOPPING; requests in flight finish; event streams end. */
  prepareToStop(): void;
  /** True when no request is in flight. */
  readyToStop(): boolean;
  /** Waits for requests in flight, closes every connection. Idempotent. */
  stop(): Promise<void>;
  /** The bound address once listening, else `undefined`. */
  address(): ServerAddress | undefined;
  /** The job listener's bound address, when one is configured and listening. */
  jobAddress(): ServerAddress | undefined;
  /** Adds an embedder's procedure, served under the same envelope, auth and access log. */
  registerProcedure<TArgs extends TSchema, TResult extends TSchema>(spec: EmbedderProcedure<TArgs, TResult>): void;
}

/**
 * Creates a server: validates the options ({@link resolveServerOptions}, every problem at once), creates or
 * adopts the engine, binds every catalogue method to it and prepares the HTTP facility. Nothing listens until
 * `start()` and `allowAccess()`.
 *
 * @example
 * ```ts
 * const server = createServer({ port: 0 });
 * server.start();
 * await server.allowAccess();
 * console.log(server.address()?.url);
 * await server.stop();
 * ```
 */
export function createServer(options: ServerOptions = {}): IsobarServer {
  const resolved = resolveServerOptions(options);
  return assembleServer(resolved, engineOf(resolved.engine));
}

/** What a server is assembled from: the engine and, for a server with a home, its jobs and durability. */
export interface ServerParts {
  readonly engine: Engine;
  readonly scheduler: Scheduler | undefined;
  /** Runs the jobs of submitted tasks (`kill`, `status`, `file`… need it). */
  readonly jobs?: JobRunner | undefined;
  /** Journal and checkpoints: mutating replies wait for the journal, `checkpoint` writes one. */
  readonly persistence?: Persistence | undefined;
  /** Directories `file` may read in. */
  readonly fileRoots?: readonly string[] | undefined;
  /** The server log in ecFlow's format (`log`, `msg`, a MSG line per accepted change). */
  readonly serverLog?: ServerLogFile | undefined;
}

/** Binds the catalogue to the parts and prepares the HTTP facility (see {@link createServer}). */
export function assembleServer(resolved: ResolvedServerOptions, parts: ServerParts): IsobarServer {
  const { engine, scheduler, persistence } = parts;
  const metrics = createServerMetrics(engine);
  // `facility` is created below; terminate only runs once requests are served.
  const terminate = resolved.onTerminate ?? (() => void facility.stop());
  const counters = { requests: 0, errors: 0, childCommands: 0 };
  const services: ProcedureServices = {
    authenticator: resolved.authenticator,
    users: resolved.users,
    terminate,
    counters: () => ({ ...counters }),
    startedAt: new Date().toISOString(),
    jobs: parts.jobs,
    jobGen: scheduler === undefined ? undefined : () => scheduler.fullPass(),
    fileRoots: parts.fileRoots,
    persistence,
    serverLog: parts.serverLog,
  };
  const context: FacilityContext = {
    options: resolved,
    engine,
    registry: new ProcedureRegistry(createCatalogueProcedures(engine, services)),
    metrics,
    counters,
    reply: { dev: resolved.dev, logger: resolved.logger },
    nextRequestId: createRequestIdGenerator(resolved.requestIdFormat),
    durable: persistence === undefined ? undefined : () => persistence.commit(),
    serverLog: parts.serverLog,
    terminate,
    state: 'created',
    active: 0,
  };
  const facility = new HttpFacility(context);
  const jobs = jobFacility(context);
  const both = jobs === undefined ? [facility] : [facility, jobs];
  return {
    engine,
    scheduler,
    metrics,
    options: resolved,
    get state() {
      return context.state;
    },
    start: () => both.forEach((each) => each.start()),
    allowAccess: async () => {
      await facility.allowAccess();
      await jobs?.allowAccess();
    },
    suspend: () => both.forEach((each) => each.suspend()),
    resume: () => both.forEach((each) => each.resume()),
    prepareToStop: () => both.forEach((each) => each.prepareToStop()),
    readyToStop: () => both.every((each) => each.readyToStop()),
    stop: async () => {
      await Promise.all(both.map((each) => each.stop()));
      scheduler?.close();
      metrics.close();
    },
    address: () => facility.address(),
    jobAddress: () => jobs?.address(),
    registerProcedure: (spec) => context.registry.register(spec),
  };
}

/** Child methods and `ping`: all a job needs, and all the job listener serves. */
function isJobMethod(procedure: { readonly name: string; readonly access: string }): boolean {
  return procedure.access === 'child' || procedure.name === 'ping';
}

/** The facility of the job listener, sharing the engine, durability and server log of the main one. */
function jobFacility(main: FacilityContext): HttpFacility | undefined {
  const listener = main.options.jobListener;
  if (listener === undefined) return undefined;
  const { host, port, tls } = listener;
  const context: FacilityContext = {
    ...main,
    options: { ...main.options, host, port, tls },
    registry: new ProcedureRegistry(main.registry.list().filter(isJobMethod)),
    jobsOnly: true,
    state: 'created',
    active: 0,
  };
  return new HttpFacility(context);
}

/**
 * Adopts the embedder's engine as it is, or creates one with a scheduler driving it. The scheduler needs timers:
 * a given clock with `setTimer` (a virtual clock in tests) drives both; otherwise both run on the real clock.
 */
function engineOf(given: Engine | EngineOptions | undefined): { engine: Engine; scheduler: Scheduler | undefined } {
  if (given instanceof Engine) return { engine: given, scheduler: undefined };
  const clock = isTimerClock(given?.clock) ? given.clock : createRealClock();
  const engine = createEngine({ ...given, clock });
  return { engine, scheduler: createScheduler(engine, { clock }) };
}

/** Whether a clock can also drive timers (a virtual clock in tests); otherwise the real clock is used. */
export function isTimerClock(clock: unknown): clock is Clock {
  return typeof (clock as Partial<Clock> | undefined)?.setTimer === 'function';
}
