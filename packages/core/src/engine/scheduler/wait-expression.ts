import { IsobarError } from '@isobar/protocol';
import { parseExpression, type Expr } from '@isobar/protocol/defs';
import { compileExpression } from '../../expr/index.js';
import type { CalendarVariables, RuntimeTree } from '../../model/index.js';
import { createTreeEnvironment, createTreeResolver, type QueueValueReader } from './tree-expressions.js';

/** Options of {@link evaluateWaitExpression}. */
export interface WaitExpressionOptions {
  /** Absolute path of the waiting task; relative references resolve from it. */
  readonly holderPath: string;
  /** Calendar variables of begun suites (for generated variables such as `DATE`). @default none */
  readonly calendar?: CalendarVariables | undefined;
  /** Reads queue attribute values (they live outside the tree). @default every queue reads 0 */
  readonly queueValue?: QueueValueReader | undefined;
}

/**
 * Parses the expression of a child `wait` (ecFlow `--wait`).
 *
 * @throws IsobarError `DEFS_PARSE_ERROR` on a syntax error, naming the `expression` argument as its file.
 */
export function parseWaitExpression(text: string): Expr {
  return parseExpression(text, { file: 'expression' });
}

/**
 * Whether a child `wait` expression holds now, evaluated as a trigger of the waiting task would be (ecFlow
 * `CtsWaitCmd`). The expression is compiled afresh on each call: a wait is polled seldom, and the tree may have
 * changed shape between polls.
 *
 * @throws IsobarError `INVALID_ARGUMENT` naming the `expression` and its unresolvable references in
 *   `details.unresolved` (`{ reference, reason }[]`): ecFlow rejects a wait on a node that does not exist.
 * @example
 * ```ts
 * const satisfied = evaluateWaitExpression(engine.tree, parseWaitExpression('../a == complete'), {
 *   holderPath: '/s/f/t',
 *   calendar: engine.calendar,
 * });
 * ```
 */
export function evaluateWaitExpression(tree: RuntimeTree, expr: Expr, options: WaitExpressionOptions): boolean {
  const { holderPath, calendar, queueValue } = options;
  const resolver = createTreeResolver(tree, calendar);
  try {
    const compiled = compileExpression(expr, { holderPath, resolve: resolver });
    return compiled.evaluate(createTreeEnvironment({ calendar, queueValue }));
  } catch (error) {
    // Compilation reports unresolvable references as a defs check error; for a wait they are a bad argument.
    if (error instanceof IsobarError && error.code === 'DEFS_CHECK_ERROR') {
      const unresolved = error.details?.['unresolved'];
      throw new IsobarError('INVALID_ARGUMENT', {
        details: { field: 'expression', reason: `expression: ${String(error.details?.['reason'])}`, unresolved },
        cause: error,
      });
    }
    throw error;
  } finally {
    resolver.forget();
  }
}
