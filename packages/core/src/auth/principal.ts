import type { UserRole } from '@isobar/protocol';

/** Who a request acts for, as authentication established it. */
export interface Principal {
  readonly user: string;
  /** Roles, least powerful first; a higher role includes the lower ones. */
  readonly roles: readonly UserRole[];
  /** Suites the user may change (plain names); absent = every suite. Reading is never restricted. */
  readonly suites?: readonly string[];
  /** When the bearer session ends (ISO-8601 UTC); absent for other kinds of authentication. */
  readonly expiresAt?: string;
}
