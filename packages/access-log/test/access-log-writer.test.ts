import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createAccessLogWriter, type AccessLogEntry } from '@isobar/access-log';
import type { Logger } from '@isobar/protocol';
import { FULL } from './entries.js';

/** Entries whose line is their sequence number, so order and completeness can be checked. */
const numbered = (n: number): AccessLogEntry => ({ ...FULL, context: { n: String(n) } });
const FORMAT = '%{n}X';
const expectedLines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, i) => `${from + i}\n`).join('');

/** A stream that completes each write on a later turn of the event loop, like a slow pipe or disk. */
function slowStream(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 64,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      chunks.push(chunk);
      setImmediate(callback);
    },
  });
  return { stream, text: () => chunks.join('') };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isobar-access-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file target', () => {
  it('creates the file with mode 0600 and appends to what is there', async () => {
    const path = join(dir, 'access.log');
    const log = createAccessLogWriter({ path, format: FORMAT });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    log.write(numbered(0));
    await log.close();
    const again = createAccessLogWriter({ path, format: FORMAT });
    again.write(numbered(1));
    await again.close();
    assert.equal(readFileSync(path, 'utf8'), '0\n1\n');
  });

  it('queueSize 0 writes every line before write() returns', async () => {
    const path = join(dir, 'access.log');
    const log = createAccessLogWriter({ path, format: FORMAT, queueSize: 0 });
    for (let i = 0; i < 5; i++) {
      log.write(numbered(i));
      assert.equal(readFileSync(path, 'utf8'), expectedLines(0, i + 1));
    }
    assert.equal(log.stats().syncWrites, 5);
    await log.close();
  });

  it('queues up to queueSize lines, then writes the queued lines and the new one at once, in order', async () => {
    const path = join(dir, 'access.log');
    const log = createAccessLogWriter({ path, format: FORMAT, queueSize: 3 });
    for (let i = 0; i < 3; i++) assert.equal(log.write(numbered(i)), true);
    assert.equal(readFileSync(path, 'utf8'), '');
    assert.equal(log.readyToStop(), false);
    assert.equal(log.write(numbered(3)), false);
    assert.equal(readFileSync(path, 'utf8'), expectedLines(0, 4));
    log.write(numbered(4));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(readFileSync(path, 'utf8'), expectedLines(0, 5), 'the background batch ran on the next turn');
    assert.equal(log.readyToStop(), true);
    await log.close();
  });

  it('loses nothing across rotation (rename, then reopen) while lines are queued', async () => {
    const path = join(dir, 'access.log');
    const log = createAccessLogWriter({ path, format: FORMAT, queueSize: 10 });
    const rotated: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      log.write(numbered(i));
      if (i % 25_000 === 24_999) {
        const old = join(dir, `access.log.${rotated.length}`);
        renameSync(path, old);
        rotated.push(old);
        await log.reopen();
      }
      if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.close();
    const all = [...rotated, path].map((file) => readFileSync(file, 'utf8')).join('');
    assert.equal(all, expectedLines(0, 100_000));
    assert.equal(readFileSync(rotated[0]!, 'utf8'), expectedLines(0, 25_000), 'each file ends where it was rotated');
    assert.equal(readFileSync(path, 'utf8'), '', 'the last rotation came after the last line');
  });
});

describe('stream target', () => {
  it('writes 100,000 lines through a queue of 10 to a slow stream without losing or reordering one', async () => {
    const { stream, text } = slowStream();
    const log = createAccessLogWriter({ stream, format: FORMAT, queueSize: 10 });
    for (let i = 0; i < 100_000; i++) {
      log.write(numbered(i));
      // Let the event loop turn now and then, as a server would between requests.
      if (i % 97 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await log.flush();
    assert.equal(text(), expectedLines(0, 100_000));
    const stats = log.stats();
    assert.equal(stats.written, 100_000);
    assert.ok(stats.syncWrites > 0, 'the slow stream filled the queue, so some writes went through at once');
    assert.equal(log.readyToStop(), true);
    await log.close();
    assert.equal(stream.writableEnded, false, 'a stream passed in is not ended by default');
  });

  it('flush() waits for the stream to call back; close() ends the stream only when asked', async () => {
    const { stream, text } = slowStream();
    const log = createAccessLogWriter({ stream, format: FORMAT, endStream: true });
    log.write(numbered(1));
    await log.flush();
    assert.equal(text(), '1\n');
    log.write(numbered(2));
    await log.close();
    assert.equal(text(), '1\n2\n');
    assert.equal(stream.writableFinished, true);
    assert.equal(log.write(numbered(3)), false, 'writes after close are dropped');
    assert.equal(log.stats().dropped, 1);
    await log.close();
  });

  it('reports write errors to the logger and never throws', async () => {
    const errors: string[] = [];
    const logger: Logger = {
      error: (message) => errors.push(message),
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      child: () => logger,
    };
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk on fire'));
      },
    });
    stream.on('error', () => undefined);
    const log = createAccessLogWriter({ stream, format: FORMAT, logger, queueSize: 0 });
    assert.doesNotThrow(() => log.write(numbered(1)));
    await log.flush();
    assert.equal(log.stats().failed, 1);
    assert.deepEqual(errors, ['access log: write failed']);
  });

  it('writes to a stream passed in for stdout in JSON mode as well', async () => {
    const { stream, text } = slowStream();
    const log = createAccessLogWriter({ stream, entryFormat: 'json', json: { fields: [['n', 'CONTEXT_VALUE', 'n']] } });
    log.write(numbered(7));
    await log.close();
    assert.equal(text(), '{"n":"7"}\n');
  });
});
