// Sessions (login, logout, whoami) and user management through the server.
import { Type } from '@sinclair/typebox';
import { MAX_ITEMS, boundedArray, boundedString, closedObject } from '../validation/schema-kit.js';
import { NodeNameSchema, TimestampSchema } from '../tree/node-path.js';
import { EmptyArgsSchema, PasswordSchema, UserNameSchema, UserRoleSchema } from './common-schemas.js';
import { defineMethod } from './method-spec.js';

const RolesSchema = boundedArray(UserRoleSchema, 3, { minItems: 1, uniqueItems: true });
const SuitesSchema = boundedArray(NodeNameSchema, MAX_ITEMS, {
  description: 'Suites the user may act on; absent = all',
});

const login = defineMethod({
  description: 'Exchange a user name and password for a bearer token.',
  access: 'public',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ user: UserNameSchema, password: PasswordSchema }),
  result: closedObject({
    token: boundedString(1024, { minLength: 1 }),
    expiresAt: TimestampSchema,
    roles: RolesSchema,
  }),
  example: {
    args: { user: 'ops', password: 'secret' },
    result: { token: 'isb_3hQ9x7', expiresAt: '2026-01-02T11:04:05.000Z', roles: ['operator'] },
  },
});

const logout = defineMethod({
  description: 'End the session of the calling token.',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({ loggedOut: Type.Literal(true) }),
  example: { args: {}, result: { loggedOut: true } },
});

const whoami = defineMethod({
  description: 'The calling user, roles, suite restriction and session expiry.',
  access: 'viewer',
  mutates: false,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({
    user: UserNameSchema,
    roles: RolesSchema,
    suites: Type.Optional(SuitesSchema),
    expiresAt: Type.Optional(TimestampSchema),
  }),
  example: { args: {}, result: { user: 'ops', roles: ['operator'], expiresAt: '2026-01-02T11:04:05.000Z' } },
});

const UserInfoSchema = closedObject({
  user: UserNameSchema,
  roles: RolesSchema,
  suites: Type.Optional(SuitesSchema),
});

const usersAdd = defineMethod({
  description: 'Create a user with roles and an optional suite restriction.',
  access: 'admin',
  mutates: true,
  safeToRetry: false,
  args: closedObject({
    user: UserNameSchema,
    password: PasswordSchema,
    roles: RolesSchema,
    suites: Type.Optional(SuitesSchema),
  }),
  result: UserInfoSchema,
  example: {
    args: { user: 'ops', password: 'secret', roles: ['operator'], suites: ['s'] },
    result: { user: 'ops', roles: ['operator'], suites: ['s'] },
  },
});

const usersList = defineMethod({
  description: 'Every user with roles and suite restriction (never passwords).',
  access: 'admin',
  mutates: false,
  safeToRetry: true,
  args: EmptyArgsSchema,
  result: closedObject({ users: boundedArray(UserInfoSchema, MAX_ITEMS) }),
  example: { args: {}, result: { users: [{ user: 'ops', roles: ['operator'] }] } },
});

const usersDelete = defineMethod({
  description: 'Delete a user and end its sessions.',
  access: 'admin',
  mutates: true,
  safeToRetry: false,
  args: closedObject({ user: UserNameSchema }),
  result: closedObject({ deleted: Type.Literal(true) }),
  example: { args: { user: 'ops' }, result: { deleted: true } },
});

const usersPasswd = defineMethod({
  description: 'Set a user’s password (admins for anyone; the server may let users change their own).',
  access: 'admin',
  mutates: true,
  safeToRetry: true,
  args: closedObject({ user: UserNameSchema, password: PasswordSchema }),
  result: closedObject({ changed: Type.Literal(true) }),
  example: { args: { user: 'ops', password: 'new-secret' }, result: { changed: true } },
});

const usersVerify = defineMethod({
  description: 'Check a user name and password without creating a session.',
  access: 'admin',
  mutates: false,
  safeToRetry: true,
  args: closedObject({ user: UserNameSchema, password: PasswordSchema }),
  result: closedObject({ valid: Type.Boolean() }),
  example: { args: { user: 'ops', password: 'secret' }, result: { valid: true } },
});

/** Session and user-management methods. */
export const AUTH_METHODS = {
  login,
  logout,
  whoami,
  'users.add': usersAdd,
  'users.list': usersList,
  'users.delete': usersDelete,
  'users.passwd': usersPasswd,
  'users.verify': usersVerify,
};
