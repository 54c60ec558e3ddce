import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PEM texts of a test CA, a server certificate, a client certificate, and an unrelated second CA. */
export interface TestPki {
  /** The CA that signed the server and client certificates. */
  readonly ca: string;
  /** Server certificate: SAN IP:127.0.0.1 and DNS:localhost, extendedKeyUsage serverAuth. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** Client certificate: extendedKeyUsage clientAuth. */
  readonly clientCert: string;
  readonly clientKey: string;
  /** A CA that signed nothing here: trusting only it must fail verification. */
  readonly otherCa: string;
}

/**
 * Makes a throwaway PKI with the real `openssl` CLI (EC P-256 keys, valid for two days) in a temporary directory
 * that is removed before returning. Tests use it for TLS and mutual TLS on loopback.
 *
 * @example
 * ```ts
 * const pki = createTestPki();
 * https.createServer({ cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requestCert: true });
 * ```
 */
export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-test-pki-'));
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    for (const name of ['ca', 'other-ca']) {
      openssl(
        'req',
        '-x509',
        ...ec,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.crt`,
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
      );
    }
    writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
    for (const name of ['server', 'client']) {
      openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
      const sign = ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2'];
      openssl('x509', '-req', '-in', `${name}.csr`, ...sign, '-extfile', `${name}.ext`, '-out', `${name}.crt`);
    }
    const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
    return {
      ca: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
      otherCa: read('other-ca.crt'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
