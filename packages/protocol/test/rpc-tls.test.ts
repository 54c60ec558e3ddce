import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { createRpcClient, hasErrorCode, type RpcClientOptions } from '@isobar/protocol';
import { makeTestPki, sendValue, startTestServer, type TestPki, type TestServer } from './rpc-test-servers.js';

/** Calls `ping` once with a fresh client and closes it. */
async function pingWith(options: RpcClientOptions): Promise<unknown> {
  const client = createRpcClient({ retry: { attempts: 1 }, ...options });
  try {
    return await client.call('ping', {});
  } finally {
    client.close();
  }
}

describe('rpc client: TLS', () => {
  let pki: TestPki;
  let server: TestServer;
  let mutual: TestServer;

  before(async () => {
    pki = makeTestPki();
    const answer = (res: ServerResponse): void => {
      const peer = (res.socket as TLSSocket).getPeerCertificate();
      sendValue(res, { pong: true, clientCn: peer.subject?.CN ?? null });
    };
    server = await startTestServer((_r, res) => answer(res), { tls: { key: pki.serverKey, cert: pki.serverCert } });
    mutual = await startTestServer((_r, res) => answer(res), {
      tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.ca, requestCert: true },
    });
  });
  after(async () => {
    await Promise.all([server.close(), mutual.close()]);
  });

  it('trusts a server certificate signed by the given CA', async () => {
    assert.deepEqual(await pingWith({ urls: [server.url], tls: { ca: pki.ca } }), { pong: true, clientCn: null });
    assert.deepEqual(await pingWith({ urls: [server.url], tls: { ca: Buffer.from(pki.ca) } }), {
      pong: true,
      clientCn: null,
    });
  });

  it('refuses a certificate from another CA with UNREACHABLE naming the TLS error, without retrying', async () => {
    const client = createRpcClient({
      urls: [server.url],
      tls: { ca: pki.otherCa },
      retry: { attempts: 3, delayMs: 1 },
    });
    try {
      const [connections, requests] = [server.connections(), server.requests.length];
      const error: unknown = await client.call('ping', {}).catch((e: unknown) => e);
      assert.ok(hasErrorCode(error, 'UNREACHABLE'));
      assert.match(String(error.details?.['errorCode']), /CERT|SIGNATURE|ISSUER/);
      assert.equal(server.connections(), connections + 1, 'a refused certificate is not retried');
      assert.equal(server.requests.length, requests);
    } finally {
      client.close();
    }
  });

  it('accepts any certificate with insecure: true', async () => {
    assert.deepEqual(await pingWith({ urls: [server.url], tls: { insecure: true } }), { pong: true, clientCn: null });
  });

  it('verifies the name given as servername instead of the URL host', async () => {
    assert.deepEqual(await pingWith({ urls: [server.url], tls: { ca: pki.ca, servername: 'localhost' } }), {
      pong: true,
      clientCn: null,
    });
    await assert.rejects(
      pingWith({ urls: [server.url], tls: { ca: pki.ca, servername: 'elsewhere.example' } }),
      (e: unknown) => hasErrorCode(e, 'UNREACHABLE') && /ALTNAME/.test(String(e.details?.['errorCode'])),
    );
  });

  it('presents a client certificate for mutual TLS', async () => {
    const tls = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
    assert.deepEqual(await pingWith({ urls: [mutual.url], tls }), { pong: true, clientCn: 'client' });
  });

  it('cannot call a mutual-TLS server without a client certificate', async () => {
    const before = mutual.requests.length;
    await assert.rejects(pingWith({ urls: [mutual.url], tls: { ca: pki.ca } }), (e: unknown) =>
      hasErrorCode(e, 'UNREACHABLE'),
    );
    assert.equal(mutual.requests.length, before);
  });
});
