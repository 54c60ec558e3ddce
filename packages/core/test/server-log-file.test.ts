// The ecFlow-format server log: line format, tail, clear, reopen after logrotate, new path, nothing lost on close.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasErrorCode } from '@isobar/protocol';
import {
  createServerLogFile,
  formatLogTimestamp,
  parseLogLine,
  readLastLines,
  type ServerLogFile,
} from '../src/server-log/index.js';

const AT = Date.UTC(2026, 10, 23, 7, 12, 3);

async function withLog(work: (log: ServerLogFile, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'isobar-server-log-'));
  const log = createServerLogFile({ file: join(dir, 'log', 'server.log'), now: () => AT, utc: true });
  try {
    await work(log, dir);
  } finally {
    await log.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const linesOf = async (file: string): Promise<string[]> =>
  (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');

describe('server log file', () => {
  it('writes ecFlow lines: TYPE:[HH:MM:SS DD.MM.YYYY] text, one line per part of a multi-line message', async () => {
    await withLog(async (log) => {
      log.msg('--force=complete /s/t :admin');
      log.log(' complete: /s/t');
      log.err('job failed\nsecond line');
      log.war('late: /s/t');
      await log.flush();
      assert.deepEqual(await linesOf(log.path), [
        'MSG:[07:12:03 23.11.2026] --force=complete /s/t :admin',
        'LOG:[07:12:03 23.11.2026]  complete: /s/t',
        'ERR:[07:12:03 23.11.2026] job failed',
        'ERR:[07:12:03 23.11.2026] second line',
        'WAR:[07:12:03 23.11.2026] late: /s/t',
      ]);
    });
  });

  it('formats local time by default with two-digit fields, and parses its own lines back', () => {
    const at = new Date(2026, 0, 5, 3, 4, 5).getTime();
    assert.equal(formatLogTimestamp(at), '[03:04:05 05.01.2026] ');
    assert.deepEqual(parseLogLine('LOG:[03:04:05 05.01.2026]  aborted: /s/t try-no: 1 reason: trap'), {
      type: 'LOG',
      stamp: '03:04:05 05.01.2026',
      text: ' aborted: /s/t try-no: 1 reason: trap',
    });
    assert.equal(parseLogLine('not a log line'), undefined);
  });

  it('tail returns the last lines, oldest first, also across read chunks and from a missing file', async () => {
    await withLog(async (log, dir) => {
      for (let i = 0; i < 3000; i++) log.msg(`line ${i}`);
      const last = await log.tail(3);
      assert.deepEqual(
        last.map((line) => parseLogLine(line)?.text),
        ['line 2997', 'line 2998', 'line 2999'],
      );
      const many = await readLastLines(log.path, 2500, { chunkBytes: 100 });
      assert.equal(many.length, 2500);
      assert.equal(parseLogLine(many[0] ?? '')?.text, 'line 500');
      assert.deepEqual(await readLastLines(join(dir, 'missing.log'), 10), []);
      assert.equal((await log.tail(10_000)).length, 3000);
    });
  });

  it('tail reads at most maxTailBytes and never returns a cut line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isobar-server-log-'));
    const log = createServerLogFile({ file: join(dir, 'server.log'), now: () => AT, utc: true, maxTailBytes: 100 });
    try {
      for (let i = 0; i < 20; i++) log.msg(`entry number ${i}`);
      const lines = await log.tail(20);
      assert.ok(lines.length > 0 && lines.length < 20, `got ${lines.length} lines`);
      for (const line of lines) assert.ok(parseLogLine(line) !== undefined, line);
      assert.equal(parseLogLine(lines.at(-1) ?? '')?.text, 'entry number 19');
    } finally {
      await log.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('clear empties the file and later lines start it again', async () => {
    await withLog(async (log) => {
      log.msg('before');
      await log.clear();
      assert.equal(await readFile(log.path, 'utf8'), '');
      log.msg('after');
      await log.flush();
      assert.deepEqual(await linesOf(log.path), ['MSG:[07:12:03 23.11.2026] after']);
    });
  });

  it('reopen after a rename (logrotate) writes new lines to a new file of the same name', async () => {
    await withLog(async (log) => {
      log.msg('one');
      await log.flush();
      await rename(log.path, `${log.path}.1`);
      log.msg('two');
      await log.reopen();
      log.msg('three');
      await log.flush();
      assert.deepEqual(await linesOf(`${log.path}.1`), [
        'MSG:[07:12:03 23.11.2026] one',
        'MSG:[07:12:03 23.11.2026] two',
      ]);
      assert.deepEqual(await linesOf(log.path), ['MSG:[07:12:03 23.11.2026] three']);
    });
  });

  it('newPath moves to another file, refuses a directory or a missing directory, and goes back without a path', async () => {
    await withLog(async (log, dir) => {
      const configured = log.path;
      await assert.rejects(log.newPath(join(dir, 'no-such-dir', 'x.log')), (e) => hasErrorCode(e, 'INVALID_ARGUMENT'));
      await assert.rejects(log.newPath(dir), (e) => hasErrorCode(e, 'INVALID_ARGUMENT'));
      log.msg('old file');
      await log.newPath(join(dir, 'other.log'));
      log.msg('new file');
      await log.flush();
      assert.equal(log.path, join(dir, 'other.log'));
      assert.deepEqual(await linesOf(join(dir, 'other.log')), ['MSG:[07:12:03 23.11.2026] new file']);
      await log.newPath();
      assert.equal(log.path, configured);
      assert.deepEqual(await linesOf(configured), ['MSG:[07:12:03 23.11.2026] old file']);
    });
  });

  it('close writes every line logged before it, and appends to an existing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isobar-server-log-'));
    const file = join(dir, 'server.log');
    await writeFile(file, 'MSG:[00:00:00 01.01.2026] earlier\n');
    const log = createServerLogFile({ file, now: () => AT, utc: true });
    for (let i = 0; i < 20_000; i++) log.log(` queued: /s/t${i}`);
    await log.close();
    log.msg('after close is ignored');
    const lines = await linesOf(file);
    assert.equal(lines.length, 20_001);
    assert.equal(lines.at(-1), 'LOG:[07:12:03 23.11.2026]  queued: /s/t19999');
    await rm(dir, { recursive: true, force: true });
  });
});
