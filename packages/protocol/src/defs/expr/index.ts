// The trigger/complete expression language: AST, parser, canonical writer and reference collection.
export * from './expr-types.js';
export { parseExpression } from './parse-expression.js';
export { writeExpression } from './write-expression.js';
export { collectReferences } from './collect-references.js';
export { parseDateTimeLiteral } from './datetime-literal.js';
