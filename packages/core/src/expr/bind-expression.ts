import { IsobarError } from '@isobar/protocol';
import { writeExpression, type Expr } from '@isobar/protocol/defs';
import { bindReference } from './bind-reference.js';
import type {
  Binding,
  CompileContext,
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
const NO_EXTRA: BoundExtra = { externs: NO_EXTERN_REFS, counter: undefined };
const extraByCounter = new WeakMap<EvaluationCounter, BoundExtra>();

function sharedExtra(extra: BoundExtra): BoundExtra {
  if (extra.externs.length > 0) return extra;
  if (extra.counter === undefined) return NO_EXTRA;
  let known = extraByCounter.get(extra.counter);
  if (known === undefined)
    extraByCounter.set(extra.counter, (known = { externs: NO_EXTERN_REFS, counter: extra.counter }));
  return known;
}

/** The references of an expression in the order the compiler meets them (left to right, depth first). */
function collectReferences(expr: Expr, out: ReferenceExpr[]): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
    case 'arith':
      for (const operand of expr.operands) collectReferences(operand, out);
      return;
    case 'not':
      return collectReferences(expr.operand, out);
    case 'compare':
      collectReferences(expr.left, out);
      return collectReferences(expr.right, out);
    case 'call':
      return collectReferences(expr.arg, out);
    case 'node':
    case 'attr':
    case 'var':
    case 'flag':
      out.push(expr);
      return;
    case 'int':
    case 'datetime':
    case 'event-value':
    case 'state':
      return;
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

  constructor(shape: Shape, refs: readonly Ref[], extra: BoundExtra) {
    this.shape = shape;
    this.bound = shape.slots === 1 ? (refs[0] as Ref) : refs;
    this.extra = sharedExtra(extra);
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
  const context: CompileContext<Ref> = {
    resolver: resolve,
    holder,
    holderPath,
    externs: options.externs ?? new Set(),
    problems: [],
    dependencies: [],
    externRefs: [],
    bind: (reference) => bindReference(context, reference),
  };
  const references: ReferenceExpr[] = [];
  collectReferences(expr, references);
  const bindings: Binding<Ref>[] = [];
  for (const reference of references) bindings.push(bindReference(context, reference));
  const shape = shapeOf(expr, bindings);
  if (context.problems.length > 0 || shape.problems.length > 0) {
    const problems = [...context.problems, ...shape.problems];
    throw unresolvedError(problems, { role, holderPath, text: shape.text });
  }
  const refs: Ref[] = [];
  for (const binding of bindings) refs.push((binding.status === 'absent' ? undefined : binding.ref) as Ref);
  const externs = context.externRefs.length === 0 ? NO_EXTERN_REFS : context.externRefs;
  return new BoundExpression(shape, refs, { externs, counter: options.counter });
}
