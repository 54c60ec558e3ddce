// Role and suite checks. ecFlow's white list gives read access to everyone it lists and limits writes to
// chosen suites; here the roles say what a user may do and `suites` says where an operator may do it.
import { IsobarError } from '@isobar/protocol';
import type { Principal } from './principal.js';
import { rolesAllow, type AuthAccess } from './roles.js';

/**
 * The suite a node path belongs to (`/s/f/t` and `/s/f:event` → `s`), or undefined for the root (`/`) and
 * empty paths.
 */
export function suiteOfPath(path: string): string | undefined {
  const first = path.replace(/^\/+/, '').split(/[/:]/, 1)[0];
  return first === undefined || first.length === 0 ? undefined : first;
}

/**
 * Throws `FORBIDDEN` naming the role needed unless `principal` may perform an action of level `access`.
 * For `operator` actions of a user with a suite restriction, `suitePath` (any node path, or the suite name)
 * must lie in an allowed suite; an operator action without a path (server-wide) is refused for such users.
 *
 * @example
 * ```ts
 * authorize({ user: 'ops', roles: ['operator'], suites: ['s'] }, 'operator', '/s/f/t'); // passes
 * authorize({ user: 'ops', roles: ['operator'], suites: ['s'] }, 'operator', '/other'); // FORBIDDEN
 * ```
 */
export function authorize(principal: Principal, access: AuthAccess, suitePath?: string): void {
  if (!rolesAllow(principal.roles, access)) {
    throw new IsobarError('FORBIDDEN', {
      details: {
        reason: `this needs the ${access} role; ${principal.user} has ${describeRoles(principal)}`,
        role: access,
      },
    });
  }
  if (access !== 'operator' || principal.suites === undefined) return;
  const suite = suitePath === undefined ? undefined : suiteOfPath(suitePath);
  if (suite === undefined) {
    throw new IsobarError('FORBIDDEN', {
      details: {
        reason: `${principal.user} may change only suites ${principal.suites.join(', ')}, and this change is not limited to one suite`,
        role: access,
      },
    });
  }
  if (!principal.suites.includes(suite)) {
    throw new IsobarError('FORBIDDEN', {
      details: { reason: `${principal.user} may not change suite /${suite}`, role: access, suite },
    });
  }
}

function describeRoles(principal: Principal): string {
  return principal.roles.length === 0 ? 'no role' : `only ${principal.roles.join(', ')}`;
}
