// `isobar-server import-ecflow --home DIR FILE.check`: takes over ecFlow's suites where they are. The ecFlow
// checkpoint (the state dialect of the .def grammar) becomes an Isobar checkpoint in the home, with every node's
// state, try number, job password, event/meter/label/repeat values, suspension and flags, so a site cuts over
// without rerunning or losing anything.
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IsobarError } from '@isobar/protocol';
import { parseDefs, type Defs, type Variable } from '@isobar/protocol/defs';
import {
  CHECKPOINT_BACKUP_FILE,
  CHECKPOINT_FILE,
  DEFAULT_SERVER_VARIABLES,
  JOURNAL_DIR,
  SuiteNode,
  attachNode,
  buildNode,
  copyVariable,
  createEngine,
  flagBitsOf,
  isSubmittable,
  stateName,
  writeCheckpoint,
  type Engine,
} from '@isobar/core';
import { usageError } from './launcher-errors.js';
import { assertHomeFree } from './run-file.js';

/** Options of {@link importEcflowCheckpoint}. */
export interface ImportEcflowOptions {
  /** The Isobar server home to write (absolute). */
  readonly home: string;
  /** The ecFlow checkpoint (`<host>.<port>.ecf.check`). */
  readonly file: string;
  /** Replace the state the home holds; the old files are moved to `<home>/pre-import-<time>/`. @default false */
  readonly force?: boolean;
}

/** What was imported. */
export interface ImportEcflowResult {
  /** The Isobar checkpoint written. */
  readonly checkpoint: string;
  /** ecFlow's release from the file's first line (`#5.9.2`), if there. */
  readonly ecflowVersion: string | undefined;
  readonly suites: readonly string[];
  readonly nodes: number;
  readonly tasks: number;
  /** Nodes per state. */
  readonly states: Readonly<Record<string, number>>;
  /** The server state saved by ecFlow, which the Isobar server resumes. */
  readonly serverState: string;
  /** ecFlow server variables kept as server-level variables (their values differ from Isobar's). */
  readonly keptVariables: readonly Variable[];
  /** Where the home's previous state went (`force`). */
  readonly movedAside: string | undefined;
}

/**
 * ecFlow server variables that jobs depend on: kept (as variables of `/`) when ecFlow's value differs from
 * Isobar's, so scripts are still found (ECF_HOME) and submitted (ECF_JOB_CMD) as before. The others describe the
 * ecFlow process (ECF_PID, ECF_PORT, ECF_LOG, ECF_CHECK…) and are dropped: Isobar sets its own.
 */
const JOB_SERVER_VARIABLES = ['ECF_HOME', 'ECF_TRIES', 'ECF_MICRO', 'ECF_EXTN', 'ECF_JOB_CMD', 'ECF_KILL_CMD'];
const STATE_FILES = [CHECKPOINT_FILE, CHECKPOINT_BACKUP_FILE, JOURNAL_DIR];

async function readEcflowCheckpoint(file: string): Promise<{ defs: Defs; version: string | undefined }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw usageError(`${file}: ${code === 'ENOENT' ? 'no such file' : 'cannot read it'}`, { path: file });
  }
  if (text.startsWith('#isobar-checkpoint')) {
    throw usageError(`${file}: this is an Isobar checkpoint already; copy it into the home instead`, { path: file });
  }
  const defs = parseDefs(text, { file });
  if (defs.state === undefined) {
    throw usageError(`${file}: not an ecFlow checkpoint (no "defs_state" line); load a .def file with "isobar load"`);
  }
  const version = /^#(\d+\.\d+\.\d+)/.exec(text)?.[1];
  return { defs, version };
}

/** The job-related ecFlow server variables whose values differ from Isobar's defaults (and the new home). */
function keptServerVariables(defs: Defs, home: string): Variable[] {
  const own = new Set((defs.variables ?? []).map((v) => v.name));
  return (defs.serverVariables ?? []).filter((variable) => {
    if (!JOB_SERVER_VARIABLES.includes(variable.name) || own.has(variable.name)) return false;
    const isobarValue = variable.name === 'ECF_HOME' ? home : DEFAULT_SERVER_VARIABLES[variable.name];
    return variable.value !== isobarValue;
  });
}

/** An engine holding the checkpoint's suites with their run-time state (as recovery installs a checkpoint). */
function buildEngine(defs: Defs, home: string, kept: readonly Variable[]): Engine {
  const engine = createEngine({ serverVariables: { ECF_HOME: home } });
  const { root } = engine.tree;
  root.variables = [...(defs.variables ?? []), ...kept].map(copyVariable);
  root.externs = defs.externs === undefined ? undefined : [...defs.externs];
  root.flags = flagBitsOf(defs.state?.flags);
  if (defs.state?.serverState !== undefined) root.serverState = defs.state.serverState;
  const now = Date.now() / 1000;
  for (const suite of defs.suites) attachNode(engine.tree, buildNode(suite, root, { now }), root.children.length);
  return engine;
}

async function holdsState(home: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(home);
  } catch {
    return [];
  }
  const present = STATE_FILES.filter((name) => names.includes(name));
  if (!present.includes(JOURNAL_DIR)) return present;
  const journal = await readdir(join(home, JOURNAL_DIR));
  return journal.length === 0 ? present.filter((name) => name !== JOURNAL_DIR) : present;
}

/** Moves the home's checkpoints and journal into `pre-import-<time>/`; returns that directory. */
async function moveAside(home: string, present: readonly string[]): Promise<string> {
  const aside = join(home, `pre-import-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(aside);
  for (const name of present) await rename(join(home, name), join(aside, name));
  return aside;
}

function census(engine: Engine): Pick<ImportEcflowResult, 'suites' | 'nodes' | 'tasks' | 'states'> {
  const states: Record<string, number> = {};
  let tasks = 0;
  for (const node of engine.tree.index.values()) {
    const state = stateName(node.state);
    states[state] = (states[state] ?? 0) + 1;
    if (isSubmittable(node)) tasks++;
  }
  const suites = engine.tree.root.children.filter((node) => node instanceof SuiteNode).map((node) => node.name);
  return { suites, nodes: engine.tree.index.size, tasks, states };
}

/**
 * Imports an ecFlow checkpoint into an Isobar home: parses it (state dialect), builds the suites with their
 * run-time state, and writes `<home>/checkpoint`, which the server recovers from at its next start. Refuses a
 * home a server runs on (CONFLICT), and a home that holds state unless `force` (ALREADY_EXISTS); a file that
 * is missing or not an ecFlow checkpoint is INVALID_ARGUMENT, one that does not parse DEFS_PARSE_ERROR.
 *
 * @example
 * ```ts
 * const result = await importEcflowCheckpoint({ home: '/srv/isobar', file: '/srv/ecflow/vm.3141.ecf.check' });
 * console.log(formatImportSummary(result));
 * ```
 */
export async function importEcflowCheckpoint(options: ImportEcflowOptions): Promise<ImportEcflowResult> {
  const home = resolve(options.home);
  const { defs, version } = await readEcflowCheckpoint(options.file);
  await assertHomeFree(home);
  const present = await holdsState(home);
  if (present.length > 0 && options.force !== true) {
    throw new IsobarError('ALREADY_EXISTS', {
      message: `${home} already holds server state (${present.join(', ')}); use --force to replace it`,
      details: { home, files: present },
    });
  }
  const kept = keptServerVariables(defs, home);
  const engine = buildEngine(defs, home, kept);
  await mkdir(home, { recursive: true });
  const movedAside = present.length > 0 ? await moveAside(home, present) : undefined;
  const written = await writeCheckpoint(engine, home);
  return {
    checkpoint: written.file,
    ecflowVersion: version,
    ...census(engine),
    serverState: engine.serverState,
    keptVariables: kept,
    movedAside,
  };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The lines `import-ecflow` prints: what was imported and how to start the server on it. */
export function formatImportSummary(result: ImportEcflowResult, home: string): string {
  const states = Object.entries(result.states)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, count]) => `${state} ${count}`)
    .join(', ');
  const lines = [
    `Imported ${result.ecflowVersion === undefined ? 'an ecFlow' : `an ecFlow ${result.ecflowVersion}`} checkpoint into ${home}`,
    `  suites      ${plural(result.suites.length, 'suite')}: ${result.suites.join(', ')}`,
    `  nodes       ${result.nodes} (${plural(result.tasks, 'task')})`,
    `  states      ${states === '' ? 'none' : states}`,
    `  server      ${result.serverState} (as ecFlow saved it; the server resumes it)`,
    ...result.keptVariables.map((v) => `  variable    ${v.name}=${v.value} (ecFlow's server value, kept on /)`),
    `  checkpoint  ${result.checkpoint}`,
    ...(result.movedAside === undefined ? [] : [`  previous    state moved to ${result.movedAside}`]),
    '',
    `Stop the ecFlow server first, then start Isobar on this home:  isobar-server --home ${home}`,
  ];
  if (result.serverState === 'HALTED') lines.push('It starts HALTED: resume scheduling with  isobar restart');
  return `${lines.join('\n')}\n`;
}
