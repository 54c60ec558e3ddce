// The `safeToRetry` flags of the method catalogue as plain data, so that the client's default retry policy does
// not load the TypeBox catalogue (test/rpc-options.test.ts keeps these lists equal to METHODS).

/** Catalogue methods that may be sent again after the server may have received them (reads, idempotent changes). */
export const CATALOGUE_SAFE_METHODS: readonly string[] = [
  ...['ping', 'version', 'halt', 'shutdown', 'restart', 'terminate', 'checkpoint', 'stats', 'log', 'msg'],
  ...['login', 'logout', 'whoami', 'users.list', 'users.passwd', 'users.verify', 'replace', 'get', 'suites'],
  ...['tree', 'query', 'check', 'archive', 'restore', 'requeue', 'suspend', 'resume', 'force', 'kill', 'status'],
  ...['freeDep', 'why', 'file', 'editHistory', 'zombies', 'zombies.fob', 'zombies.fail', 'zombies.adopt'],
  ...['zombies.block', 'zombies.remove', 'zombies.kill', 'sync', 'news', 'child.init', 'child.complete'],
  ...['child.abort', 'child.event', 'child.meter', 'child.label', 'child.wait'],
];

/** Catalogue methods that must never be sent twice (`load`, `begin`, `run`, `batch`, …). */
export const CATALOGUE_UNSAFE_METHODS: readonly string[] = [
  ...['restoreFromCheckpoint', 'users.add', 'users.delete', 'load', 'delete', 'order', 'begin', 'run', 'alter'],
  ...['jobGen', 'editScript', 'child.queue', 'batch'],
];

const SAFE: ReadonlySet<string> = new Set(CATALOGUE_SAFE_METHODS);
const UNSAFE: ReadonlySet<string> = new Set(CATALOGUE_UNSAFE_METHODS);

/**
 * The default retry policy: the catalogue's `safeToRetry` flag for its methods; for other methods (an
 * embedder's procedures) only names that read, `get…` or `list…` as a word (`getTree`, not `getaway`).
 *
 * @example
 * ```ts
 * defaultIsSafeToRetry('tree'); // true
 * defaultIsSafeToRetry('run'); // false: running a task twice submits two jobs
 * defaultIsSafeToRetry('listWidgets'); // true (not in the catalogue: judged by its name)
 * ```
 */
export function defaultIsSafeToRetry(method: string): boolean {
  if (SAFE.has(method)) return true;
  if (UNSAFE.has(method)) return false;
  return /^(get|list)(?![a-z])/.test(method);
}
