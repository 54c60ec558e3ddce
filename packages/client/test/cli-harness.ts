// Shared pieces of the CLI tests: the real bundled binary (built by scripts/bundle.mjs into a temp dir of the
// test file, so tests always run the current sources and never race each other), a real in-process server
// (createServer from @isobar/core on 127.0.0.1:0, optionally with a users file), and a temp HOME.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProcess } from '@isobar/test-utils';
import { createAuthService, createServer, createUserStore, type IsobarServer, type UserStore } from '@isobar/core';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Bundles the CLI into a fresh temp dir; returns the path of isobar.mjs. */
export function bundleCli(): { bin: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-cli-bundle-'));
  execFileSync(process.execPath, [join(packageDir, 'scripts', 'bundle.mjs'), '--quiet', '--outdir', dir], {
    stdio: 'pipe',
  });
  return { bin: join(dir, 'isobar.mjs'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Result of one CLI run. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (throws when it is not exactly one document). */
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed CLI output, asserted field by field
}

/** Runs the CLI binary with `args`, an environment without the test's ISOBAR_/ECF_ variables, and `extra`. */
export async function runCli(
  bin: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; home?: string } = {},
): Promise<CliRun> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' };
  if (options.home !== undefined) {
    env['HOME'] = options.home;
    env['XDG_CONFIG_HOME'] = join(options.home, '.config');
  }
  const result = await runProcess(process.execPath, {
    args: [bin, ...args],
    env: { ...env, ...options.env },
    ...(options.input === undefined ? {} : { input: options.input }),
    timeoutMs: 30_000,
  });
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr,
    json: () => JSON.parse(result.stdout) as unknown,
  };
}

/** A server under test. */
export interface TestServer {
  readonly url: string;
  readonly server: IsobarServer;
  /** Moves the auth clock forward (session expiry tests). */
  advance(ms: number): void;
  stop(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0; with `users`, it authenticates against a users file in a temp home. */
export async function startServer(options: { users?: boolean } = {}): Promise<TestServer> {
  const home = mkdtempSync(join(tmpdir(), 'isobar-cli-server-'));
  let offset = 0;
  let users: UserStore | undefined;
  if (options.users === true) {
    users = await createUserStore({ home, watch: false });
    await users.add({ user: 'admin', password: 'admin-password', roles: ['admin'] });
    await users.add({ user: 'vera', password: 'viewer-password', roles: ['viewer'] });
  }
  const auth =
    users === undefined ? {} : { authenticator: createAuthService({ users, now: () => Date.now() + offset }), users };
  const server = createServer({ port: 0, ...auth });
  server.start();
  await server.allowAccess();
  return {
    url: server.address()!.url,
    server,
    advance: (ms) => void (offset += ms),
    stop: async () => {
      await server.stop();
      users?.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A temp HOME for the credentials file. */
export function tempHome(): { path: string; dispose: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'isobar-cli-home-'));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}
