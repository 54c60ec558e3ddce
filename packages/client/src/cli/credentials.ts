// The CLI's credentials file, `$XDG_CONFIG_HOME/isobar/credentials.json` (else `~/.config/isobar/…`): one entry
// per server URL. `isobar-server init` writes the same file (user, password, ca); `isobar login` adds a token.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './errors.js';
import type { StoredCredentials } from './settings.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The file's contents. */
interface CredentialsDocument {
  version: 1;
  servers: Record<string, Record<string, unknown>>;
}

/** Where the credentials file lives for this environment. */
export function credentialsFilePath(env: Env): string {
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg !== undefined && xdg !== '' ? xdg : join(env['HOME'] ?? homedir(), '.config');
  return join(base, 'isobar', 'credentials.json');
}

function readDocument(path: string): CredentialsDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, servers: {} };
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as { servers?: unknown };
    if (typeof parsed.servers === 'object' && parsed.servers !== null && !Array.isArray(parsed.servers)) {
      return { version: 1, servers: parsed.servers as CredentialsDocument['servers'] };
    }
  } catch {
    // fall through to the one error below
  }
  throw new CliError(`${path} is corrupt (expected {"version":1,"servers":{…}}); fix or delete it`, {
    code: 'CORRUPT_FILE',
  });
}

function pickString(entry: Record<string, unknown>, name: string): string | undefined {
  const value = entry[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The stored credentials of `url`, if any. */
export function readStoredCredentials(env: Env, url: string): StoredCredentials | undefined {
  const entry = readDocument(credentialsFilePath(env)).servers[url];
  if (entry === undefined || typeof entry !== 'object') return undefined;
  const result: Record<string, string> = {};
  for (const name of ['user', 'password', 'token', 'expiresAt', 'ca']) {
    const value = pickString(entry, name);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

/**
 * Changes the entry of `url` (fields set to `undefined` are removed; an empty entry is dropped). Written
 * atomically with mode 0600 in a 0700 directory. Returns the file's path.
 */
export function updateStoredCredentials(
  env: Env,
  url: string,
  change: Readonly<Record<string, string | undefined>>,
): string {
  const path = credentialsFilePath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const document = readDocument(path);
  const entry: Record<string, unknown> = { ...document.servers[url] };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete entry[name];
    else entry[name] = value;
  }
  if (Object.keys(entry).length === 0) delete document.servers[url];
  else document.servers[url] = entry;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
  return path;
}
