import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess } from '@isobar/test-utils';
import { CHILD, runChild, startChildServer } from './child-client-helpers.js';

describe('isobar-child: retries, failover and fail-fast switches', () => {
  it('a wrong password is a zombie the server blocks: retries, then gives up when the budget is spent', async () => {
    const ctx = await startChildServer();
    try {
      const env = { ...ctx.job(), ECF_PASS: 'not-the-password', ISOBAR_CHILD_TIMEOUT: '1' };
      const result = await runChild(['--init=7'], env);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /zombie blocked by the server .*continue waiting/);
      assert.match(result.stderr, /zombie still blocked after ECF_ZOMBIE_TIMEOUT/);
      assert.ok((ctx.server.engine.zombies()[0]?.calls ?? 0) >= 2, 'it asked more than once');
      assert.equal(ctx.state(), 'submitted');
    } finally {
      await ctx.server.stop();
    }
  });

  it('keeps retrying while the server is halted and succeeds after restart', async () => {
    const ctx = await startChildServer();
    try {
      ctx.server.engine.setServerState('HALTED');
      const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ISOBAR_CHILD_RETRY_SECONDS: '0.05', ...ctx.job() };
      await using child = startProcess('/bin/bash', { args: [CHILD, '--init=8'], env });
      await child.waitForLine(/blocking : server is HALTED, continue waiting/, 20_000);
      for (let i = 0; child.stderr().split('server is HALTED').length < 3; i++) {
        assert.ok(i < 2000, `a second attempt while halted: ${child.stderr()}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(ctx.state(), 'submitted');
      ctx.server.engine.setServerState('RUNNING');
      const exit = await child.exited();
      assert.equal(exit.code, 0, child.stderr());
      assert.equal(ctx.state(), 'active');
    } finally {
      await ctx.server.stop();
    }
  });

  it('fails over from an unreachable host to the next one of ECF_HOSTFILE', async () => {
    const ctx = await startChildServer();
    const dir = mkdtempSync(join(tmpdir(), 'isobar-child-hosts-'));
    try {
      const dead = await freePort();
      const hostfile = join(dir, 'hosts');
      writeFileSync(
        hostfile,
        `# backup servers\n\n127.0.0.1:${await freePort()}  # also down\nlocalhost:${ctx.port}\n`,
      );
      const env = { ...ctx.job(), ISOBAR_URL: `http://127.0.0.1:${dead}`, ECF_HOSTFILE: hostfile };
      const result = await runChild(['--init=9'], { ...env, ISOBAR_CHILD_HOST_PAUSE_SECONDS: '0' });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(ctx.state(), 'active');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await ctx.server.stop();
    }
  });

  it('an unreachable server without a host file: retries until ECF_TIMEOUT, then fails', async () => {
    const env = { ECF_NAME: '/s/t', ECF_PASS: 'x', ECF_PORT: String(await freePort()), ISOBAR_CHILD_TIMEOUT: '1' };
    const result = await runChild(['--complete'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Timed out after ECF_TIMEOUT\(1\) seconds, last error: cannot reach 127\.0\.0\.1:\d+/);
  });

  it('ECF_DENIED fails fast after two attempts', async () => {
    const port = await freePort();
    const env = { ECF_NAME: '/s/t', ECF_PASS: 'x', ECF_PORT: String(port), ECF_DENIED: '1' };
    const result = await runChild(['--event=e'], env);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `Request( --event e ), Failed to connect to 127.0.0.1:${port}. After 2 attempts. Is the server running ?\n`,
    );
  });

  it('NO_ECF prints NO_ECF and exits 0 without a server or credentials', async () => {
    const result = await runChild(['--init=1'], { NO_ECF: '1' });
    assert.deepEqual([result.code, result.stdout, result.stderr], [0, 'NO_ECF\n', '']);
  });
});
