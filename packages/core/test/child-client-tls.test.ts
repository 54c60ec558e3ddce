import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, startChildServer, type ChildServer } from './child-client-helpers.js';

/** A CA and a server certificate for 127.0.0.1, made with openssl in `dir`. */
function makePki(dir: string): { caFile: string; cert: string; key: string } {
  const openssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=test-ca');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=server');
  const sign = ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext'];
  openssl('x509', '-req', '-in', 'server.csr', ...sign, '-out', 'server.crt');
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  return { caFile: join(dir, 'ca.crt'), cert: read('server.crt'), key: read('server.key') };
}

describe('isobar-child: https through curl', () => {
  let dir: string;
  let ctx: ChildServer;
  let caFile: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isobar-child-pki-'));
    const pki = makePki(dir);
    caFile = pki.caFile;
    ctx = await startChildServer({ tls: { cert: pki.cert, key: pki.key } });
  });
  after(async () => {
    await ctx.server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the server URL is https', () => {
    assert.match(ctx.url, /^https:\/\/127\.0\.0\.1:\d+/);
  });

  it('without the CA, the certificate is refused: exit 1 with curl’s reason, nothing changed', async () => {
    const result = await runChild(['--init=5'], ctx.job());
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Error: request\( --init 5 \) failed! {2}curl: \(60\)/);
    assert.equal(ctx.state(), 'submitted');
  });

  it('with ISOBAR_CA: init, a label with quotes and newlines, complete', async () => {
    const env = { ...ctx.job(), ISOBAR_CA: caFile, ECF_RID: '5' };
    assert.equal((await runChild(['--init=5'], env)).code, 0);
    assert.equal(ctx.state(), 'active');
    const text = 'a "quoted"\nline \\ two';
    const label = await runChild(['--label=l', text], env);
    assert.deepEqual([label.code, label.stderr], [0, '']);
    assert.equal(ctx.task().labels?.find((l) => l.name === 'l')?.value, text);
    assert.equal((await runChild(['--complete'], env)).code, 0);
    assert.equal(ctx.state(), 'complete');
  });
});
