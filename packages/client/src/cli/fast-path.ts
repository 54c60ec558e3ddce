// The commands that must start fast (`isobar --version`, `isobar ping`) run here without yargs, the RPC stack or
// the method catalogue. Anything the tiny parser does not recognise falls through to the full CLI (main.ts).
import { readStoredCredentials } from './credentials.js';
import type { CliIo } from './io.js';
import { formatPing, pingServer } from './ping.js';
import { reportError } from './report-error.js';
import { resolveConnectionSettings, type GlobalFlags } from './settings.js';
import { CLI_VERSION } from './version.js';

const VALUE_FLAGS = new Set(['url', 'host', 'port', 'ca', 'timeout', 'user', 'password', 'token']);
const BOOLEAN_FLAGS = new Set(['json', 'insecure', 'debug']);

/** Parses `--flag value`, `--flag=value` and boolean flags; `undefined` when anything else appears. */
export function parseFastFlags(args: readonly string[]): Record<string, string | boolean> | undefined {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const match = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (match === null) return undefined;
    const name = match[1] ?? '';
    if (BOOLEAN_FLAGS.has(name) && match[2] === undefined) flags[name] = true;
    else if (VALUE_FLAGS.has(name)) {
      const value = match[2] ?? args[++i];
      if (value === undefined) return undefined;
      flags[name] = value;
    } else return undefined;
  }
  return flags;
}

function toGlobalFlags(raw: Record<string, string | boolean>): GlobalFlags | undefined {
  const text = (name: string): string | undefined => (typeof raw[name] === 'string' ? raw[name] : undefined);
  const timeoutText = text('timeout');
  const timeout = timeoutText === undefined ? undefined : Number(timeoutText);
  if (timeout !== undefined && !(timeout > 0)) return undefined;
  return {
    url: text('url'),
    host: text('host'),
    port: text('port'),
    ca: text('ca'),
    timeout,
    user: text('user'),
    password: text('password'),
    token: text('token'),
    json: raw['json'] === true,
    insecure: raw['insecure'] === true,
    debug: raw['debug'] === true,
  };
}

async function ping(flags: GlobalFlags, io: CliIo): Promise<number> {
  try {
    const settings = resolveConnectionSettings(flags, io.env, (url) => readStoredCredentials(io.env, url));
    const result = await pingServer(settings);
    io.stdout.write(flags.json === true ? `${JSON.stringify(result)}\n` : `${formatPing(result)}\n`);
    return 0;
  } catch (error) {
    return reportError(error, io, { json: flags.json === true, debug: flags.debug === true });
  }
}

/**
 * Runs `--version` or `ping` when `args` is one of them with only global flags; otherwise returns `undefined`
 * and the caller loads the full CLI.
 */
export function runFastPath(args: readonly string[], io: CliIo): Promise<number> | undefined {
  if (args.length === 1 && args[0] === '--version') {
    io.stdout.write(`${CLI_VERSION}\n`);
    return Promise.resolve(0);
  }
  if (args[0] !== 'ping') return undefined;
  const raw = parseFastFlags(args.slice(1));
  const flags = raw === undefined ? undefined : toGlobalFlags(raw);
  return flags === undefined ? undefined : ping(flags, io);
}
