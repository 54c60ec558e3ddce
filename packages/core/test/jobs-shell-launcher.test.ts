// The job launcher shell: exit statuses, environments, multi-line commands, many commands at once, a new shell
// for a new environment, and commands that outlive close().
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTempHome } from '@isobar/test-utils';
import { createShellLauncher } from '../src/index.js';

const ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };

describe('shell launcher', () => {
  it('reports each command exit status, a signal as 128 + its number', async () => {
    const launcher = createShellLauncher();
    try {
      assert.equal(await launcher.start('exit 0', ENV).exited, 0);
      assert.equal(await launcher.start('exit 7', ENV).exited, 7);
      assert.equal(await launcher.start('kill -TERM $$', ENV).exited, 143);
    } finally {
      launcher.close();
    }
  });

  it('runs multi-line commands and many at once, each in the environment it was given', async () => {
    await using home = await createTempHome('isobar-launcher-');
    const launcher = createShellLauncher();
    try {
      const codes = await Promise.all(
        Array.from(
          { length: 40 },
          (_, i) => launcher.start(`x=${i}\necho "$x $MARK" > ${home.resolve(`f${i}`)}`, { ...ENV, MARK: 'a' }).exited,
        ),
      );
      assert.deepEqual(
        codes,
        Array.from({ length: 40 }, () => 0),
      );
      assert.equal(await readFile(home.resolve('f39'), 'utf8'), '39 a\n');
      // A new environment gets a new shell; the old one's commands still finish and report.
      const slow = launcher.start(`sleep 0.3; echo done > ${home.resolve('slow')}`, { ...ENV, MARK: 'a' }).exited;
      assert.equal(await launcher.start(`echo "$MARK" > ${home.resolve('b')}`, { ...ENV, MARK: 'b' }).exited, 0);
      assert.equal(await readFile(home.resolve('b'), 'utf8'), 'b\n');
      assert.equal(await slow, 0);
    } finally {
      launcher.close();
    }
  });

  it('lets a command outlive close()', async () => {
    await using home = await createTempHome('isobar-launcher-');
    const launcher = createShellLauncher();
    const file = join(home.path, 'after-close');
    const started = launcher.start(`sleep 0.2; echo still > ${file}`, ENV);
    launcher.close();
    await started.exited.catch(() => undefined);
    for (let i = 0; i < 50; i++) {
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text === 'still\n') return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail('the command did not run to its end after close()');
  });
});
