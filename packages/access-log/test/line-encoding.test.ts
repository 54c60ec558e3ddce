// The writer encodes text lines straight into its queue's bytes instead of writing `format(entry)`; these tests
// hold the two paths to the same bytes, whatever the characters, lengths and batch boundaries.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccessLogFormatter, createAccessLogWriter, type AccessLogEntry } from '@isobar/access-log';
import type { AccessLogFormatOptions } from '@isobar/access-log';
import type { Logger } from '@isobar/protocol';
import { FULL } from './entries.js';

const ALL_VERBS =
  '%% %b %B %D %h %{X-Forwarded-For}i %l %m %q %r %s %t %{02/Jan/2006:15:04:05.000 Z07:00}t %T %{ms}T %u %U %{tenant}X';

/** Entries whose values cross every encoding path: ASCII, 2-, 3- and 4-byte UTF-8, controls, long and huge. */
const ENTRIES: readonly AccessLogEntry[] = [
  FULL,
  { ...FULL, user: 'zoë', path: '/v1/caf%C3%A9', remoteAddress: '::ffff:10.1.2.3' },
  { ...FULL, user: 'μ-user €', remoteAddress: '2001:db8::1', query: 'token=x&q=%E2%82%AC' },
  { ...FULL, user: '😀 emoji', context: { tenant: 'a😀b' }, headers: { 'user-agent': 'ok\u0007bell' } },
  { ...FULL, path: `/v1/${'long-segment/'.repeat(20)}`, user: `${'é'.repeat(40)}x` },
  { ...FULL, headers: { 'user-agent': 'A'.repeat(40_000), referer: `${'ü'.repeat(30_000)}` } },
  { ...FULL, remoteAddress: undefined, user: '', bytesOut: 0, status: 0 },
];

const FORMATS: readonly [string, AccessLogFormatOptions][] = [
  ['framework', { preset: 'framework' }],
  ['common', { preset: 'common' }],
  ['combined', { preset: 'combined' }],
  ['every verb', { format: ALL_VERBS }],
  ['local time', { format: '%t %{Mon Jan _2 15:04:05 MST 2006}t', utc: false }],
  ['json', { entryFormat: 'json' }],
];

const silentLogger = (errors: string[]): Logger => {
  const logger: Logger = {
    error: (message) => errors.push(message),
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isobar-access-log-encoding-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('line encoding', () => {
  for (const [name, options] of FORMATS) {
    it(`writes exactly the bytes of format() for ${name} lines, across batches and sync writes`, async () => {
      const path = join(dir, 'access.log');
      const formatter = createAccessLogFormatter(options);
      const log = createAccessLogWriter({ ...options, path, queueSize: 3 });
      const expected: string[] = [];
      for (let round = 0; round < 5; round++) {
        for (const entry of ENTRIES) {
          expected.push(formatter.format(entry));
          log.write(entry);
        }
        if (round % 2 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await log.close();
      assert.equal(readFileSync(path, 'utf8'), expected.join(''));
      assert.ok(log.stats().syncWrites > 0, 'some lines went through the full-queue path');
    });
  }

  it('leaves no partial line behind when formatting fails half-way', async () => {
    const path = join(dir, 'access.log');
    const errors: string[] = [];
    const log = createAccessLogWriter({ path, format: '%h %t %s', queueSize: 10, logger: silentLogger(errors) });
    log.write(FULL);
    // `%h` is written before `%t` reads the missing date and throws.
    const broken = { ...FULL, received: undefined } as unknown as AccessLogEntry;
    assert.equal(log.write(broken), false);
    log.write({ ...FULL, status: 201 });
    await log.close();
    const ok = createAccessLogFormatter({ format: '%h %t %s' });
    assert.equal(readFileSync(path, 'utf8'), ok.format(FULL) + ok.format({ ...FULL, status: 201 }));
    assert.deepEqual(errors, ['access log: cannot format entry']);
    assert.equal(log.stats().dropped, 1);
    assert.equal(log.stats().written, 2);
  });

  it('sends a stream the same text as format(), multi-byte characters included', async () => {
    const chunks: string[] = [];
    const stream = {
      write(chunk: string, callback: (error?: Error | null) => void): boolean {
        chunks.push(chunk);
        setImmediate(callback);
        return true;
      },
    };
    const formatter = createAccessLogFormatter({ preset: 'framework' });
    const log = createAccessLogWriter({ stream, preset: 'framework', queueSize: 2 });
    for (const entry of ENTRIES) log.write(entry);
    await log.close();
    assert.equal(chunks.join(''), ENTRIES.map((entry) => formatter.format(entry)).join(''));
  });
});
