// scrypt password hashes in a self-describing string, so the cost can rise later without breaking old entries.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Cost parameters of a scrypt hash. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. @default 32768 (2^15) */
  readonly N: number;
  /** Block size. @default 8 */
  readonly r: number;
  /** Parallelism. @default 1 */
  readonly p: number;
}

/** A parsed `scrypt$N$r$p$salt$hash` string. */
export interface PasswordHash extends ScryptParams {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/** The parameters new hashes get (OWASP's scrypt minimum is N=2^17 with r=8 for interactive use at p=1; 2^15 keeps logins near 100 ms on small machines). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

/** Bytes of random salt per hash. */
export const SALT_BYTES = 16;

/** Bytes of derived key per hash. */
export const KEY_BYTES = 64;

const MIN_N = 2 ** 15;
const MAX_N = 2 ** 20;
/** A stored hash may not ask for more memory than this, so a tampered file cannot exhaust the server. */
const MAX_SCRYPT_MEMORY = 512 * 1024 * 1024;
const B64 = /^[A-Za-z0-9_-]+$/;

function scryptMemory(params: ScryptParams): number {
  return 128 * params.N * params.r + 128 * params.r * params.p;
}

/** Returns the problem with a set of scrypt parameters, or undefined when they are acceptable. */
export function scryptParamsProblem(params: ScryptParams): string | undefined {
  const { N, r, p } = params;
  if (!Number.isInteger(N) || N < MIN_N || N > MAX_N || (N & (N - 1)) !== 0) {
    return `N must be a power of two from 2^15 to 2^20, got ${N}`;
  }
  if (!Number.isInteger(r) || r < 1 || r > 32) return `r must be an integer from 1 to 32, got ${r}`;
  if (!Number.isInteger(p) || p < 1 || p > 16) return `p must be an integer from 1 to 16, got ${p}`;
  if (scryptMemory(params) > MAX_SCRYPT_MEMORY) return 'the parameters need more than 512 MiB of memory';
  return undefined;
}

function derive(password: string, salt: Buffer, params: ScryptParams & { keyLength: number }): Promise<Buffer> {
  const keyLength = params.keyLength;
  // maxmem must cover 128*N*r, or node refuses; twice that leaves room for its bookkeeping.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 2 * scryptMemory(params) };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes a password with a fresh 16-byte salt and returns `scrypt$N$r$p$salt$hash` (base64url, no padding).
 *
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse'); // 'scrypt$32768$8$1$…$…'
 * ```
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const problem = scryptParamsProblem(params);
  if (problem !== undefined) throw new RangeError(`scrypt parameters: ${problem}`);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, { ...params, keyLength: KEY_BYTES });
  return formatPasswordHash({ ...params, salt, hash });
}

/** Renders a parsed hash back to its string form. */
export function formatPasswordHash(value: PasswordHash): string {
  return ['scrypt', value.N, value.r, value.p, value.salt.toString('base64url'), value.hash.toString('base64url')].join(
    '$',
  );
}

/**
 * Parses `scrypt$N$r$p$salt$hash`; returns a description of the problem instead when the string is not one
 * (the store reports it as a corrupt file).
 */
export function parsePasswordHash(text: string): PasswordHash | string {
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return 'expected scrypt$N$r$p$salt$hash';
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const numbers = [n, r, p].map((part) => (/^[0-9]{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  const params = { N: numbers[0], r: numbers[1], p: numbers[2] };
  const problem = scryptParamsProblem(params);
  if (problem !== undefined) return problem;
  if (!B64.test(salt) || !B64.test(hash)) return 'salt and hash must be base64url';
  const saltBytes = Buffer.from(salt, 'base64url');
  const hashBytes = Buffer.from(hash, 'base64url');
  if (saltBytes.length < SALT_BYTES) return `the salt must have at least ${SALT_BYTES} bytes`;
  if (hashBytes.length < 32 || hashBytes.length > 128) return 'the hash must have 32 to 128 bytes';
  return { ...params, salt: saltBytes, hash: hashBytes };
}

/** True when `value` is a parsed hash rather than a parse problem. */
export function isPasswordHash(value: PasswordHash | string): value is PasswordHash {
  return typeof value !== 'string';
}

/**
 * Checks a password against a parsed hash in constant time (for the comparison; scrypt itself takes the
 * same time for any password of the same cost).
 */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, stored.salt, {
    N: stored.N,
    r: stored.r,
    p: stored.p,
    keyLength: stored.hash.length,
  });
  return timingSafeEqual(candidate, stored.hash);
}
