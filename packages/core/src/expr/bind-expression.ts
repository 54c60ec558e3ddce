import { IsobarError } from '@isobar/protocol';
import { writeExpression, type Expr } from '@isobar/protocol/defs';
import { bindReference } from './bind-reference.js';
import type {
  Binding,
  CompileContext,
  DependencyVisitor,
  ExprDependency,
  ExprExternReference,
  ExprProblem,
  ReferenceExpr,
} from './compile-context.js';
import {
  checkConstantDivisors,
  unresolvedError,
  type CompileExpressionOptions,
  type EvaluationCounter,
} from './compile-expression.js';
import { compileNode } from './compile-structure.js';
import type { BooleanReader } from './compiled-node.js';
import type { ExpressionEnvironment } from './expr-environment.js';
import type { ReferenceResolver } from './reference-resolver.js';
import { SlotEnvironment } from './slot-environment.js';

// Large suites repeat one expression in every family (`t0 == complete` in each of 1000 families): the holders
// differ only in what the references resolve to. A *shape* is the expression compiled once with slot numbers in
// place of nodes, shared by every holder whose references resolve the same way (same attribute kinds and names);
// a holder keeps only its shape and its resolved nodes. That is what keeps 100k triggers small and quick to load.

/** An expression compiled against slots: what every holder with the same AST and resolution signature shares. */
interface Shape {
  readonly text: string;
  readonly bool: BooleanReader<number>;
  /** What it reads, by slot (several slots may hold the same node). */
  readonly dependencies: readonly ExprDependency<number>[];
  /** Problems of the expression itself (a constant divisor of zero). */
  readonly problems: readonly ExprProblem[];
  /** How many slots (references) it has. */
  readonly slots: number;
}

/** The rarely varying part of a bound expression, shared by every binding without externs. */
interface BoundExtra {
  readonly externs: readonly ExprExternReference[];
  readonly counter: EvaluationCounter | undefined;
}

const shapes = new WeakMap<Expr, Map<string, Shape>>();
const texts = new WeakMap<Expr, string>();
const slots = new SlotEnvironment<unknown>();
const NO_EXTERN_REFS: readonly ExprExternReference[] = Object.freeze([]);
const NO_EXTERN_NAMES: ReadonlySet<string> = new Set();
const NO_EXTRA: BoundExtra = { externs: NO_EXTERN_REFS, counter: undefined };
const extraByCounter = new WeakMap<EvaluationCounter, BoundExtra>();

/** The extra part of every binding without externs that counts with `counter`. */
function sharedExtra(counter: EvaluationCounter | undefined): BoundExtra {
  if (counter === undefined) return NO_EXTRA;
  let known = extraByCounter.get(counter);
  if (known === undefined) extraByCounter.set(counter, (known = { externs: NO_EXTERN_REFS, counter }));
  return known;
}

/**
 * Writes the references of an expression to `out` from `at`, in the order the compiler meets them (left to right,
 * depth first); returns the index after the last. Written by index: `out` is a scratch list never shrunk.
 */
function collectReferences(expr: Expr, out: ReferenceExpr[], at: number): number {
  switch (expr.kind) {
    case 'and':
    case 'or':
    case 'arith': {
      let next = at;
      for (const operand of expr.operands) next = collectReferences(operand, out, next);
      return next;
    }
    case 'not':
      return collectReferences(expr.operand, out, at);
    case 'compare':
      return collectReferences(expr.right, out, collectReferences(expr.left, out, at));
    case 'call':
      return collectReferences(expr.arg, out, at);
    case 'node':
    case 'attr':
    case 'var':
    case 'flag':
      out[at] = expr;
      return at + 1;
    case 'int':
    case 'datetime':
    case 'event-value':
    case 'state':
      return at;
  }
}

function signatureOf(bindings: readonly Binding<unknown>[]): string {
  let signature = '';
  for (const binding of bindings) {
    if (binding.status === 'node') signature += 'n\u0001';
    else if (binding.status === 'absent') signature += 'x\u0001';
    else signature += `${binding.kind}\u0002${binding.attribute.name}\u0002${binding.attribute.repeatKind ?? ''}\u0001`;
  }
  return signature;
}

/** The same bindings with slot numbers in place of nodes (what a shape is compiled against). */
function slotBinding(binding: Binding<unknown>, slot: number): Binding<number> {
  if (binding.status === 'absent') return binding;
  return binding.status === 'node' ? { status: 'node', ref: slot } : { ...binding, ref: slot };
}

const SLOT_RESOLVER: ReferenceResolver<number> = {
  findNode: () => undefined,
  parent: () => undefined,
  child: () => undefined,
  name: () => '',
  path: (slot) => `#${slot}`,
  attribute: () => undefined,
};

function textOf(expr: Expr): string {
  let text = texts.get(expr);
  if (text === undefined) texts.set(expr, (text = writeExpression(expr)));
  return text;
}

function shapeOf(expr: Expr, bindings: readonly Binding<unknown>[]): Shape {
  let bySignature = shapes.get(expr);
  if (bySignature === undefined) shapes.set(expr, (bySignature = new Map<string, Shape>()));
  const signature = signatureOf(bindings);
  const known = bySignature.get(signature);
  if (known !== undefined) return known;
  let next = 0;
  const context: CompileContext<number> = {
    resolver: SLOT_RESOLVER,
    holder: -1,
    holderPath: '',
    externs: new Set(),
    problems: [],
    dependencies: [],
    externRefs: [],
    bind: () => {
      const slot = next++;
      return slotBinding(bindings[slot] as Binding<unknown>, slot);
    },
  };
  const root = compileNode(context, expr);
  checkConstantDivisors(root, context.problems);
  const shape: Shape = {
    text: textOf(expr),
    bool: root.bool,
    dependencies: context.dependencies,
    problems: context.problems,
    slots: bindings.length,
  };
  bySignature.set(signature, shape);
  return shape;
}

/**
 * A trigger/complete expression bound to one holder: a shared shape plus the nodes its references resolved to.
 * It evaluates exactly as {@link compileExpression}'s result does (the same compiler builds the shape) and
 * answers the same `dependencies` and `externs` for a {@link DependencyIndex}, at a fraction of the memory.
 */
export class BoundExpression<Ref> {
  private readonly shape: Shape;
  // A large suite has one binding per task, so it is kept small: a one-slot shape stores its node itself (no
  // array), and the externs and counter are one shared object unless the binding has externs.
  private readonly bound: Ref | readonly Ref[];
  private readonly extra: BoundExtra;

  /** @param bound - The node of a one-slot shape, else the nodes by slot. */
  constructor(shape: Shape, bound: Ref | readonly Ref[], extra: BoundExtra) {
    this.shape = shape;
    this.bound = bound;
    this.extra = extra;
  }

  /** The node each slot resolved to (`undefined` for an absent reference). */
  get refs(): readonly Ref[] {
    return this.shape.slots === 1 ? [this.bound as Ref] : (this.bound as readonly Ref[]);
  }

  /** References excused by `extern`. */
  get externs(): readonly ExprExternReference[] {
    return this.extra.externs;
  }

  /** Canonical text of the expression. */
  get text(): string {
    return this.shape.text;
  }

  /** ecFlow's `evaluate()`: true when the expression holds. */
  evaluate(env: ExpressionEnvironment<Ref>): boolean {
    const counter = this.extra.counter;
    if (counter !== undefined) counter.evaluations++;
    const environment = slots as unknown as SlotEnvironment<Ref>;
    if (this.shape.slots === 1) return environment.runOne(env, this.bound as Ref, this.shape.bool);
    return environment.run(env, this.bound as readonly Ref[], this.shape.bool);
  }

  /**
   * Calls `visit(ref, key, arg)` for everything it reads, without duplicates: what {@link dependencies}
   * lists, without building the list for a one-reference expression (a large load subscribes one per task).
   */
  forEachDependency<A>(visit: DependencyVisitor<Ref, A>, arg: A): void {
    if (this.shape.slots === 1) {
      // One slot: the shape's dependencies are already distinct, and all read the one node.
      for (const key of this.shape.dependencies) visit(this.bound as Ref, key, arg);
      return;
    }
    for (const dependency of this.dependencies) visit(dependency.ref, dependency, arg);
  }

  /** Everything it reads, without duplicates (computed: only subscribing and unsubscribing ask). */
  get dependencies(): ExprDependency<Ref>[] {
    const out: ExprDependency<Ref>[] = [];
    const refs = this.refs;
    for (const { ref: slot, kind, name } of this.shape.dependencies) {
      const ref = refs[slot] as Ref;
      if (!out.some((d) => d.ref === ref && d.kind === kind && d.name === name)) out.push({ ref, kind, name });
    }
    return out;
  }
}

/**
 * Binds a parsed trigger/complete expression to a holder: resolves its references now (ecFlow's rules, exactly as
 * {@link compileExpression}) and shares the compiled shape with every holder whose expression is the same AST
 * and resolves the same way. Use it where many holders are compiled (the scheduler); `compileExpression` gives
 * the self-contained form `explain` reads.
 *
 * @throws IsobarError `DEFS_CHECK_ERROR` as {@link compileExpression}.
 * @example
 * ```ts
 * const bound = bindExpression(ast, { holderPath: '/s/f/t1', resolve: resolver });
 * if (bound.evaluate(env)) submit(task);
 * ```
 */
export function bindExpression<Ref>(expr: Expr, options: CompileExpressionOptions<Ref>): BoundExpression<Ref> {
  const { holderPath, resolve } = options;
  const role = options.role ?? 'trigger';
  const holder = options.holder ?? resolve.findNode(holderPath);
  if (holder === undefined) {
    const text = textOf(expr);
    throw new IsobarError('DEFS_CHECK_ERROR', {
      details: { reason: `${role} of ${holderPath}: no such node`, holder: holderPath, expression: text },
    });
  }
  const context = bindContext(holder, options);
  try {
    const bindings = bindAll(context, expr);
    const shape = shapeOf(expr, bindings);
    const bound = shape.slots === 1 ? refOf(bindings[0]) : bindings.map(refOf);
    if (context.problems.length > 0 || shape.problems.length > 0) {
      const problems = [...context.problems, ...shape.problems];
      throw unresolvedError(problems, { role, holderPath, text: shape.text });
    }
    const extra =
      context.externRefs.length === 0
        ? sharedExtra(options.counter)
        : { externs: [...context.externRefs], counter: options.counter };
    return new BoundExpression(shape, bound, extra);
  } finally {
    releaseBindContext();
  }
}

// What one bind needs besides its result, reused by every call: binding never re-enters itself (the resolver
// only navigates), and a load binds one expression per task, so a context, a closure and lists per call were
// most of what a load allocated. Lists are emptied by `length = 0` only when used (that frees their storage).
interface MutableBindContext extends CompileContext<unknown> {
  resolver: ReferenceResolver<unknown>;
  holder: unknown;
  holderPath: string;
  externs: ReadonlySet<string>;
}
const scratchContext: MutableBindContext = {
  resolver: SLOT_RESOLVER,
  holder: undefined,
  holderPath: '',
  externs: NO_EXTERN_NAMES,
  problems: [],
  dependencies: [],
  externRefs: [],
  bind: (reference) => bindReference(scratchContext, reference),
};
const scratchReferences: ReferenceExpr[] = [];
const NO_BINDING: Binding<unknown> = { status: 'absent', written: '' };
const oneBinding: Binding<unknown>[] = [NO_BINDING];

/** The scratch context, set up to bind for `holder` as `options` say. */
function bindContext<Ref>(holder: Ref, options: CompileExpressionOptions<Ref>): CompileContext<Ref> {
  const context = scratchContext;
  context.resolver = options.resolve;
  context.holder = holder;
  context.holderPath = options.holderPath;
  context.externs = options.externs ?? NO_EXTERN_NAMES;
  return context as CompileContext<Ref>;
}

/** Forgets the last bind (its nodes must not stay reachable from here). */
function releaseBindContext(): void {
  const context = scratchContext;
  context.resolver = SLOT_RESOLVER;
  context.holder = undefined;
  context.externs = NO_EXTERN_NAMES;
  if (context.problems.length > 0) context.problems.length = 0;
  if (context.dependencies.length > 0) context.dependencies.length = 0;
  if (context.externRefs.length > 0) context.externRefs.length = 0;
  oneBinding[0] = NO_BINDING;
}

/** The bindings of `expr`'s references in slot order (a one-reference expression's list is shared scratch). */
function bindAll<Ref>(context: CompileContext<Ref>, expr: Expr): Binding<Ref>[] {
  const count = collectReferences(expr, scratchReferences, 0);
  const bindings = (count === 1 ? oneBinding : new Array<Binding<Ref>>(count)) as Binding<Ref>[];
  for (let i = 0; i < count; i++) bindings[i] = bindReference(context, scratchReferences[i] as ReferenceExpr);
  return bindings;
}

function refOf<Ref>(binding: Binding<Ref> | undefined): Ref {
  return (binding === undefined || binding.status === 'absent' ? undefined : binding.ref) as Ref;
}
