// `isobar certs ca|issue` with the real binary: every extension checked with `openssl x509 -text -noout`, the
// chain with `openssl verify`, key files 0600, and a TLS ping against a server using the issued certificate.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IsobarServer } from '@isobar/core';
import { bundleCli, runCli, tempHome, type CliRun } from './cli-harness.js';

const openssl = (...args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8' });

describe('isobar certs', () => {
  let bundle: ReturnType<typeof bundleCli>;
  let home: ReturnType<typeof tempHome>;
  let server: IsobarServer | undefined;
  const file = (name: string): string => join(home.path, name);
  const cli = (...args: string[]): Promise<CliRun> => runCli(bundle.bin, args, { home: home.path });

  before(() => {
    bundle = bundleCli();
    home = tempHome();
  });

  after(async () => {
    await server?.stop();
    home?.dispose();
    bundle?.dispose();
  });

  it('creates a CA with basicConstraints CA:TRUE and keyCertSign, key 0600', async () => {
    const run = await cli('certs', 'ca', '--name', 'Test CA', '--out', home.path, '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.json().cert, file('ca.crt'));
    const text = openssl('x509', '-in', file('ca.crt'), '-text', '-noout');
    assert.match(text, /Subject: CN\s?=\s?Test CA/);
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
    assert.match(text, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    assert.equal(statSync(file('ca.key')).mode & 0o777, 0o600);
    const again = await cli('certs', 'ca', '--name', 'Test CA', '--out', home.path);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists; pass --force/);
  });

  it('issues a server certificate with DNS and IP subject alternative names and serverAuth', async () => {
    const ca = ['--ca-cert', file('ca.crt'), '--ca-key', file('ca.key'), '--out', home.path];
    const run = await cli('certs', 'issue', '--name', 'server', '--alt-names', 'localhost,127.0.0.1', '::1', ...ca);
    assert.equal(run.code, 0, run.stderr);
    const text = openssl('x509', '-in', file('server.crt'), '-text', '-noout');
    assert.match(text, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
    assert.match(text, /X509v3 Key Usage: critical\s+Digital Signature/);
    assert.match(text, /X509v3 Extended Key Usage:\s+TLS Web Server Authentication/);
    assert.match(text, /DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/);
    assert.match(text, /X509v3 Authority Key Identifier/);
    assert.match(openssl('verify', '-CAfile', file('ca.crt'), file('server.crt')), /server\.crt: OK/);
    assert.equal(statSync(file('server.key')).mode & 0o777, 0o600);
    const noNames = await cli('certs', 'issue', '--name', 'x', ...ca);
    assert.equal(noNames.code, 2);
  });

  it('issues a client certificate with clientAuth', async () => {
    const ca = ['--ca-cert', file('ca.crt'), '--ca-key', file('ca.key'), '--out', home.path];
    const run = await cli('certs', 'issue', '--name', 'Ops Person', '--client', ...ca);
    assert.equal(run.code, 0, run.stderr);
    const text = openssl('x509', '-in', file('ops-person.crt'), '-text', '-noout');
    assert.match(text, /X509v3 Extended Key Usage:\s+TLS Web Client Authentication/);
    assert.doesNotMatch(text, /Server Authentication/);
    assert.match(openssl('verify', '-CAfile', file('ca.crt'), file('ops-person.crt')), /OK/);
  });

  it('pings a TLS server that uses the issued certificate, trusting the CA with --ca', async () => {
    const tls = { cert: readFileSync(file('server.crt')), key: readFileSync(file('server.key')) };
    server = createServer({ port: 0, tls });
    server.start();
    await server.allowAccess();
    const url = server.address()!.url.replace('http://', 'https://');
    assert.ok(url.startsWith('https://'), url);
    const ok = await cli('ping', '--url', url, '--ca', file('ca.crt'));
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /RUNNING/);
    const untrusted = await cli('suites', '--url', url);
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /^isobar: cannot reach https:.*\(TLS: .*\) — pass --ca FILE/);
    const version = await cli('version', '--url', url, '--ca', file('ca.crt'), '--json');
    assert.equal(version.json().server.version, '0.1.0');
  });
});
