import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SubmittableNode } from '../model/index.js';
import { jobError } from './job-error.js';
import { locateScript, microOf } from './locate-script.js';
import type { ScriptContext } from './expand-includes.js';
import { preprocessScript } from './preprocess-script.js';
import type { ScriptFiles } from './script-files.js';
import { captureShellCommand } from './shell-command.js';
import { substituteVariables, type VariableLookup } from './substitute-variables.js';

/** What {@link generateJob} produced. */
export type GeneratedJob =
  /** ECF_DUMMY_TASK: no job at all. */
  | { readonly kind: 'dummy' }
  /** The job file was written (absent with ECF_NO_SCRIPT); `command` is the substituted ECF_JOB_CMD. */
  | { readonly kind: 'job'; readonly jobFile: string | undefined; readonly command: string };

/** Inputs of {@link generateJob}. */
export interface GenerateJobContext {
  /** The task (path; its try number and password are already the new ones). */
  readonly task: SubmittableNode;
  /** Variables as the task's job sees them. */
  readonly lookup: VariableLookup;
  /** File access (cached includes). */
  readonly files: ScriptFiles;
  /** Environment of ECF_FETCH / ECF_SCRIPT_CMD. @default inherited */
  readonly env?: NodeJS.ProcessEnv;
  /** A script to use instead of locating one (`editScript submit`). @default located */
  readonly script?: TaskScript;
}

/**
 * Generates a task's job as ecFlow does: ECF_DUMMY_TASK → nothing; ECF_NO_SCRIPT → no file; otherwise locate
 * the script, pre-process it and write ECF_JOB (directories created, mode 0755). Returns the substituted
 * ECF_JOB_CMD. Throws IsobarErrors whose `details.flag` is `no_script` or `edit_failed`.
 */
export async function generateJob(context: GenerateJobContext): Promise<GeneratedJob> {
  const { lookup, task } = context;
  if (lookup('ECF_DUMMY_TASK') !== undefined) return { kind: 'dummy' };
  const command = substituteCommand('ECF_JOB_CMD', lookup);
  if (lookup('ECF_NO_SCRIPT') !== undefined) return { kind: 'job', jobFile: undefined, command };
  const jobFile = lookup('ECF_JOB');
  if (jobFile === undefined || jobFile === '') throw jobError('edit_failed', `no ECF_JOB for ${task.path}`);
  const script = context.script ?? (await readTaskScript(context));
  await writeJobFile(jobFile, preprocessScript(script.text, scriptContext(context, script, jobFile)));
  return { kind: 'job', jobFile, command };
}

/** A task's script as located: its text, where it came from (a file or a command) and how it was found. */
export interface TaskScript {
  readonly text: string;
  readonly path: string;
  readonly origin: string;
}

/** The pre-processing context of a task's script (includes relative to the script or to the job file). */
export function scriptContext(context: GenerateJobContext, script: TaskScript, jobFile: string): ScriptContext {
  const { lookup, files } = context;
  return {
    lookup,
    micro: microOf(lookup),
    scriptPath: script.path,
    relativeTo: script.origin === 'ECF_SCRIPT' ? script.path : jobFile,
    readFile: (file) => files.readFile(file),
    fileExists: (file) => files.fileExists(file),
  };
}

/** A command variable (ECF_JOB_CMD, ECF_KILL_CMD, ECF_STATUS_CMD) with variables substituted. */
export function substituteCommand(name: string, lookup: VariableLookup): string {
  const raw = lookup(name);
  if (raw === undefined || raw === '') throw jobError('edit_failed', `${name} is not defined`);
  const command = substituteVariables(raw, lookup, microOf(lookup));
  if (command === undefined) throw jobError('edit_failed', `${name} variable substitution failed: ${raw}`);
  return command;
}

/**
 * Locates and reads a task's script as ecFlow does (ECF_SCRIPT, ECF_FILES, ECF_HOME with pruning, ECF_FETCH,
 * ECF_SCRIPT_CMD). Throws `no_script` IsobarErrors.
 */
export async function readTaskScript(context: GenerateJobContext): Promise<TaskScript> {
  const { files, task } = context;
  const { lookup } = context;
  const location = locateScript({
    taskPath: task.path,
    // ecFlow looks at the generated ECF_SCRIPT, never a user variable of that name.
    lookup: (name) =>
      name === 'ECF_SCRIPT' ? `${lookup('ECF_HOME') ?? ''}${task.path}${lookup('ECF_EXTN') ?? '.ecf'}` : lookup(name),
    fileExists: (file) => files.fileExists(file),
    isDirectory: (dir) => files.isDirectory(dir),
  });
  if (location.kind === 'file') {
    const text = files.readFile(location.path);
    if (text === undefined) throw jobError('no_script', `could not read script ${location.path}`);
    return { text, path: location.path, origin: location.origin };
  }
  try {
    // ecFlow asks an ECF_FETCH command for the script with `-s <task><extn>`; ECF_SCRIPT_CMD is run as it is.
    const name = task.path.slice(task.path.lastIndexOf('/') + 1);
    const fetchArgs = location.origin === 'ECF_FETCH' ? ` -s ${name}${lookup('ECF_EXTN') ?? '.ecf'}` : '';
    const text = await captureShellCommand(location.command + fetchArgs, context.env);
    return { text, path: location.command, origin: location.origin };
  } catch (error) {
    throw jobError('no_script', `${location.origin} failed: ${location.command}`, { cause: error });
  }
}

// Asynchronous: while the journal fsyncs, creating a file can wait for the file system's own journal, and the
// event loop must keep answering child commands meanwhile.
async function writeJobFile(path: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, { mode: 0o755 });
    // The mode of writeFile applies only to a new file, and through the umask.
    await chmod(path, 0o755);
  } catch (error) {
    throw jobError('edit_failed', `could not write job file ${path}`, { cause: error });
  }
}
