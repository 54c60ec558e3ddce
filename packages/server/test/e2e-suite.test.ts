// Issue 6: a real suite end to end on the real isobar-server with real shell jobs: families, triggers on an
// event and a meter, labels, a repeat, a limit, a task retried through ECF_TRIES and a task killed through
// ECF_KILL_CMD. The scripts use Isobar's own head.h/tail.h (share/) and isobar-child; no compatibility mode.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempHome } from '@isobar/test-utils';
import { cleanEnv, startLauncher } from './launcher-helpers.js';
import {
  SHARE_DIR,
  assertTutorialFinal,
  driveTutorialSuite,
  isobarSuiteServer,
  killJobProcesses,
  writeIsobarScripts,
  writeTutorialDef,
} from './suite-helpers.js';

describe('a suite end to end on isobar-server', () => {
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

  it('runs real jobs with isobar-child to the expected final state', { timeout: 60_000 }, async () => {
    const home = await createTempHome('isobar-e2e-suite-');
    cleanups.push(() => home.remove());
    await writeIsobarScripts(home.resolve('files'));
    const run = await writeTutorialDef(home.path, { files: home.resolve('files'), include: SHARE_DIR });
    cleanups.push(() => killJobProcesses(`${run.jobsDir}/`));
    const env = cleanEnv(home.path);
    delete env['ISOBAR_ECFLOW_COMPAT'];
    const { proc, url } = await startLauncher(['--home', home.resolve('server'), '--port', '0'], env);
    cleanups.push(() => proc.stop('SIGTERM'));
    const isobar = isobarSuiteServer(url);
    cleanups.push(() => isobar.close());

    const final = await driveTutorialSuite(isobar, run);
    await assertTutorialFinal(final, run);

    // The jobs were made from Isobar's head.h and talked through isobar-child, not an ecflow_client.
    const job = await readFile(join(run.jobsDir, 'tutorial/main/produce/writer.job1'), 'utf8');
    assert.match(job, /^isobar-child --init=\$\$$/m);
    assert.match(job, /^export ISOBAR_URL=/m);
    assert.doesNotMatch(job, /^\s*ecflow_client /m);
  });
});
