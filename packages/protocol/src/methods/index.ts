// The RPC method catalogue: one schema for the arguments and one for the result of every method.
export {
  METHODS,
  METHOD_NAMES,
  isMethodName,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from './catalogue.js';
export { defineMethod, type MethodAccess, type MethodSpec } from './method-spec.js';
export {
  EmptyArgsSchema,
  MutationResultSchema,
  PasswordSchema,
  PathArgsSchema,
  PathsArgsSchema,
  TASK_CREDENTIAL_PROPERTIES,
  TaskCredentialsSchema,
  USER_ROLES,
  UserNameSchema,
  UserRoleSchema,
  type MutationResult,
  type TaskCredentials,
  type UserRole,
} from './common-schemas.js';
export {
  ALTER_ADD_TYPES,
  ALTER_CHANGE_TYPES,
  ALTER_DELETE_TYPES,
  ALTER_SORT_TYPES,
  AlterArgsSchema,
  type AlterArgs,
} from './alter-method.js';
export {
  BatchItemResultSchema,
  BatchItemSchema,
  MAX_BATCH_ITEMS,
  type BatchItem,
  type BatchItemResult,
} from './batch-method.js';
export {
  ChildAbortArgsSchema,
  ChildCompleteArgsSchema,
  ChildEventArgsSchema,
  ChildInitArgsSchema,
  ChildLabelArgsSchema,
  ChildMeterArgsSchema,
  ChildResultSchema,
  QUEUE_ACTIONS,
} from './child-methods.js';
export { ORDER_MODES, QUERY_KINDS } from './definition-methods.js';
export { FORCE_TARGETS, FREE_DEP_KINDS } from './node-methods.js';
export { EDIT_SCRIPT_ACTIONS, NODE_FILE_KINDS } from './job-methods.js';
export { CHECKPOINT_MODES, LOG_ACTIONS } from './server-methods.js';
export { MAX_SYNC_RECORDS } from './sync-methods.js';
