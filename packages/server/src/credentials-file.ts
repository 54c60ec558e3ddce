// The local user's credentials file, `~/.config/isobar/credentials.json` (0600), keyed by server URL. `init`
// stores the generated admin password there, as web_ipc stashes its admin credentials, so the local CLI
// connects without asking; the CLI's `login` adds tokens to the same entries.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { IsobarError } from '@isobar/protocol';

/** One server's entry. */
export interface ServerCredentials {
  readonly user: string;
  readonly password?: string;
  /** CA bundle to trust for this server (an https URL signed by the home's local CA). */
  readonly ca?: string;
  readonly [key: string]: unknown;
}

/** The file's contents. */
export interface CredentialsFile {
  readonly version: 1;
  readonly servers: Readonly<Record<string, ServerCredentials>>;
}

/**
 * Where the credentials file is: `$XDG_CONFIG_HOME/isobar/credentials.json`, else
 * `$HOME/.config/isobar/credentials.json`.
 */
export function credentialsFilePath(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg !== undefined && xdg !== '' ? xdg : join(env['HOME'] ?? homedir(), '.config');
  return join(base, 'isobar', 'credentials.json');
}

async function readCredentials(path: string): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, servers: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CredentialsFile>;
    if (typeof parsed.servers === 'object' && parsed.servers !== null) return { version: 1, servers: parsed.servers };
  } catch (error) {
    throw new IsobarError('CORRUPT_FILE', { details: { file: path, reason: (error as Error).message }, cause: error });
  }
  throw new IsobarError('CORRUPT_FILE', { details: { file: path, reason: 'no "servers" object' } });
}

/**
 * Stores `credentials` for `url` in the credentials file (other servers' entries are kept). The file is
 * written atomically with mode 0600 in a 0700 directory. Returns the file's path.
 *
 * @throws IsobarError `CORRUPT_FILE` when the existing file is not ours to rewrite.
 */
export async function saveServerCredentials(
  env: NodeJS.ProcessEnv,
  url: string,
  credentials: ServerCredentials,
): Promise<string> {
  const path = credentialsFilePath(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const current = await readCredentials(path);
  const next: CredentialsFile = { version: 1, servers: { ...current.servers, [url]: credentials } };
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
  return path;
}
