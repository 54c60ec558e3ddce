import type { Expr, Expression } from '@isobar/protocol/defs';
import {
  BoundExpression,
  bindExpression,
  compileExpression,
  createDependencyIndex,
  type CompiledExpression,
  type DependencyIndex,
  type EvaluationCounter,
  type ExpressionEnvironment,
  type ReferenceResolver,
} from '../../expr/index.js';
import type { RuntimeNode, RuntimeTree } from '../../model/index.js';
import type { ExprRef } from './tree-expressions.js';

// Nodes share the parts of identical expressions, so the combined AST is made once per parts list: compiled
// shapes are shared per AST (see bindExpression).
const combined = new WeakMap<Expression['parts'], Expr>();

/** The lines of a trigger/complete folded left as ecFlow does: `-a` ANDs, `-o` ORs onto what came before. */
export function combineParts(expression: Expression): Expr {
  const known = combined.get(expression.parts);
  if (known !== undefined) return known;
  let result: Expr | undefined;
  for (const part of expression.parts) {
    if (result === undefined || part.kind === 'first') result = part.ast;
    else result = { kind: part.kind, operands: [result, part.ast] };
  }
  result ??= { kind: 'int', value: 1 };
  combined.set(expression.parts, result);
  return result;
}

/** A node's compiled trigger and complete (a failed compilation holds the node and says why). */
export interface HolderExpressions {
  trigger: BoundExpression<ExprRef> | undefined;
  complete: BoundExpression<ExprRef> | undefined;
  /** Why an expression could not be compiled (a reference that no longer resolves). */
  error: string | undefined;
}

// What `node.compiled` holds: the bound trigger alone (the common case), or the full entry.
type StoredExpressions = BoundExpression<ExprRef> | HolderExpressions | undefined;

/**
 * The compiled trigger/complete expressions of every holder, kept in step with the tree, and the reverse
 * dependency index that says which holders a change can affect.
 */
export class CompiledExpressions {
  // Each node's entry lives on the node (`dependents`), not in a map keyed by node.
  readonly index: DependencyIndex<ExprRef, RuntimeNode> = createDependencyIndex<ExprRef, RuntimeNode>({
    get: (ref) => ref.dependents,
    set: (ref, entry) => {
      ref.dependents = entry;
    },
  });
  // The entries live on the nodes (`node.compiled`); this set only lists the holders, for deletes.
  private readonly holders = new Set<RuntimeNode>();
  private externs: { readonly source: readonly string[] | undefined; readonly set: ReadonlySet<string> } = {
    source: undefined,
    set: new Set(),
  };

  constructor(
    private readonly tree: RuntimeTree,
    private readonly options: {
      readonly resolver: ReferenceResolver<ExprRef>;
      readonly environment: ExpressionEnvironment<ExprRef>;
      readonly counter: EvaluationCounter | undefined;
    },
  ) {}

  /** The compiled expressions of a holder (undefined when it has none). */
  of(node: RuntimeNode): HolderExpressions | undefined {
    const stored = node.compiled as StoredExpressions;
    if (!(stored instanceof BoundExpression)) return stored;
    return { trigger: stored, complete: undefined, error: undefined };
  }

  /**
   * (Re)compiles a holder's expressions and subscribes them. `fresh`: the node was just built, so it has nothing
   * to unsubscribe (a load compiles every node of the suite).
   */
  compile(node: RuntimeNode, fresh = false): void {
    if (!fresh) this.drop(node);
    if (node.trigger === undefined && node.complete === undefined) return;
    let trigger: BoundExpression<ExprRef> | undefined;
    let complete: BoundExpression<ExprRef> | undefined;
    let error: string | undefined;
    try {
      trigger = this.compileOne(node, node.trigger, 'trigger');
      complete = this.compileOne(node, node.complete, 'complete');
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    // Most holders have a trigger only: the bound trigger is stored as itself (no entry object per task).
    const onlyTrigger = complete === undefined && error === undefined;
    node.compiled = onlyTrigger ? trigger : ({ trigger, complete, error } satisfies HolderExpressions);
    this.holders.add(node);
  }

  /** The definition's externs as a set, made again only when the root's list is replaced. */
  private externSet(): ReadonlySet<string> {
    const source = this.tree.root.externs;
    if (this.externs.source !== source) this.externs = { source, set: new Set(source ?? []) };
    return this.externs.set;
  }

  private compileOne(
    node: RuntimeNode,
    expression: Expression | undefined,
    role: 'trigger' | 'complete',
  ): BoundExpression<ExprRef> | undefined {
    if (expression === undefined) return undefined;
    const compiled = bindExpression(combineParts(expression), {
      holderPath: node.path,
      holder: node,
      resolve: this.options.resolver,
      externs: this.externSet(),
      role,
      counter: this.options.counter,
    });
    this.index.subscribe(node, compiled);
    return compiled;
  }

  /**
   * The self-contained compiled form of a holder's expression, for `explain` (made on demand: only `why` needs
   * it), or undefined when it has none or it does not compile.
   */
  explainable(node: RuntimeNode, role: 'trigger' | 'complete'): CompiledExpression<ExprRef> | undefined {
    const expression = role === 'trigger' ? node.trigger : node.complete;
    if (expression === undefined) return undefined;
    try {
      return compileExpression(combineParts(expression), {
        holderPath: node.path,
        resolve: this.options.resolver,
        externs: this.externSet(),
        role,
      });
    } catch {
      return undefined;
    }
  }

  /** Whether the holder's expression of that role holds (true when it has none, or it was freed). */
  holds(node: RuntimeNode, role: 'trigger' | 'complete'): boolean {
    const expression = role === 'trigger' ? node.trigger : node.complete;
    if (expression === undefined || expression.free) return true;
    const stored = node.compiled as StoredExpressions;
    const compiled = stored instanceof BoundExpression ? (role === 'trigger' ? stored : undefined) : stored?.[role];
    return compiled !== undefined && compiled.evaluate(this.options.environment);
  }

  /** Drops a holder's expressions and subscriptions (it left the tree, or is compiled again). */
  drop(node: RuntimeNode): void {
    const entry = this.of(node);
    const compiled = entry === undefined ? [] : [entry.trigger, entry.complete].filter((c) => c !== undefined);
    this.index.unsubscribe(node, compiled);
    node.compiled = undefined;
    this.holders.delete(node);
  }

  /** Every holder (for deletes and full passes). */
  all(): IterableIterator<RuntimeNode> {
    return this.holders.values();
  }
}
