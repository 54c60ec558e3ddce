// The client's method table stays equal to the protocol catalogue, every method is installed where its name says,
// and constructing a client and calling ping loads nothing of the TypeBox catalogue.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { METHODS, METHOD_NAMES } from '@isobar/protocol';
import { runProcess } from '@isobar/test-utils';
import { IsobarClient, METHOD_TABLE, isSafeToRetry, isSessionless } from '../src/index.js';
import { startOpenServer, type TestServer } from './client-helpers.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('the method table', () => {
  it('lists every catalogue method in order with its safeToRetry flag and access', () => {
    const expected = METHOD_NAMES.map((name) => [name, METHODS[name].safeToRetry, METHODS[name].access]);
    const rows = expected.map((row) => `  ${JSON.stringify(row).replaceAll('"', "'").replaceAll(',', ', ')},`);
    assert.deepEqual(METHOD_TABLE, expected, `src/client/method-table.ts must list:\n${rows.join('\n')}`);
    assert.equal(isSafeToRetry('tree'), true);
    assert.equal(isSafeToRetry('run'), false);
    assert.equal(isSafeToRetry('noSuchMethod'), false);
    assert.equal(isSessionless('ping'), true);
    assert.equal(isSessionless('child.init'), true);
    assert.equal(isSessionless('batch'), false);
    assert.equal(isSessionless('suites'), false);
  });

  it('installs one function per method, nesting dotted names, without hiding class members', () => {
    const client = new IsobarClient();
    const members = client as unknown as Record<string, Record<string, unknown>>;
    for (const name of METHOD_NAMES) {
      const [root, leaf] = name.split('.') as [string, string | undefined];
      const member = leaf === undefined ? members[root] : members[root]?.[leaf];
      assert.equal(typeof member, 'function', name);
    }
    assert.equal(typeof client.zombies, 'function', 'zombies is a method and a namespace');
    assert.equal(typeof client.zombies.fob, 'function');
    // login/logout stay the session-aware class methods; no installed member shadows a class member.
    for (const own of Object.getOwnPropertyNames(IsobarClient.prototype)) {
      assert.ok(!Object.prototype.hasOwnProperty.call(client, own) || own === 'constructor', own);
    }
    client.close();
  });
});

/** Compile-time checks (`tsc -p test`): arguments and results are typed from the catalogue. Never called. */
export function typedSignatures(client: IsobarClient): void {
  // @ts-expect-error child.init needs the task's credentials
  void client.child.init();
  // @ts-expect-error query needs a kind
  void client.query({ path: '/s' });
  // @ts-expect-error no such method
  void client.child.explode;
  const pong: Promise<{ serverState: string }> = client.ping();
  const state: Promise<{ value: unknown }> = client.query({ kind: 'state', path: '/s' });
  const users: Promise<{ users: readonly { user: string }[] }> = client.users.list();
  const zombies: Promise<{ zombies: readonly unknown[] }> = client.zombies();
  void [pong, state, users, zombies];
}

describe('start-up cost', () => {
  let server: TestServer;
  before(async () => {
    server = await startOpenServer();
  });
  after(() => server.close());

  it('constructs a client and pings without loading TypeBox, ajv or the method catalogue', async () => {
    const hook =
      'export async function load(url, context, next) {' +
      " if (/typebox|ajv|\\/methods\\//.test(url)) console.error('HEAVY ' + url); return next(url, context); }";
    const script = [
      "import { register } from 'node:module';",
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));`,
      "const { IsobarClient } = await import('@isobar/client');",
      `const client = new IsobarClient({ urls: ${JSON.stringify(server.url)} });`,
      'const pong = await client.ping();',
      'client.close();',
      "console.log('PONG ' + pong.serverState);",
    ].join('\n');
    const run = await runProcess(process.execPath, {
      args: ['--conditions=@isobar/source', '--import', 'tsx', '--input-type=module', '-e', script],
      cwd: PACKAGE_DIR,
    });
    assert.match(run.stdout, /PONG RUNNING/, run.stderr);
    assert.doesNotMatch(run.stderr, /HEAVY/, 'a heavy module was loaded');
  });
});
