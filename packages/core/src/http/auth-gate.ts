import type { IncomingMessage } from 'node:http';
import { IsobarError, type MethodAccess } from '@isobar/protocol';
import type { Authenticator, Principal, Role } from './authenticator.js';

/** Who calls when the server runs without an authenticator (loopback only): an anonymous admin. */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({
  user: 'anonymous',
  roles: Object.freeze(['admin'] as const),
});

/** What the gate needs from the server options. */
export interface AuthGateOptions {
  readonly authenticator: Authenticator | undefined;
  readonly basicAuth: boolean;
}

/** The credentials a request carries. */
export interface Credentials {
  /** The bearer token, if the request carried one. */
  readonly token: string | undefined;
  /** The principal, or a promise of it (Basic checks a password hash), or `undefined` without credentials. */
  readonly principal: Principal | Promise<Principal> | undefined;
}

// A proxy in front of the server would make every client look like loopback: such a request is not trusted.
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/**
 * The anonymous admin when the server has nobody to authenticate (no authenticator, or one that is open
 * because no users exist yet) and the request comes straight from loopback, without forwarding headers;
 * otherwise `undefined` (the request needs credentials, or is refused when none can exist).
 *
 * @param remote the peer address with any `::ffff:` prefix removed
 */
export function anonymousPrincipal(
  req: IncomingMessage,
  options: AuthGateOptions,
  remote: string,
): Principal | undefined {
  const { authenticator } = options;
  if (authenticator !== undefined && authenticator.isOpen?.() !== true) return undefined;
  if (!isLoopback(remote)) return undefined;
  const headers = req.headers;
  for (const name of FORWARDING_HEADERS) if (headers[name] !== undefined) return undefined;
  return ANONYMOUS_ADMIN;
}

function decodeBasic(encoded: string): { user: string; password: string } {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) throw new IsobarError('AUTH_FAILED', { message: 'Malformed Basic credentials' });
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Reads the `Authorization` header. Bearer tokens are checked synchronously (they are on the hot path); Basic
 * credentials only when enabled. Without an authenticator, or while it is open (no users yet), a direct
 * loopback request is the anonymous admin ({@link anonymousPrincipal}) and any other has no principal.
 *
 * @throws IsobarError `AUTH_FAILED`, `AUTH_EXPIRED` (from the authenticator)
 */
export function readCredentials(req: IncomingMessage, options: AuthGateOptions, remote: string): Credentials {
  const { authenticator } = options;
  const header = req.headers.authorization;
  if (authenticator === undefined || authenticator.isOpen?.() === true) {
    return { token: undefined, principal: anonymousPrincipal(req, options, remote) };
  }
  if (header === undefined || header === '') return { token: undefined, principal: undefined };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer' && value !== '') {
    return { token: value, principal: authenticator.authenticateBearer(value) };
  }
  if (scheme === 'basic' && options.basicAuth) {
    const { user, password } = decodeBasic(value);
    return { token: undefined, principal: authenticator.authenticateBasic(user, password, remote) };
  }
  const message = scheme === 'basic' ? 'Basic authentication is not enabled' : 'Unsupported Authorization header';
  throw new IsobarError('AUTH_FAILED', { message });
}

/** The suite paths (`/name`) of the nodes a call names, for suite-restricted users. */
export function suitePathsOf(paths: readonly string[]): string[] {
  const suites = new Set<string>();
  for (const path of paths) {
    if (typeof path !== 'string' || !path.startsWith('/') || path === '/') continue;
    const end = path.indexOf('/', 1);
    const colon = path.indexOf(':');
    const stop = [end, colon].filter((i) => i > 0).reduce((a, b) => Math.min(a, b), path.length);
    suites.add(path.slice(0, stop));
  }
  return [...suites];
}

/** The node paths named by a call's arguments (`path`, `paths`, `suite`). */
export function pathsOfArgs(args: unknown): string[] {
  if (typeof args !== 'object' || args === null) return [];
  const { path, paths, suite } = args as { path?: unknown; paths?: unknown; suite?: unknown };
  const found: string[] = [];
  if (typeof path === 'string') found.push(path);
  if (Array.isArray(paths)) for (const p of paths) if (typeof p === 'string') found.push(p);
  if (typeof suite === 'string') found.push(`/${suite}`);
  return found;
}

/**
 * Checks that `principal` may call a method of the given access for the nodes in `paths`.
 *
 * @throws IsobarError `AUTH_REQUIRED` without a principal, `FORBIDDEN` from the authenticator
 */
export function authorizeCall(
  options: AuthGateOptions,
  principal: Principal | undefined,
  request: { access: MethodAccess | Role; paths: readonly string[] },
): void {
  const { access } = request;
  if (access === 'public' || access === 'child') return;
  if (principal === undefined) throw new IsobarError('AUTH_REQUIRED');
  const authenticator = options.authenticator;
  if (authenticator === undefined || principal === ANONYMOUS_ADMIN) return;
  const suites = suitePathsOf(request.paths);
  if (suites.length === 0) authenticator.authorize(principal, access);
  for (const suite of suites) authenticator.authorize(principal, access, suite);
}
