import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { access, readFile, writeFile } from 'node:fs/promises';
import { createTempHome, freePort } from '@isobar/test-utils';
import { cleanEnv, httpsGet, readRunFile, runLauncher, startLauncher } from './launcher-helpers.js';

describe('isobar-server process', () => {
  it('listens, writes run/server.json, serves /v1/health and stops cleanly on SIGTERM', async () => {
    await using home = await createTempHome('isobar-server-');
    const { proc, url } = await startLauncher(['--home', home.path, '--port', '0'], cleanEnv(home.path));
    try {
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(url, 'http://127.0.0.1:0');
      const info = await readRunFile(home.path);
      assert.equal(info.url, url);
      assert.equal(info.pid, proc.pid);
      assert.equal(typeof info.version, 'string');
      assert.ok(!Number.isNaN(Date.parse(info.startedAt)));
      const response = await fetch(`${url}/v1/health`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'RUNNING', version: info.version });
    } finally {
      const exit = await proc.stop('SIGTERM');
      assert.deepEqual(exit, { code: 0, signal: null }, proc.stderr());
    }
    await assert.rejects(access(home.resolve('run', 'server.json')), { code: 'ENOENT' });
  });

  it('starts HALTED with --halted, and SIGINT stops it with exit 0', async () => {
    await using home = await createTempHome('isobar-server-');
    const { proc, url } = await startLauncher(['--home', home.path, '--port', '0', '--halted'], cleanEnv(home.path));
    const health = (await (await fetch(`${url}/v1/health`)).json()) as { status: string };
    assert.equal(health.status, 'HALTED');
    assert.deepEqual(await proc.stop('SIGINT'), { code: 0, signal: null });
  });

  it('takes the port from the flag over the environment over the config file', async () => {
    await using home = await createTempHome('isobar-server-');
    const [fromConfig, fromEnv, fromFlag] = [await freePort(), await freePort(), await freePort()];
    await writeFile(home.resolve('isobar.json'), JSON.stringify({ port: fromConfig }));
    const cases: [string[], Record<string, string>, number][] = [
      [['--port', String(fromFlag)], { ISOBAR_PORT: String(fromEnv) }, fromFlag],
      [[], { ISOBAR_PORT: String(fromEnv), ECF_PORT: '1' }, fromEnv],
      [[], { ECF_PORT: String(fromEnv) }, fromEnv],
      [[], {}, fromConfig],
    ];
    for (const [flags, env, expected] of cases) {
      const { proc, url } = await startLauncher(['--home', home.path, ...flags], cleanEnv(home.path, env));
      await proc.stop('SIGTERM');
      assert.equal(url, `http://127.0.0.1:${expected}`, `flags ${flags.join(' ')} env ${JSON.stringify(env)}`);
    }
  });

  it('rejects an unknown config key with exit 2, naming the key', async () => {
    await using home = await createTempHome('isobar-server-');
    const config = home.resolve('custom.json');
    await writeFile(config, JSON.stringify({ port: 0, prot: 1 }));
    const result = await runLauncher(['--home', home.path, '--config', config], cleanEnv(home.path));
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /custom\.json: unknown field "prot"/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  });

  it('rejects a config value of the wrong type with exit 2, naming the field', async () => {
    await using home = await createTempHome('isobar-server-');
    await writeFile(home.resolve('isobar.json'), JSON.stringify({ port: 'high' }));
    const result = await runLauncher(['--home', home.path], cleanEnv(home.path));
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /isobar\.json\.port: /);
  });

  for (const [args, env, pattern] of [
    [['--port', '70000'], {}, /--port: must be an integer from 0 to 65535, got "70000"/],
    [[], { ISOBAR_PORT: 'abc' }, /ISOBAR_PORT: must be an integer/],
    [[], { ECF_PORT: '-1' }, /ECF_PORT: must be an integer/],
    [['--port', '0'], { ISOBAR_BIND: 'bad host!' }, /ISOBAR_BIND: not an IP address or host name/],
    [['--port', '0', '--log-level', 'loud'], {}, /--log-level: must be one of error, warn, info, debug/],
    [['--port', '0', '--bind', 'not an address'], {}, /--bind: not an IP address or host name/],
    [['--port', '0', '--tls-cert', 'x.pem'], {}, /--tls-cert: needs --tls-key/],
    [['--port', '0', '--access-log', 'stdout', '--access-log-format', '%h %Y'], {}, /--access-log-format: .*%Y/],
    [['--port', '0', '--udp', '3143'], {}, /--udp: not available yet/],
    [['--port', '0', '--rest'], {}, /--rest: not available yet/],
    [['--port', '0', '--job-port', 'x'], {}, /--job-port: must be an integer from 0 to 65535/],
    [['--port', '0', '--job-bind', '127.0.0.1'], {}, /--job-bind: needs --job-port as well/],
    [['--port', '0', '--checkpoint', 'sometimes'], {}, /--checkpoint: must be always, never, on_time/],
    [['--port', '0'], { ISOBAR_CHECKPOINT: 'on_time:0' }, /ISOBAR_CHECKPOINT: must be always, never/],
    [['--port', '0'], { ISOBAR_TEST_FAULT: 'journal.nowhere:1' }, /ISOBAR_TEST_FAULT: expected <point>:<n>/],
    [['--port', '0', '--bogus-flag'], {}, /Unknown argument: bogus-flag/],
  ] as [string[], Record<string, string>, RegExp][]) {
    it(`exits 2 for ${[...args, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)].join(' ')}`, async () => {
      await using home = await createTempHome('isobar-server-');
      const result = await runLauncher(['--home', home.path, ...args], cleanEnv(home.path, env));
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, pattern);
    });
  }

  it('opens a job listener with --job-port that serves child commands only, and names it in the log', async () => {
    await using home = await createTempHome('isobar-server-');
    const args = ['--home', home.path, '--port', '0', '--job-port', '0'];
    const { proc, url } = await startLauncher(args, cleanEnv(home.path));
    try {
      const jobUrl = /"jobUrl":"(http:\/\/[^"]+)"/.exec(proc.stderr())?.[1] ?? '';
      assert.match(jobUrl, /^http:\/\/127\.0\.0\.1:\d+$/, proc.stderr());
      assert.notEqual(jobUrl, url);
      const post = (base: string, method: string) =>
        fetch(`${base}/v1/rpc/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      assert.equal((await post(jobUrl, 'ping')).status, 200);
      assert.equal((await post(jobUrl, 'stats')).status, 404);
      assert.equal((await post(url, 'stats')).status, 200);
    } finally {
      assert.deepEqual(await proc.stop('SIGTERM'), { code: 0, signal: null }, proc.stderr());
    }
  });

  it('refuses to start on a damaged checkpoint with no backup, naming the file (exit 1)', async () => {
    await using home = await createTempHome('isobar-server-');
    await writeFile(home.resolve('checkpoint'), '#isobar-checkpoint version:1 valid_from:x\ngarbage\n');
    const result = await runLauncher(['--home', home.path, '--port', '0'], cleanEnv(home.path));
    assert.equal(result.code, 1, result.stderr);
    assert.ok(result.stderr.includes(home.resolve('checkpoint')), result.stderr);
  });

  it('keeps its suites across a restart: SIGTERM writes the final checkpoint', async () => {
    await using home = await createTempHome('isobar-server-');
    const env = cleanEnv(home.path);
    const first = await startLauncher(['--home', home.path, '--port', '0', '--checkpoint', 'never'], env);
    const load = await fetch(`${first.url}/v1/rpc/load`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'suite kept\n  task t\nendsuite\n' }),
    });
    assert.equal(load.status, 200);
    assert.deepEqual(await first.proc.stop('SIGTERM'), { code: 0, signal: null }, first.proc.stderr());
    await access(home.resolve('checkpoint'));
    const second = await startLauncher(['--home', home.path, '--port', '0'], env);
    try {
      const suites = await fetch(`${second.url}/v1/rpc/suites`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.match(await suites.text(), /"kept"/);
    } finally {
      assert.deepEqual(await second.proc.stop('SIGTERM'), { code: 0, signal: null });
    }
  });

  it('refuses a second server on the same home (exit 1) while the first runs', async () => {
    await using home = await createTempHome('isobar-server-');
    const { proc } = await startLauncher(['--home', home.path, '--port', '0'], cleanEnv(home.path));
    try {
      const second = await runLauncher(['--home', home.path, '--port', '0'], cleanEnv(home.path));
      assert.equal(second.code, 1, second.stderr);
      assert.match(second.stderr, new RegExp(`pid ${proc.pid}`));
    } finally {
      await proc.stop('SIGTERM');
    }
  });

  it('writes the access log to a file and reopens it on SIGHUP', async () => {
    await using home = await createTempHome('isobar-server-');
    const log = home.resolve('access.log');
    const args = ['--home', home.path, '--port', '0', '--access-log', log, '--access-log-format', '%m %U %s'];
    const { proc, url } = await startLauncher(args, cleanEnv(home.path));
    try {
      await (await fetch(`${url}/v1/health`)).text();
      const { rename } = await import('node:fs/promises');
      await rename(log, `${log}.1`);
      proc.child.kill('SIGHUP');
      await proc.waitForLine(/log files reopened/);
      await (await fetch(`${url}/v1/health?after=rotation`)).text();
    } finally {
      assert.equal((await proc.stop('SIGTERM')).code, 0);
    }
    assert.equal(await readFile(`${log}.1`, 'utf8'), 'GET /v1/health 200\n');
    assert.equal(await readFile(log, 'utf8'), 'GET /v1/health 200\n');
  });
});

describe('isobar-server config file', () => {
  it('passes server settings through (requestIdFormat base32 shows in X-Request-Id)', async () => {
    await using home = await createTempHome('isobar-server-');
    const config = { port: 0, requestIdFormat: 'base32', sse: { heartbeatMs: 5000 }, logLevel: 'debug' };
    await writeFile(home.resolve('isobar.json'), JSON.stringify(config));
    const { proc, url } = await startLauncher(['--home', home.path], cleanEnv(home.path));
    try {
      const response = await fetch(`${url}/v1/health`);
      await response.text();
      assert.match(response.headers.get('x-request-id') ?? '', /^[A-Z2-7]{26}={6}$/);
    } finally {
      assert.equal((await proc.stop('SIGTERM')).code, 0);
    }
  });
});

describe('isobar-server with TLS', () => {
  it('serves https from a home made by init --tls, with no flags but --port', async () => {
    await using home = await createTempHome('isobar-server-');
    const env = cleanEnv(home.resolve('user'));
    assert.equal((await runLauncher(['init', '--tls', '--home', home.resolve('h')], env)).code, 0);
    const { proc, url } = await startLauncher(['--home', home.resolve('h'), '--port', '0'], env);
    try {
      const health = await httpsGet(`${url}/v1/health`, await readFile(home.resolve('h', 'tls', 'ca.crt')));
      assert.equal(health.status, 200);
    } finally {
      assert.equal((await proc.stop('SIGTERM')).code, 0);
    }
  });

  it('serves https with the certificate made by init, trusted through its CA', async () => {
    await using home = await createTempHome('isobar-server-');
    const env = cleanEnv(home.resolve('user'));
    const init = await runLauncher(['init', '--home', home.resolve('h')], env);
    assert.equal(init.code, 0, init.stderr);
    const tls = (name: string): string => home.resolve('h', 'tls', name);
    const args = [
      '--home',
      home.resolve('h'),
      '--port',
      '0',
      '--tls-cert',
      tls('server.crt'),
      '--tls-key',
      tls('server.key'),
    ];
    const { proc, url } = await startLauncher(args, env);
    try {
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = await readFile(tls('ca.crt'));
      const byIp = await httpsGet(`${url}/v1/health`, ca);
      assert.equal(byIp.status, 200);
      assert.equal((JSON.parse(byIp.body) as { status: string }).status, 'RUNNING');
      const byName = await httpsGet(`${url.replace('127.0.0.1', 'localhost')}/v1/health`, ca);
      assert.equal(byName.status, 200);
    } finally {
      assert.equal((await proc.stop('SIGTERM')).code, 0);
    }
  });
});
