// The on-disk format of `<home>/users.json`: {"version":1,"users":[…]}, checked field by field on load.
import { IsobarError, type UserRole } from '@isobar/protocol';
import { isPasswordHash, parsePasswordHash } from './password-hash.js';
import { normalizeRoles } from './roles.js';
import { normalizeSuites, rolesProblem, suitesProblem, userNameProblem } from './user-fields.js';

/** The format version this release reads and writes. */
export const USERS_FILE_VERSION = 1;

/** One user as stored: the public fields plus the password hash and timestamps. */
export interface StoredUser {
  readonly user: string;
  readonly roles: readonly UserRole[];
  /** Suites the user may change; absent = all. */
  readonly suites?: readonly string[];
  /** `scrypt$N$r$p$salt$hash`. */
  readonly hash: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC of the last change (password, roles, suites). */
  readonly updatedAt: string;
}

function corrupt(file: string, reason: string, cause?: unknown): IsobarError {
  return new IsobarError('CORRUPT_FILE', { details: { file, reason }, cause });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryProblem(entry: Record<string, unknown>): string | undefined {
  const name = userNameProblem(entry['user']);
  if (name !== undefined) return `user ${name}`;
  const roles = rolesProblem(entry['roles']);
  if (roles !== undefined) return `roles ${roles}`;
  if (entry['suites'] !== undefined) {
    const suites = suitesProblem(entry['suites']);
    if (suites !== undefined) return `suites ${suites}`;
  }
  if (typeof entry['hash'] !== 'string') return 'hash must be a string';
  const hash = parsePasswordHash(entry['hash']);
  if (!isPasswordHash(hash)) return `hash ${hash}`;
  return undefined;
}

function parseEntry(entry: unknown, index: number, file: string): StoredUser {
  if (!isRecord(entry)) throw corrupt(file, `users[${index}] is not an object`);
  const problem = entryProblem(entry);
  if (problem !== undefined) throw corrupt(file, `users[${index}].${problem}`);
  const stamp = (value: unknown): string => (typeof value === 'string' ? value : new Date(0).toISOString());
  const suites = entry['suites'] as string[] | undefined;
  return {
    user: entry['user'] as string,
    roles: normalizeRoles(entry['roles'] as UserRole[]),
    ...(suites === undefined ? {} : { suites: normalizeSuites(suites) }),
    hash: entry['hash'] as string,
    createdAt: stamp(entry['createdAt']),
    updatedAt: stamp(entry['updatedAt']),
  };
}

/**
 * Parses the text of a users file. Throws `CORRUPT_FILE` naming `file` (bad JSON, a bad entry, a duplicate
 * user) or `FORMAT_VERSION` (a version this release does not read).
 */
export function parseUsersFile(text: string, file: string): StoredUser[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `not valid JSON (${(error as Error).message})`, error);
  }
  if (!isRecord(document)) throw corrupt(file, 'the top level is not an object');
  const version = document['version'];
  if (typeof version !== 'number' || !Number.isInteger(version)) throw corrupt(file, 'no integer "version" field');
  if (version !== USERS_FILE_VERSION) {
    throw new IsobarError('FORMAT_VERSION', { details: { file, found: version, expected: USERS_FILE_VERSION } });
  }
  if (!Array.isArray(document['users'])) throw corrupt(file, '"users" is not a list');
  const users = (document['users'] as unknown[]).map((entry, index) => parseEntry(entry, index, file));
  const seen = new Set<string>();
  for (const { user } of users) {
    if (seen.has(user)) throw corrupt(file, `user ${user} appears twice`);
    seen.add(user);
  }
  return users;
}

/** Renders users as the text of a users file (sorted by name, one user per line block, trailing newline). */
export function formatUsersFile(users: Iterable<StoredUser>): string {
  const sorted = [...users].sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  return `${JSON.stringify({ version: USERS_FILE_VERSION, users: sorted }, null, 2)}\n`;
}
