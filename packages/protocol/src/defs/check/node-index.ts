import type { Defs } from '../model/defs.js';
import type { DefsNode } from '../model/node.js';

/** Parent links and absolute paths of every node of a definition, built once per `check`. */
export interface NodeIndex {
  /** The definition. */
  readonly defs: Defs;
  /** Parent of each node (suites map to undefined). */
  readonly parents: ReadonlyMap<DefsNode, DefsNode | undefined>;
  /** Absolute path of each node, e.g. `/s/f/t`. */
  readonly paths: ReadonlyMap<DefsNode, string>;
  /** Nodes by absolute path. */
  readonly byPath: ReadonlyMap<string, DefsNode>;
  /** The `extern` lines, as written (`/path` or `/path:name`). */
  readonly externs: ReadonlySet<string>;
}

/** Outcome of resolving a node path from the node holding the reference. */
export type ResolvedPath =
  | { readonly kind: 'found'; readonly node: DefsNode }
  | { readonly kind: 'extern' }
  | { readonly kind: 'missing'; readonly message: string };

/** Builds the index with an explicit stack, so 100,000 nested families cannot overflow the call stack. */
export function createNodeIndex(defs: Defs): NodeIndex {
  const parents = new Map<DefsNode, DefsNode | undefined>();
  const paths = new Map<DefsNode, string>();
  const byPath = new Map<string, DefsNode>();
  const pending: [DefsNode, DefsNode | undefined, string][] = defs.suites.map((suite) => [suite, undefined, '']);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [node, parent, parentPath] = next;
    const path = `${parentPath}/${node.name}`;
    parents.set(node, parent);
    paths.set(node, path);
    if (!byPath.has(path)) byPath.set(path, node);
    for (const child of node.children ?? []) pending.push([child, node, path]);
    for (const alias of node.aliases ?? []) pending.push([alias, node, path]);
  }
  return { defs, parents, paths, byPath, externs: new Set(defs.externs ?? []) };
}

/** Path segments with empty ones dropped (`/a//b` is `/a/b`, as in ecFlow). */
function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

/** True when `extern path` or `extern path:name` declares the reference. */
export function isExtern(index: NodeIndex, path: string, name = ''): boolean {
  return index.externs.has(name === '' ? path : `${path}:${name}`);
}

function childNamed(node: DefsNode, name: string): DefsNode | undefined {
  return node.children?.find((child) => child.name === name);
}

function descend(from: DefsNode | undefined, segments: readonly string[]): DefsNode | undefined {
  let node = from;
  for (const segment of segments) node = node === undefined ? undefined : childNamed(node, segment);
  return node;
}

/** A path to resolve and the attribute (or flag) name an `extern path:name` line may pair it with. */
export interface PathTarget {
  readonly path: string;
  readonly externName?: string;
}

/**
 * Resolves `target.path` as ecFlow's `Node::findReferencedNode` does: absolute paths from the root; a bare name is the
 * holder itself or a sibling; `a/b` and `./a/b` go down from the holder's parent (then from the holder); each
 * `..` climbs one level above the holder's parent.
 */
export function resolveNodePath(index: NodeIndex, holder: DefsNode, target: PathTarget): ResolvedPath {
  const found = findNode(index, holder, target);
  if (found === 'extern') return { kind: 'extern' };
  if (found !== undefined) return { kind: 'found', node: found };
  return { kind: 'missing', message: `could not find node '${target.path}' from ${index.paths.get(holder) ?? '?'}` };
}

function findNode(index: NodeIndex, holder: DefsNode, target: PathTarget): DefsNode | 'extern' | undefined {
  const { path, externName = '' } = target;
  const segments = splitPath(path);
  if (path.startsWith('/')) {
    const node = index.byPath.get(`/${segments.join('/')}`);
    return node ?? (isExtern(index, path, externName) ? 'extern' : undefined);
  }
  if (segments.length === 0) return undefined;
  const parent = index.parents.get(holder);
  if (segments[0] !== '.' && segments[0] !== '..') {
    if (segments.length === 1) {
      if (segments[0] === holder.name) return holder;
      const sibling = parent === undefined ? undefined : childNamed(parent, segments[0] as string);
      return sibling ?? (isExtern(index, path, externName) ? 'extern' : undefined);
    }
    if (isExtern(index, path, externName)) return 'extern';
    return findBelow(holder, parent, segments);
  }
  if (segments[0] === '.') return findBelow(holder, parent, segments.slice(1));
  return findAbove(index, parent, segments);
}

/** `./a/b` (or `a/b`): from the holder's parent, then from the holder itself. */
function findBelow(holder: DefsNode, parent: DefsNode | undefined, segments: readonly string[]): DefsNode | undefined {
  if (segments.length === 1 && segments[0] === holder.name) return holder;
  if (parent === undefined) return undefined;
  return descend(parent, segments) ?? (segments.length > 1 ? descend(holder, segments) : undefined);
}

/** `../../a/b`: every `..` climbs one level above the holder's parent; above the suites, search from the root. */
function findAbove(index: NodeIndex, start: DefsNode | undefined, segments: readonly string[]): DefsNode | undefined {
  let node = start;
  let i = 0;
  while (i < segments.length && node !== undefined && segments[i] === '..') {
    node = index.parents.get(node);
    i++;
  }
  const rest = segments.slice(i);
  if (node !== undefined) return rest.length === 0 ? undefined : descend(node, rest);
  return index.byPath.get(`/${rest.join('/')}`);
}
