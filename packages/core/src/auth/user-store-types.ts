import type { IsobarError, UserRole } from '@isobar/protocol';

/** A user as the store shows it: never the password hash. */
export interface UserInfo {
  readonly user: string;
  /** Roles, least powerful first; a higher role includes the lower ones. */
  readonly roles: readonly UserRole[];
  /** Suites the user may change (plain names); absent = all suites. */
  readonly suites?: readonly string[];
}

/** Arguments of {@link UserStore.add}. */
export interface NewUser {
  readonly user: string;
  readonly password: string;
  readonly roles: readonly UserRole[];
  /** Suite names or suite paths (`s` or `/s`) the user may change; absent = all. */
  readonly suites?: readonly string[];
}

/** Arguments of {@link UserStore.update}; absent fields stay as they are. */
export interface UserUpdate {
  readonly roles?: readonly UserRole[];
  /** New suite restriction; `null` removes it (the user may change every suite). */
  readonly suites?: readonly string[] | null;
}

/** What a reload produced: the new user count, or the error that made the store keep its old users. */
export type UserStoreReloadEvent =
  | { readonly ok: true; readonly users: number; readonly file: string }
  | { readonly ok: false; readonly error: IsobarError; readonly file: string };

/** Listener of {@link UserStore.onReload}. */
export type UserStoreReloadListener = (event: UserStoreReloadEvent) => void;

/**
 * The users of a server, kept in `<home>/users.json` (mode 0600, written atomically) and reloaded when
 * another process changes that file.
 */
export interface UserStore {
  /** Path of the users file. */
  readonly file: string;
  /** True when the users file existed at the last load or write (no file = no users configured). */
  readonly exists: boolean;
  /** Number of users. */
  readonly size: number;
  /** One user, or undefined. */
  get(user: string): UserInfo | undefined;
  /** Every user, sorted by name. */
  list(): UserInfo[];
  /** Creates a user; `ALREADY_EXISTS` if the name is taken, `INVALID_ARGUMENT` naming the bad field. */
  add(user: NewUser): Promise<UserInfo>;
  /** Deletes a user; `NOT_FOUND` if there is none. */
  delete(user: string): Promise<void>;
  /** Sets a user's password; `NOT_FOUND` if there is none, `INVALID_ARGUMENT` for a short password. */
  passwd(user: string, password: string): Promise<void>;
  /** Changes roles or the suite restriction; `NOT_FOUND` if there is none. */
  update(user: string, update: UserUpdate): Promise<UserInfo>;
  /**
   * The user when `password` is theirs, else undefined. Takes the same time for unknown users (scrypt runs
   * against a dummy hash) so the answer's timing does not reveal which names exist.
   */
  verify(user: string, password: string): Promise<UserInfo | undefined>;
  /**
   * An opaque value that changes whenever the user's password changes (undefined for no such user). Sessions
   * remember it to end themselves when the password changes or the user goes.
   */
  credentialStamp(user: string): string | undefined;
  /** Reads the file again now (also when unchanged); a corrupt file keeps the old users. */
  reload(): Promise<UserStoreReloadEvent>;
  /** Calls `listener` after every reload caused by a change on disk or by {@link reload}; returns an unsubscribe function. */
  onReload(listener: UserStoreReloadListener): () => void;
  /** Resolves with the next reload event (register before changing the file). */
  nextReload(): Promise<UserStoreReloadEvent>;
  /** Stops watching the file. Pending writes still finish. */
  close(): void;
}
