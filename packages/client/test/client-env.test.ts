// IsobarClient.fromEnv / clientOptionsFromEnv: which server and credentials an environment selects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SERVER_URL,
  IsobarClient,
  clientOptionsFromEnv,
  hasErrorCode,
  resolveIsobarClientOptions,
  serverUrlsFromEnv,
} from '../src/index.js';

describe('clientOptionsFromEnv', () => {
  it('defaults to http://127.0.0.1:3141 with no credentials', () => {
    assert.deepEqual(clientOptionsFromEnv({}), { urls: [DEFAULT_SERVER_URL] });
    assert.equal(DEFAULT_SERVER_URL, 'http://127.0.0.1:3141');
  });

  it('reads ISOBAR_URL as a comma-separated fail-over list, ahead of ECF_HOST/ECF_PORT', () => {
    const env = { ISOBAR_URL: ' https://a:3141 ,https://b:3141/,', ECF_HOST: 'ignored', ECF_PORT: '1' };
    assert.deepEqual(serverUrlsFromEnv(env), ['https://a:3141', 'https://b:3141/']);
  });

  it('builds the URL from ECF_HOST and ECF_PORT as ecflow_client does', () => {
    assert.deepEqual(serverUrlsFromEnv({ ECF_HOST: 'ecgate', ECF_PORT: '3199' }), ['http://ecgate:3199']);
    assert.deepEqual(serverUrlsFromEnv({ ECF_HOST: 'ecgate' }), ['http://ecgate:3141']);
    assert.deepEqual(serverUrlsFromEnv({ ECF_PORT: '4000' }), ['http://127.0.0.1:4000']);
    assert.deepEqual(serverUrlsFromEnv({ ECF_HOST: '::1', ECF_PORT: '4000' }), ['http://[::1]:4000']);
    assert.deepEqual(serverUrlsFromEnv({ ECF_HOST: 'h', ECF_SSL: '1' }), ['https://h:3141']);
    assert.deepEqual(serverUrlsFromEnv({ ECF_HOST: 'h', ECF_HOST_PROTOCOL: 'https' }), ['https://h:3141']);
    assert.deepEqual(serverUrlsFromEnv({ ECF_HOST: 'h', ECF_HOST_PROTOCOL: 'HTTP' }), ['http://h:3141']);
    assert.deepEqual(serverUrlsFromEnv({ ISOBAR_URL: '', ECF_HOST: '' }), [DEFAULT_SERVER_URL]);
  });

  it('takes ISOBAR_USER/ISOBAR_PASSWORD and ISOBAR_TOKEN', () => {
    const env = { ISOBAR_USER: 'ops', ISOBAR_PASSWORD: 'pw', ISOBAR_TOKEN: 'tok' };
    assert.deepEqual(clientOptionsFromEnv(env), {
      urls: [DEFAULT_SERVER_URL],
      user: 'ops',
      password: 'pw',
      token: 'tok',
    });
  });

  it('lets overrides win, hiding env credentials of another identity and ignoring undefined overrides', () => {
    const env = { ISOBAR_URL: 'http://env:1', ISOBAR_USER: 'ops', ISOBAR_PASSWORD: 'pw', ISOBAR_TOKEN: 'tok' };
    assert.deepEqual(clientOptionsFromEnv(env, { token: 'flag-token', urls: undefined }), {
      urls: ['http://env:1'],
      user: 'ops',
      password: 'pw',
      token: 'flag-token',
    });
    assert.deepEqual(clientOptionsFromEnv(env, { password: 'flag-pw' }), {
      urls: ['http://env:1'],
      user: 'ops',
      password: 'flag-pw',
    });
    assert.deepEqual(clientOptionsFromEnv(env, { user: 'ada', password: 'ada-pw' }), {
      urls: ['http://env:1'],
      user: 'ada',
      password: 'ada-pw',
    });
    assert.deepEqual(clientOptionsFromEnv(env, { urls: 'http://flag:2', timeoutMs: 5 }), {
      urls: 'http://flag:2',
      user: 'ops',
      password: 'pw',
      token: 'tok',
      timeoutMs: 5,
    });
  });

  it('reads nothing but the object it is given', () => {
    process.env['ISOBAR_URL'] = 'http://from-process-env:1';
    try {
      assert.deepEqual(IsobarClient.fromEnv({}).urls, [DEFAULT_SERVER_URL]);
    } finally {
      delete process.env['ISOBAR_URL'];
    }
    const client = IsobarClient.fromEnv({ ISOBAR_URL: 'http://a:1,http://b:2' });
    assert.deepEqual(client.urls, ['http://a:1', 'http://b:2']);
    client.close();
  });

  it('reports a user without a password from the environment as a configuration error', () => {
    assert.throws(
      () => IsobarClient.fromEnv({ ISOBAR_USER: 'ops' }),
      (e: unknown) => hasErrorCode(e, 'CONFIG_ERROR') && /user and password/.test(e.message),
    );
    const resolved = resolveIsobarClientOptions(clientOptionsFromEnv({ ISOBAR_USER: 'ops' }, { password: 'x' }));
    assert.deepEqual(resolved.credentials, { user: 'ops', password: 'x' }, 'a password flag completes ISOBAR_USER');
  });
});
