import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHILD_DEF, COMPAT_CLIENT, runChild, startChildServer, type ChildServer } from './child-client-helpers.js';

describe('isobar-child: commands change the task', () => {
  let ctx: ChildServer;
  before(async () => {
    ctx = await startChildServer();
  });
  after(async () => {
    await ctx.server.stop();
  });

  it('init makes the submitted task active and records the remote id', async () => {
    assert.equal(ctx.state(), 'submitted');
    const result = await runChild(['--init=4711'], { ...ctx.job(), ECF_RID: '4711' });
    assert.deepEqual([result.code, result.stderr], [0, '']);
    assert.equal(ctx.state(), 'active');
    assert.equal(ctx.task().rid, '4711');
  });

  it('event set and clear, isobar and ecflow_client spellings', async () => {
    const env = { ...ctx.job(), ECF_RID: '4711' };
    const event = () => ctx.task().events?.find((e) => e.name === 'e')?.value;
    assert.equal((await runChild(['--event=e'], env)).code, 0);
    assert.equal(event(), true);
    assert.equal((await runChild(['--event', 'e', 'clear'], env)).code, 0);
    assert.equal(event(), false);
    assert.equal((await runChild(['--event=e', 'set'], env)).code, 0);
    assert.equal(event(), true);
  });

  it('meter, in both spellings; out of range fails with the server reply', async () => {
    const env = { ...ctx.job(), ECF_RID: '4711' };
    const meter = () => ctx.task().meters?.find((m) => m.name === 'm')?.value;
    assert.equal((await runChild(['--meter=m', '40'], env)).code, 0);
    assert.equal(meter(), 40);
    assert.equal((await runChild(['--meter', 'm', '007'], env)).code, 0);
    assert.equal(meter(), 7);
    const bad = await runChild(['--meter=m', '1000'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^Error: request\( --meter m 1000 \) failed! {2}Server reply: /);
    assert.equal(meter(), 7);
    const notNumber = await runChild(['--meter=m', 'ten'], env);
    assert.equal(notNumber.code, 1);
    assert.match(notNumber.stderr, /not an integer/);
  });

  it('label text with quotes, backslashes, newlines, tabs, control characters and UTF-8 arrives intact', async () => {
    const env = { ...ctx.job(), ECF_RID: '4711' };
    const text = 'say "hi" \\ back\\slash\nnew line\ttab\u0001ctl é ✓ %';
    const result = await runChild(['--label=l', text], env);
    assert.deepEqual([result.code, result.stderr], [0, '']);
    assert.equal(ctx.task().labels?.find((l) => l.name === 'l')?.value, text);
    assert.equal((await runChild(['--label', 'l', 'several', 'words'], env)).code, 0);
    assert.equal(ctx.task().labels?.find((l) => l.name === 'l')?.value, 'several words');
  });

  it('queue: active prints the next step, then <NULL> when none is left', async () => {
    const env = { ...ctx.job(), ECF_RID: '4711' };
    const steps: string[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await runChild(['--queue=q', 'active'], env);
      assert.equal(result.code, 0, result.stderr);
      steps.push(result.stdout.trim());
    }
    assert.deepEqual(steps, ['a', 'b', 'c', '<NULL>']);
    assert.equal((await runChild(['--queue', 'q', 'complete', 'a'], env)).code, 0);
    const aborted = await runChild(['--queue=q', 'no_of_aborted'], env);
    assert.deepEqual([aborted.code, aborted.stdout], [0, '0\n']);
  });

  it('wait returns once the expression holds', async () => {
    const result = await runChild(['--wait=/s/t == active'], { ...ctx.job(), ECF_RID: '4711' });
    assert.deepEqual([result.code, result.stderr], [0, '']);
  });

  it('complete makes the task complete', async () => {
    const result = await runChild(['--complete'], { ...ctx.job(), ECF_RID: '4711' });
    assert.deepEqual([result.code, result.stderr], [0, '']);
    assert.equal(ctx.state(), 'complete');
  });
});

describe('isobar-child: abort and the ecflow_client entry', () => {
  it('abort with a reason (ecflow_client spelling, ECF_HOST/ECF_PORT) makes the task aborted', async () => {
    const ctx = await startChildServer({}, CHILD_DEF.replace(' task t\n', ' task t\n  edit ECF_TRIES 1\n'));
    try {
      const { ISOBAR_URL: _url, ...job } = ctx.job();
      const env = { ...job, ECF_HOST: '127.0.0.1', ECF_PORT: String(ctx.port) };
      assert.equal((await runChild(['--init', '99'], env, COMPAT_CLIENT)).code, 0);
      assert.equal(ctx.state(), 'active');
      const result = await runChild(['--abort', 'disk "full"'], env, COMPAT_CLIENT);
      assert.deepEqual([result.code, result.stderr], [0, '']);
      assert.equal(ctx.state(), 'aborted');
      assert.equal(ctx.task().abortReason, 'disk "full"');
    } finally {
      await ctx.server.stop();
    }
  });

  it('usage errors exit 1 with a message and send nothing', async () => {
    const ctx = await startChildServer();
    try {
      for (const args of [[], ['--event'], ['--queue=q', 'jump'], ['--init']]) {
        const result = await runChild(args, ctx.job());
        assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, /isobar-child: /);
      }
      const noName = await runChild(['--complete'], { ECF_PASS: 'x', ISOBAR_URL: ctx.url });
      assert.equal(noName.code, 1);
      assert.match(noName.stderr, /ECF_NAME/);
      assert.equal(ctx.state(), 'submitted');
    } finally {
      await ctx.server.stop();
    }
  });
});
