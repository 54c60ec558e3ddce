// Global flags of every command and how they combine with the environment and the credentials file into the
// settings of one connection. Kept free of @isobar/protocol imports: the fast path (`ping`, `--version`) uses it.

/** The global flags, as yargs (or the fast path) parsed them. */
export interface GlobalFlags {
  readonly url?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | string | undefined;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  readonly token?: string | undefined;
  readonly ca?: string | undefined;
  readonly insecure?: boolean | undefined;
  readonly json?: boolean | undefined;
  /** Seconds allowed for each request. */
  readonly timeout?: number | undefined;
  readonly debug?: boolean | undefined;
  readonly yes?: boolean | undefined;
}

/** The default server URL (INTERFACES.md). */
export const DEFAULT_URL = 'http://127.0.0.1:3141';

/** Default seconds allowed for one request. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** What the credentials file holds for one server. */
export interface StoredCredentials {
  readonly user?: string;
  readonly password?: string;
  readonly token?: string;
  readonly expiresAt?: string;
  /** CA bundle (PEM text or a file name) to trust for this server. */
  readonly ca?: string;
}

/** How one command authenticates. */
export type CliAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string; readonly user?: string; readonly password?: string }
  | { readonly kind: 'login'; readonly user: string; readonly password: string };

/** Everything needed to open a connection. */
export interface ConnectionSettings {
  /** Base URL without a trailing slash. */
  readonly url: string;
  readonly auth: CliAuth;
  /** Where the auth came from (for messages): `flags`, `env`, `credentials file`, or `none`. */
  readonly authSource: 'flags' | 'env' | 'credentials file' | 'none';
  /** CA file name or PEM text to trust. */
  readonly ca: string | undefined;
  readonly insecure: boolean;
  readonly timeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function hostUrl(host: string, port: string): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${port}`;
}

/**
 * The server URL: `--url`, else `--host`/`--port`, else `ISOBAR_URL`, else `ECF_HOST`/`ECF_PORT`, else the
 * default. A `--port` alone replaces the port of whichever URL applies.
 */
export function resolveServerUrl(flags: GlobalFlags, env: Env): string {
  const flagPort = flags.port === undefined ? undefined : String(flags.port);
  let url = nonEmpty(flags.url);
  if (url === undefined && flags.host !== undefined) {
    url = hostUrl(flags.host, flagPort ?? nonEmpty(env['ISOBAR_PORT']) ?? nonEmpty(env['ECF_PORT']) ?? '3141');
  }
  url ??= nonEmpty(env['ISOBAR_URL']);
  if (url === undefined && (nonEmpty(env['ECF_HOST']) ?? nonEmpty(env['ECF_PORT'])) !== undefined) {
    const host = nonEmpty(env['ECF_HOST']) ?? '127.0.0.1';
    url = hostUrl(host === 'localhost' ? '127.0.0.1' : host, nonEmpty(env['ECF_PORT']) ?? '3141');
  }
  url ??= DEFAULT_URL;
  if (flagPort !== undefined && flags.url === undefined && flags.host === undefined) {
    const parsed = safeUrl(url);
    if (parsed !== undefined) {
      parsed.port = flagPort;
      url = parsed.toString();
    }
  }
  return url.replace(/\/+$/, '');
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Credentials from flags, then the environment, then the credentials file entry of the URL. */
function resolveAuth(
  flags: GlobalFlags,
  env: Env,
  stored: StoredCredentials | undefined,
): Pick<ConnectionSettings, 'auth' | 'authSource'> {
  if (flags.token !== undefined) return { auth: { kind: 'bearer', token: flags.token }, authSource: 'flags' };
  if (flags.user !== undefined && flags.password !== undefined) {
    return { auth: { kind: 'login', user: flags.user, password: flags.password }, authSource: 'flags' };
  }
  const token = nonEmpty(env['ISOBAR_TOKEN']);
  if (token !== undefined) return { auth: { kind: 'bearer', token }, authSource: 'env' };
  const user = flags.user ?? nonEmpty(env['ISOBAR_USER']);
  const password = flags.password ?? env['ISOBAR_PASSWORD'];
  if (user !== undefined && password !== undefined) {
    return { auth: { kind: 'login', user, password }, authSource: flags.user === undefined ? 'env' : 'flags' };
  }
  if (stored === undefined || (user !== undefined && stored.user !== undefined && stored.user !== user)) {
    return { auth: { kind: 'none' }, authSource: 'none' };
  }
  if (stored.token !== undefined) {
    const relogin = stored.user !== undefined && stored.password !== undefined;
    const auth = relogin
      ? { kind: 'bearer' as const, token: stored.token, user: stored.user, password: stored.password }
      : { kind: 'bearer' as const, token: stored.token };
    return { auth, authSource: 'credentials file' };
  }
  if (stored.user !== undefined && stored.password !== undefined) {
    return { auth: { kind: 'login', user: stored.user, password: stored.password }, authSource: 'credentials file' };
  }
  return { auth: { kind: 'none' }, authSource: 'none' };
}

/**
 * Combines flags, environment (`ISOBAR_URL`, `ECF_HOST`, `ECF_PORT`, `ISOBAR_USER`, `ISOBAR_PASSWORD`,
 * `ISOBAR_TOKEN`, `ISOBAR_CA`) and the stored credentials of the URL: flags beat env, env beats the file.
 */
export function resolveConnectionSettings(
  flags: GlobalFlags,
  env: Env,
  lookup: (url: string) => StoredCredentials | undefined,
): ConnectionSettings {
  const url = resolveServerUrl(flags, env);
  const stored = lookup(url);
  const timeout = flags.timeout ?? DEFAULT_TIMEOUT_SECONDS;
  return {
    url,
    ...resolveAuth(flags, env, stored),
    ca: flags.ca ?? nonEmpty(env['ISOBAR_CA']) ?? stored?.ca,
    insecure: flags.insecure === true,
    timeoutMs: Math.max(1, Math.round(timeout * 1000)),
  };
}
