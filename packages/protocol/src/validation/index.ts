// Validators generated from the wire schemas, error formatting, and the schema-building kit.
export {
  findValidationIssues,
  validateArgs,
  validateChangeRecord,
  validateResult,
  validateTreeNode,
  type ValidatorTarget,
} from './validate.js';
export { formatValidationErrors, type RawValidationError, type ValidationIssue } from './format-errors.js';
export { validatorExportName, type ValidatorKind } from './validator-names.js';
export { SHARED_SCHEMAS } from './shared-schemas.js';
export { findSchemaViolations, type SchemaViolation } from './schema-audit.js';
export {
  MAX_DEF_TEXT_LENGTH,
  MAX_ITEMS,
  MAX_NAME_LENGTH,
  MAX_PATHS,
  MAX_PATH_LENGTH,
  MAX_SHORT_TEXT_LENGTH,
  MAX_TEXT_LENGTH,
  boundedArray,
  boundedString,
  closedObject,
  schemaRef,
  stringEnum,
  taggedUnion,
} from './schema-kit.js';
