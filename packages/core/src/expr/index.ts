// Compiled trigger/complete expressions and the reverse dependency index.
export * from './expr-environment.js';
export * from './reference-resolver.js';
export type {
  DependencyKey,
  DependencyKind,
  DependencyVisitor,
  ExprDependency,
  ExprExternReference,
  ExprProblem,
} from './compile-context.js';
export type { CompiledNode, OperandDescription, NumberReader, BooleanReader } from './compiled-node.js';
export {
  compileExpression,
  createEvaluationCounter,
  type CompiledExpression,
  type CompileExpressionOptions,
  type EvaluationCounter,
} from './compile-expression.js';
export { explain } from './explain-expression.js';
export { BoundExpression, bindExpression } from './bind-expression.js';
export { DependencyIndex, createDependencyIndex, type DependencyEntryStore } from './dependency-index.js';
export { EXPR_STATE_CODES, toExpressionInteger } from './expr-values.js';
