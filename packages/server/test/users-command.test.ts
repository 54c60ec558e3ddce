import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { createTempHome } from '@isobar/test-utils';
import { cleanEnv, runLauncher, startLauncher } from './launcher-helpers.js';

async function login(
  url: string,
  user: string,
  password: string,
): Promise<{ status: number; body: { ok: boolean; value: { roles: string[] } } }> {
  const response = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; value: { roles: string[] } } };
}

describe('isobar-server users (offline)', () => {
  it('adds, lists, verifies, changes and deletes users in users.json', async () => {
    await using home = await createTempHome('isobar-users-');
    const env = cleanEnv(home.path);
    const h = ['--home', home.path];
    const add = await runLauncher(
      ['users', 'add', 'ops', '--role', 'operator', '--suite', 's1', '--password-stdin', ...h],
      env,
      'first-password\n',
    );
    assert.equal(add.code, 0, add.stderr);
    assert.equal((await stat(home.resolve('users.json'))).mode & 0o777, 0o600);
    const viewer = await runLauncher(['users', 'add', 'ann', '--password', 'viewer-password', ...h], env);
    assert.equal(viewer.code, 0, viewer.stderr);

    const list = await runLauncher(['users', 'list', '--json', ...h], env);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), [
      { user: 'ann', roles: ['viewer'] },
      { user: 'ops', roles: ['operator'], suites: ['s1'] },
    ]);
    const text = await runLauncher(['users', 'list', ...h], env);
    assert.match(text.stdout, /^ops\toperator\tsuites s1$/m);

    assert.equal((await runLauncher(['users', 'verify', 'ops', '--password', 'first-password', ...h], env)).code, 0);
    const wrong = await runLauncher(['users', 'verify', 'ops', '--password', 'not-it', ...h], env);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /wrong user name or password/);

    const passwd = await runLauncher(['users', 'passwd', 'ops', '--password-stdin', ...h], env, 'second-password\n');
    assert.equal(passwd.code, 0, passwd.stderr);
    assert.equal((await runLauncher(['users', 'verify', 'ops', '--password', 'first-password', ...h], env)).code, 1);
    assert.equal((await runLauncher(['users', 'verify', 'ops', '--password', 'second-password', ...h], env)).code, 0);

    assert.equal((await runLauncher(['users', 'delete', 'ann', ...h], env)).code, 0);
    const after = await runLauncher(['users', 'list', '--json', ...h], env);
    assert.deepEqual(
      (JSON.parse(after.stdout) as { user: string }[]).map((u) => u.user),
      ['ops'],
    );
  });

  it('reports bad input with exit 2 and missing users with exit 1', async () => {
    await using home = await createTempHome('isobar-users-');
    const env = cleanEnv(home.path);
    const h = ['--home', home.path];
    const short = await runLauncher(['users', 'add', 'ops', '--password', 'short', ...h], env);
    assert.equal(short.code, 2, short.stderr);
    assert.match(short.stderr, /password/);
    const noPassword = await runLauncher(['users', 'add', 'ops', ...h], env);
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /a password is needed/);
    const badRole = await runLauncher(
      ['users', 'add', 'ops', '--role', 'root', '--password', 'long-enough', ...h],
      env,
    );
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /role/);
    const missing = await runLauncher(['users', 'delete', 'nobody', ...h], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nobody/);
    const help = await runLauncher(['users', 'add', '--help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--password-stdin/);
    assert.match(help.stdout, /Examples:/);
  });

  it('a running server picks up a user added offline: the login works afterwards', async () => {
    await using dir = await createTempHome('isobar-users-');
    const home = dir.resolve('home');
    const env = cleanEnv(dir.resolve('user'));
    assert.equal((await runLauncher(['init', '--home', home], env)).code, 0);
    const { proc, url } = await startLauncher(['--home', home, '--port', '0'], env);
    try {
      assert.equal((await login(url, 'late', 'late-password')).status, 401);
      const reloaded = proc.waitForLine(/users file reloaded/, 30_000);
      const add = await runLauncher(['users', 'add', 'late', '--password', 'late-password', '--home', home], env);
      assert.equal(add.code, 0, add.stderr);
      await reloaded;
      const ok = await login(url, 'late', 'late-password');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.ok, true);
      assert.deepEqual(ok.body.value.roles, ['viewer']);
    } finally {
      assert.equal((await proc.stop('SIGTERM')).code, 0);
    }
  });
});
