import type { MethodArgs, MethodName, MethodResult } from '@isobar/protocol';
import { IsobarError, createRpcClient, hasErrorCode, type LoginResult, type RpcClient } from '@isobar/protocol/rpc';
import { clientOptionsFromEnv, type ClientEnvironment } from './client-env.js';
import { resolveIsobarClientOptions, type IsobarClientOptions } from './client-options.js';
import { openEventStream, type EventStream, type EventStreamContext, type EventsOptions } from './event-stream.js';
import { installMethods } from './install-methods.js';
import { isSessionless } from './method-table.js';
import type { CallOptions, IsobarMethods } from './method-types.js';
import { createClientSession, type ClientSession } from './session.js';

/** What `GET /v1/health` answers. */
export interface HealthStatus {
  /** The server state: `RUNNING`, `SHUTDOWN` or `HALTED`. */
  readonly status: string;
  /** The server's Isobar version. */
  readonly version: string;
}

// The per-method members (`ping`, `tree`, `child.init`, …) are installed by the constructor from the method
// table; this declaration gives them their catalogue types. `login`/`logout` are real methods of the class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see above
export interface IsobarClient extends Omit<IsobarMethods, 'login' | 'logout'> {}

/**
 * A typed client of an Isobar server: one method per RPC method of the protocol catalogue (dotted names nested:
 * `client.child.init(...)`, `client.users.add(...)`), with login, re-login on 419, fail-over across several URLs,
 * TLS, and the change feed as an async iterator. Errors are {@link IsobarError}s; recognise them by `code`.
 *
 * @example
 * ```ts
 * const client = new IsobarClient({ urls: 'http://127.0.0.1:3141', user: 'ops', password: 'secret' });
 * await client.load({ text: 'suite s\n  task t\nendsuite\n' });
 * const tree = await client.tree({ path: '/s' });
 * client.close();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface above types the installed methods
export class IsobarClient {
  /** The server URLs, in fail-over order. */
  readonly urls: readonly string[];
  readonly #rpc: RpcClient;
  readonly #session: ClientSession;
  readonly #streams = new Set<AbortController>();
  readonly #feed: Omit<EventStreamContext, 'track' | 'urls' | 'currentSeq'>;

  /**
   * Validates `options` (every problem at once, as `CONFIG_ERROR`) and prepares the connection; nothing is sent
   * until the first call.
   */
  constructor(options: IsobarClientOptions = {}) {
    const resolved = resolveIsobarClientOptions(options);
    this.urls = resolved.urls;
    const session = createClientSession(resolved, (user, password, callOptions) =>
      this.#rpc.login(user, password, callOptions),
    );
    this.#session = session;
    const renew = resolved.basicAuth ? undefined : (): Promise<string | undefined> => session.renew();
    this.#rpc = createRpcClient({ ...resolved.rpc, ...(renew === undefined ? {} : { onAuthExpired: renew }) });
    this.#feed = {
      tls: resolved.rpc.tls ?? {},
      timeoutMs: resolved.rpc.timeoutMs ?? 60_000,
      headers: { ...resolved.rpc.headers, ...(resolved.rpc.userAgent ? { 'user-agent': resolved.rpc.userAgent } : {}) },
      session,
    };
    installMethods(this, (method, args, callOptions) => this.#invoke(method, args, callOptions));
  }

  /**
   * A client configured from an environment (`ISOBAR_URL`, `ECF_HOST`/`ECF_PORT`, `ISOBAR_USER`,
   * `ISOBAR_PASSWORD`, `ISOBAR_TOKEN`; see {@link clientOptionsFromEnv}), with `overrides` winning. Reads only
   * the `env` object it is given.
   *
   * @example
   * ```ts
   * const client = IsobarClient.fromEnv(process.env, { timeoutMs: 5000 });
   * ```
   */
  static fromEnv(env: ClientEnvironment, overrides: IsobarClientOptions = {}): IsobarClient {
    return new IsobarClient(clientOptionsFromEnv(env, overrides));
  }

  /**
   * Calls RPC method `method` by name (the per-method members do the same).
   *
   * @example
   * ```ts
   * const { state } = await client.call('query', { kind: 'state', path: '/s/t' });
   * ```
   */
  call<M extends MethodName>(method: M, args?: MethodArgs<M>, options?: CallOptions): Promise<MethodResult<M>> {
    return this.#invoke(method, args, options) as Promise<MethodResult<M>>;
  }

  /**
   * Logs in (`POST /v1/auth/login`) with `args`, or with the configured user and password; later calls carry the
   * token, and these credentials are used to log in again when it expires.
   */
  async login(args?: MethodArgs<'login'>, options?: CallOptions): Promise<LoginResult> {
    const credentials = args ?? this.#session.credentials();
    if (credentials === undefined) {
      throw new IsobarError('INVALID_ARGUMENT', { details: { reason: 'login needs a user and a password' } });
    }
    return this.#session.login(credentials, options);
  }

  /** Ends the session (`POST /v1/auth/logout`) and forgets the token. */
  async logout(options?: CallOptions): Promise<MethodResult<'logout'>> {
    await this.#rpc.logout(options);
    this.#session.forget();
    return { loggedOut: true };
  }

  /** `GET /v1/health`: the server state and version; needs no credentials. */
  health(options?: CallOptions): Promise<HealthStatus> {
    return this.#rpc.getJson<HealthStatus>('/v1/health', options);
  }

  /**
   * The change feed (`GET /v1/events`) as an async iterator of change records, resumable with `lastEventId`.
   *
   * @example
   * ```ts
   * for await (const record of client.events({ signal: AbortSignal.timeout(60_000) })) {
   *   if (record.type === 'resync') await reload();
   *   else apply(record);
   * }
   * ```
   */
  events(options?: EventsOptions): EventStream {
    const context = {
      ...this.#feed,
      urls: () => this.#urlsFromCurrent(),
      currentSeq: async () => ((await this.#invoke('news', { since: 0 }, undefined)) as MethodResult<'news'>).seq,
      track: (controller: AbortController) => {
        this.#streams.add(controller);
        return () => void this.#streams.delete(controller);
      },
    };
    return openEventStream(context, options);
  }

  /** The bearer token in use, if the client has one. */
  token(): string | undefined {
    return this.#session.token();
  }

  /** The URL that answered last (where the next call starts). */
  currentUrl(): string {
    return this.#rpc.currentUrl();
  }

  /** Closes every connection and ends open event streams; later calls fail with `UNREACHABLE`. */
  close(): void {
    for (const controller of [...this.#streams]) controller.abort();
    this.#rpc.close();
  }

  /** Same as {@link IsobarClient.close}, for `using client = new IsobarClient(...)`. */
  [Symbol.dispose](): void {
    this.close();
  }

  #invoke(method: string, args: object | undefined, options: CallOptions | undefined): Promise<unknown> {
    const attempt = (): Promise<unknown> => {
      const pending = isSessionless(method) ? undefined : this.#session.ready();
      if (pending === undefined) return this.#rpc.call(method, args, options);
      return pending.then(() => this.#rpc.call(method, args, options));
    };
    const first = attempt();
    if (!this.#session.holdsGivenToken()) return first;
    // A token from the options may be unknown to the server (restarted, or revoked): the server refused it before
    // running anything, so logging in with the held credentials and trying once more is safe.
    return first.catch((error: unknown) => {
      if (!hasErrorCode(error, 'AUTH_FAILED') || !this.#session.dropGivenToken()) throw error;
      return attempt();
    });
  }

  #urlsFromCurrent(): string[] {
    const current = this.#rpc.currentUrl();
    return [current, ...this.urls.filter((url) => normalizeUrl(url) !== current)];
  }
}

/** A base URL as the transport spells it (lower-case host, no trailing slash), to compare with `currentUrl()`. */
function normalizeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
}
