import { randomFillSync } from 'node:crypto';

/**
 * How request ids are rendered. All three encode the same 16 random bytes of a version-4 UUID: `rfc4122` is
 * `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` (36 characters), `base32` is RFC 4648 with padding (32), `base64` is
 * the standard alphabet with padding (24). Granitic offers the same choice but always renders RFC 4122 (a bug);
 * this does what it meant.
 */
export const REQUEST_ID_FORMATS = ['rfc4122', 'base32', 'base64'] as const;

/** One of {@link REQUEST_ID_FORMATS}. */
export type RequestIdFormat = (typeof REQUEST_ID_FORMATS)[number];

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// Random bytes are drawn in blocks: one getrandom call per 256 ids instead of one per request.
const POOL_IDS = 256;

/** The 16 bytes of a fresh version-4 UUID. */
function createUuidBytesSource(): () => Buffer {
  const pool = Buffer.allocUnsafe(16 * POOL_IDS);
  let next = POOL_IDS;
  return () => {
    if (next === POOL_IDS) {
      randomFillSync(pool);
      next = 0;
    }
    const bytes = pool.subarray(next * 16, next * 16 + 16);
    next++;
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    return bytes;
  };
}

/** RFC 4648 base32 with `=` padding. */
export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

function formatRfc4122(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Creates a generator of request ids in the given format.
 *
 * @example
 * ```ts
 * const next = createRequestIdGenerator('base64');
 * next(); // 'q83vEjRWR4iZqrvM3e7/AA==' (24 characters)
 * ```
 */
export function createRequestIdGenerator(format: RequestIdFormat): () => string {
  const source = createUuidBytesSource();
  switch (format) {
    case 'rfc4122':
      return () => formatRfc4122(source());
    case 'base32':
      return () => encodeBase32(source());
    case 'base64':
      return () => source().toString('base64');
  }
}

const INCOMING_ID = /^[\x21-\x7e]{1,128}$/;

/** True when an incoming `X-Request-Id` may be kept: 1 to 128 visible ASCII characters. */
export function isAcceptableRequestId(value: unknown): value is string {
  return typeof value === 'string' && INCOMING_ID.test(value);
}
