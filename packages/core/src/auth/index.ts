// Public surface of the auth module: users file, password hashing, sessions, throttling, roles.
export { createAuthService, type AuthService, type LoginResult } from './auth-service.js';
export {
  resolveAuthServiceOptions,
  type AuthServiceOptions,
  type ResolvedAuthServiceOptions,
} from './auth-service-options.js';
export { authorize, suiteOfPath } from './authorize.js';
export {
  DEFAULT_LOGIN_THROTTLE,
  type LoginThrottleOptions,
  type ResolvedLoginThrottleOptions,
} from './login-throttle.js';
export {
  DEFAULT_SCRYPT_PARAMS,
  formatPasswordHash,
  hashPassword,
  isPasswordHash,
  parsePasswordHash,
  verifyPassword,
  type PasswordHash,
  type ScryptParams,
} from './password-hash.js';
export type { Principal } from './principal.js';
export { isUserRole, normalizeRoles, rolesAllow, type AuthAccess } from './roles.js';
export {
  DEFAULT_MIN_PASSWORD_LENGTH,
  MAX_USER_NAME_LENGTH,
  validateNewPassword,
  validateRoles,
  validateSuites,
  validateUserName,
} from './user-fields.js';
export { createUserStore } from './user-store.js';
export {
  USERS_FILE_NAME,
  resolveUserStoreOptions,
  type ResolvedUserStoreOptions,
  type UserStoreOptions,
} from './user-store-options.js';
export type {
  NewUser,
  UserInfo,
  UserStore,
  UserStoreReloadEvent,
  UserStoreReloadListener,
  UserUpdate,
} from './user-store-types.js';
export { USERS_FILE_VERSION, formatUsersFile, parseUsersFile, type StoredUser } from './users-file.js';
