/**
 * Keeps secrets out of the access log. Query parameters whose name contains a sensitive word have their value
 * replaced by `***`, and sensitive request headers are logged as `***`, in every verb and JSON field that could
 * show them. Over-redacting (`monkey=1` contains `key`) is the safe side of this trade.
 */

/** The replacement written instead of a secret. */
export const REDACTED = '***';

/**
 * Words that mark a query parameter (and a header) as secret when they appear anywhere in its name, case
 * insensitively. Covers `api_key`, `access_token`, `ECF_PASS`, `client_secret`, `auth`, `sig`, `session`….
 */
export const DEFAULT_SECRET_WORDS: readonly string[] = Object.freeze([
  'key',
  'token',
  'pass',
  'pwd',
  'secret',
  'auth',
  'credential',
  'session',
  'signature',
  'sig',
]);

/** Headers always logged as `***`, whatever their name contains. */
export const DEFAULT_SECRET_HEADERS: readonly string[] = Object.freeze([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

/** A compiled redaction policy. */
export interface Redactor {
  /** The raw query (no `?`) with secret values replaced. Returns the input itself when nothing is secret. */
  query(raw: string): string;
  /** True when a header of this (lower-case) name must be logged as `***`. */
  isSecretHeader(lowerName: string): boolean;
}

function escapeRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeName(name: string): string {
  if (!name.includes('%') && !name.includes('+')) return name;
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * Compiles a redaction policy from secret words and secret header names (both matched case-insensitively).
 *
 * @example
 * ```ts
 * createRedactor(DEFAULT_SECRET_WORDS, DEFAULT_SECRET_HEADERS).query('a=1&token=abc'); // 'a=1&token=***'
 * ```
 */
export function createRedactor(words: readonly string[], headers: readonly string[]): Redactor {
  const pattern = new RegExp(words.map(escapeRegExp).join('|') || '(?!)', 'i');
  // Percent-encoded names could hide a word from the quick test; they take the slow path.
  const quick = new RegExp(`${pattern.source}|%`, 'i');
  const headerSet = new Set(headers.map((name) => name.toLowerCase()));
  const isSecretName = (name: string): boolean => pattern.test(decodeName(name));
  const redactQuery = (raw: string): string => {
    if (!quick.test(raw)) return raw;
    let changed = false;
    const params = raw.split(/([&;])/);
    for (let i = 0; i < params.length; i += 2) {
      const param = params[i] ?? '';
      const eq = param.indexOf('=');
      if (eq < 0 || !isSecretName(param.slice(0, eq))) continue;
      params[i] = `${param.slice(0, eq + 1)}${REDACTED}`;
      changed = true;
    }
    return changed ? params.join('') : raw;
  };
  // Clients repeat the same query (polling), so the last answer is worth keeping.
  let lastRaw = '';
  let lastRedacted = '';
  const redact = (raw: string): string => {
    if (raw === lastRaw) return lastRedacted;
    lastRedacted = redactQuery(raw);
    lastRaw = raw;
    return lastRedacted;
  };
  return {
    query: (raw: string): string => (raw === '' ? raw : redact(raw)),
    isSecretHeader(lowerName: string): boolean {
      return headerSet.has(lowerName) || pattern.test(lowerName);
    },
  };
}
