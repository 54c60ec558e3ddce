import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAccessLogFormatter, type AccessLogEntry, type JsonField } from '@isobar/access-log';
import { FULL } from './entries.js';

const SECRET: AccessLogEntry = {
  ...FULL,
  query: 'a=1&api_key=K1&Token=T2&password=P3&client_secret=S4&auth=A5&ECF_PASS=E6&api%5Fkey=K7&b=2',
  headers: { authorization: 'Bearer abc', cookie: 'sid=xyz', 'x-api-key': 'k', 'x-auth-token': 't', accept: 'a/b' },
};
const REDACTED_QUERY =
  'a=1&api_key=***&Token=***&password=***&client_secret=***&auth=***&ECF_PASS=***&api%5Fkey=***&b=2';

describe('secrets never reach the log', () => {
  it('redacts secret query values in %q and %r', () => {
    const out = createAccessLogFormatter({ format: '%q|%r' }).format(SECRET);
    assert.equal(out, `?${REDACTED_QUERY}|GET /v1/a%20b?${REDACTED_QUERY} HTTP/1.1\n`);
    assert.doesNotMatch(out, /K1|T2|P3|S4|A5|E6|K7/);
  });

  it('redacts the query inside an explicit target too', () => {
    const out = createAccessLogFormatter({ format: '%r' }).format({ ...FULL, target: '/x?token=abc&ok=1' });
    assert.equal(out, 'GET /x?token=***&ok=1 HTTP/1.1\n');
  });

  it('logs Authorization, Cookie, X-Api-Key and *auth* headers as ***, others as they are', () => {
    const out = createAccessLogFormatter({
      format: '%{Authorization}i %{Cookie}i %{X-Api-Key}i %{X-Auth-Token}i %{Accept}i %{Proxy-Authorization}i',
    }).format(SECRET);
    assert.equal(out, '*** *** *** *** a/b -\n');
  });

  it('redacts in JSON QUERY, REQUEST_LINE and REQ_HEADER', () => {
    const fields: JsonField[] = [
      ['q', 'QUERY'],
      ['l', 'REQUEST_LINE'],
      ['h', 'REQ_HEADER', 'authorization'],
    ];
    const out = JSON.parse(createAccessLogFormatter({ entryFormat: 'json', json: { fields } }).format(SECRET));
    assert.deepEqual(out, { q: REDACTED_QUERY, l: `GET /v1/a%20b?${REDACTED_QUERY} HTTP/1.1`, h: '***' });
  });

  it('takes extra secret words and headers', () => {
    const f = createAccessLogFormatter({
      format: '%q %{X-Tenant}i',
      secretWords: ['pin'],
      secretHeaders: ['x-tenant'],
    });
    assert.equal(f.format({ ...FULL, query: 'pin=1234&x=1', headers: { 'x-tenant': 'blue' } }), '?pin=***&x=1 ***\n');
  });

  it('leaves a query without secrets untouched (same string)', () => {
    assert.equal(createAccessLogFormatter({ format: '%q' }).format(FULL), '?x=1&y=2\n');
  });
});
