/* eslint-disable @typescript-eslint/no-explicit-any -- parsed JSON of test replies */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRpcClient, hasErrorCode, type RpcClientOptions } from '@isobar/protocol';
import type { IsobarServer } from '../src/index.js';
import { startServer } from './http-helpers.js';

interface Pki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl in a temp dir. */
function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-http-pki-'));
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const name of ['server', 'client']) {
      openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      );
    }
    const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
    return {
      ca: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ping(options: RpcClientOptions): Promise<any> {
  const client = createRpcClient({ retry: { attempts: 1 }, ...options });
  try {
    return await client.call('ping');
  } finally {
    client.close();
  }
}

describe('http facility: TLS', () => {
  let pki: Pki;
  let plain: { server: IsobarServer; url: string };
  let mutual: { server: IsobarServer; url: string };
  before(async () => {
    pki = makePki();
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
