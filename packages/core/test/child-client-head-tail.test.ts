import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@isobar/test-utils';
import { CHILD, CHILD_DEF, startChildServer, type ChildServer } from './child-client-helpers.js';

const share = (file: string): string =>
  readFileSync(fileURLToPath(new URL(`../share/${file}`, import.meta.url)), 'utf8');

/** A job as the generator would write it: head.h + body + tail.h, with %VAR% and %VAR:default% replaced. */
function makeJob(body: string, variables: Record<string, string>): string {
  const text = `${share('head.h')}\n${body}\n${share('tail.h')}`;
  return text.replace(/%([A-Z_]+)(?::([^%]*))?%/g, (_all, name: string, fallback?: string) => {
    const value = variables[name] ?? fallback;
    assert.ok(value !== undefined, `no value for %${name}%`);
    return value;
  });
}

/** Runs `body` as a job of /s/t with isobar-child on the PATH. */
async function runJob(ctx: ChildServer, body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-child-job-'));
  try {
    symlinkSync(CHILD, join(dir, 'isobar-child'));
    const job = ctx.job();
    writeFileSync(join(dir, 't.job1'), makeJob(body, { ...job, ECF_PORT: String(ctx.port) }));
    const path = `${dir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`;
    return await runProcess('/bin/bash', { args: [join(dir, 't.job1')], env: { PATH: path }, timeoutMs: 30_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('share/head.h and share/tail.h', () => {
  it('a job that succeeds: init, its own child commands, complete', async () => {
    const ctx = await startChildServer();
    try {
      const result = await runJob(ctx, 'isobar-child --event=e\nisobar-child --meter=m 50');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(ctx.state(), 'complete');
      assert.equal(ctx.task().events?.[0]?.value, true);
      assert.equal(ctx.task().meters?.[0]?.value, 50);
    } finally {
      await ctx.server.stop();
    }
  });

  it('a job whose command fails: the ERROR trap aborts the task with the exit status', async () => {
    const ctx = await startChildServer({}, CHILD_DEF.replace(' task t\n', ' task t\n  edit ECF_TRIES 1\n'));
    try {
      const result = await runJob(ctx, 'isobar-child --event=e\nfalse\nisobar-child --meter=m 50');
      assert.equal(result.code, 0, result.stderr);
      assert.equal(ctx.state(), 'aborted');
      assert.equal(ctx.task().abortReason, 'trap: exit status 1');
      assert.equal(ctx.task().meters?.[0]?.value, 0, 'nothing after the failure ran');
    } finally {
      await ctx.server.stop();
    }
  });
});
