import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { IsobarError } from '@isobar/protocol';
import type { Engine } from '../engine/index.js';
import { isSubmittable, type RuntimeNode } from '../model/index.js';
import { readTaskScript } from './generate-job.js';
import { taskLookup } from './job-runner.js';
import { extractManual } from './preprocess-script.js';
import { createScriptFiles } from './script-files.js';
import { scriptContext } from './generate-job.js';

/** The files `file` shows (ecFlow's `--file` kinds). */
export type NodeFileKind = 'script' | 'job' | 'jobout' | 'manual' | 'kill' | 'stat';

/** A node file read for `file`. */
export interface NodeFileText {
  /** The file on the server (or the command for ECF_FETCH / ECF_SCRIPT_CMD scripts). */
  readonly file: string;
  readonly text: string;
  /** Whether lines or bytes beyond the caps were left out (the start is cut: the end of a job output matters). */
  readonly truncated: boolean;
}

/** Where `file` may read, and how much. */
export interface NodeFileLimits {
  /** Directories files must be inside (the server home, configured output roots), after resolving links. */
  readonly roots: readonly string[];
  /** Lines returned at most (the last ones). */
  readonly maxLines: number;
  /** Bytes read at most (the last ones). @default 8 MiB */
  readonly maxBytes?: number;
  /** Environment of ECF_FETCH / ECF_SCRIPT_CMD. */
  readonly env?: NodeJS.ProcessEnv;
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Reads one of a node's files: the located script, the job file of the current try, its output, the manual, or the
 * ECF_KILL_CMD / ECF_STATUS_CMD output (`<ECF_JOB>.kill`, `<ECF_JOB>.stat`). A file outside every root is
 * refused with FORBIDDEN, even through a symbolic link.
 */
export async function readNodeFile(
  engine: Engine,
  node: RuntimeNode,
  request: { readonly kind: NodeFileKind; readonly limits: NodeFileLimits },
): Promise<NodeFileText> {
  const { kind, limits } = request;
  if (kind === 'script' || kind === 'manual') return readScriptFile(engine, node, { kind, limits });
  const variable = kind === 'jobout' ? 'ECF_JOBOUT' : 'ECF_JOB';
  const base = engine.variable(node.path, variable)?.value;
  if (base === undefined || base === '') throw notFound(node.path, `${variable} is not defined`);
  const file = kind === 'kill' ? `${base}.kill` : kind === 'stat' ? `${base}.stat` : base;
  return readConfined(file, limits);
}

async function readScriptFile(
  engine: Engine,
  node: RuntimeNode,
  request: { readonly kind: 'script' | 'manual'; readonly limits: NodeFileLimits },
): Promise<NodeFileText> {
  const { kind, limits } = request;
  if (!isSubmittable(node)) {
    // ecFlow keeps the manual of a family or suite in `<name>.man` beside the scripts.
    if (kind === 'script')
      throw new IsobarError('INVALID_ARGUMENT', { details: { reason: 'only tasks have scripts' } });
    const home = engine.variable(node.path, 'ECF_FILES')?.value ?? engine.variable(node.path, 'ECF_HOME')?.value;
    return readConfined(`${home ?? ''}${node.path}.man`, limits);
  }
  const context = { task: node, lookup: taskLookup(engine, node), files: createScriptFiles(), env: limits.env };
  const script = await readTaskScript(context);
  if (script.origin === 'ECF_FETCH' || script.origin === 'ECF_SCRIPT_CMD') {
    if (kind === 'script') return capText(script.path, script.text, limits);
  } else {
    await confine(script.path, limits.roots);
  }
  if (kind === 'script') return readConfined(script.path, limits);
  const jobFile = context.lookup('ECF_JOB') ?? script.path;
  return capText(script.path, extractManual(script.text, scriptContext(context, script, jobFile)), limits);
}

/** Refuses a file outside every root, by its name and again with links resolved (a link cannot lead out). */
export async function confine(file: string, roots: readonly string[]): Promise<string> {
  if (!isAbsolute(file)) throw forbidden(file, 'not an absolute path');
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => resolve(root))));
  if (!isInside(resolve(file), [...roots.map((root) => resolve(root)), ...realRoots])) throw outside(file);
  const real = await realpath(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new IsobarError('NOT_FOUND', { details: { path: file } });
    throw new IsobarError('INVALID_ARGUMENT', { details: { reason: `${file}: ${error.message}` } });
  });
  if (!isInside(real, realRoots)) throw outside(file);
  return real;
}

function isInside(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const inside = relative(root, file);
    return inside === '' || (inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside));
  });
}

function outside(file: string): IsobarError {
  return forbidden(file, 'outside the server home and the configured output roots');
}

async function readConfined(file: string, limits: NodeFileLimits): Promise<NodeFileText> {
  const real = await confine(file, limits.roots);
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const handle = await open(real, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    const capped = capText(file, text, limits);
    return { ...capped, truncated: capped.truncated || size > maxBytes };
  } finally {
    await handle.close();
  }
}

function capText(file: string, text: string, limits: NodeFileLimits): NodeFileText {
  const lines = text.split('\n');
  const ending = lines.at(-1) === '' ? 1 : 0;
  if (lines.length - ending <= limits.maxLines) return { file, text, truncated: false };
  return { file, text: lines.slice(-(limits.maxLines + ending)).join('\n'), truncated: true };
}

function forbidden(file: string, reason: string): IsobarError {
  return new IsobarError('FORBIDDEN', { details: { reason: `${file}: ${reason}` } });
}

function notFound(path: string, reason: string): IsobarError {
  return new IsobarError('NOT_FOUND', { details: { path, reason } });
}
