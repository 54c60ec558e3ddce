import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { IsobarError } from '@isobar/protocol';
import { createDefs, createNode, parseDefs, writeDefs, type DefsNode } from '@isobar/protocol/defs';
import {
  ContainerNode,
  findVariable,
  flagBit,
  parentNode,
  setNodeState,
  SuiteNode,
  stateName,
  suiteOf,
  toDefsNode,
  walk,
  type RuntimeNode,
} from '../../model/index.js';
import { invalidArgument, notFound, wrongState } from '../errors.js';
import { requireNode, runningTasks, type OpContext } from '../op-context.js';
import { addSubtree, removeSubtree } from './load.js';

const ARCHIVED = flagBit('archived');
const RESTORED = flagBit('restored');
const MESSAGE = flagBit('message');

/** ecFlow's default port, used in archive file names when the server variable ECF_PORT is not set. */
const DEFAULT_PORT = '3141';

/** Where archive files go and how they are named. */
export interface ArchiveFileOptions {
  /** Host name in the file name (ecFlow uses the server's host name). @default os.hostname() */
  readonly host?: string;
}

/** Options of {@link archiveNodes}. */
export interface ArchiveOptions extends ArchiveFileOptions {
  /** Archive even with active/submitted tasks below (they become zombies). @default false */
  readonly force?: boolean;
  /** Set the `message` flag, as a user's `archive` does (autoarchive does not). @default true */
  readonly message?: boolean;
}

/**
 * The archive file of a suite or family, named as ecFlow names it: `ECF_HOME/<host>.<port>.<path with / → :>.check`
 * (ECF_HOME as the node sees it, ECF_PORT of the server, else 3141).
 *
 * @throws IsobarError `INVALID_ARGUMENT` when ECF_HOME is not set for the node.
 * @example
 * ```ts
 * archiveFilePath(node, { host: 'vm' }); // '/home/ecf/vm.3141.:s:f.check'
 * ```
 */
export function archiveFilePath(node: RuntimeNode, options: ArchiveFileOptions = {}): string {
  const home = findVariable(node, 'ECF_HOME')?.value ?? '';
  if (home === '') {
    throw invalidArgument(`ECF_HOME is not set for ${node.path}: archive files are written there`, {
      path: node.path,
    });
  }
  const port = findVariable(node, 'ECF_PORT')?.value ?? '';
  const name = `${options.host ?? hostname()}.${port === '' ? DEFAULT_PORT : port}.${node.path.replaceAll('/', ':')}.check`;
  return join(home, name);
}

/** The archive text: the subtree with its state, under bare copies of its ancestors (as ecFlow writes it). */
function archiveText(node: RuntimeNode): string {
  let top: DefsNode = toDefsNode(node, { state: true });
  for (let parent = parentNode(node); parent !== undefined; parent = parentNode(parent)) {
    const shell = createNode(parent.kind, parent.name);
    shell.children = [top];
    top = shell;
  }
  const defs = createDefs();
  defs.suites = [top];
  return writeDefs(defs, { state: true });
}

/** Writes a file atomically and durably (temp file, fsync, rename): a crash leaves the old file or the new one. */
function writeDurably(file: string, text: string): void {
  const temp = `${file}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (cause) {
    rmSync(temp, { force: true });
    const reason = `cannot write archive ${file}: ${cause instanceof Error ? cause.message : String(cause)}`;
    throw new IsobarError('STORAGE_FAILED', { details: { reason, file }, cause });
  }
}

/** The containers of `paths` to archive: tasks are skipped and so is a node whose ancestor is archived too. */
function containersOf(ctx: OpContext, paths: readonly string[]): ContainerNode[] {
  const wanted = new Set(paths);
  const containers: ContainerNode[] = [];
  for (const path of paths) {
    const node = requireNode(ctx, path);
    if (!(node instanceof ContainerNode)) continue;
    let covered = false;
    for (let parent = parentNode(node); parent !== undefined && !covered; parent = parentNode(parent)) {
      covered = wanted.has(parent.path);
    }
    if (!covered && !containers.includes(node)) containers.push(node);
  }
  return containers;
}

/**
 * Archives one suite or family: writes the subtree to its archive file, drops the children (`node.deleted`
 * records) and flags the node `archived`; the node keeps its state. A container without children is left alone.
 */
export function archiveContainer(ctx: OpContext, node: ContainerNode, options: ArchiveOptions = {}): void {
  if (node.children.length === 0) return;
  const file = archiveFilePath(node, options);
  const flags = node.flags;
  if (options.message ?? true) node.flags |= MESSAGE;
  try {
    writeDurably(file, archiveText(node));
  } catch (error) {
    node.flags = flags;
    throw error;
  }
  const state = node.state;
  for (const child of [...node.children]) removeSubtree(ctx, child);
  node.flags = (node.flags | ARCHIVED) & ~RESTORED;
  ctx.batch.nodeChanged(node);
  // Without children the container would derive `unknown`; ecFlow keeps the state it had.
  setNodeState(ctx.tree, node, state);
}

/**
 * ecFlow's `archive [force] path…`: every suite/family named (tasks are ignored, as are nodes whose ancestor is
 * also named) is archived. Without `force`, a subtree with active or submitted tasks is refused; everything is
 * checked before anything is archived.
 */
export function archiveNodes(ctx: OpContext, paths: readonly string[], options: ArchiveOptions = {}): void {
  const containers = containersOf(ctx, paths);
  if (!(options.force ?? false)) {
    for (const node of containers) {
      const running = runningTasks(node);
      if (running.length > 0) {
        const reason = `${running.length} tasks are active or submitted; use force`;
        throw wrongState(node.path, stateName(node.state), reason);
      }
    }
  }
  for (const node of containers) archiveContainer(ctx, node, options);
}

function readArchive(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(file, 'no such archive file');
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IsobarError('STORAGE_FAILED', { details: { reason: `cannot read ${file}: ${reason}`, file }, cause });
  }
}

/** The definition of the node at `path` inside an archive file. */
function archivedDefinition(file: string, path: string): DefsNode {
  let suites: readonly DefsNode[];
  try {
    suites = parseDefs(readArchive(file), { file }).suites;
  } catch (cause) {
    if (cause instanceof IsobarError && cause.code !== 'DEFS_PARSE_ERROR') throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new IsobarError('CORRUPT_FILE', { details: { file, reason }, cause });
  }
  let found: DefsNode | undefined;
  let list: readonly DefsNode[] | undefined = suites;
  for (const name of path.split('/').slice(1)) {
    found = list?.find((n) => n.name === name);
    list = found?.children;
  }
  if (found === undefined || (found.kind !== 'suite' && found.kind !== 'family')) {
    throw new IsobarError('CORRUPT_FILE', { details: { file, reason: `it holds no suite or family ${path}` } });
  }
  return found;
}

/**
 * Restores one archived suite or family from its archive file: the children come back with the states they
 * had (`node.added` records carry them), the node loses `archived` and gains `restored` (which holds off
 * autoarchive until the next begin/requeue). Returns the archive file, which the caller deletes once the change
 * is made (ecFlow deletes it too).
 *
 * @throws IsobarError `WRONG_STATE` when the node is not archived or has children; `NOT_FOUND` without file.
 */
export function restoreContainer(ctx: OpContext, node: ContainerNode, options: ArchiveFileOptions = {}): string {
  const state = stateName(node.state);
  if ((node.flags & ARCHIVED) === 0) throw wrongState(node.path, state, 'it is not archived');
  if (node.children.length > 0) throw wrongState(node.path, state, 'it has children already');
  const file = archiveFilePath(node, options);
  const def = archivedDefinition(file, node.path);
  (def.children ?? []).forEach((child, position) => addSubtree(ctx, child, { holder: node, position }));
  node.flags = (node.flags & ~ARCHIVED) | RESTORED;
  ctx.batch.nodeChanged(node);
  return file;
}

/** ecFlow's `restore path…`: restores each archived suite/family named (tasks are ignored); returns the files. */
export function restoreNodes(ctx: OpContext, paths: readonly string[], options: ArchiveFileOptions = {}): string[] {
  const files: string[] = [];
  for (const path of paths) {
    const node = requireNode(ctx, path);
    if (node instanceof ContainerNode) files.push(restoreContainer(ctx, node, options));
  }
  return files;
}

/** What a `begin` or `requeue` is about to reset (only what it will really reset, so a refused one restores nothing). */
export type ResetRequest =
  | { readonly kind: 'begin'; readonly suite: string | undefined; readonly force: boolean }
  | { readonly kind: 'requeue'; readonly paths: readonly string[]; readonly mode: 'abort' | 'force' | undefined };

/** The nodes a begin/requeue will reset. */
function resetTargets(ctx: OpContext, request: ResetRequest): RuntimeNode[] {
  if (request.kind === 'begin') {
    const { suite, force } = request;
    const all = suite === undefined || suite === '' || suite === '/';
    const suites = all ? ctx.tree.root.children : [ctx.tree.index.get(suite.startsWith('/') ? suite : `/${suite}`)];
    return suites.filter((s): s is SuiteNode => s instanceof SuiteNode && (force || !s.begun));
  }
  if (request.mode === 'abort') return [];
  const nodes = request.paths.map((path) => ctx.tree.index.get(path));
  return nodes.filter(
    (n): n is RuntimeNode =>
      n !== undefined && suiteOf(n).begun && (request.mode === 'force' || runningTasks(n).length === 0),
  );
}

/**
 * Begin/requeue first restore the archived containers at or below the nodes they reset whose archive file exists
 * (ecFlow `restore_on_begin_or_requeue`); a container whose file is gone stays archived. Returns the files.
 */
export function restoreBeforeReset(ctx: OpContext, request: ResetRequest, options: ArchiveFileOptions = {}): string[] {
  const archived: ContainerNode[] = [];
  for (const target of resetTargets(ctx, request)) {
    walk(target, (each) => {
      if (each instanceof ContainerNode && (each.flags & ARCHIVED) !== 0 && each.children.length === 0) {
        archived.push(each);
      }
    });
  }
  const files: string[] = [];
  for (const container of archived) {
    try {
      files.push(restoreContainer(ctx, container, options));
    } catch (error) {
      // ecFlow logs and goes on: the begin/requeue itself must not fail for a missing or unreadable archive.
      if (!(error instanceof IsobarError)) throw error;
    }
  }
  return files;
}

/** Deletes archive files of restored nodes (their subtrees now live in the tree and the journal). */
export function removeArchiveFiles(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}
