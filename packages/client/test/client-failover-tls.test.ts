// IsobarClient across several URLs (the first one dead) and over TLS with a test CA, plain and mutual.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestPki, freePort, type TestPki } from '@isobar/test-utils';
import { IsobarClient, hasErrorCode } from '../src/index.js';
import { startOpenServer, type TestServer } from './client-helpers.js';

describe('IsobarClient fail-over', () => {
  it('moves on from a URL where nothing listens, stays on the one that answers, and follows the feed there', async () => {
    await using server = await startOpenServer();
    const dead = `http://127.0.0.1:${await freePort()}`;
    using client = new IsobarClient({ urls: [dead, server.url] });
    assert.equal((await client.ping()).serverState, 'RUNNING');
    assert.equal(client.currentUrl(), server.url);
    assert.deepEqual((await client.suites()).suites, []);
    await client.load({ text: 'suite fo\n  defstatus suspended\n  task t\nendsuite\n' });
    const stream = client.events({ lastEventId: 0 });
    const first = await stream.next();
    assert.equal(first.value?.seq, 1, 'the feed opened on the live server and replayed the load');
    stream.close();
  });

  it('reports UNREACHABLE with the URL when no URL answers', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    using client = new IsobarClient({ urls: dead, retry: { attempts: 1 } });
    const error = await client.ping().catch((e: unknown) => e);
    assert.ok(hasErrorCode(error, 'UNREACHABLE'), String(error));
    assert.equal(error.details?.['url'], dead);
    const feed = await client
      .events()
      .next()
      .catch((e: unknown) => e);
    assert.ok(hasErrorCode(feed, 'UNREACHABLE'), String(feed));
  });
});

describe('IsobarClient over TLS', () => {
  let pki: TestPki;
  let plain: TestServer;
  let mutual: TestServer;
  before(async () => {
    pki = createTestPki();
    plain = await startOpenServer({ tls: { cert: pki.serverCert, key: pki.serverKey } });
    mutual = await startOpenServer({
      tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requireClientCert: true },
    });
  });
  after(() => Promise.all([plain.close(), mutual.close()]));

  it('verifies the server against the given CA, for calls and for the change feed', async () => {
    assert.match(plain.url, /^https:/);
    using client = new IsobarClient({ urls: plain.url, tls: { ca: pki.ca } });
    assert.equal((await client.ping()).serverState, 'RUNNING');
    await client.load({ text: 'suite tls\n  defstatus suspended\n  task t\nendsuite\n' });
    const stream = client.events({ lastEventId: 0 });
    assert.equal((await stream.next()).value?.seq, 1);
    stream.close();
  });

  it('refuses a server whose certificate the CA did not sign, unless insecure', async () => {
    using untrusting = new IsobarClient({ urls: plain.url, tls: { ca: pki.otherCa }, retry: { attempts: 1 } });
    const refused = await untrusting.ping().catch((e: unknown) => e);
    assert.ok(hasErrorCode(refused, 'UNREACHABLE'), String(refused));
    const feed = await untrusting
      .events()
      .next()
      .catch((e: unknown) => e);
    assert.ok(hasErrorCode(feed, 'UNREACHABLE'), String(feed));
    using insecure = new IsobarClient({ urls: plain.url, tls: { insecure: true } });
    assert.equal((await insecure.ping()).serverState, 'RUNNING');
  });

  it('presents a client certificate to a server that requires one', async () => {
    const tls = { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey };
    using client = new IsobarClient({ urls: mutual.url, tls });
    assert.equal((await client.ping()).serverState, 'RUNNING');
    await client.load({ text: 'suite mtls\n  defstatus suspended\n  task t\nendsuite\n' });
    const stream = client.events({ lastEventId: 0 });
    assert.equal((await stream.next()).value?.seq, 1);
    stream.close();
    using anonymous = new IsobarClient({ urls: mutual.url, tls: { ca: pki.ca }, retry: { attempts: 1 } });
    const refused = await anonymous.ping().catch((e: unknown) => e);
    assert.ok(hasErrorCode(refused, 'UNREACHABLE'), String(refused));
  });
});
