// The contract between the HTTP facility and the auth step (src/auth, `createAuthService`): the facility only
// knows this interface, so the two can be built and tested apart.

import type { UserRole } from '@isobar/protocol';
import type { Principal } from '../auth/principal.js';

export type { Principal };

/** A user role, from least to most powerful; a higher role includes the lower ones. */
export type Role = UserRole;

/** What a successful login returns. */
export interface LoginReply {
  readonly token: string;
  /** ISO timestamp. */
  readonly expiresAt: string;
  readonly roles: Role[];
}

/**
 * Authentication and authorisation as the HTTP facility needs them. `createAuthService` (src/auth) implements
 * it; embedders may supply their own (single sign-on, a reverse proxy's identity headers).
 */
export interface Authenticator {
  /** Exchanges a user name and password for a bearer token. @throws AUTH_FAILED, THROTTLED */
  login(user: string, password: string, remote: string): Promise<LoginReply>;
  /** Ends the session of a token (unknown tokens are ignored). */
  logout(token: string): void;
  /** The principal of a bearer token. @throws AUTH_FAILED, AUTH_EXPIRED */
  authenticateBearer(token: string): Principal;
  /** The principal of HTTP Basic credentials. @throws AUTH_FAILED, THROTTLED */
  authenticateBasic(user: string, password: string, remote: string): Promise<Principal>;
  /**
   * Checks that the principal holds `access` (for the suite at `suitePath`, `/name`, when the call names nodes).
   * @throws FORBIDDEN
   */
  authorize(principal: Principal, access: Role, suitePath?: string): void;
  /**
   * True while there is nobody to authenticate yet (the launcher's users file does not exist). The facility
   * then treats requests as a server without an authenticator does: a loopback request without forwarding
   * headers is the anonymous admin, any other needs credentials. Asked on every request, so the server
   * switches to authenticated mode the moment users appear, without a restart.
   * @default always false
   */
  isOpen?(): boolean;
}

/** A user as user administration shows it: never a password hash. */
export interface AdministeredUser {
  readonly user: string;
  readonly roles: readonly Role[];
  /** Suites the user may change; absent = all. */
  readonly suites?: readonly string[];
}

/**
 * User administration behind the `users.*` methods. The user store of src/auth (`createUserStore`) implements
 * it; without one those methods answer NOT_IMPLEMENTED.
 */
export interface UserAdministration {
  list(): readonly AdministeredUser[];
  /** @throws ALREADY_EXISTS, INVALID_ARGUMENT */
  add(user: {
    user: string;
    password: string;
    roles: readonly Role[];
    suites?: readonly string[];
  }): Promise<AdministeredUser>;
  /** @throws NOT_FOUND */
  delete(user: string): Promise<void>;
  /** @throws NOT_FOUND, INVALID_ARGUMENT */
  passwd(user: string, password: string): Promise<void>;
  /** The user when the password is right, else `undefined`. */
  verify(user: string, password: string): Promise<AdministeredUser | undefined>;
}
