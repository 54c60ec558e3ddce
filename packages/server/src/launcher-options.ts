// Resolves the options of `isobar-server` from four sources, highest first: flags, environment variables,
// the config file, defaults. Every bad value is a usage error whose message names its source and field.
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '@isobar/protocol';
import { DEFAULT_CHECKPOINT_MODE, parseCheckpointMode, type CheckpointMode } from '@isobar/core';
import type { LauncherConfig } from './config-schema.js';
import { loadLauncherConfig } from './config-file.js';
import { parseAccessLogFlag, type AccessLogSettings } from './access-log-settings.js';
import { usageError } from './launcher-errors.js';
import { parseTestFault, type TestFault } from './test-fault.js';

/** Defaults of INTERFACES.md. */
export const LAUNCHER_DEFAULTS = Object.freeze({ port: 3141, bind: '127.0.0.1', home: './isobar-home' });

/** The flags of the server command as yargs hands them over (strings are checked here, not by yargs). */
export interface LauncherFlags {
  readonly home?: string;
  readonly port?: string;
  readonly bind?: string;
  readonly config?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsCa?: string;
  readonly requireClientCert?: boolean;
  readonly accessLog?: string;
  readonly accessLogFormat?: string;
  readonly logLevel?: string;
  readonly logFile?: string;
  readonly halted?: boolean;
  readonly checkpoint?: string;
  readonly jobPort?: string;
  readonly jobBind?: string;
  readonly dev?: boolean;
}

/** TLS file names (absolute). */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca: string | undefined;
  readonly requireClientCert: boolean;
}

/** Everything the server command needs, after precedence and validation. Paths are absolute. */
export interface ResolvedLauncherOptions {
  readonly home: string;
  readonly configFile: string;
  readonly port: number;
  readonly bind: string;
  readonly tls: TlsFiles | undefined;
  readonly accessLog: AccessLogSettings | undefined;
  readonly logLevel: LogLevel;
  readonly logFile: string | undefined;
  readonly halted: boolean;
  /** Automatic checkpoint mode (`always`, `never`, `on_time[:N]`). */
  readonly checkpoint: CheckpointMode;
  /** The job listener (child commands only), when configured. */
  readonly jobListener: { readonly host: string; readonly port: number } | undefined;
  /** Directories besides the home that `file` may read. */
  readonly fileRoots: readonly string[];
  /** Test-only fault injection (`ISOBAR_TEST_FAULT=<point>:<n>`): SIGKILL at the n-th hit of the point. */
  readonly testFault: TestFault | undefined;
  readonly dev: boolean;
  /** Keys of the config file passed through to `createServer` / `createAuthService`. */
  readonly tuning: Pick<
    LauncherConfig,
    | 'bodyLimit'
    | 'maxConcurrentRequests'
    | 'requestIdFormat'
    | 'trustedProxies'
    | 'basicAuth'
    | 'tokenTtlMs'
    | 'stopTimeoutMs'
    | 'sse'
  >;
}

/** Where a value came from, for messages and relative paths. */
interface Source {
  readonly name: string;
  readonly base: string;
}

/**
 * Parses a TCP port (`0` = pick a free one).
 *
 * @throws IsobarError `INVALID_ARGUMENT` naming `source`.
 */
export function parsePort(text: string, source: string): number {
  const port = /^[0-9]{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (Number.isInteger(port) && port <= 65535) return port;
  throw usageError(`${source}: must be an integer from 0 to 65535, got ${JSON.stringify(text)}`, { field: source });
}

/** Checks a bind address: an IPv4/IPv6 address or a host name. */
export function parseBindAddress(text: string, source: string): string {
  const value = text.trim();
  if (isIP(value) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(value)) return value;
  throw usageError(`${source}: not an IP address or host name: ${JSON.stringify(text)}`, { field: source });
}

function parseLogLevel(text: string, source: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw usageError(`${source}: must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(text)}`, {
    field: source,
  });
}

function pick<T>(...candidates: [T | undefined, Source][]): [T, Source] | undefined {
  return candidates.find((candidate): candidate is [T, Source] => candidate[0] !== undefined);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function resolveTls(flags: LauncherFlags, config: LauncherConfig, fileSource: Source): TlsFiles | undefined {
  const cwd: Source = { name: 'flag', base: process.cwd() };
  const cert = pick([flags.tlsCert, cwd], [config.tls?.cert, fileSource]);
  const key = pick([flags.tlsKey, cwd], [config.tls?.key, fileSource]);
  const ca = pick([flags.tlsCa, cwd], [config.tls?.ca, fileSource]);
  const requireClientCert = flags.requireClientCert ?? config.tls?.requireClientCert ?? false;
  if (cert === undefined && key === undefined) {
    if (ca !== undefined || requireClientCert) {
      throw usageError('--tls-ca/--require-client-cert: need --tls-cert and --tls-key', { field: 'tls' });
    }
    return undefined;
  }
  if (cert === undefined) throw usageError('--tls-key: needs --tls-cert as well', { field: '--tls-cert' });
  if (key === undefined) throw usageError('--tls-cert: needs --tls-key as well', { field: '--tls-key' });
  if (requireClientCert && ca === undefined) {
    throw usageError('--require-client-cert: needs --tls-ca to verify client certificates', { field: '--tls-ca' });
  }
  return {
    cert: resolve(cert[1].base, cert[0]),
    key: resolve(key[1].base, key[0]),
    ca: ca === undefined ? undefined : resolve(ca[1].base, ca[0]),
    requireClientCert,
  };
}

/** The server home: `--home`, else `ISOBAR_HOME`, else `./isobar-home`, made absolute. */
export function resolveHome(flags: { readonly home?: string }, env: NodeJS.ProcessEnv): string {
  const home = nonEmpty(flags.home) ?? nonEmpty(env['ISOBAR_HOME']) ?? LAUNCHER_DEFAULTS.home;
  return resolve(home);
}

function resolvePort(flags: LauncherFlags, env: NodeJS.ProcessEnv, config: LauncherConfig): number {
  if (flags.port !== undefined) return parsePort(flags.port, '--port');
  for (const name of ['ISOBAR_PORT', 'ECF_PORT']) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return parsePort(value, name);
  }
  return config.port ?? LAUNCHER_DEFAULTS.port;
}

function resolveBind(
  flags: LauncherFlags,
  env: NodeJS.ProcessEnv,
  loaded: { config: LauncherConfig; file: string },
): string {
  if (flags.bind !== undefined) return parseBindAddress(flags.bind, '--bind');
  const fromEnv = nonEmpty(env['ISOBAR_BIND']);
  if (fromEnv !== undefined) return parseBindAddress(fromEnv, 'ISOBAR_BIND');
  // The schema checked the value's length; its form is checked here.
  const { config, file } = loaded;
  if (config.bind !== undefined) return parseBindAddress(config.bind, `${file}: bind`);
  return LAUNCHER_DEFAULTS.bind;
}

function resolveCheckpoint(
  flags: LauncherFlags,
  env: NodeJS.ProcessEnv,
  loaded: { config: LauncherConfig; file: string },
): CheckpointMode {
  const found = pick(
    [nonEmpty(flags.checkpoint), { name: '--checkpoint', base: '' }],
    [nonEmpty(env['ISOBAR_CHECKPOINT']), { name: 'ISOBAR_CHECKPOINT', base: '' }],
    [loaded.config.checkpoint, { name: `${loaded.file}: checkpoint`, base: '' }],
  );
  if (found === undefined) return DEFAULT_CHECKPOINT_MODE;
  try {
    return parseCheckpointMode(found[0]);
  } catch {
    throw usageError(
      `${found[1].name}: must be always, never, on_time or on_time:SECONDS, got ${JSON.stringify(found[0])}`,
      {
        field: found[1].name,
      },
    );
  }
}

function resolveJobListener(
  flags: LauncherFlags,
  env: NodeJS.ProcessEnv,
  loaded: { config: LauncherConfig; file: string },
): { host: string; port: number } | undefined {
  const { config, file } = loaded;
  const portText = pick(
    [nonEmpty(flags.jobPort), { name: '--job-port', base: '' }],
    [nonEmpty(env['ISOBAR_JOB_PORT']), { name: 'ISOBAR_JOB_PORT', base: '' }],
  );
  const port = portText === undefined ? config.jobPort : parsePort(portText[0], portText[1].name);
  const host = pick(
    [nonEmpty(flags.jobBind), { name: '--job-bind', base: '' }],
    [nonEmpty(env['ISOBAR_JOB_BIND']), { name: 'ISOBAR_JOB_BIND', base: '' }],
    [config.jobBind, { name: `${file}: jobBind`, base: '' }],
  );
  if (port === undefined) {
    if (host !== undefined) throw usageError(`${host[1].name}: needs --job-port as well`, { field: host[1].name });
    return undefined;
  }
  const bind = host === undefined ? resolveBind(flags, env, loaded) : parseBindAddress(host[0], host[1].name);
  return { host: bind, port };
}

function resolveFileRoots(env: NodeJS.ProcessEnv, config: LauncherConfig, base: string): string[] {
  const fromEnv = nonEmpty(env['ISOBAR_FILE_ROOTS']);
  if (fromEnv !== undefined)
    return fromEnv
      .split(':')
      .filter((dir) => dir !== '')
      .map((dir) => resolve(dir));
  return (config.fileRoots ?? []).map((dir) => resolve(base, dir));
}

/**
 * Applies precedence (flags > env > config file > defaults) and validates every value.
 *
 * @throws IsobarError `INVALID_ARGUMENT` whose message names the source and field of the first bad value.
 * @example
 * ```ts
 * const options = await resolveLauncherOptions({ port: '0' }, { ISOBAR_HOME: '/srv/isobar' });
 * options.port; // 0
 * ```
 */
export async function resolveLauncherOptions(
  flags: LauncherFlags,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedLauncherOptions> {
  const home = resolveHome(flags, env);
  const named = nonEmpty(flags.config);
  const configFile = named === undefined ? resolve(home, 'isobar.json') : resolve(named);
  const config = await loadLauncherConfig(configFile, named === undefined);
  const fileSource: Source = { name: configFile, base: dirname(configFile) };
  const logFile = pick(
    [nonEmpty(flags.logFile), { name: '--log-file', base: process.cwd() }],
    [config.logFile, fileSource],
  );
  return {
    home,
    configFile,
    port: resolvePort(flags, env, config),
    bind: resolveBind(flags, env, { config, file: configFile }),
    tls: resolveTls(flags, config, fileSource),
    accessLog: parseAccessLogFlag(flags, config, fileSource.base),
    logLevel: flags.logLevel === undefined ? (config.logLevel ?? 'info') : parseLogLevel(flags.logLevel, '--log-level'),
    logFile: logFile === undefined ? undefined : resolve(logFile[1].base, logFile[0]),
    halted: flags.halted ?? config.halted ?? false,
    checkpoint: resolveCheckpoint(flags, env, { config, file: configFile }),
    fileRoots: resolveFileRoots(env, config, fileSource.base),
    jobListener: resolveJobListener(flags, env, { config, file: configFile }),
    testFault: parseTestFault(nonEmpty(env['ISOBAR_TEST_FAULT'])),
    dev: flags.dev ?? config.dev ?? false,
    tuning: {
      bodyLimit: config.bodyLimit,
      maxConcurrentRequests: config.maxConcurrentRequests,
      requestIdFormat: config.requestIdFormat,
      trustedProxies: config.trustedProxies,
      basicAuth: config.basicAuth,
      tokenTtlMs: config.tokenTtlMs,
      stopTimeoutMs: config.stopTimeoutMs,
      sse: config.sse,
    },
  };
}
