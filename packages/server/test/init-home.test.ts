import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createTempHome } from '@isobar/test-utils';
import { cleanEnv, runLauncher } from './launcher-helpers.js';

const exec = promisify(execFile);

async function mode(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

async function certificateText(path: string): Promise<string> {
  return (await exec('openssl', ['x509', '-text', '-noout', '-in', path])).stdout;
}

describe('isobar-server init', () => {
  it('creates a home: config, users (0600), credentials (0600), CA and server certificate', async () => {
    await using dir = await createTempHome('isobar-init-');
    const home = dir.resolve('home');
    const result = await runLauncher(['init', '--home', home], cleanEnv(dir.resolve('user')));
    assert.equal(result.code, 0, result.stderr);
    const password = /Password of admin \(shown only this once\): (\S+)/.exec(result.stdout)?.[1];
    assert.ok(password !== undefined && password.length >= 24, result.stdout);
    assert.equal(result.stdout.split(password).length, 2, 'the password is printed exactly once');

    assert.deepEqual(JSON.parse(await readFile(`${home}/isobar.json`, 'utf8')), { port: 3141, bind: '127.0.0.1' });
    assert.equal(await mode(`${home}/users.json`), 0o600);
    const users = JSON.parse(await readFile(`${home}/users.json`, 'utf8')) as {
      users: { user: string; roles: string[] }[];
    };
    assert.deepEqual(
      users.users.map((u) => [u.user, u.roles]),
      [['admin', ['admin']]],
    );
    for (const dirName of ['journal', 'log', 'run']) assert.ok((await stat(`${home}/${dirName}`)).isDirectory());

    const credentials = dir.resolve('user', '.config', 'isobar', 'credentials.json');
    assert.equal(await mode(credentials), 0o600);
    const saved = JSON.parse(await readFile(credentials, 'utf8')) as { servers: Record<string, unknown> };
    assert.deepEqual(saved.servers['http://127.0.0.1:3141'], { user: 'admin', password });

    assert.equal(await mode(`${home}/tls/ca.key`), 0o600);
    assert.equal(await mode(`${home}/tls/server.key`), 0o600);
    const ca = await certificateText(`${home}/tls/ca.crt`);
    assert.match(ca, /Basic Constraints: critical\s+CA:TRUE/);
    assert.match(ca, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
    const server = await certificateText(`${home}/tls/server.crt`);
    assert.match(server, /CA:FALSE/);
    assert.match(server, /Extended Key Usage:\s+TLS Web Server Authentication/);
    assert.match(server, /DNS:localhost/);
    assert.match(server, /IP Address:127\.0\.0\.1/);
    assert.match(server, /IP Address:0:0:0:0:0:0:0:1/);
    assert.doesNotMatch(server, /DNS:127\.0\.0\.1/);
    const verified = await exec('openssl', ['verify', '-CAfile', `${home}/tls/ca.crt`, `${home}/tls/server.crt`]);
    assert.match(verified.stdout, /server\.crt: OK/);
  });

  it('refuses an existing home without --force (exit 1) and renews it with --force', async () => {
    await using dir = await createTempHome('isobar-init-');
    const home = dir.resolve('home');
    const env = cleanEnv(dir.resolve('user'), { XDG_CONFIG_HOME: dir.resolve('xdg') });
    assert.equal((await runLauncher(['init', '--home', home], env)).code, 0);
    const caBefore = await readFile(`${home}/tls/ca.crt`, 'utf8');
    const refused = await runLauncher(['init', '--home', home], env);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /already a server home .*--force/);
    assert.equal(await readFile(`${home}/tls/ca.crt`, 'utf8'), caBefore);

    const forced = await runLauncher(['init', '--home', home, '--force', '--port', '4141', '--tls'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(await readFile(`${home}/tls/ca.crt`, 'utf8'), caBefore);
    const config = JSON.parse(await readFile(`${home}/isobar.json`, 'utf8')) as { port: number; tls: unknown };
    assert.equal(config.port, 4141);
    assert.deepEqual(config.tls, { cert: 'tls/server.crt', key: 'tls/server.key', ca: 'tls/ca.crt' });
    // XDG_CONFIG_HOME wins over HOME; both URLs are kept.
    const saved = JSON.parse(await readFile(dir.resolve('xdg', 'isobar', 'credentials.json'), 'utf8')) as {
      servers: Record<string, { user: string; ca?: string }>;
    };
    assert.deepEqual(Object.keys(saved.servers).sort(), ['http://127.0.0.1:3141', 'https://127.0.0.1:4141']);
    assert.equal(saved.servers['https://127.0.0.1:4141']?.ca, `${home}/tls/ca.crt`);
  });

  it('prints help with an example', async () => {
    const result = await runLauncher(['init', '--help'], cleanEnv('/nonexistent'));
    assert.equal(result.code, 0);
    assert.match(result.stdout, /--force/);
    assert.match(result.stdout, /Examples:\s+isobar-server init --home/);
  });
});
