import type { Variable } from './attributes.js';
import type { DefsNode } from './node.js';
import type { DefsRuntimeState } from './states.js';

/**
 * One `history` line of a checkpoint: the requests that edited a node.
 *
 * @example `history /s \bMSG:[12:00:00 1.1.2020] --alter change variable X 1 /s :user`
 */
export interface HistoryEntry {
  /** Node path. */
  path: string;
  /** Requests, in order (ecFlow separates them with `\b`; newlines are written as `\n`). */
  requests: readonly string[];
}

/**
 * A whole definition: what a `.def` file or a checkpoint holds.
 */
export interface Defs {
  /** Server user variables (`edit` at definition level). */
  variables: Variable[] | undefined;
  /** Server variables of a checkpoint (`edit NAME 'v' # server`), state dialect only. */
  serverVariables: Variable[] | undefined;
  /** `extern` paths (`/path` or `/path:name`). */
  externs: string[] | undefined;
  /** Suites, in order. */
  suites: DefsNode[];
  /** `defs_state` header (state dialect). */
  state: DefsRuntimeState | undefined;
  /** `history` lines (state dialect). */
  history: HistoryEntry[] | undefined;
}

/**
 * Creates an empty definition.
 *
 * @example
 * ```ts
 * const defs = createDefs();
 * defs.suites.push(createNode('suite', 's'));
 * ```
 */
export function createDefs(): Defs {
  return {
    variables: undefined,
    serverVariables: undefined,
    externs: undefined,
    suites: [],
    state: undefined,
    history: undefined,
  };
}
