// The method names of the protocol catalogue as plain data, so that constructing a client installs its methods
// without loading the TypeBox catalogue (test/client-method-table.test.ts keeps this list equal to METHODS).
import type { MethodAccess } from '@isobar/protocol';

/** One row of {@link METHOD_TABLE}: the method name, its `safeToRetry` flag and its `access`. */
export type MethodTableEntry = readonly [name: string, safeToRetry: boolean, access: MethodAccess];

/**
 * Every RPC method of the protocol catalogue with its `safeToRetry` flag and `access`, in catalogue order.
 * Dotted names (`child.init`) become nested members of `IsobarClient` (`client.child.init`).
 */
export const METHOD_TABLE: readonly MethodTableEntry[] = [
  ['ping', true, 'public'],
  ['version', true, 'public'],
  ['halt', true, 'admin'],
  ['shutdown', true, 'admin'],
  ['restart', true, 'admin'],
  ['terminate', true, 'admin'],
  ['checkpoint', true, 'admin'],
  ['restoreFromCheckpoint', false, 'admin'],
  ['stats', true, 'viewer'],
  ['log', true, 'operator'],
  ['msg', true, 'operator'],
  ['login', true, 'public'],
  ['logout', true, 'viewer'],
  ['whoami', true, 'viewer'],
  ['users.add', false, 'admin'],
  ['users.list', true, 'admin'],
  ['users.delete', false, 'admin'],
  ['users.passwd', true, 'admin'],
  ['users.verify', true, 'admin'],
  ['load', false, 'operator'],
  ['replace', true, 'operator'],
  ['delete', false, 'operator'],
  ['get', true, 'viewer'],
  ['suites', true, 'viewer'],
  ['tree', true, 'viewer'],
  ['query', true, 'viewer'],
  ['check', true, 'viewer'],
  ['order', false, 'operator'],
  ['archive', true, 'operator'],
  ['restore', true, 'operator'],
  ['begin', false, 'operator'],
  ['requeue', true, 'operator'],
  ['suspend', true, 'operator'],
  ['resume', true, 'operator'],
  ['force', true, 'operator'],
  ['run', false, 'operator'],
  ['kill', true, 'operator'],
  ['status', true, 'operator'],
  ['freeDep', true, 'operator'],
  ['why', true, 'viewer'],
  ['alter', false, 'operator'],
  ['jobGen', false, 'operator'],
  ['editScript', false, 'operator'],
  ['file', true, 'viewer'],
  ['editHistory', true, 'viewer'],
  ['zombies', true, 'viewer'],
  ['zombies.fob', true, 'operator'],
  ['zombies.fail', true, 'operator'],
  ['zombies.adopt', true, 'operator'],
  ['zombies.block', true, 'operator'],
  ['zombies.remove', true, 'operator'],
  ['zombies.kill', true, 'operator'],
  ['sync', true, 'viewer'],
  ['news', true, 'viewer'],
  ['child.init', true, 'child'],
  ['child.complete', true, 'child'],
  ['child.abort', true, 'child'],
  ['child.event', true, 'child'],
  ['child.meter', true, 'child'],
  ['child.label', true, 'child'],
  ['child.wait', true, 'child'],
  ['child.queue', false, 'child'],
  ['batch', false, 'public'],
];

const SAFE_TO_RETRY: ReadonlySet<string> = new Set(METHOD_TABLE.filter(([, safe]) => safe).map(([name]) => name));

// `batch` is public because child items carry task credentials, but its other items need a user session.
const SESSIONLESS: ReadonlySet<string> = new Set(
  METHOD_TABLE.filter(([name, , access]) => (access === 'public' && name !== 'batch') || access === 'child').map(
    ([name]) => name,
  ),
);

/**
 * The catalogue's retry policy: true when `method` may be sent again after its request may have reached the
 * server. Unknown methods are not retried.
 *
 * @example
 * ```ts
 * isSafeToRetry('tree'); // true
 * isSafeToRetry('run'); // false: running a task twice submits two jobs
 * ```
 */
export function isSafeToRetry(method: string): boolean {
  return SAFE_TO_RETRY.has(method);
}

/**
 * True when `method` needs no user session (`ping`, `version`, `login`, the task-side `child.*` methods), so a
 * client holding a user name and password does not log in just to call it.
 *
 * @example
 * ```ts
 * isSessionless('ping'); // true
 * isSessionless('tree'); // false
 * ```
 */
export function isSessionless(method: string): boolean {
  return SESSIONLESS.has(method);
}
