/**
 * The values both the text verbs and the JSON content types read from an entry, rendered as Granitic renders
 * them from Go's `http.Request` (reference/facilities.md §A.3.3), with secrets redacted.
 */
import type { AccessLogEntry } from '@isobar/protocol';
import { compileGoTimeLayout } from './go-time-layout.js';
import { REDACTED, type Redactor } from './redaction.js';

const MAPPED_PREFIX = /^::ffff:/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * `address:port` as Go's `RemoteAddr`: IPv6 in brackets, `::ffff:`-mapped IPv4 as plain IPv4 (Go unmaps it).
 * Returns `''` when the address is unknown (the socket was already gone).
 */
export function remoteHost(entry: AccessLogEntry): string {
  let address = entry.remoteAddress;
  if (address === undefined || address === '') return '';
  // Plain IPv4, the common case, needs no regular expression.
  const v6 = address.includes(':');
  if (v6 && MAPPED_PREFIX.test(address) && IPV4.test(address.slice(7))) address = address.slice(7);
  const port = entry.remotePort;
  if (port === undefined) return address;
  return v6 && address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Go's `URL.Path`: the percent-decoded path (the raw one when it does not decode). */
export function decodedPath(entry: AccessLogEntry): string {
  const { path } = entry;
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** `METHOD target PROTO` with secret query values redacted. */
export function requestLine(entry: AccessLogEntry, redactor: Redactor): string {
  const protocol = entry.protocol ?? 'HTTP/1.1';
  let target = entry.target;
  if (target === undefined) {
    target = entry.query === '' ? entry.path : `${entry.path}?${redactor.query(entry.query)}`;
  } else {
    const mark = target.indexOf('?');
    if (mark >= 0) target = target.slice(0, mark + 1) + redactor.query(target.slice(mark + 1));
  }
  return `${entry.method} ${target} ${protocol}`;
}

/**
 * The compiled reader of one request header: lower-case lookup, first value of an array, `***` for secrets.
 * Returns `undefined` when the header is absent or empty (Go's `Header.Get` returns `""` for both).
 */
export function headerReader(name: string, redactor: Redactor): (entry: AccessLogEntry) => string | undefined {
  const lower = name.toLowerCase();
  const secret = redactor.isSecretHeader(lower);
  return (entry) => {
    const raw = entry.headers?.[lower];
    const value = typeof raw === 'string' ? raw : raw?.[0];
    if (value === undefined || value === '') return undefined;
    return secret ? REDACTED : value;
  };
}

/** A context value by key; `requestId` and `instanceId` fall back to the entry's own fields. */
export function contextValue(entry: AccessLogEntry, key: string): string | undefined {
  const value = entry.context?.[key];
  if (value !== undefined && value !== '') return value;
  if (key === 'requestId') return entry.requestId;
  if (key === 'instanceId') return entry.instanceId;
  return undefined;
}

/** Time units of `%{unit}T` and `PROCESS_TIME`, in nanoseconds. */
export const DURATION_UNITS_NS = { s: 1e9, ms: 1e6, us: 1e3 } as const;

/** Elapsed time in a unit, truncated toward zero as Go's integer `Duration` division does. */
export function elapsed(entry: AccessLogEntry, unitNs: number): string {
  // Round to whole nanoseconds first so that 0.29 ms is 290 µs, not 289.99999… truncated to 289.
  const nanos = Math.round(entry.durationMs * 1e6);
  return String(Math.trunc(nanos / unitNs));
}

/**
 * A Go-layout time formatter bound to UTC or local time. Layouts without fractional seconds are cached per
 * whole second, because a busy server logs many requests in the same second.
 */
export function receivedFormatter(layout: string, utc: boolean): (entry: AccessLogEntry) => string {
  const compiled = compileGoTimeLayout(layout);
  if (compiled.subSecond) return (entry) => compiled.format(entry.received, utc);
  let cachedSecond = Number.NaN;
  let cached = '';
  return (entry) => {
    const second = Math.floor(entry.received.getTime() / 1000);
    if (second !== cachedSecond) {
      cached = compiled.format(entry.received, utc);
      cachedSecond = second;
    }
    return cached;
  };
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_ALL = /[\x00-\x1f\x7f]/g;

function hasControl(value: string): boolean {
  // A plain loop beats a regular expression on the short strings of a log line.
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * Escapes control characters as `\xHH` in text lines, so that a decoded `%0A` in a path or a newline in an
 * application value cannot forge a log line (Granitic writes them raw; Apache escapes them the same way).
 */
export function escapeControl(value: string): string {
  if (!hasControl(value)) return value;
  return value.replace(CONTROL_ALL, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
