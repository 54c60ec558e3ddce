// Validation of the fields of a user record, shared by the store (add, passwd, update) and the file parser.
import { IsobarError, MAX_NAME_LENGTH, type UserRole } from '@isobar/protocol';
import { isUserRole, normalizeRoles } from './roles.js';

/** Longest user name (the protocol's `UserNameSchema` allows the same). */
export const MAX_USER_NAME_LENGTH = 128;

/** Longest password accepted (the protocol's `PasswordSchema` allows the same). */
export const MAX_PASSWORD_LENGTH = 1024;

/** Shortest password a new or changed user may get. @default 8 */
export const DEFAULT_MIN_PASSWORD_LENGTH = 8;

const USER_NAME_PATTERN = /^[A-Za-z0-9_.@-]+$/;
const SUITE_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.]*$/;

function invalid(field: string, reason: string): IsobarError {
  return new IsobarError('INVALID_ARGUMENT', { details: { field, reason: `${field}: ${reason}` } });
}

/**
 * Returns the problem with a user name, or undefined when it is valid: 1 to 128 characters from
 * `A-Z a-z 0-9 _ . @ -` (the protocol's user name schema, so every stored name can log in).
 */
export function userNameProblem(user: unknown): string | undefined {
  if (typeof user !== 'string' || user.length === 0) return 'must be a non-empty string';
  if (user.length > MAX_USER_NAME_LENGTH) return `must be at most ${MAX_USER_NAME_LENGTH} characters`;
  if (!USER_NAME_PATTERN.test(user)) return 'may contain only letters, digits and _ . @ -';
  return undefined;
}

/** Throws `INVALID_ARGUMENT` naming the `user` field when the name is not valid. */
export function validateUserName(user: unknown): string {
  const problem = userNameProblem(user);
  if (problem !== undefined) throw invalid('user', problem);
  return user as string;
}

/** Throws `INVALID_ARGUMENT` naming the `password` field when a new password is too short or too long. */
export function validateNewPassword(password: unknown, minLength = DEFAULT_MIN_PASSWORD_LENGTH): string {
  if (typeof password !== 'string') throw invalid('password', 'must be a string');
  if (password.length < minLength) throw invalid('password', `must be at least ${minLength} characters`);
  if (password.length > MAX_PASSWORD_LENGTH)
    throw invalid('password', `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  return password;
}

/** Returns the problem with a role list, or undefined when it is valid (non-empty, known roles). */
export function rolesProblem(roles: unknown): string | undefined {
  if (!Array.isArray(roles) || roles.length === 0) return 'must be a non-empty list of viewer, operator, admin';
  const unknown = (roles as unknown[]).find((role) => !isUserRole(role));
  if (unknown !== undefined) return `unknown role ${JSON.stringify(unknown)} (expected viewer, operator or admin)`;
  return undefined;
}

/** Throws `INVALID_ARGUMENT` naming the `roles` field; returns the roles deduplicated and ordered. */
export function validateRoles(roles: unknown): UserRole[] {
  const problem = rolesProblem(roles);
  if (problem !== undefined) throw invalid('roles', problem);
  return normalizeRoles(roles as UserRole[]);
}

/**
 * Returns the problem with a suite restriction, or undefined when it is valid. Entries are suite names or
 * suite paths (`s` or `/s`); deeper paths are refused because the restriction is per suite.
 */
export function suitesProblem(suites: unknown): string | undefined {
  if (!Array.isArray(suites)) return 'must be a list of suite names';
  for (const entry of suites as unknown[]) {
    const name = typeof entry === 'string' ? entry.replace(/^\//, '') : undefined;
    if (name === undefined || name.length === 0 || name.length > MAX_NAME_LENGTH || !SUITE_NAME_PATTERN.test(name)) {
      return `${JSON.stringify(entry)} is not a suite name or suite path (/suite)`;
    }
  }
  return undefined;
}

/** Throws `INVALID_ARGUMENT` naming the `suites` field; returns plain suite names, deduplicated and sorted. */
export function validateSuites(suites: unknown): string[] {
  const problem = suitesProblem(suites);
  if (problem !== undefined) throw invalid('suites', problem);
  return normalizeSuites(suites as string[]);
}

/** Strips leading slashes, deduplicates and sorts suite names. */
export function normalizeSuites(suites: readonly string[]): string[] {
  return [...new Set(suites.map((suite) => suite.replace(/^\//, '')))].sort();
}
