/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
// Shared pieces of the HTTP facility tests: a server on 127.0.0.1:0, raw node:http requests, a token-table
// authenticator (the facility's Authenticator contract, so these tests do not depend on the auth step).
import http, { type IncomingHttpHeaders } from 'node:http';
import { IsobarError, type AccessLogEntry, type AccessLogSink } from '@isobar/protocol';
import { createServer, type Authenticator, type IsobarServer, type ServerOptions } from '../src/index.js';
import type { Principal } from '../src/auth/index.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

/** One request with a fresh connection; resolves with status, headers and body. */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const req = http.request(
      target,
      { method: options.method ?? 'POST', headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST /v1/rpc/<method> with a JSON body. */
/** POST /v1/rpc/<method> with `args` as JSON, plus `headers`. */
export function rpc(url: string, method: string, extra: { args?: unknown; headers?: Record<string, string> } = {}) {
  const { args = {}, headers = {} } = extra;
  return rawRequest(url, {
    path: `/v1/rpc/${method}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(args),
  });
}

/** Tokens `viewer-token`, `operator-token`, `admin-token`, `s-operator-token` (operator of suite s only). */
export function createTokenAuthenticator(): Authenticator {
  const principals: Record<string, Principal> = {
    'viewer-token': { user: 'vera', roles: ['viewer'] },
    'operator-token': { user: 'otto', roles: ['viewer', 'operator'] },
    'admin-token': { user: 'ada', roles: ['viewer', 'operator', 'admin'] },
    's-operator-token': { user: 'sam', roles: ['viewer', 'operator'], suites: ['s'] },
  };
  const rank = { viewer: 1, operator: 2, admin: 3 } as const;
  return {
    login: (user, password) => {
      if (user === 'ada' && password === 'secret') {
        return Promise.resolve({ token: 'admin-token', expiresAt: '2030-01-01T00:00:00.000Z', roles: ['admin'] });
      }
      return Promise.reject(new IsobarError('AUTH_FAILED'));
    },
    logout: () => undefined,
    authenticateBearer: (token) => {
      if (token === 'expired-token') throw new IsobarError('AUTH_EXPIRED');
      const principal = principals[token];
      if (principal === undefined) throw new IsobarError('AUTH_FAILED');
      return principal;
    },
    authenticateBasic: (user, password) =>
      user === 'ada' && password === 'secret'
        ? Promise.resolve(principals['admin-token']!)
        : Promise.reject(new IsobarError('AUTH_FAILED')),
    authorize: (principal, access, suitePath) => {
      const best = Math.max(...principal.roles.map((r) => rank[r]));
      if (best < rank[access]) throw new IsobarError('FORBIDDEN', { details: { reason: `needs ${access}` } });
      const suite = suitePath?.slice(1);
      if (
        access !== 'viewer' &&
        principal.suites !== undefined &&
        (suite === undefined || !principal.suites.includes(suite))
      ) {
        throw new IsobarError('FORBIDDEN', { details: { reason: `not allowed on ${suitePath ?? 'the server'}` } });
      }
    },
  };
}

/** An access-log sink that keeps entries in memory. */
export function memoryAccessLog(): AccessLogSink & { entries: AccessLogEntry[] } {
  const entries: AccessLogEntry[] = [];
  return {
    entries,
    write: (entry) => {
      entries.push(entry);
      return true;
    },
    flush: () => Promise.resolve(),
    readyToStop: () => true,
    reopen: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** Creates, starts and opens a server on 127.0.0.1:0; returns it with its URL. */
export async function startServer(options: ServerOptions = {}): Promise<{ server: IsobarServer; url: string }> {
  const server = createServer({ port: 0, ...options });
  server.start();
  await server.allowAccess();
  return { server, url: server.address()!.url };
}

/** A promise and the function that resolves it. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/** Waits until `check` holds, polling each event-loop turn (bounded). */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}
