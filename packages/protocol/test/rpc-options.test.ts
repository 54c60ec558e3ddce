import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createRpcClient,
  defaultIsSafeToRetry,
  hasErrorCode,
  METHODS,
  resolveRpcClientOptions,
  type RpcClientOptions,
} from '@isobar/protocol';
import { CATALOGUE_SAFE_METHODS, CATALOGUE_UNSAFE_METHODS } from '../src/rpc/safe-methods.js';
import { sendValue, startTestServer, type TestServer } from './rpc-test-servers.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function problemsOf(options: unknown): string[] {
  try {
    resolveRpcClientOptions(options as RpcClientOptions);
  } catch (error) {
    assert.ok(hasErrorCode(error, 'CONFIG_ERROR'));
    return error.details?.['problems'] as string[];
  }
  assert.fail('expected CONFIG_ERROR');
}

describe('rpc client options', () => {
  it('fills in the defaults', () => {
    const resolved = resolveRpcClientOptions({ urls: ['https://h.example:8443/', 'http://[::1]:3141'] });
    assert.deepEqual(
      resolved.endpoints.map((e) => [e.url, e.secure, e.hostname, e.port]),
      [
        ['https://h.example:8443', true, 'h.example', 8443],
        ['http://[::1]:3141', false, '::1', 3141],
      ],
    );
    assert.equal(resolved.timeoutMs, 60_000);
    assert.deepEqual(resolved.retry, { attempts: 3, delayMs: 200, maxDelayMs: 5000, banMs: 30_000 });
    assert.equal(resolved.isSafeToRetry, defaultIsSafeToRetry);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      urls: ['ftp://h/', 'not a url', 'http://u:p@h/'],
      auth: { kind: 'login', user: '', password: 3 },
      tls: { cert: 'PEM', insecure: 'yes' },
      timeoutMs: 0,
      retry: { attempts: 1.5, delayMs: -1 },
      headers: { 'bad header': 'x', good: 'a\nb' },
      userAgent: '',
      isSafeToRetry: 'ping',
    });
    const expected = [
      /urls\[0\]/,
      /urls\[1\]/,
      /urls\[2\]/,
      /auth\.user/,
      /auth\.password/,
      /tls\.cert and tls\.key/,
      /tls\.insecure/,
      /timeoutMs/,
      /retry\.attempts/,
      /retry\.delayMs/,
      /"bad header"/,
      /headers\.good/,
      /userAgent/,
      /isSafeToRetry/,
    ];
    for (const pattern of expected)
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `missing ${pattern}`,
      );
    assert.equal(problems.length, expected.length, problems.join('\n'));
  });

  it('requires at least one URL and a known auth kind', () => {
    assert.equal(problemsOf({ urls: [] }).length, 1);
    assert.match(problemsOf({ urls: ['http://h'], auth: { kind: 'jwt' } })[0]!, /auth\.kind/);
    assert.match(problemsOf({ urls: ['http://h'], auth: { kind: 'bearer', token: '' } })[0]!, /auth\.token/);
  });

  it('follows the safeToRetry flags of the catalogue by default, and method names elsewhere', () => {
    for (const safe of ['ping', 'version', 'whoami', 'tree', 'child.complete', 'getTree', 'list', 'listSuites']) {
      assert.equal(defaultIsSafeToRetry(safe), true, safe);
    }
    for (const unsafe of ['load', 'begin', 'run', 'batch', 'child.queue', 'getaway', 'delete', 'widget.make']) {
      assert.equal(defaultIsSafeToRetry(unsafe), false, unsafe);
    }
  });

  it('keeps its light copy of the safeToRetry flags equal to the method catalogue', () => {
    const catalogue = Object.entries(METHODS).map(([name, spec]) => [name, spec.safeToRetry] as const);
    const light = [
      ...CATALOGUE_SAFE_METHODS.map((name) => [name, true] as const),
      ...CATALOGUE_UNSAFE_METHODS.map((name) => [name, false] as const),
    ];
    const byName = (a: readonly [string, boolean], b: readonly [string, boolean]): number => (a[0] < b[0] ? -1 : 1);
    assert.deepEqual([...light].sort(byName), [...catalogue].sort(byName));
  });
});

describe('rpc client close()', () => {
  let server: TestServer;

  before(async () => {
    // `hang` never answers, so a call to it holds a connection open until the client closes it.
    server = await startTestServer((request, res) => {
      if (request.url !== '/v1/rpc/hang') sendValue(res, 'pong');
    });
  });
  after(() => server.close());

  it('closes the keep-alive connections', { timeout: 20_000 }, async () => {
    const client = createRpcClient({ urls: [server.url] });
    await client.call('ping', {});
    const closedBefore = server.closedSockets();
    client.close();
    while (server.closedSockets() === closedBefore) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(server.closedSockets(), closedBefore + 1);
  });

  it('lets the process exit while a call is still waiting for its answer', { timeout: 20_000 }, async () => {
    const script = `
      import { createRpcClient } from '@isobar/protocol';
      const client = createRpcClient({ urls: [${JSON.stringify(server.url)}] });
      await client.call('ping', {});
      const pending = client.call('hang', {}).then(() => 'answered', (e) => e.code);
      setTimeout(() => client.close(), 50);
      console.log(await pending);
    `;
    const child = spawn(
      process.execPath,
      ['--conditions=@isobar/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, output);
    assert.equal(output.trim(), 'UNREACHABLE');
  });
});
