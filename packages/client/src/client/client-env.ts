import { DEFAULT_SERVER_URL, type IsobarClientOptions } from './client-options.js';

/** An environment such as `process.env`: the library reads only the object it is given. */
export type ClientEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * The client options an environment asks for (INTERFACES.md):
 * - server: `ISOBAR_URL` (a comma-separated list means fail-over), else `ECF_HOST` + `ECF_PORT` as ecflow_client
 *   reads them (`https` when `ECF_SSL` is set or `ECF_HOST_PROTOCOL` is `SSL`/`HTTPS`), else
 *   `http://127.0.0.1:3141`;
 * - credentials: `ISOBAR_TOKEN` (bearer), `ISOBAR_USER` + `ISOBAR_PASSWORD` (log in).
 *
 * `overrides` win over the environment (flags beat env), and an overridden credential also hides the
 * environment's credentials that belong to another identity: a `user` override ignores `ISOBAR_USER`,
 * `ISOBAR_PASSWORD` and `ISOBAR_TOKEN`; a `password` override ignores `ISOBAR_PASSWORD` and `ISOBAR_TOKEN`
 * (keeping `ISOBAR_USER`); a `token` override ignores `ISOBAR_TOKEN` (keeping the user and password for
 * re-logins). Overrides whose value is `undefined` are ignored, so optional flags can be passed as they are.
 * Empty variables count as unset.
 * `ISOBAR_CA` names a file, which a library does not read: the caller passes its contents as `tls.ca`.
 *
 * @example
 * ```ts
 * clientOptionsFromEnv({ ECF_HOST: 'ecgate', ECF_PORT: '3199' }).urls; // ['http://ecgate:3199']
 * ```
 */
export function clientOptionsFromEnv(env: ClientEnvironment, overrides: IsobarClientOptions = {}): IsobarClientOptions {
  const given = withoutUndefined(overrides);
  const fromEnv: Record<string, unknown> = { urls: serverUrlsFromEnv(env) };
  const newUser = 'user' in given;
  const newPassword = newUser || 'password' in given;
  const credentials = [
    ['user', 'ISOBAR_USER', newUser],
    ['password', 'ISOBAR_PASSWORD', newPassword],
    ['token', 'ISOBAR_TOKEN', newPassword || 'token' in given],
  ] as const;
  for (const [key, variable, hidden] of credentials) {
    const value = hidden ? undefined : read(env, variable);
    if (value !== undefined) fromEnv[key] = value;
  }
  return { ...fromEnv, ...given };
}

/**
 * The server URLs an environment names: `ISOBAR_URL` split at commas, else one URL built from `ECF_HOST` and
 * `ECF_PORT`, else the default.
 *
 * @example
 * ```ts
 * serverUrlsFromEnv({ ISOBAR_URL: 'https://a:3141, https://b:3141' }); // ['https://a:3141', 'https://b:3141']
 * serverUrlsFromEnv({}); // ['http://127.0.0.1:3141']
 * ```
 */
export function serverUrlsFromEnv(env: ClientEnvironment): string[] {
  const listed = (read(env, 'ISOBAR_URL') ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  if (listed.length > 0) return listed;
  const host = read(env, 'ECF_HOST');
  const port = read(env, 'ECF_PORT');
  if (host === undefined && port === undefined) return [DEFAULT_SERVER_URL];
  const protocol = (read(env, 'ECF_HOST_PROTOCOL') ?? '').toUpperCase();
  const secure = read(env, 'ECF_SSL') !== undefined || protocol === 'SSL' || protocol === 'HTTPS';
  // An IPv6 literal needs brackets inside a URL.
  const hostPart = host === undefined ? '127.0.0.1' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return [`${secure ? 'https' : 'http'}://${hostPart}:${port ?? '3141'}`];
}

function read(env: ClientEnvironment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function withoutUndefined(options: IsobarClientOptions): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
