import { createHash, randomBytes } from 'node:crypto';
import { IsobarError, isIsobarError } from '@isobar/protocol';
import { writeFileAtomic } from './atomic-write.js';
import { createFileWatcher, type FileWatcher } from './file-watcher.js';
import { hashPassword, isPasswordHash, parsePasswordHash, verifyPassword, type PasswordHash } from './password-hash.js';
import { validateNewPassword, validateRoles, validateSuites, validateUserName } from './user-fields.js';
import { resolveUserStoreOptions, type ResolvedUserStoreOptions, type UserStoreOptions } from './user-store-options.js';
import type {
  NewUser,
  UserInfo,
  UserStore,
  UserStoreReloadEvent,
  UserStoreReloadListener,
  UserUpdate,
} from './user-store-types.js';
import { fileSignature, readUsersFile, type FileSignature } from './users-disk.js';
import { formatUsersFile, type StoredUser } from './users-file.js';

type UserMap = Map<string, StoredUser>;

function toInfo(stored: StoredUser): UserInfo {
  return { user: stored.user, roles: [...stored.roles], ...(stored.suites ? { suites: [...stored.suites] } : {}) };
}

function notFound(user: string): IsobarError {
  return new IsobarError('NOT_FOUND', { message: `No such user: ${user}`, details: { path: user, user } });
}

/**
 * Opens the users file of a server home (an absent file means no users yet; it is created, mode 0600, by the
 * first change). Throws `CORRUPT_FILE` or `FORMAT_VERSION` when the file exists but cannot be used, so a
 * server refuses to start rather than run without its users.
 *
 * @example
 * ```ts
 * const users = await createUserStore({ home: '/srv/isobar' });
 * await users.add({ user: 'ops', password: 'correct horse', roles: ['operator'], suites: ['s'] });
 * ```
 */
export async function createUserStore(options: UserStoreOptions): Promise<UserStore> {
  const resolved = resolveUserStoreOptions(options);
  const initial = await readUsersFile(resolved.file);
  warnIfLoose(resolved, initial.mode);
  const store = new JsonUserStore(resolved, initial.users, initial.signature);
  if (resolved.watch) store.startWatching();
  return store;
}

function warnIfLoose(options: ResolvedUserStoreOptions, mode: number | undefined): void {
  if (mode !== undefined && (mode & 0o077) !== 0) {
    options.logger.warn('the users file is accessible to other users; it should be mode 0600', {
      file: options.file,
      mode: `0${mode.toString(8)}`,
    });
  }
}

class JsonUserStore implements UserStore {
  readonly file: string;
  private users: UserMap;
  private signature: FileSignature;
  private fileExists: boolean;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<UserStoreReloadListener>();
  private watcher: FileWatcher | undefined;
  private dummyHash: Promise<PasswordHash> | undefined;
  /** Why the file on disk (at `signature`) could not be loaded; undefined when memory matches the disk. */
  private diskError: IsobarError | undefined;

  constructor(
    private readonly options: ResolvedUserStoreOptions,
    users: StoredUser[] | undefined,
    signature: FileSignature,
  ) {
    this.file = options.file;
    this.users = new Map((users ?? []).map((user) => [user.user, user]));
    this.signature = signature;
    this.fileExists = users !== undefined;
  }

  get exists(): boolean {
    return this.fileExists;
  }

  get size(): number {
    return this.users.size;
  }

  startWatching(): void {
    this.watcher = createFileWatcher(this.file, () => void this.checkForChange(), {
      debounceMs: this.options.debounceMs,
      pollIntervalMs: this.options.pollIntervalMs,
      onWatchError: (error) =>
        this.options.logger.warn('cannot watch the users file; polling it instead', { file: this.file, error }),
    });
  }

  get(user: string): UserInfo | undefined {
    const stored = this.users.get(user);
    return stored ? toInfo(stored) : undefined;
  }

  list(): UserInfo[] {
    return [...this.users.values()].sort((a, b) => (a.user < b.user ? -1 : 1)).map(toInfo);
  }

  credentialStamp(user: string): string | undefined {
    const stored = this.users.get(user);
    return stored ? createHash('sha256').update(stored.hash).digest('base64url') : undefined;
  }

  async add(newUser: NewUser): Promise<UserInfo> {
    const user = validateUserName(newUser.user);
    const roles = validateRoles(newUser.roles);
    const suites = newUser.suites === undefined ? undefined : validateSuites(newUser.suites);
    const hash = await hashPassword(
      validateNewPassword(newUser.password, this.options.minPasswordLength),
      this.options.scrypt,
    );
    return this.mutate((users, stamp) => {
      if (users.has(user)) {
        throw new IsobarError('ALREADY_EXISTS', {
          message: `User ${user} already exists`,
          details: { path: user, user },
        });
      }
      const stored: StoredUser = {
        user,
        roles,
        ...(suites ? { suites } : {}),
        hash,
        createdAt: stamp,
        updatedAt: stamp,
      };
      users.set(user, stored);
      return toInfo(stored);
    });
  }

  async delete(user: string): Promise<void> {
    await this.mutate((users) => {
      if (!users.delete(user)) throw notFound(user);
    });
  }

  async passwd(user: string, password: string): Promise<void> {
    const hash = await hashPassword(validateNewPassword(password, this.options.minPasswordLength), this.options.scrypt);
    await this.mutate((users, stamp) => {
      const stored = users.get(user);
      if (!stored) throw notFound(user);
      users.set(user, { ...stored, hash, updatedAt: stamp });
    });
  }

  async update(user: string, update: UserUpdate): Promise<UserInfo> {
    const roles = update.roles === undefined ? undefined : validateRoles(update.roles);
    const suites =
      update.suites === undefined || update.suites === null ? update.suites : validateSuites(update.suites);
    return this.mutate((users, stamp) => {
      const stored = users.get(user);
      if (!stored) throw notFound(user);
      const { suites: oldSuites, ...rest } = stored;
      const nextSuites = suites === undefined ? oldSuites : (suites ?? undefined);
      const next: StoredUser = {
        ...rest,
        roles: roles ?? stored.roles,
        ...(nextSuites ? { suites: nextSuites } : {}),
        updatedAt: stamp,
      };
      users.set(user, next);
      return toInfo(next);
    });
  }

  async verify(user: string, password: string): Promise<UserInfo | undefined> {
    const stored = this.users.get(user);
    const parsed = stored ? parsePasswordHash(stored.hash) : undefined;
    if (!stored || parsed === undefined || !isPasswordHash(parsed)) {
      await verifyPassword(password, await this.dummy());
      return undefined;
    }
    const ok = await verifyPassword(password, parsed);
    // The password was checked against the hash read before the await; a concurrent passwd must not let it pass.
    return ok && this.users.get(user)?.hash === stored.hash ? toInfo(stored) : undefined;
  }

  reload(): Promise<UserStoreReloadEvent> {
    return this.serial(() => this.load());
  }

  onReload(listener: UserStoreReloadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nextReload(): Promise<UserStoreReloadEvent> {
    return new Promise((resolve) => {
      const off = this.onReload((event) => {
        off();
        resolve(event);
      });
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private dummy(): Promise<PasswordHash> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('hex'), this.options.scrypt).then(
      (text) => parsePasswordHash(text) as PasswordHash,
    );
    return this.dummyHash;
  }

  /** Runs `task` after every earlier reload or change, so writes never interleave. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async checkForChange(): Promise<void> {
    await this.serial(async () => {
      if ((await fileSignature(this.file).catch(() => 'unknown')) === this.signature) return;
      await this.load();
    });
  }

  /** Loads the file; on failure keeps the users in memory, logs, and reports the error to listeners. */
  private async load(): Promise<UserStoreReloadEvent> {
    let event: UserStoreReloadEvent;
    // Remember the version even when it fails to load, so a broken file is reported once, not on every poll.
    this.signature = await fileSignature(this.file).catch(() => 'unreadable');
    try {
      const disk = await readUsersFile(this.file);
      if (disk.users === undefined) {
        throw new IsobarError('CORRUPT_FILE', { details: { file: this.file, reason: 'the file was removed' } });
      }
      warnIfLoose(this.options, disk.mode);
      this.users = new Map(disk.users.map((user) => [user.user, user]));
      this.fileExists = true;
      this.diskError = undefined;
      event = { ok: true, users: this.users.size, file: this.file };
      this.options.logger.info('users file reloaded', { file: this.file, users: this.users.size });
    } catch (error) {
      const failure = isIsobarError(error)
        ? error
        : new IsobarError('CORRUPT_FILE', { details: { file: this.file, reason: String(error) }, cause: error });
      this.options.logger.error('users file not reloaded; keeping the previous users', {
        file: this.file,
        error: failure.message,
      });
      this.diskError = failure;
      event = { ok: false, error: failure, file: this.file };
    }
    for (const listener of [...this.listeners]) listener(event);
    return event;
  }

  /**
   * Applies `change` to the newest users and writes the file. An edit made on disk since the last load is
   * read first, so a server-side change never overwrites an offline one; a corrupt file is never overwritten.
   */
  private mutate<T>(change: (users: UserMap, stamp: string) => T): Promise<T> {
    return this.serial(async () => {
      if ((await fileSignature(this.file)) !== this.signature) {
        await this.load();
      }
      // A removed file is rewritten from memory (the users stay authoritative); a corrupt one is left for a human.
      if (this.diskError !== undefined && this.signature !== 'missing') throw this.diskError;
      const users: UserMap = new Map(this.users);
      const result = change(users, new Date(this.options.now()).toISOString());
      try {
        await writeFileAtomic(this.file, formatUsersFile(users.values()), { mode: 0o600 });
      } catch (error) {
        throw new IsobarError('STORAGE_FAILED', {
          details: { reason: `cannot write ${this.file}: ${(error as Error).message}` },
          cause: error,
        });
      }
      this.users = users;
      this.fileExists = true;
      this.diskError = undefined;
      this.signature = await fileSignature(this.file);
      return result;
    });
  }
}
