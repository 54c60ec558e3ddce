import { EXPR_ATTRIBUTE_PRIORITY, type ExprAttributeKind, type ExprRepeatKind } from './expr-environment.js';

/** What {@link ReferenceResolver.attribute} reports about an attribute that exists. */
export interface ResolvedAttribute {
  /** The attribute's own name (an event referenced by number reports its name here, if it has one). */
  readonly name: string;
  /** For repeats: the repeat's kind, which decides whether `+`/`-` use date arithmetic. */
  readonly repeatKind?: ExprRepeatKind;
}

/**
 * Navigation primitives over the run-time tree, used once per expression at compile time. The path rules of
 * ecFlow (`./x` is a sibling, `../x` a sibling of the parent, bare `x` a sibling or the holder itself, …) are
 * implemented here in the expr module on top of these primitives, so every tree resolves paths the same way.
 *
 * @typeParam Ref - The implementation's node handle; {@link ExpressionEnvironment} receives the same handles.
 */
export interface ReferenceResolver<Ref> {
  /**
   * The node at an absolute, normalised path (`/s/f/t`), or the root (the server/defs, whose flags
   * `/<flag>late` reads) for `/`; undefined when there is none.
   */
  findNode(absolutePath: string): Ref | undefined;
  /** The parent node; undefined for a suite (ecFlow: relative paths never climb from a suite to the root). */
  parent(ref: Ref): Ref | undefined;
  /** The immediate child with this name; undefined for tasks/aliases or when there is none. */
  child(ref: Ref, name: string): Ref | undefined;
  /** The node's name. */
  name(ref: Ref): string;
  /** The node's absolute path (`/` for the root). */
  path(ref: Ref): string;
  /**
   * The attribute of one kind with this name on the node itself (not inherited), or undefined. For `event`,
   * `name` may be the event's number. For `generated`, the node's generated variables (ECF_TRYNO, TASK, the
   * repeat's YMD_YYYY, …). The priority between kinds is applied by the caller.
   */
  attribute(ref: Ref, kind: ExprAttributeKind, name: string): ResolvedAttribute | undefined;
}

/** Outcome of resolving a node path: a node, an extern (evaluates as absent), or a failure with ecFlow's reason. */
export type NodeResolution<Ref> =
  | { readonly status: 'found'; readonly ref: Ref }
  | { readonly status: 'extern' }
  | { readonly status: 'missing'; readonly reason: string };

/** Splits a path into its names, dropping empty segments (ecFlow reads `/mc//main` as `/mc/main`). */
export function splitExprPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

// A load resolves one reference per task, and generated suites write the same few paths (`t0`, `../f1/t2`) in
// every family: their split names are shared (read-only) instead of split again per reference. Bounded: a
// clear only costs splitting again.
const NAMES_CACHE_LIMIT = 10_000;
const namesCache = new Map<string, readonly string[]>();

function namesOf(path: string): readonly string[] {
  let names = namesCache.get(path);
  if (names !== undefined) return names;
  if (namesCache.size >= NAMES_CACHE_LIMIT) namesCache.clear();
  names = Object.freeze(splitExprPath(path));
  namesCache.set(path, names);
  return names;
}

/** Walks `names` down from `start` through immediate children. */
function descend<Ref>(resolver: ReferenceResolver<Ref>, start: Ref, names: readonly string[]): Ref | undefined {
  let node: Ref | undefined = start;
  for (const name of names) {
    if (node === undefined) return undefined;
    node = resolver.child(node, name);
  }
  return node;
}

/**
 * ecFlow's sibling-first lookup of a relative path (`x`, `./x`, `x/y`): the holder itself when a lone name is
 * its own name, else from the holder's parent, else (for deeper paths) from the holder itself.
 */
function findRelative<Ref>(resolver: ReferenceResolver<Ref>, holder: Ref, names: readonly string[]): Ref | undefined {
  if (names.length === 1 && resolver.name(holder) === names[0]) return holder;
  const parent = resolver.parent(holder);
  if (parent === undefined) return undefined;
  const viaParent = descend(resolver, parent, names);
  if (viaParent !== undefined || names.length === 1) return viaParent;
  return descend(resolver, holder, names);
}

/** `../a`, `../../a/b`: each `..` climbs one level above the holder's parent; past a suite the rest is absolute. */
function findUp<Ref>(resolver: ReferenceResolver<Ref>, holder: Ref, names: readonly string[]): Ref | undefined {
  let base = resolver.parent(holder);
  let index = 0;
  while (index < names.length && base !== undefined && names[index] === '..') {
    base = resolver.parent(base);
    index++;
  }
  const rest = names.slice(index);
  if (rest.length === 0 || rest.includes('..')) return undefined;
  if (base !== undefined) return descend(resolver, base, rest);
  return resolver.findNode('/' + rest.join('/'));
}

/**
 * Resolves a node path of an expression held by `holder` with ecFlow's rules (`Node::findReferencedNode`).
 * `externKey` is what an `extern` line must say to excuse a missing node: the path as written for a node
 * reference, `path:name` for an attribute or flag. (ecFlow's client-side check ignores externs for `./` and `../`
 * paths; accepting them there too is deliberate leniency: the server evaluates any missing node as absent.)
 */
export function resolveNodePath<Ref>(
  resolver: ReferenceResolver<Ref>,
  holder: Ref,
  options: { readonly path: string; readonly externKey: string; readonly externs: ReadonlySet<string> },
): NodeResolution<Ref> {
  const { path, externKey, externs } = options;
  const names = namesOf(path);
  const isExtern = externs.has(externKey);
  let found: Ref | undefined;
  if (path.startsWith('/')) {
    found = resolver.findNode('/' + names.join('/'));
  } else if (names[0] === '..') {
    found = findUp(resolver, holder, names);
  } else {
    found = findRelative(resolver, holder, names[0] === '.' ? names.slice(1) : names);
  }
  if (found !== undefined) return { status: 'found', ref: found };
  if (isExtern) return { status: 'extern' };
  return { status: 'missing', reason: `cannot find node '${path}' from ${resolver.path(holder)}` };
}

/**
 * Finds which attribute `name` means on a node, in ecFlow's priority order
 * (event > meter > variable > repeat > generated variable > limit > queue).
 */
export function resolveAttribute<Ref>(
  resolver: ReferenceResolver<Ref>,
  ref: Ref,
  name: string,
): { readonly kind: ExprAttributeKind; readonly attribute: ResolvedAttribute } | undefined {
  for (const kind of EXPR_ATTRIBUTE_PRIORITY) {
    const attribute = resolver.attribute(ref, kind, name);
    if (attribute !== undefined) return { kind, attribute };
  }
  return undefined;
}
