import type { AttrExpr, ExprFlagName, FlagExpr, NodeRefExpr, VarExpr } from '@isobar/protocol/defs';
import type { ExprAttributeKind } from './expr-environment.js';
import type { ReferenceResolver, ResolvedAttribute } from './reference-resolver.js';

/** What a {@link DependencyIndex} key names on a node: its state, a flag, or one attribute kind. */
export type DependencyKind = 'state' | 'flag' | ExprAttributeKind;

/**
 * One thing a compiled expression reads: the node handle, what of it, and the attribute/flag name (`''` for
 * the state). Generated-variable readers also depend on the node's state, since most generated variables
 * (ECF_TRYNO, ECF_PASS, …) change with it.
 */
export interface ExprDependency<Ref> {
  readonly ref: Ref;
  readonly kind: DependencyKind;
  readonly name: string;
}

/** Which thing of a node a dependency reads: its kind and (for attributes and flags) its name. */
export interface DependencyKey {
  readonly kind: DependencyKind;
  readonly name: string;
}

/**
 * What `BoundExpression.forEachDependency` calls for each thing read: the node and the key (`arg` spares
 * the caller a closure per call).
 */
export type DependencyVisitor<Ref, A> = (ref: Ref, key: DependencyKey, arg: A) => void;

/** A reference that did not resolve, for the compile error. */
export interface ExprProblem {
  /** The reference as written: `../f/t`, `t:ev`, `:VAR`, `/s<flag>late`. */
  readonly reference: string;
  /** Why it failed, e.g. `cannot find node '../f/t' from /s/g/t2`. */
  readonly reason: string;
}

/** A reference excused by an `extern` declaration; it evaluates as absent (state unknown, value 0). */
export interface ExprExternReference {
  /** The reference as written. */
  readonly reference: string;
  /**
   * The absolute path of the node that would satisfy it if it were loaded later (computed from the holder's
   * path with ecFlow's primary rule), so the engine can re-resolve the holder when a node appears there.
   */
  readonly watchPath: string;
}

/** A reference of an expression: a node (`path == state`, `path<flag>f`), an attribute, a `:NAME` search. */
export type ReferenceExpr = NodeRefExpr | AttrExpr | VarExpr | FlagExpr;

/**
 * What one reference resolved to: a node (node references and flags), an attribute of a node (`path:name`,
 * `:NAME`), or nothing (an extern, or a problem already noted in the context): it then reads as absent.
 */
export type Binding<Ref> =
  | { readonly status: 'node'; readonly ref: Ref }
  | {
      readonly status: 'attr';
      readonly ref: Ref;
      readonly kind: ExprAttributeKind;
      readonly attribute: ResolvedAttribute;
    }
  | { readonly status: 'absent'; readonly written: string };

/** Mutable state of one compilation. */
export interface CompileContext<Ref> {
  readonly resolver: ReferenceResolver<Ref>;
  readonly holder: Ref;
  readonly holderPath: string;
  readonly externs: ReadonlySet<string>;
  readonly problems: ExprProblem[];
  readonly dependencies: ExprDependency<Ref>[];
  readonly externRefs: ExprExternReference[];
  /**
   * Resolves each reference, in the order the compiler meets them (`bindReference` against the tree; a shared
   * shape compiled once for many holders replays bindings made beforehand instead).
   */
  readonly bind: (expr: ReferenceExpr) => Binding<Ref>;
}

/** Records a dependency once (expressions are small, so a linear scan beats hashing). */
export function addDependency<Ref>(context: CompileContext<Ref>, wanted: ExprDependency<Ref>): void {
  const { ref, kind, name } = wanted;
  for (const dependency of context.dependencies) {
    if (dependency.ref === ref && dependency.kind === kind && dependency.name === name) return;
  }
  context.dependencies.push(wanted);
}

/** Records a flag dependency. */
export function addFlagDependency<Ref>(context: CompileContext<Ref>, ref: Ref, flag: ExprFlagName): void {
  addDependency(context, { ref, kind: 'flag', name: flag });
}

/**
 * The absolute path a written node path would denote from `holderPath` by ecFlow's primary rule (siblings for
 * `x`/`./x`, one more level up per `..`); used only as a hint for re-resolving externs.
 */
export function candidatePath(holderPath: string, written: string): string {
  if (written.startsWith('/')) return '/' + written.split('/').filter(Boolean).join('/');
  const base = holderPath.split('/').filter(Boolean);
  base.pop();
  for (const name of written.split('/').filter(Boolean)) {
    if (name === '..') base.pop();
    else if (name !== '.') base.push(name);
  }
  return '/' + base.join('/');
}
