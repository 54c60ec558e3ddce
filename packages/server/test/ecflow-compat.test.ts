// Issue 6: the tutorial suite, written the way ecFlow's tutorial writes it (ecflow_client --init, the ERROR
// trap, --complete, %include <head.h> from ECF_INCLUDE, scripts found under ECF_FILES), runs with the very same
// files on ecFlow 5.9.2 and on Isobar with ISOBAR_ECFLOW_COMPAT=1, and both reach the same final state.
import { after, describe, it } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, freePort, runProcess, type TempHome } from '@isobar/test-utils';
import { cleanEnv, startLauncher } from './launcher-helpers.js';
import {
  FIXTURE_DIR,
  assertTutorialFinal,
  driveTutorialSuite,
  isobarSuiteServer,
  killJobProcesses,
  writeTutorialDef,
  type SuiteServer,
  type TutorialRun,
} from './suite-helpers.js';

const ECFLOW_SERVER = '/usr/sbin/ecflow_server';
const ECFLOW_CLIENT = '/usr/bin/ecflow_client';
/** The fixture's folders, used in place: nothing is copied or adapted. */
const TUTORIAL_DIRS = { files: join(FIXTURE_DIR, 'files'), include: join(FIXTURE_DIR, 'include') };

const ecflowMissing = [ECFLOW_SERVER, ECFLOW_CLIENT].find((file) => !existsSync(file));
if (ecflowMissing !== undefined) {
  // Printed so that a skipped half is visible in the output.
  console.log(`# skipping the ecFlow 5.9.2 run of the tutorial suite: ${ecflowMissing} is not installed`);
}

/** A port ecflow_server accepts (1024-49151; the kernel's ephemeral range reaches above). */
async function ecflowPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port <= 49_151) return port;
  }
}

/** Waits until ecflow_server answers; a port taken before its bind makes it exit, which fails at once. */
async function waitForPing(client: (...args: string[]) => Promise<string>, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await client('--ping');
      return;
    } catch (error) {
      if (exited() || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** An ecflow_server in its own process group (so it and any job it left can be killed together). */
async function startEcflow(home: string): Promise<{ server: SuiteServer; stop: () => Promise<void> }> {
  const port = String(await ecflowPort());
  const child: ChildProcess = spawn(ECFLOW_SERVER, ['--port', port, '--ecfinterval', '1'], {
    cwd: home,
    env: { ...process.env, ECF_HOME: home, ECF_PORT: port },
    stdio: 'ignore',
    detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const client = async (...args: string[]): Promise<string> => {
    const result = await runProcess(ECFLOW_CLIENT, { args: ['--host', '127.0.0.1', '--port', port, ...args] });
    if (result.code !== 0) throw new Error(`ecflow_client ${args.join(' ')}: ${result.stderr}${result.stdout}`);
    return result.stdout;
  };
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // ecflow_server ignores SIGTERM: halt and terminate it, and kill its group if it does not go.
    await client('--halt=yes').catch(() => undefined);
    await client('--terminate=yes').catch(() => undefined);
    const timer = setTimeout(killGroup, 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPing(client, () => child.exitCode !== null);
    await client('--restart'); // a new ecflow_server starts HALTED
  } catch (error) {
    killGroup();
    throw error;
  }
  const server: SuiteServer = {
    load: async (run) => void (await client('--load', run.defPath)),
    begin: async () => void (await client('--begin=tutorial')),
    stateText: () => client('--get_state'),
    kill: async (path) => void (await client('--kill', path)),
  };
  return { server, stop };
}

describe('the tutorial suite with unchanged ecFlow scripts', () => {
  const cleanups: (() => unknown)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // Keep cleaning: one failed step must not leave processes behind.
      }
    }
  });
  const tempHome = async (prefix: string): Promise<TempHome> => {
    const home = await createTempHome(prefix);
    cleanups.push(() => home.remove());
    return home;
  };
  const jobsCleanup = (run: TutorialRun): void => void cleanups.push(() => killJobProcesses(`${run.jobsDir}/`));

  it(
    'runs on ecFlow 5.9.2',
    { skip: ecflowMissing && `${ecflowMissing} is not installed`, timeout: 60_000 },
    async () => {
      const home = await tempHome('isobar-ecflow-compat-');
      const run = await writeTutorialDef(home.path, TUTORIAL_DIRS);
      jobsCleanup(run);
      const ecflow = await startEcflow(home.path);
      cleanups.push(ecflow.stop);
      const final = await driveTutorialSuite(ecflow.server, run);
      await assertTutorialFinal(final, run);
    },
  );

  it('runs on Isobar with ISOBAR_ECFLOW_COMPAT=1', { timeout: 60_000 }, async () => {
    const home = await tempHome('isobar-ecflow-compat-');
    const run = await writeTutorialDef(home.path, TUTORIAL_DIRS);
    jobsCleanup(run);
    const env = cleanEnv(home.path, { ISOBAR_ECFLOW_COMPAT: '1' });
    const { proc, url } = await startLauncher(['--home', home.resolve('server'), '--port', '0'], env);
    cleanups.push(() => proc.stop('SIGTERM'));
    const isobar = isobarSuiteServer(url);
    cleanups.push(() => isobar.close());
    const final = await driveTutorialSuite(isobar, run);
    await assertTutorialFinal(final, run);
  });
});
