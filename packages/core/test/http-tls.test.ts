/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcClient, hasErrorCode, type RpcClientOptions } from '@isobar/protocol';
import type { IsobarServer } from '../src/index.js';
import { createTestPki, type TestPki } from '@isobar/test-utils';
import { startServer } from './http-helpers.js';

async function ping(options: RpcClientOptions): Promise<any> {
  const client = createRpcClient({ retry: { attempts: 1 }, ...options });
  try {
    return await client.call('ping');
  } finally {
    client.close();
  }
}

describe('http facility: TLS', () => {
  let pki: TestPki;
  let plain: { server: IsobarServer; url: string };
  let mutual: { server: IsobarServer; url: string };
  before(async () => {
    pki = createTestPki();
    plain = await startServer({ tls: { cert: pki.serverCert, key: pki.serverKey } });
    mutual = await startServer({
      tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requireClientCert: true },
    });
  });
  after(() => Promise.all([plain.server.stop(), mutual.server.stop()]));

  it('serves HTTPS with a certificate clients verify against the CA', async () => {
    assert.match(plain.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await ping({ urls: [plain.url], tls: { ca: pki.ca } })).serverState, 'RUNNING');
    await assert.rejects(ping({ urls: [plain.url] }), (e: unknown) => hasErrorCode(e, 'UNREACHABLE'));
  });

  it('with requireClientCert accepts only clients holding a certificate signed by the CA', async () => {
    const tls = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
    assert.equal((await ping({ urls: [mutual.url], tls })).serverState, 'RUNNING');
    await assert.rejects(ping({ urls: [mutual.url], tls: { ca: pki.ca } }), (e: unknown) =>
      hasErrorCode(e, 'UNREACHABLE'),
    );
  });
});
