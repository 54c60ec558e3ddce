// login, logout, whoami and users.* of the real `isobar` binary against a server with a users file: stored
// tokens (0600 file in a 0700 dir under XDG_CONFIG_HOME), wrong passwords, expired sessions, roles.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, runCli, startServer, tempHome, type CliRun, type TestServer } from './cli-harness.js';

function assertOneLine(run: CliRun, code: number, pattern: RegExp): void {
  assert.equal(run.code, code, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${run.stderr}`);
  assert.match(lines[0]!, pattern);
}

describe('isobar sessions and users against a server with a users file', () => {
  let bundle: ReturnType<typeof bundleCli>;
  let server: TestServer;
  let home: ReturnType<typeof tempHome>;
  const credentialsFile = (): string => join(home.path, '.config', 'isobar', 'credentials.json');
  const cli = (args: string[], extra: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> =>
    runCli(bundle.bin, args, { home: home.path, env: { ISOBAR_URL: server.url, ...extra.env }, input: extra.input });

  before(async () => {
    bundle = bundleCli();
    server = await startServer({ users: true });
    home = tempHome();
  });

  after(async () => {
    await server?.stop();
    home?.dispose();
    bundle?.dispose();
  });

  it('answers ping without credentials but refuses whoami with a hint to log in', async () => {
    assert.equal((await cli(['ping'])).code, 0);
    assertOneLine(
      await cli(['whoami']),
      1,
      /^isobar: Authentication required — log in with `isobar login`.*\[AUTH_REQUIRED\]$/,
    );
  });

  it('refuses a wrong password in one line', async () => {
    assertOneLine(await cli(['login', '--user', 'admin', '--password', 'wrong']), 1, /\[AUTH_FAILED\]$/);
    const json = await cli(['login', '--user', 'admin', '--password', 'wrong', '--json']);
    assert.equal(json.code, 1);
    assert.equal(json.json().error.code, 'AUTH_FAILED');
  });

  it('logs in with the password on stdin and stores the token 0600 in a 0700 directory', async () => {
    const login = await cli(['login', '--user', 'admin'], { input: 'admin-password\n' });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /logged in to http:\/\/127\.0\.0\.1:\d+ as admin \(admin\)/);
    assert.equal(statSync(credentialsFile()).mode & 0o777, 0o600);
    assert.equal(statSync(join(home.path, '.config', 'isobar')).mode & 0o777, 0o700);
    const stored = JSON.parse(readFileSync(credentialsFile(), 'utf8'));
    assert.equal(stored.version, 1);
    assert.equal(stored.servers[server.url].user, 'admin');
    assert.equal(typeof stored.servers[server.url].token, 'string');
    assert.equal(stored.servers[server.url].password, undefined, 'login never stores the password');
    assert.match((await cli(['whoami'])).stdout, /^admin \(admin\), session until \S+ at http/);
    assert.equal((await cli(['whoami', '--json'])).json().user, 'admin');
  });

  it('manages users through the server', async () => {
    const added = await cli([
      'users',
      'add',
      'ops',
      '--role',
      'operator',
      '--suites',
      's1',
      's2',
      '--user-password',
      'ops-password',
    ]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /added ops \(operator\)/);
    const list = await cli(['users', 'list']);
    assert.match(list.stdout, /^USER\s+ROLES\s+SUITES\n/);
    assert.match(list.stdout, /\nops\s+operator\s+s1,s2\n/);
    assert.deepEqual(
      (await cli(['users', 'list', '--json']))
        .json()
        .users.map((u: { user: string }) => u.user)
        .sort(),
      ['admin', 'ops', 'vera'],
    );
    assert.equal((await cli(['users', 'verify', 'ops', '--user-password', 'ops-password'])).code, 0);
    const wrong = await cli(['users', 'verify', 'ops', '--user-password', 'nope', '--json']);
    assert.equal(wrong.code, 1);
    assert.deepEqual(wrong.json(), { valid: false });
    assert.equal((await cli(['users', 'passwd', 'ops'], { input: 'new-ops-password\n' })).code, 0);
    const asOps = await cli(['whoami', '--user', 'ops', '--password', 'new-ops-password']);
    assert.match(asOps.stdout, /^ops \(operator\), suites s1 s2/);
    assert.equal((await cli(['users', 'delete', 'ops'])).code, 2, 'no terminal, no --yes');
    assert.equal((await cli(['users', 'delete', 'ops', '--yes'])).code, 0);
    assertOneLine(await cli(['users', 'delete', 'ops', '--yes']), 1, /\[NOT_FOUND\]$/);
  });

  it('refuses user administration to a viewer', async () => {
    const env = { ISOBAR_USER: 'vera', ISOBAR_PASSWORD: 'viewer-password' };
    assertOneLine(await cli(['users', 'list'], { env }), 1, /\[FORBIDDEN\]$/);
  });

  it('reports an expired session in one line and asks to log in again', async () => {
    server.advance(24 * 60 * 60 * 1000);
    assertOneLine(await cli(['whoami']), 1, /log in again with `isobar login` \[AUTH_EXPIRED\]$/);
    // With a password the client logs in again by itself.
    const env = { ISOBAR_USER: 'admin', ISOBAR_PASSWORD: 'admin-password' };
    assert.match((await cli(['whoami'], { env })).stdout, /^admin/);
  });

  it('logs out and forgets the token', async () => {
    assert.equal((await cli(['login', '--user', 'admin', '--password', 'admin-password'])).code, 0);
    const out = await cli(['logout', '--json']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.json().sessionEnded, true);
    const stored = JSON.parse(readFileSync(credentialsFile(), 'utf8'));
    assert.equal(stored.servers[server.url]?.token, undefined);
    assertOneLine(await cli(['whoami']), 1, /\[AUTH_REQUIRED\]$/);
  });
});
