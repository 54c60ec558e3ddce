// The server command: options → users → access log → createServer → listening → signals → graceful stop.
import { access, mkdir, readFile } from 'node:fs/promises';
import { ISOBAR_VERSION, type Logger } from '@isobar/protocol';
import { createAccessLogWriter, type AccessLogStream, type AccessLogWriter } from '@isobar/access-log';
import {
  createAuthService,
  openServer,
  createUserStore,
  type Authenticator,
  type IsobarServer,
  type OpenedServer,
  type ServerTlsOptions,
  type UserStore,
} from '@isobar/core';
import type { AccessLogSettings } from './access-log-settings.js';
import { homeLayout } from './home-layout.js';
import { EXIT } from './launcher-errors.js';
import type { ResolvedLauncherOptions, TlsFiles } from './launcher-options.js';
import { assertHomeFree, removeRunFile, writeRunFile } from './run-file.js';
import type { ServerLog } from './server-log.js';
import { testFaultHook } from './test-fault.js';

/** What {@link runServer} needs from the process. */
export interface ServeProcess {
  /** Where `--access-log stdout` writes. */
  readonly stdout: AccessLogStream;
  /** The environment jobs inherit (`process.env` in production). */
  readonly env: NodeJS.ProcessEnv;
  /** Registers a signal handler (`process.on` in production). */
  onSignal(signal: NodeJS.Signals, handler: () => void): void;
}

/** The pieces a running server holds and releases on stop. */
interface Parts {
  readonly options: ResolvedLauncherOptions;
  readonly log: ServerLog;
  readonly users: UserStore;
  readonly authenticator: Authenticator | undefined;
  readonly accessLog: AccessLogWriter | undefined;
  readonly env: NodeJS.ProcessEnv;
}

async function readTls(tls: TlsFiles | undefined): Promise<ServerTlsOptions | undefined> {
  if (tls === undefined) return undefined;
  return {
    cert: await readFile(tls.cert),
    key: await readFile(tls.key),
    ...(tls.ca === undefined ? {} : { ca: await readFile(tls.ca) }),
    requireClientCert: tls.requireClientCert,
  };
}

function openAccessLog(settings: AccessLogSettings | undefined, stdout: AccessLogStream, log: Logger) {
  if (settings === undefined) return undefined;
  const target = settings.target === 'stdout' ? { stream: stdout } : { path: settings.target.path };
  return createAccessLogWriter({ ...settings.format, ...target, logger: log.child({ component: 'access-log' }) });
}

async function openUsers(options: ResolvedLauncherOptions, log: Logger) {
  const users = await createUserStore({ home: options.home, logger: log.child({ component: 'users' }) });
  if (!users.exists) {
    log.warn(`no users file at ${users.file}: only loopback clients are served, as an anonymous admin`, {
      hint: 'run `isobar-server init` or `isobar-server users add`: authentication starts when the file appears',
    });
  }
  const { tokenTtlMs, basicAuth } = options.tuning;
  // Always an authenticator: while the users file is missing it is open (loopback = anonymous admin), and the
  // store's watcher closes it as soon as the file appears, so adding users needs no restart.
  const authenticator: Authenticator = createAuthService({
    users,
    ...(tokenTtlMs === undefined ? {} : { tokenTtlMs }),
    basicEnabled: basicAuth === true,
    logger: log.child({ component: 'auth' }),
    openWithoutUsersFile: true,
  });
  return { users, authenticator };
}

async function buildServer(parts: Parts, tls: ServerTlsOptions | undefined, onTerminate: () => void) {
  const { options, log } = parts;
  // Absent keys stay undefined, which createServer reads as "use the default".
  const { tokenTtlMs: _sessionsOnly, ...tuning } = options.tuning;
  const fault = options.testFault;
  const server = await openServer({
    ...tuning,
    home: options.home,
    host: options.bind,
    port: options.port,
    tls,
    dev: options.dev,
    logger: log.child({ component: 'http' }),
    accessLog: parts.accessLog,
    authenticator: parts.authenticator,
    // The users.* methods administer the same store the authenticator reads.
    ...(parts.authenticator === undefined ? {} : { users: parts.users }),
    engine: {
      logger: log.child({ component: 'engine' }),
      ...(options.halted ? { serverState: 'HALTED' as const } : {}),
    },
    ...(options.jobListener === undefined ? {} : { jobListener: options.jobListener }),
    // Jobs inherit the server's environment, as ecFlow's do; with HTTPS they get the CA of its certificate.
    jobs: { env: parts.env, ...(await jobCaFile(options)) },
    persistence: {
      checkpoint: options.checkpoint,
      logger: log.child({ component: 'persistence' }),
      ...(fault === undefined ? {} : { faults: testFaultHook(fault, () => process.kill(process.pid, 'SIGKILL')) }),
    },
    fileRoots: options.fileRoots,
    onTerminate,
  });
  const { recovery } = server;
  log.info('state recovered', {
    checkpoint: recovery.checkpoint ?? 'none (fresh home)',
    usedBackup: recovery.usedBackup,
    replayed: recovery.replayed,
    seq: recovery.seq,
  });
  return server;
}

/** ISOBAR_CA for jobs when they talk HTTPS: the home's CA (made by `init`), else the configured `--tls-ca`. */
async function jobCaFile(options: ResolvedLauncherOptions): Promise<{ caFile?: string }> {
  if (options.tls === undefined || options.jobListener !== undefined) return {};
  const homeCa = homeLayout(options.home).caCert;
  const exists = await access(homeCa).then(
    () => true,
    () => false,
  );
  if (exists) return { caFile: homeCa };
  return options.tls.ca === undefined ? {} : { caFile: options.tls.ca };
}

/** A URL clients can use: a wildcard bind address is reached through loopback. */
export function clientUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

async function stopServer(server: IsobarServer, parts: Parts, reason: string): Promise<void> {
  const { log } = parts;
  log.info('stopping: new requests are refused, requests in flight finish', { reason });
  server.prepareToStop();
  // Drains requests, stops scheduling, writes the final checkpoint and closes the journal.
  await server.stop();
  await parts.accessLog?.close();
  parts.users.close();
  await removeRunFile(parts.options.home);
  log.info('stopped');
}

/** Starts and listens; on failure releases what was opened. */
async function startServer(parts: Parts, onTerminate: () => void): Promise<OpenedServer> {
  try {
    const server = await buildServer(parts, await readTls(parts.options.tls), onTerminate);
    server.start();
    await server.allowAccess();
    return server;
  } catch (error) {
    await parts.accessLog?.close();
    parts.users.close();
    throw error;
  }
}

function handleSignals(
  proc: ServeProcess,
  running: Parts & { server: OpenedServer },
  stop: (reason: string) => void,
): void {
  const { server, ...parts } = running;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) proc.onSignal(signal, () => stop(signal));
  proc.onSignal('SIGHUP', () => {
    parts.log.reopen();
    server.serverLog?.reopen().catch((error: unknown) => parts.log.error('cannot reopen the server log', { error }));
    parts.accessLog?.reopen().catch((error: unknown) => parts.log.error('cannot reopen the access log', { error }));
    parts.log.info('log files reopened (SIGHUP)');
  });
}

/**
 * Runs the server until SIGTERM/SIGINT (or a `terminate` request): writes `run/server.json` and logs
 * `listening on <url>` once requests are accepted; on a signal drains requests in flight, checkpoints, removes
 * the run file and resolves with 0. A second signal while stopping resolves with 1 at once.
 *
 * @throws IsobarError when the server cannot start (bad users file, port in use, another server on the home).
 */
export async function runServer(options: ResolvedLauncherOptions, log: ServerLog, proc: ServeProcess): Promise<number> {
  const layout = homeLayout(options.home);
  for (const dir of [layout.home, layout.run, layout.log]) await mkdir(dir, { recursive: true });
  await assertHomeFree(options.home);
  const { users, authenticator } = await openUsers(options, log);
  const accessLog = openAccessLog(options.accessLog, proc.stdout, log);
  const parts: Parts = { options, log, users, authenticator, accessLog, env: proc.env };
  let stopping: Promise<number> | undefined;
  let forced: (code: number) => void = () => undefined;
  const forcedExit = new Promise<number>((resolve) => (forced = resolve));
  const stop = (reason: string): void => {
    if (stopping !== undefined) {
      log.warn('second stop request: exiting without finishing', { reason });
      forced(EXIT.failure);
      return;
    }
    stopping = stopServer(server, parts, reason).then(() => EXIT.ok);
    stopping.then(forced, (error: unknown) => {
      log.error('stop failed', { error });
      forced(EXIT.failure);
    });
  };
  const server = await startServer(parts, () => stop('terminate request'));
  handleSignals(proc, { ...parts, server }, stop);
  const url = clientUrl(server.address()?.url ?? '');
  await writeRunFile(options.home, {
    url,
    pid: process.pid,
    version: ISOBAR_VERSION,
    startedAt: new Date().toISOString(),
  });
  const jobUrl = server.jobAddress()?.url;
  log.info(`listening on ${url}`, {
    url,
    ...(jobUrl === undefined ? {} : { jobUrl: clientUrl(jobUrl) }),
    home: options.home,
    pid: process.pid,
    version: ISOBAR_VERSION,
  });
  return forcedExit;
}
