// Runs the real `isobar-server` executable as a child process: from source (tsx + the @isobar/source condition) by
// default, or the built `dist/bin.js` when ISOBAR_TEST_BUILT=1 (CI sets it right after `npm run build`, which saves
// tsx's compile in every child process).
import { readFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { fileURLToPath } from 'node:url';
import { runProcess, startProcess, type TestProcess } from '@isobar/test-utils';

/** The repository root (tsx is resolved from there). */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NODE_ARGS =
  process.env['ISOBAR_TEST_BUILT'] === '1'
    ? [fileURLToPath(new URL('../dist/bin.js', import.meta.url))]
    : ['--conditions=@isobar/source', '--import', 'tsx', fileURLToPath(new URL('../src/bin.ts', import.meta.url))];

/** The test's environment without the variables the launcher reads, with HOME pointed at `home`. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  for (const name of ['ISOBAR_PORT', 'ECF_PORT', 'ISOBAR_BIND', 'ISOBAR_HOME', 'XDG_CONFIG_HOME']) delete env[name];
  return { ...env, ...extra };
}

/** Runs `isobar-server args…` to completion. */
export function runLauncher(args: readonly string[], env: NodeJS.ProcessEnv, input?: string) {
  return runProcess(process.execPath, {
    args: [...NODE_ARGS, ...args],
    cwd: ROOT,
    env,
    ...(input === undefined ? {} : { input }),
  });
}

/** Starts the server and waits for its `listening` line; returns the process and the URL it logged. */
export async function startLauncher(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ proc: TestProcess; url: string }> {
  const proc = startProcess(process.execPath, { args: [...NODE_ARGS, ...args], cwd: ROOT, env });
  try {
    const match = await proc.waitForLine(/listening on (https?:\/\/[^\s"]+)/, 30_000);
    return { proc, url: match[1]! };
  } catch (error) {
    await proc.stop('SIGKILL');
    throw error;
  }
}

/** The parsed `run/server.json` of `home`. */
export async function readRunFile(
  home: string,
): Promise<{ url: string; pid: number; version: string; startedAt: string }> {
  return JSON.parse(await readFile(`${home}/run/server.json`, 'utf8')) as Awaited<ReturnType<typeof readRunFile>>;
}

/** GET over https trusting `ca` only; resolves with status and body. */
export function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
