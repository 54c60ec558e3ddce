import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { parseLauncherConfig, resolveLauncherOptions } from '../src/index.js';

describe('launcher config', () => {
  it('accepts every documented key', () => {
    const config = {
      port: 1,
      bind: '::',
      tls: { cert: 'c', key: 'k', ca: 'a', requireClientCert: true },
      accessLog: { path: 'stdout', format: 'json' },
      logLevel: 'warn',
      logFile: 'log/x.log',
      halted: true,
      dev: false,
      bodyLimit: 1024,
      maxConcurrentRequests: 4,
      requestIdFormat: 'base64',
      trustedProxies: ['10.0.0.1'],
      basicAuth: true,
      tokenTtlMs: 60_000,
      stopTimeoutMs: 0,
      sse: { heartbeatMs: 1, maxBufferedBytes: 2, maxClients: 3 },
    };
    assert.deepEqual(parseLauncherConfig(JSON.stringify(config), 'x.json'), config);
  });

  it('names every unknown or bad key in one message', () => {
    assert.throws(
      () => parseLauncherConfig('{"prot": 1, "tls": {"cert": "c", "key": "k", "kye": 1}, "port": -1}', 'x.json'),
      (error: unknown) =>
        hasErrorCode(error, 'INVALID_ARGUMENT') &&
        /unknown field "prot"/.test(error.message) &&
        /x\.json\.tls: unknown field "kye"/.test(error.message) &&
        /x\.json\.port: /.test(error.message),
    );
    assert.throws(() => parseLauncherConfig('{port: 1}', 'x.json'), /x\.json: not valid JSON/);
  });

  it('resolves relative config paths against the config file and flag paths against the working directory', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(`${tmpdir()}/isobar-config-`);
    await writeFile(`${dir}/c.json`, JSON.stringify({ tls: { cert: 'tls/s.crt', key: 'tls/s.key' }, bind: '0.0.0.0' }));
    const options = await resolveLauncherOptions(
      { config: `${dir}/c.json`, tlsKey: 'other.key', bind: undefined },
      { ISOBAR_BIND: '::1', ISOBAR_HOME: dir },
    );
    assert.equal(options.tls?.cert, `${dir}/tls/s.crt`);
    assert.equal(options.tls?.key, `${process.cwd()}/other.key`);
    assert.equal(options.bind, '::1');
    assert.equal(options.home, dir);
    assert.equal(options.port, 3141);
  });
});
