import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@isobar/protocol';
import { createScheduler, type Engine, type EngineOptions } from './engine/index.js';
import { resolveServerOptions, type ServerOptions } from './http/index.js';
import {
  createJobRunner,
  jobEnvironment,
  lostSubmissions,
  MINIMAL_JOB_ENV,
  type JobRunner,
  type JobRunnerOptions,
} from './jobs/index.js';
import {
  createPersistence,
  recoverEngine,
  type Persistence,
  type PersistenceOptions,
  type Recovery,
} from './persist/index.js';
import {
  attachServerLog,
  createServerLogFile,
  teeServerLog,
  type ServerLogFile,
  type ServerLogFileOptions,
} from './server-log/index.js';
import { assembleServer, isTimerClock, type IsobarServer } from './server.js';
import { createRealClock } from './time/index.js';

/** Options of {@link openServer}: those of {@link createServer} plus the home and what runs in it. */
export interface OpenServerOptions extends Omit<ServerOptions, 'engine'> {
  /** The server home (ECF_HOME): checkpoint, journal, job files. */
  readonly home: string;
  /** Options of the engine (clock, calendar, server variables…). @default {} */
  readonly engine?: Omit<EngineOptions, 'submitter' | 'zombieKill'>;
  /**
   * How jobs run, or `false` for a server that leaves submitted tasks alone. `env` is the environment jobs
   * inherit (a launcher passes `process.env`; `ISOBAR_ECFLOW_COMPAT=1` in it puts Isobar's `ecflow_client` first
   * on the PATH). `caFile` becomes the jobs' ISOBAR_CA: the CA that signed the certificate of the listener jobs
   * talk to, when it serves HTTPS. @default jobs run with {@link MINIMAL_JOB_ENV}
   */
  readonly jobs?: (Omit<JobRunnerOptions, 'serverUrl' | 'durable'> & { readonly caFile?: string }) | false;
  /** Journal and checkpoints, or `false` to keep nothing on disk (tests, throwaway servers). @default on */
  readonly persistence?: PersistenceOptions | false;
  /** Directories besides the home that `file` may read (ECF_FILES, ECF_OUT trees). @default none */
  readonly fileRoots?: readonly string[];
  /** The server log in ecFlow's format, or `false` for none. @default `<home>/log/server.log` */
  readonly serverLog?: Omit<ServerLogFileOptions, 'logger'> | false;
}

/** A server opened on a home: {@link IsobarServer} plus how its state was recovered. */
export interface OpenedServer extends IsobarServer {
  /** The checkpoint and journal records it started from. */
  readonly recovery: Recovery;
  /** Its job runner, unless jobs are off. */
  readonly jobs: JobRunner | undefined;
  /** Its durability, unless persistence is off. */
  readonly persistence: Persistence | undefined;
  /** Its server log, unless it is off (reopen it on SIGHUP). */
  readonly serverLog: ServerLogFile | undefined;
}

/**
 * Opens a server on a home, the way `isobar-server` runs: recovers the state (newest valid checkpoint, then the
 * journal), journals every change with replies waiting for the fsync, writes checkpoints by mode, runs jobs
 * (submissions journaled before ECF_JOB_CMD starts) and sets ECF_HOME, ECF_HOST and ECF_PORT. `stop()` drains
 * requests, stops scheduling, writes a final checkpoint and closes the journal.
 *
 * @example
 * ```ts
 * const server = await openServer({ home: '/var/lib/isobar', port: 0, jobs: { env: process.env } });
 * server.start();
 * await server.allowAccess();
 * ```
 */
export async function openServer(options: OpenServerOptions): Promise<OpenedServer> {
  const { home, engine: engineOptions = {}, jobs: jobOptions = {}, persistence: persistOptions = {} } = options;
  const resolved = resolveServerOptions({ ...options, engine: undefined });
  const serverLog =
    options.serverLog === false
      ? undefined
      : createServerLogFile({ file: join(home, 'log', 'server.log'), ...options.serverLog, logger: resolved.logger });
  // Errors and warnings also go to the server log, as ERR/WAR lines, as ecFlow's do.
  const logger = serverLog === undefined ? resolved.logger : teeServerLog(serverLog, resolved.logger);
  // The runner is made before the engine it serves (the engine takes it as its submitter).
  const recovered: { engine?: Engine } = {};
  let persistence: Persistence | undefined;
  let urlNow: () => string | undefined = () => undefined;
  const runner =
    jobOptions === false
      ? undefined
      : createJobRunner(() => requireEngine(recovered.engine), {
          logger: logger.child({ component: 'jobs' }),
          ...jobOptions,
          env: jobEnvironment({
            ...(jobOptions.env ?? MINIMAL_JOB_ENV),
            ...(jobOptions.caFile === undefined ? {} : { ISOBAR_CA: jobOptions.caFile }),
          }),
          serverUrl: () => urlNow(),
          durable: () => persistence?.commit() ?? Promise.resolve(),
        });
  const clock = isTimerClock(engineOptions.clock) ? engineOptions.clock : createRealClock();
  const serverVariables = { ...engineOptions.serverVariables, ECF_HOME: home };
  const recovery = await recoverEngine(home, {
    logger,
    engine: {
      ...engineOptions,
      logger: serverLog === undefined ? engineOptions.logger : teeServerLog(serverLog, engineOptions.logger ?? logger),
      clock,
      serverVariables,
      submitter: runner,
      zombieKill: runner === undefined ? undefined : (request) => void runner.kill(request.path).catch(() => -1),
    },
  });
  const engine = recovery.engine;
  recovered.engine = engine;
  // Attached after recovery: replayed states were logged by the process that made them.
  const detachLog = serverLog === undefined ? () => undefined : attachServerLog(engine, serverLog);
  // A checkpoint carries the server variables of its time: this start's home (and later its address) win.
  engine.setServerVariables(serverVariables);
  if (persistOptions !== false) persistence = createPersistence(engine, home, { logger, ...persistOptions });
  const scheduler = createScheduler(engine, { clock });
  resubmitLost(engine, runner, logger);
  const server = assembleServer(resolved, {
    engine,
    scheduler,
    jobs: runner,
    persistence,
    fileRoots: [home, ...(options.fileRoots ?? [])],
    serverLog,
  });
  urlNow = () => (server.jobAddress() ?? server.address())?.url;
  return {
    ...server,
    get state() {
      return server.state;
    },
    recovery,
    jobs: runner,
    persistence,
    serverLog,
    allowAccess: async () => {
      await server.allowAccess();
      // Jobs talk to the job listener when there is one (an internal address, child methods only).
      const address = server.jobAddress() ?? server.address();
      if (address === undefined) return;
      const wildcard = address.host === '0.0.0.0' || address.host === '::';
      requireEngine(recovered.engine).setServerVariables({
        ECF_HOST: wildcard ? hostname() : address.host,
        ECF_PORT: String(address.port),
        // head.h exports %ISOBAR_URL:% so jobs reach the server over the same scheme (https with TLS).
        ISOBAR_URL: address.url,
      });
    },
    stop: async () => {
      await server.stop();
      runner?.close();
      await closePersistence(persistence, logger);
      detachLog();
      await serverLog?.close();
    },
  };
}

/** Submits again, under a new try number, the jobs a crash left `submitted` before they started. */
function resubmitLost(engine: Engine, runner: JobRunner | undefined, logger: Logger): void {
  if (runner === undefined) return;
  const lost = lostSubmissions(engine).map((task) => task.path);
  if (lost.length === 0) return;
  logger.warn('jobs submitted before a crash never started: submitting them again', { paths: lost.slice(0, 20) });
  engine.run(lost, { force: true, user: 'isobar-server' });
}

/** Writes the final checkpoint (a failure is logged: the journal still holds every change) and closes. */
async function closePersistence(persistence: Persistence | undefined, logger: Logger): Promise<void> {
  if (persistence === undefined) return;
  try {
    await persistence.checkpoint();
  } catch (error) {
    logger.error('final checkpoint failed; the journal keeps the changes', { error: String(error) });
  }
  await persistence.close();
}

function requireEngine(engine: Engine | undefined): Engine {
  if (engine === undefined) throw new Error('the job runner was used before the engine was recovered');
  return engine;
}
