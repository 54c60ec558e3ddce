// Argument and result pieces shared by many methods.
import { Type, type Static } from '@sinclair/typebox';
import { MAX_SHORT_TEXT_LENGTH, boundedString, closedObject, stringEnum } from '../validation/schema-kit.js';
import { NodePathListSchema, NodePathSchema, SequenceSchema } from '../tree/node-path.js';

/** Arguments of methods that take none. */
export const EmptyArgsSchema = closedObject({});

/** Reply of methods that change state: the sequence number of the last change record they produced. */
export const MutationResultSchema = closedObject({
  seq: SequenceSchema,
});

/** Reply of a mutation. */
export type MutationResult = Static<typeof MutationResultSchema>;

/** Arguments naming one or more nodes. */
export const PathsArgsSchema = closedObject({ paths: NodePathListSchema });

/** Arguments naming one node. */
export const PathArgsSchema = closedObject({ path: NodePathSchema });

/** User roles, from least to most powerful. */
export const USER_ROLES = ['viewer', 'operator', 'admin'] as const;

/** Schema of a user role. */
export const UserRoleSchema = stringEnum(USER_ROLES, { description: 'User role' });

/** A user role. */
export type UserRole = Static<typeof UserRoleSchema>;

/** A user name. */
export const UserNameSchema = boundedString(128, { minLength: 1, pattern: '^[A-Za-z0-9_.@-]+$' });

/** A password as sent in a request (never stored or echoed). */
export const PasswordSchema = boundedString(1024, { minLength: 1 });

/**
 * The credentials every child command carries, taken from the job's environment: `ECF_NAME`, `ECF_PASS`,
 * `ECF_RID`, `ECF_TRYNO`.
 */
export const TASK_CREDENTIAL_PROPERTIES = {
  path: NodePathSchema,
  password: boundedString(256, { description: 'ECF_PASS of the job' }),
  rid: boundedString(MAX_SHORT_TEXT_LENGTH, { description: 'ECF_RID (for child.init: the new remote id)' }),
  tryNo: Type.Integer({ minimum: 0, description: 'ECF_TRYNO of the job' }),
};

/** The task credentials as one object. */
export const TaskCredentialsSchema = closedObject(TASK_CREDENTIAL_PROPERTIES);

/** Task credentials. */
export type TaskCredentials = Static<typeof TaskCredentialsSchema>;
