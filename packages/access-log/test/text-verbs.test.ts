import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAccessLogFormatter, TEXT_PRESETS, type AccessLogEntry } from '@isobar/access-log';
import { docEntry, FULL } from './entries.js';

const line = (format: string, entry: AccessLogEntry = FULL, utc = true): string =>
  createAccessLogFormatter({ format, utc }).format(entry);

describe('text presets reproduce the examples of Granitic’s documentation', () => {
  it('framework (the default)', () => {
    const entry = docEntry(49574, Date.UTC(2019, 9, 9, 14, 59, 55));
    assert.equal(
      createAccessLogFormatter().format(entry),
      '[::1]:49574 XFF[-] - - [09/Oct/2019:14:59:55 Z] "POST /test" 200 -B 252μs\n',
    );
  });

  it('common', () => {
    const entry = docEntry(49580, Date.UTC(2019, 9, 9, 15, 1, 35));
    assert.equal(
      createAccessLogFormatter({ preset: 'common' }).format(entry),
      '[::1]:49580 - - [09/Oct/2019:15:01:35 +0000] "POST /test HTTP/1.1" 200 -\n',
    );
  });

  it('combined', () => {
    const entry = docEntry(49584, Date.UTC(2019, 9, 9, 15, 2, 37));
    assert.equal(
      createAccessLogFormatter({ preset: 'combined' }).format(entry),
      '[::1]:49584 - - [09/Oct/2019:15:02:37 +0000] "POST /test HTTP/1.1" 200 - "-" "-"\n',
    );
  });

  it('uses Granitic’s exact preset strings and lets a custom format override the preset', () => {
    assert.equal(TEXT_PRESETS.common, '%h %l %u %t "%r" %s %b');
    assert.equal(createAccessLogFormatter({ preset: 'combined', format: '%s' }).format(FULL), '404\n');
  });
});

describe('every text verb', () => {
  it('%% %l %m %s', () => assert.equal(line('%% %l %m %s'), '% - GET 404\n'));

  it('%b and %B count body bytes; - and 0 when none', () => {
    assert.equal(line('%b %B'), '1234 1234\n');
    assert.equal(line('%b %B', { ...FULL, bytesOut: 0 }), '- 0\n');
  });

  it('%D %T %{s}T %{ms}T %{us}T truncate; an unknown unit prints ??', () => {
    assert.equal(line('%D %T %{s}T %{ms}T %{us}T %{h}T'), '2345678 2 2 2345 2345678 ??\n');
    assert.equal(line('%D', { ...FULL, durationMs: 0.29 }), '290\n');
  });

  it('%h is address:port, IPv6 in brackets, mapped IPv4 unmapped, - when unknown', () => {
    assert.equal(line('%h'), '192.0.2.7:5123\n');
    assert.equal(line('%h', { ...FULL, remoteAddress: '2001:db8::1', remotePort: 443 }), '[2001:db8::1]:443\n');
    assert.equal(line('%h', { ...FULL, remoteAddress: '::ffff:127.0.0.1', remotePort: 80 }), '127.0.0.1:80\n');
    assert.equal(line('%h', { ...FULL, remoteAddress: undefined, remotePort: undefined }), '-\n');
  });

  it('%{H}i reads a header case-insensitively, first value of an array, - when missing or empty', () => {
    assert.equal(line('%{User-Agent}i|%{X-FORWARDED-FOR}i|%{Nope}i'), 'curl/8|10.0.0.1, 10.0.0.2|-\n');
    assert.equal(line('%{Accept}i', { ...FULL, headers: { accept: ['a/b', 'c/d'] } }), 'a/b\n');
    assert.equal(line('%{Accept}i', { ...FULL, headers: { accept: '' } }), '-\n');
    assert.equal(line('%{Accept}i', { ...FULL, headers: undefined }), '-\n');
  });

  it('%q has a leading ? and is empty without a query; %U is the decoded path', () => {
    assert.equal(line('[%q] %U'), '[?x=1&y=2] /v1/a b\n');
    assert.equal(line('[%q]', { ...FULL, query: '' }), '[]\n');
    assert.equal(line('%U', { ...FULL, path: '/bad%zz' }), '/bad%zz\n');
  });

  it('%r is METHOD target PROTO, from target when given', () => {
    assert.equal(line('%r'), 'GET /v1/a%20b?x=1&y=2 HTTP/1.1\n');
    assert.equal(line('%r', { ...FULL, target: '/v1/x?', query: '', protocol: 'HTTP/1.0' }), 'GET /v1/x? HTTP/1.0\n');
    assert.equal(line('%r', { ...FULL, protocol: undefined, query: '' }), 'GET /v1/a%20b HTTP/1.1\n');
  });

  it('%t prints its brackets; %{layout}t uses a Go layout; UTC or local', () => {
    assert.equal(
      line('%t %{2006-01-02T15:04:05.000Z07:00}t'),
      '[09/Oct/2019:14:59:55 +0000] 2019-10-09T14:59:55.123Z\n',
    );
    const hour = String(FULL.received.getHours()).padStart(2, '0');
    assert.equal(line('%{15}t', FULL, false), `${hour}\n`);
  });

  it('%u shows the authenticated user (Granitic always printed -), - without one', () => {
    assert.equal(line('%u'), 'alice\n');
    assert.equal(line('%u', { ...FULL, user: undefined }), '-\n');
  });

  it('%{key}X reads context values, falls back to requestId/instanceId, - when missing', () => {
    assert.equal(line('%{tenant}X %{requestId}X %{instanceId}X %{nope}X'), 'blue req-1 inst-1 -\n');
    assert.equal(line('%{tenant}X', { ...FULL, context: undefined }), '-\n');
  });

  it('an argument on a verb that takes none, or a missing argument, prints ???', () => {
    assert.equal(line('%{x}m %{x}b %{x}l %i %X'), '??? ??? ??? ??? ???\n');
  });

  it('keeps text that is not a placeholder, as Granitic’s pattern does', () => {
    assert.equal(line('100% %1 %{unclosed %s'), '100% %1 %{unclosed 404\n');
  });

  it('escapes control characters that could forge a line', () => {
    assert.equal(line('%U|%u', { ...FULL, path: '/a%0Ab', user: 'x\ry' }), '/a\\x0ab|x\\x0dy\n');
  });
});
