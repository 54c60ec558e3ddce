import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAccessLogFormatter, DEFAULT_JSON_FIELDS, type AccessLogEntry, type JsonField } from '@isobar/access-log';
import { FULL } from './entries.js';

const one = (field: JsonField, entry: AccessLogEntry = FULL): unknown =>
  JSON.parse(createAccessLogFormatter({ entryFormat: 'json', json: { fields: [field] } }).format(entry))[field[0]];

// Granitic's JSON example was written in British Summer Time; this file runs in that zone (node:test gives each
// test file its own process, so the setting stays here).
const savedTz = process.env['TZ'];
before(() => {
  process.env['TZ'] = 'Europe/London';
});
after(() => {
  if (savedTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = savedTz;
});

// GET /test from [::1]:53003 at 13:31:05 BST on 28 April 2020, 60 bytes in 33 µs.
const DOC: AccessLogEntry = {
  received: new Date(Date.UTC(2020, 3, 28, 12, 31, 5)),
  durationMs: 0.033,
  remoteAddress: '::1',
  remotePort: 53003,
  method: 'GET',
  path: '/test',
  query: '',
  status: 200,
  bytesOut: 60,
  headers: {},
};

describe('JSON entries', () => {
  it('reproduce Granitic’s documented example (local time, as the example was)', () => {
    const json = createAccessLogFormatter({ entryFormat: 'json', utc: false }).format(DOC);
    assert.equal(
      json,
      '{"BytesReturned":"60","ForwardedFor":"","Method":"GET","Path":"/test","ProcessTimeMicro":"33","Query":"",' +
        '"Received":"28/Apr/2020:13:31:05 +0100","Remote":"[::1]:53003","Status":"200"}\n',
    );
  });

  it('honour the UTC setting, which Granitic ignored in JSON mode (the default is UTC)', () => {
    const json = createAccessLogFormatter({ entryFormat: 'json' }).format(DOC);
    assert.match(json, /"Received":"28\/Apr\/2020:12:31:05 Z"/);
  });

  it('sort keys, keep the last of a repeated name, write every value as a string, wrap in prefix/suffix', () => {
    const fields: JsonField[] = [
      ['b', 'STATUS'],
      ['a', 'BYTES_OUT'],
      ['B', 'TEXT', 'x'],
      ['b', 'TEXT', 'last'],
    ];
    const out = createAccessLogFormatter({ entryFormat: 'json', json: { prefix: '>>', suffix: '<<\n', fields } });
    assert.equal(out.format(FULL), '>>{"B":"x","a":"1234","b":"last"}<<\n');
    assert.equal(createAccessLogFormatter({ entryFormat: 'json', json: { fields: [] } }).format(FULL), '{}\n');
  });

  it('escape as Go does: <, > and & as \\u00xx, U+2028/2029 too', () => {
    const out = createAccessLogFormatter({
      entryFormat: 'json',
      json: { fields: [['t', 'TEXT', '<a&b>\u2028"\n\\']] },
    });
    assert.equal(out.format(FULL), '{"t":"\\u003ca\\u0026b\\u003e\\u2028\\"\\n\\\\"}\n');
  });

  it('has Granitic’s default field list', () => {
    assert.deepEqual(
      DEFAULT_JSON_FIELDS.map((f) => f[1]),
      ['REMOTE', 'REQ_HEADER', 'RECEIVED', 'HTTP_METHOD', 'PATH', 'QUERY', 'STATUS', 'BYTES_OUT', 'PROCESS_TIME'],
    );
  });
});

describe('every JSON content type', () => {
  it('REMOTE: address:port, IPv6 bracketed, "" when unknown', () => {
    assert.equal(one(['r', 'REMOTE']), '192.0.2.7:5123');
    assert.equal(one(['r', 'REMOTE'], { ...FULL, remoteAddress: 'fe80::1', remotePort: 1 }), '[fe80::1]:1');
    assert.equal(one(['r', 'REMOTE'], { ...FULL, remoteAddress: undefined }), '');
  });

  it('REQ_HEADER: case-insensitive; "" (not -) when missing', () => {
    assert.equal(one(['h', 'REQ_HEADER', 'User-Agent']), 'curl/8');
    assert.equal(one(['h', 'REQ_HEADER', 'X-Nope']), '');
  });

  it('RECEIVED with a Go layout', () =>
    assert.equal(one(['t', 'RECEIVED', '2006-01-02 15:04:05.000 MST']), '2019-10-09 14:59:55.123 UTC'));
  it('HTTP_METHOD', () => assert.equal(one(['m', 'HTTP_METHOD']), 'GET'));
  it('PATH is decoded', () => assert.equal(one(['p', 'PATH']), '/v1/a b'));

  it('QUERY has no leading ?, "" when none', () => {
    assert.equal(one(['q', 'QUERY']), 'x=1&y=2');
    assert.equal(one(['q', 'QUERY'], { ...FULL, query: '' }), '');
  });

  it('STATUS and BYTES_OUT are strings, "0" when no bytes', () => {
    assert.equal(one(['s', 'STATUS']), '404');
    assert.equal(one(['b', 'BYTES_OUT'], { ...FULL, bytesOut: 0 }), '0');
  });

  it('PROCESS_TIME in SECONDS, MILLI, MICRO, truncated', () => {
    assert.equal(one(['p', 'PROCESS_TIME', 'SECONDS']), '2');
    assert.equal(one(['p', 'PROCESS_TIME', 'MILLI']), '2345');
    assert.equal(one(['p', 'PROCESS_TIME', 'MICRO']), '2345678');
  });

  it('REQUEST_LINE', () => assert.equal(one(['l', 'REQUEST_LINE']), 'GET /v1/a%20b?x=1&y=2 HTTP/1.1'));
  it('TEXT', () => assert.equal(one(['t', 'TEXT', 'hello']), 'hello'));

  it('INSTANCE_ID from the entry, else the option, else ""', () => {
    assert.equal(one(['i', 'INSTANCE_ID']), 'inst-1');
    assert.equal(one(['i', 'INSTANCE_ID'], { ...FULL, instanceId: undefined }), '');
    const f = createAccessLogFormatter({
      entryFormat: 'json',
      instanceId: 'opt',
      json: { fields: [['i', 'INSTANCE_ID']] },
    });
    assert.equal(f.format({ ...FULL, instanceId: undefined }), '{"i":"opt"}\n');
  });

  it('CONTEXT_VALUE by key, "" when missing', () => {
    assert.equal(one(['c', 'CONTEXT_VALUE', 'tenant']), 'blue');
    assert.equal(one(['c', 'CONTEXT_VALUE', 'nope']), '');
  });
});
