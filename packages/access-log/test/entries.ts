// Entries shared by the formatter tests: the requests behind the examples in Granitic's documentation.
import type { AccessLogEntry } from '@isobar/protocol';

/** A POST /test from [::1]:port received at the given UTC time, 252 µs, status 200, no body. */
export function docEntry(port: number, utcMs: number, overrides: Partial<AccessLogEntry> = {}): AccessLogEntry {
  return {
    received: new Date(utcMs),
    durationMs: 0.252,
    remoteAddress: '::1',
    remotePort: port,
    method: 'POST',
    path: '/test',
    query: '',
    protocol: 'HTTP/1.1',
    status: 200,
    bytesOut: 0,
    headers: {},
    ...overrides,
  };
}

/** A fuller entry for exercising every verb. */
export const FULL: AccessLogEntry = {
  received: new Date(Date.UTC(2019, 9, 9, 14, 59, 55, 123)),
  durationMs: 2345.678912,
  remoteAddress: '192.0.2.7',
  remotePort: 5123,
  method: 'GET',
  path: '/v1/a%20b',
  query: 'x=1&y=2',
  protocol: 'HTTP/1.1',
  status: 404,
  bytesOut: 1234,
  headers: { 'user-agent': 'curl/8', referer: 'http://r/', 'x-forwarded-for': '10.0.0.1, 10.0.0.2' },
  user: 'alice',
  requestId: 'req-1',
  instanceId: 'inst-1',
  context: { tenant: 'blue' },
};
