import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createTempHome, freePort, runProcess, startProcess } from '@isobar/test-utils';

describe('freePort', () => {
  it('returns a port that can then be bound', async () => {
    const port = await freePort();
    assert.ok(port > 0 && port < 65536);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('createTempHome', () => {
  it('creates a directory and removes it with everything inside', async () => {
    const home = await createTempHome();
    writeFileSync(home.resolve('file.txt'), 'x');
    assert.ok(existsSync(home.resolve('file.txt')));
    await home.remove();
    assert.ok(!existsSync(home.path));
    await home.remove();
  });

  it('removes itself at the end of an await-using scope', async () => {
    let path: string;
    {
      await using home = await createTempHome();
      path = home.path;
      assert.ok(existsSync(path));
    }
    assert.ok(!existsSync(path));
  });
});

describe('startProcess', () => {
  it('waits for a line and collects output', async () => {
    await using proc = startProcess(process.execPath, {
      args: ['-e', 'console.log("listening on http://x:1"); setInterval(() => {}, 1000)'],
    });
    const match = await proc.waitForLine(/listening on (\S+)/);
    assert.equal(match[1], 'http://x:1');
    const exit = await proc.stop('SIGTERM');
    assert.equal(exit.signal, 'SIGTERM');
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const proc = startProcess(process.execPath, {
      args: ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'],
    });
    await proc.waitForLine(/ready/);
    const exit = await proc.stop('SIGTERM', 200);
    assert.equal(exit.signal, 'SIGKILL');
  });

  it('rejects waitForLine when the process exits first, with its output', async () => {
    const proc = startProcess(process.execPath, { args: ['-e', 'console.error("bad config"); process.exit(3)'] });
    await assert.rejects(proc.waitForLine(/listening/), /exited before printing[\s\S]*bad config/);
    assert.equal((await proc.exited()).code, 3);
  });

  it('runProcess feeds stdin and returns the exit code and output', async () => {
    const result = await runProcess(process.execPath, {
      args: ['-e', 'process.stdin.pipe(process.stdout)'],
      input: 'hello',
    });
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'hello');
  });
});
