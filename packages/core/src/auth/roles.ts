import { USER_ROLES, type UserRole } from '@isobar/protocol';

/**
 * What a request needs: `viewer` reads, `operator` changes nodes, `admin` manages users and the server.
 * The same names as the roles, because a higher role includes every lower one.
 */
export type AuthAccess = UserRole;

/** Rank of each role; a principal may do what any role of equal or lower rank may do. */
const ROLE_RANK: Readonly<Record<UserRole, number>> = Object.freeze({ viewer: 0, operator: 1, admin: 2 });

/** True when `value` is one of the protocol's user roles. */
export function isUserRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value);
}

/** Rank of the most powerful role in `roles`, or -1 for none. */
export function highestRoleRank(roles: readonly UserRole[]): number {
  let rank = -1;
  for (const role of roles) rank = Math.max(rank, ROLE_RANK[role]);
  return rank;
}

/**
 * True when `roles` grant `access` (a higher role includes the lower ones).
 *
 * @example
 * ```ts
 * rolesAllow(['admin'], 'operator'); // true
 * rolesAllow(['viewer'], 'operator'); // false
 * ```
 */
export function rolesAllow(roles: readonly UserRole[], access: AuthAccess): boolean {
  return highestRoleRank(roles) >= ROLE_RANK[access];
}

/** Deduplicates roles and orders them from least to most powerful, the order users see them in. */
export function normalizeRoles(roles: readonly UserRole[]): UserRole[] {
  return USER_ROLES.filter((role) => roles.includes(role));
}
