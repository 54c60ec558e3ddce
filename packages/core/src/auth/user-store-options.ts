import { join } from 'node:path';
import { noopLogger, type Logger } from '@isobar/protocol';
import { DEFAULT_SCRYPT_PARAMS, scryptParamsProblem, type ScryptParams } from './password-hash.js';
import { DEFAULT_MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './user-fields.js';
import { createProblemCollector } from './option-checks.js';

/** The name of the users file inside a server home. */
export const USERS_FILE_NAME = 'users.json';

/** Options of {@link createUserStore}. */
export interface UserStoreOptions {
  /** The server home (`ECF_HOME`); the store reads and writes `<home>/users.json`. */
  readonly home: string;
  /** Watch the file and reload it when another process (`isobar-server users …`) changes it. @default true */
  readonly watch?: boolean;
  /** Quiet time after a change event before reloading. @default 50 */
  readonly debounceMs?: number;
  /** Interval of the stat fallback for file systems where fs.watch is silent; 0 = off. @default 2000 */
  readonly pollIntervalMs?: number;
  /** Shortest password `add` and `passwd` accept. @default 8 */
  readonly minPasswordLength?: number;
  /** scrypt cost of new hashes (N from 2^15). @default `{ N: 32768, r: 8, p: 1 }` */
  readonly scrypt?: ScryptParams;
  /** Logger (reload failures, loose file permissions). @default noopLogger */
  readonly logger?: Logger;
  /** Clock for the `createdAt`/`updatedAt` stamps, in ms since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** {@link UserStoreOptions} validated, with defaults applied. */
export interface ResolvedUserStoreOptions {
  readonly home: string;
  /** Absolute or home-relative path of the users file. */
  readonly file: string;
  readonly watch: boolean;
  readonly debounceMs: number;
  readonly pollIntervalMs: number;
  readonly minPasswordLength: number;
  readonly scrypt: ScryptParams;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * Validates the options once and applies defaults; throws `CONFIG_ERROR` listing every problem.
 *
 * @example
 * ```ts
 * resolveUserStoreOptions({ home: '/srv/isobar' }).file; // '/srv/isobar/users.json'
 * ```
 */
export function resolveUserStoreOptions(options: UserStoreOptions): ResolvedUserStoreOptions {
  const check = createProblemCollector();
  if (typeof options.home !== 'string' || options.home.length === 0)
    check.problems.push('home must be a directory path');
  check.boolean('watch', options.watch);
  check.integer('debounceMs', options.debounceMs, { min: 0, max: 60_000 });
  check.integer('pollIntervalMs', options.pollIntervalMs, { min: 0, max: 3_600_000 });
  check.integer('minPasswordLength', options.minPasswordLength, { min: 1, max: MAX_PASSWORD_LENGTH });
  const scrypt = options.scrypt ?? DEFAULT_SCRYPT_PARAMS;
  const scryptProblem = scryptParamsProblem(scrypt);
  if (scryptProblem !== undefined) check.problems.push(`scrypt: ${scryptProblem}`);
  check.throwIfAny('user store');
  return {
    home: options.home,
    file: join(options.home, USERS_FILE_NAME),
    watch: options.watch ?? true,
    debounceMs: options.debounceMs ?? 50,
    pollIntervalMs: options.pollIntervalMs ?? 2000,
    minPasswordLength: options.minPasswordLength ?? DEFAULT_MIN_PASSWORD_LENGTH,
    scrypt,
    logger: options.logger ?? noopLogger,
    now: options.now ?? Date.now,
  };
}
