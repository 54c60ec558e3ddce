import type { Expr, Expression } from '@isobar/protocol/defs';
import {
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

/** The lines of a trigger/complete folded left as ecFlow does: `-a` ANDs, `-o` ORs onto what came before. */
export function combineParts(expression: Expression): Expr {
  let combined: Expr | undefined;
  for (const part of expression.parts) {
    if (combined === undefined || part.kind === 'first') combined = part.ast;
    else combined = { kind: part.kind, operands: [combined, part.ast] };
  }
  return combined ?? { kind: 'int', value: 1 };
}

/** A node's compiled trigger and complete (a failed compilation holds the node and says why). */
export interface HolderExpressions {
  trigger: CompiledExpression<ExprRef> | undefined;
  complete: CompiledExpression<ExprRef> | undefined;
  /** Why an expression could not be compiled (a reference that no longer resolves). */
  error: string | undefined;
}

/**
 * The compiled trigger/complete expressions of every holder, kept in step with the tree, and the reverse
 * dependency index that says which holders a change can affect.
 */
export class CompiledExpressions {
  readonly index: DependencyIndex<ExprRef, RuntimeNode> = createDependencyIndex();
  private readonly holders = new Map<RuntimeNode, HolderExpressions>();

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
    return this.holders.get(node);
  }

  /** (Re)compiles a holder's expressions and subscribes them. */
  compile(node: RuntimeNode): void {
    this.index.remove(node);
    this.holders.delete(node);
    if (node.trigger === undefined && node.complete === undefined) return;
    const entry: HolderExpressions = { trigger: undefined, complete: undefined, error: undefined };
    try {
      entry.trigger = this.compileOne(node, node.trigger, 'trigger');
      entry.complete = this.compileOne(node, node.complete, 'complete');
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
    }
    this.holders.set(node, entry);
  }

  private compileOne(
    node: RuntimeNode,
    expression: Expression | undefined,
    role: 'trigger' | 'complete',
  ): CompiledExpression<ExprRef> | undefined {
    if (expression === undefined) return undefined;
    const compiled = compileExpression(combineParts(expression), {
      holderPath: node.path,
      resolve: this.options.resolver,
      externs: new Set(this.tree.root.externs ?? []),
      role,
      counter: this.options.counter,
    });
    this.index.add(node, compiled);
    return compiled;
  }

  /** Whether the holder's expression of that role holds (true when it has none, or it was freed). */
  holds(node: RuntimeNode, role: 'trigger' | 'complete'): boolean {
    const expression = role === 'trigger' ? node.trigger : node.complete;
    if (expression === undefined || expression.free) return true;
    const entry = this.holders.get(node);
    const compiled = role === 'trigger' ? entry?.trigger : entry?.complete;
    return compiled !== undefined && compiled.evaluate(this.options.environment);
  }

  /** Drops a holder that left the tree. */
  drop(node: RuntimeNode): void {
    this.index.remove(node);
    this.holders.delete(node);
  }

  /** Every holder (for deletes and full passes). */
  all(): IterableIterator<RuntimeNode> {
    return this.holders.keys();
  }
}
