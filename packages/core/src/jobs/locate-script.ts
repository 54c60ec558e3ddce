import { jobError } from './job-error.js';
import { substituteVariables, type VariableLookup } from './substitute-variables.js';

/** Where a task's script comes from. */
export type ScriptLocation =
  | { readonly kind: 'file'; readonly path: string; readonly origin: 'ECF_SCRIPT' | 'ECF_FILES' | 'ECF_HOME' }
  | { readonly kind: 'command'; readonly command: string; readonly origin: 'ECF_FETCH' | 'ECF_SCRIPT_CMD' };

/** What {@link locateScript} needs: variables of the task and two file-system questions. */
export interface LocateContext {
  /** Path of the task, e.g. `/s/f/t`. */
  readonly taskPath: string;
  /** Variables as the task sees them. */
  readonly lookup: VariableLookup;
  /** Whether a file exists. */
  readonly fileExists: (path: string) => boolean;
  /** Whether a directory exists. */
  readonly isDirectory: (path: string) => boolean;
}

/**
 * The candidate script paths under `root` in ecFlow's search order: dropping leading path components
 * (`/s/f/t.ecf`, `/f/t.ecf`, `/t.ecf`), or with `pruneLeaf` dropping the ones before the leaf
 * (`/s/f/t.ecf`, `/s/t.ecf`, `/t.ecf`).
 *
 * @example
 * scriptCandidates('/home', '/s/f/t', { extension: '.ecf' }); // ['/home/s/f/t.ecf', '/home/f/t.ecf', '/home/t.ecf']
 */
export function scriptCandidates(
  root: string,
  taskPath: string,
  options: { readonly extension: string; readonly pruneLeaf?: boolean },
): string[] {
  const tokens = taskPath.split('/').filter((t) => t !== '');
  const leaf = tokens.pop() ?? '';
  const candidates: string[] = [];
  for (let i = 0; i <= tokens.length; i++) {
    const dirs = options.pruneLeaf === true ? tokens.slice(0, tokens.length - i) : tokens.slice(i);
    candidates.push(`${root}/${[...dirs, leaf].join('/')}${options.extension}`);
  }
  return candidates;
}

/**
 * Finds a task's script as ecFlow does: ECF_SCRIPT if that file exists; else the ECF_FETCH command (its stdout
 * is the script); else ECF_SCRIPT_CMD; else a search under ECF_FILES, then ECF_HOME (see
 * {@link scriptCandidates}; `ECF_FILES_LOOKUP=PRUNE_LEAF` switches the order; extension ECF_EXTN).
 * Throws an IsobarError with `details.flag = 'no_script'` listing what was tried.
 */
export function locateScript(context: LocateContext): ScriptLocation {
  const { lookup } = context;
  const tried: string[] = [];
  const script = lookup('ECF_SCRIPT');
  if (script !== undefined && context.fileExists(script)) return { kind: 'file', path: script, origin: 'ECF_SCRIPT' };
  tried.push(`ECF_SCRIPT(${script ?? ''}) does not exist`);
  for (const origin of ['ECF_FETCH', 'ECF_SCRIPT_CMD'] as const) {
    const command = lookup(origin);
    if (command === undefined || command === '') continue;
    const expanded = substituteVariables(command, lookup, microOf(lookup));
    if (expanded === undefined) throw jobError('no_script', `${origin}(${command}): variable substitution failed`);
    return { kind: 'command', command: expanded, origin };
  }
  const lookupMode = lookup('ECF_FILES_LOOKUP');
  const pruneLeaf = lookupMode === 'PRUNE_LEAF' || lookupMode === 'prune_leaf';
  const extension = lookup('ECF_EXTN') ?? '.ecf';
  for (const origin of ['ECF_FILES', 'ECF_HOME'] as const) {
    const root = searchRoot(origin, context);
    if (root === undefined) continue;
    const found = scriptCandidates(root, context.taskPath, { extension, pruneLeaf }).find(context.fileExists);
    if (found !== undefined) return { kind: 'file', path: found, origin };
    tried.push(`search of ${origin}(${root}) failed`);
  }
  throw jobError('no_script', `no script for ${context.taskPath}: ${tried.join('; ')}`);
}

function searchRoot(name: 'ECF_FILES' | 'ECF_HOME', context: LocateContext): string | undefined {
  const value = context.lookup(name);
  if (value === undefined || value === '') return undefined;
  if (context.isDirectory(value)) return value;
  // ecFlow retries with variables substituted (ECFLOW-788).
  const expanded = substituteVariables(value, context.lookup, microOf(context.lookup));
  return expanded !== undefined && expanded !== '' && context.isDirectory(expanded) ? expanded : undefined;
}

/** ECF_MICRO when it is one character, else `%` (ecFlow's `Node::variableSubstitution`). */
export function microOf(lookup: VariableLookup): string {
  const micro = lookup('ECF_MICRO');
  return micro !== undefined && micro.length === 1 ? micro : '%';
}
