// The packed @isobar/client works in a plain Node project: `npm pack` the built packages, `npm install` the
// tarballs into an empty directory, and run a script there with plain `node` against a live server.
//
// Users install @isobar/client alone; its dependency @isobar/protocol is not published from this checkout, so
// its tarball is installed alongside (npm then takes the protocol's own third-party dependencies from the
// registry, which must be reachable).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createTempHome, runProcess, type TempHome } from '@isobar/test-utils';
import { startOpenServer, type TestServer } from './client-helpers.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Why the test cannot run here, or undefined when it can. */
function skipReason(): string | undefined {
  const probe = spawnSync(NPM, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0)
    return `npm is not available (${String(probe.error ?? probe.stderr)})`;
  return undefined;
}

const SKIP = skipReason();
if (SKIP !== undefined) console.log(`# pack-install: skipped because ${SKIP}`);

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const result = await runProcess(command, { args, cwd, timeoutMs: 300_000 });
  assert.equal(result.code, 0, `${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('pack and install @isobar/client', { skip: SKIP }, () => {
  let work: TempHome;
  let server: TestServer;
  before(async () => {
    work = await createTempHome('isobar-pack-');
    server = await startOpenServer();
  });
  after(async () => {
    await server?.close();
    await work?.remove();
  });

  it('imports @isobar/client from the installed tarball and pings a live server with plain node', async () => {
    // The tarballs hold dist/: build it first (tsc -b also builds the protocol through the project reference).
    await run(
      process.execPath,
      [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-b', 'packages/client'],
      ROOT,
    );
    const tarballs = work.resolve('tarballs');
    const app = work.resolve('app');
    mkdirSync(tarballs);
    mkdirSync(app);
    for (const pkg of ['protocol', 'client']) {
      await run(NPM, ['pack', '--pack-destination', tarballs], `${ROOT}packages/${pkg}`);
    }
    const packed = readdirSync(tarballs).map((name) => `${tarballs}/${name}`);
    assert.equal(packed.length, 2, packed.join(', '));
    await run(NPM, ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packed], app);
    assert.ok(existsSync(`${app}/node_modules/@isobar/client/dist/index.js`));
    writeFileSync(
      `${app}/check.mjs`,
      [
        "import { IsobarClient, hasErrorCode } from '@isobar/client';",
        'const client = IsobarClient.fromEnv(process.env);',
        'const pong = await client.ping();',
        "const missing = await client.query({ kind: 'state', path: '/nowhere' }).catch((e) => e);",
        'client.close();',
        "console.log(JSON.stringify({ state: pong.serverState, notFound: hasErrorCode(missing, 'NOT_FOUND') }));",
      ].join('\n'),
    );
    const result = await runProcess(process.execPath, {
      args: ['check.mjs'],
      cwd: app,
      env: { PATH: process.env['PATH'], ISOBAR_URL: server.url },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { state: 'RUNNING', notFound: true });
  });
});
