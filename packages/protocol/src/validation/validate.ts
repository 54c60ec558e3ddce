import { IsobarError } from '../errors/isobar-error.js';
import * as generated from '../generated/validators.js';
import { isMethodName, type MethodArgs, type MethodName, type MethodResult } from '../methods/catalogue.js';
import type { ChangeRecord } from '../changes/change-record.js';
import type { TreeNode } from '../tree/tree-node.js';
import { formatValidationErrors, type RawValidationError, type ValidationIssue } from './format-errors.js';
import { validatorExportName, type ValidatorKind } from './validator-names.js';

/** A generated (standalone ajv) validation function. */
interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly RawValidationError[] | null;
}

// The generated module is plain standalone ajv code (typed loosely); look its exports up by name.
const VALIDATORS = generated as unknown as Readonly<Record<string, CompiledValidator | undefined>>;

/** Most issues listed in an error message (all of them, up to {@link MAX_ISSUES_IN_DETAILS}, go in details). */
const MAX_ISSUES_IN_MESSAGE = 20;
const MAX_ISSUES_IN_DETAILS = 100;

/** Which generated validator to use, and how to name the checked value in messages. */
export interface ValidatorTarget {
  /** Kind of validator. */
  readonly kind: ValidatorKind;
  /** Method name (for `args`/`result`) or the validator's own name (`node`, `record`, `datagram`). */
  readonly name: string;
  /** First word of each message: `args`, `result`, `datagram`… */
  readonly label: string;
}

/**
 * Checks `value` with a generated validator; returns the issues (empty when valid).
 * Throws `INTERNAL` when no validator of that name was generated (the catalogue and the generated file
 * disagree: run `npm run gen`).
 */
export function findValidationIssues(target: ValidatorTarget, value: unknown): ValidationIssue[] {
  const exportName = validatorExportName(target.kind, target.name);
  const validator = VALIDATORS[exportName];
  if (validator === undefined) {
    throw new IsobarError('INTERNAL', {
      message: `No generated validator ${exportName}; run npm run gen -w @isobar/protocol`,
      details: { validator: exportName },
    });
  }
  if (validator(value)) return [];
  return formatValidationErrors(target.label, validator.errors ?? []).slice(0, MAX_ISSUES_IN_DETAILS);
}

function checkValue(target: ValidatorTarget, value: unknown, details?: Readonly<Record<string, unknown>>): void {
  const issues = findValidationIssues(target, value);
  if (issues.length === 0) return;
  const shown = issues.slice(0, MAX_ISSUES_IN_MESSAGE).map((issue) => issue.message);
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  throw new IsobarError('INVALID_ARGUMENT', {
    message: `Invalid argument: ${shown.join('; ')}`,
    details: { ...details, errors: issues },
  });
}

/**
 * Validates the arguments of an RPC method and returns them typed. Nothing is coerced or defaulted.
 *
 * @throws IsobarError `UNKNOWN_METHOD` for a name not in the catalogue; `INVALID_ARGUMENT` with
 *   `details: { method, errors: [{ path, message }] }` naming every offending field.
 * @example
 * ```ts
 * const args = validateArgs('child.init', body); // MethodArgs<'child.init'>
 * ```
 */
export function validateArgs<M extends MethodName>(method: M, value: unknown): MethodArgs<M> {
  requireKnownMethod(method);
  checkValue({ kind: 'args', name: method, label: 'args' }, value, { method });
  return value as MethodArgs<M>;
}

/**
 * Validates the result of an RPC method (servers in development mode, clients that distrust the server).
 *
 * @throws IsobarError like {@link validateArgs}, with messages starting `result`.
 */
export function validateResult<M extends MethodName>(method: M, value: unknown): MethodResult<M> {
  requireKnownMethod(method);
  checkValue({ kind: 'result', name: method, label: 'result' }, value, { method });
  return value as MethodResult<M>;
}

/** Validates one change record (journal replay, feed consumers). @throws IsobarError `INVALID_ARGUMENT`. */
export function validateChangeRecord(value: unknown): ChangeRecord {
  checkValue({ kind: 'change', name: 'record', label: 'record' }, value);
  return value as ChangeRecord;
}

/** Validates one JSON tree node with its subtree. @throws IsobarError `INVALID_ARGUMENT`. */
export function validateTreeNode(value: unknown): TreeNode {
  checkValue({ kind: 'tree', name: 'node', label: 'node' }, value);
  return value as TreeNode;
}

function requireKnownMethod(method: string): void {
  if (!isMethodName(method)) {
    throw new IsobarError('UNKNOWN_METHOD', { details: { method } });
  }
}
