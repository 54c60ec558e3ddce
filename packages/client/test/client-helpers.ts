// Shared fixtures of the client library tests: real servers (createServer from @isobar/core) on 127.0.0.1:0,
// with a real user store in a temp home when a test needs users, and a TCP relay whose connections a test can cut.
import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import { createAuthService, createServer, createUserStore, type IsobarServer, type ServerOptions } from '@isobar/core';
import { createTempHome } from '@isobar/test-utils';

/** A running server and how to reach it. */
export interface TestServer extends AsyncDisposable {
  readonly server: IsobarServer;
  readonly url: string;
  close(): Promise<void>;
}

/** Passwords of the users every auth server has: `admin` (admin), `ops` (operator), `vera` (viewer). */
export const PASSWORDS = { admin: 'admin-password', ops: 'ops-password', vera: 'viewer-password' } as const;

/** A clock that tests move by hand (token expiry without waiting). */
export interface ManualClock {
  readonly now: () => number;
  advance(ms: number): void;
}

/** A {@link ManualClock} that starts at the real time. */
export function manualClock(): ManualClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

/** Starts a server without authentication (every caller is an anonymous admin, loopback only). */
export async function startOpenServer(options: ServerOptions = {}): Promise<TestServer> {
  const server = createServer({ port: 0, ...options });
  server.start();
  await server.allowAccess();
  const close = (): Promise<void> => server.stop();
  return { server, url: server.address()!.url, close, [Symbol.asyncDispose]: close };
}

/** Starts a server with a user store (users of {@link PASSWORDS}) and the real auth service. */
export async function startAuthServer(
  options: { clock?: ManualClock; tokenTtlMs?: number; basic?: boolean; server?: ServerOptions } = {},
): Promise<TestServer> {
  const home = await createTempHome('isobar-client-');
  const users = await createUserStore({ home: home.path, watch: false });
  await users.add({ user: 'admin', password: PASSWORDS.admin, roles: ['admin'] });
  await users.add({ user: 'ops', password: PASSWORDS.ops, roles: ['operator'] });
  await users.add({ user: 'vera', password: PASSWORDS.vera, roles: ['viewer'] });
  const authenticator = createAuthService({
    users,
    ...(options.clock === undefined ? {} : { now: options.clock.now }),
    ...(options.tokenTtlMs === undefined ? {} : { tokenTtlMs: options.tokenTtlMs }),
    basicEnabled: options.basic === true,
  });
  const basicAuth = options.basic === true;
  const server = createServer({ port: 0, ...options.server, authenticator, users, basicAuth });
  server.start();
  await server.allowAccess();
  const close = async (): Promise<void> => {
    await server.stop();
    users.close();
    await home.remove();
  };
  return { server, url: server.address()!.url, close, [Symbol.asyncDispose]: close };
}

/** A TCP relay in front of a server; `cut()` drops every connection as a network failure would. */
export interface CutRelay extends AsyncDisposable {
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  cut(): void;
  close(): Promise<void>;
}

/** Starts a {@link CutRelay} on 127.0.0.1:0 forwarding to `target` (`http://host:port`). */
export async function startCutRelay(target: string): Promise<CutRelay> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let accepted = 0;
  const relay = createTcpServer((inbound) => {
    accepted++;
    const outbound = connect(Number(port), hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const cut = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  const close = async (): Promise<void> => {
    cut();
    await new Promise((resolve) => relay.close(resolve));
  };
  return { url, connections: () => accepted, cut, close, [Symbol.asyncDispose]: close };
}

/** Resolves once `check` holds, polling every few milliseconds (bounded, so a broken test fails, not hangs). */
export async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
  throw new Error(`timed out waiting for ${what}`);
}
