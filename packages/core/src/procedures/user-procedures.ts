import type { UserAdministration } from '../http/authenticator.js';
import type { ProcedureServices } from './procedure.js';
import { notAvailable, type MethodHandlers } from './procedure-helpers.js';

function store(services: ProcedureServices, method: string): UserAdministration {
  if (services.users === undefined) throw notAvailable(method, 'a user store in the server options (`users`)');
  return services.users;
}

function shown(user: { user: string; roles: readonly string[]; suites?: readonly string[] }) {
  return {
    user: user.user,
    roles: [...user.roles] as ('viewer' | 'operator' | 'admin')[],
    ...(user.suites === undefined ? {} : { suites: [...user.suites] }),
  };
}

/** Handlers of `users.add|list|delete|passwd|verify`, backed by the server's user store (admins only). */
export function userHandlers(services: ProcedureServices): MethodHandlers {
  return {
    'users.add': async (args) => shown(await store(services, 'users.add').add(args)),
    'users.list': () => ({ users: store(services, 'users.list').list().map(shown) }),
    'users.delete': async (args) => {
      await store(services, 'users.delete').delete(args.user);
      return { deleted: true };
    },
    'users.passwd': async (args) => {
      await store(services, 'users.passwd').passwd(args.user, args.password);
      return { changed: true };
    },
    'users.verify': async (args) => ({
      valid: (await store(services, 'users.verify').verify(args.user, args.password)) !== undefined,
    }),
  };
}
