import { IsobarError } from '@isobar/protocol';
import type { ProcedureServices } from './procedure.js';
import { notAvailable, type MethodHandlers } from './procedure-helpers.js';

/** Handlers of `login`, `logout` and `whoami` (also served as `POST /v1/auth/login` and `/v1/auth/logout`). */
export function authHandlers(services: ProcedureServices): MethodHandlers {
  const { authenticator } = services;
  return {
    login: async (args, context) => {
      if (authenticator === undefined) throw notAvailable('login', 'an authenticator in the server options');
      const reply = await authenticator.login(args.user, args.password, context.remote);
      return { token: reply.token, expiresAt: reply.expiresAt, roles: [...reply.roles] };
    },
    logout: (_args, context) => {
      if (authenticator !== undefined && context.token !== undefined) authenticator.logout(context.token);
      return { loggedOut: true };
    },
    whoami: (_args, context) => {
      const principal = context.principal;
      if (principal === undefined) throw new IsobarError('AUTH_REQUIRED');
      const roles = principal.roles.length === 0 ? (['viewer'] as const) : principal.roles;
      return {
        user: principal.user,
        roles: [...roles],
        ...(principal.suites === undefined ? {} : { suites: [...principal.suites] }),
        ...(principal.expiresAt === undefined ? {} : { expiresAt: principal.expiresAt }),
      };
    },
  };
}
