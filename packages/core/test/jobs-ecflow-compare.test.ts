// Compares our job file with the one ecFlow 5.9.2 itself generates for the same suite and script.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, type Engine } from '../src/engine/index.js';
import { createJobRunner } from '../src/jobs/index.js';
import type { SubmittableNode } from '../src/model/index.js';

const ECFLOW_SERVER = '/usr/sbin/ecflow_server';
const PYTHON = '/usr/bin/python3';

function ecflowMissing(): string | undefined {
  if (!existsSync(ECFLOW_SERVER)) return `${ECFLOW_SERVER} is not installed`;
  const probe = spawnSync(PYTHON, ['-c', 'import ecflow'], { stdio: 'ignore' });
  return probe.status === 0 ? undefined : `${PYTHON} cannot import ecflow`;
}

const missing = ecflowMissing();
if (missing !== undefined) {
  // Printed so a skipped comparison is visible in the output; CI must have ecFlow.
  console.log(`# skipping the ecFlow comparison: ${missing}`);
  if (process.env['CI'] !== undefined) throw new Error(`CI is set but ${missing}`);
}

const SCRIPT = `%include <head.h>
%comment
 desc = %NOPE%
%end
%manual
 manual text %TASK%
%end
echo name=%ECF_NAME% task=%TASK% fam=%FAMILY% suite=%SUITE% try=%ECF_TRYNO%
echo job=%ECF_JOB% out=%ECF_JOBOUT%
echo default=%NOT_SET:fallback% pct=100%% printf %%02d %MSG:x%
%nopp
echo %literal% 50%
%end
%includenopp <raw.h>
%include "fam.h"
%include "./rel.h"
%ecfmicro @
echo @MSG@ % alone
@ecfmicro %
echo back %MSG%
%includeonce <inc.h>
%includeonce <inc.h>
# a comment with one % sign
`;

interface CompareCase {
  readonly name: string;
  /** Path of the task whose job is compared. */
  readonly task: string;
  /** ECF_JOB relative to ECF_HOME. */
  readonly job: string;
  defs(home: string): string;
  readonly files: Readonly<Record<string, string>>;
}

const CASES: readonly CompareCase[] = [
  {
    name: 'every pre-processing directive',
    task: '/s/f/t',
    job: 's/f/t.job1',
    defs: (home) =>
      `suite s\n  edit ECF_INCLUDE '${home}/include'\n  edit ECF_JOB_CMD 'true'\n` +
      `  family f\n    edit MSG 'hi there'\n    task t\n`,
    files: {
      's/f/t.ecf': SCRIPT,
      'include/head.h': '#!/bin/sh\n# head for %TASK%\nset -e\n',
      'include/raw.h': 'echo raw %NOT_SUBSTITUTED%\n',
      'include/inc.h': 'echo inc once\n',
      's/f/fam.h': 'echo fam %FAMILY%\n',
      's/f/rel.h': 'echo rel\n',
    },
  },
  {
    name: 'ECF_FILES with PRUNE_LEAF, ECF_EXTN, ECF_MICRO, ECF_OUT and an ECF_INCLUDE list',
    task: '/s/f/g/t',
    job: 's/f/g/t.job1',
    defs: (home) =>
      `suite s\n  edit ECF_FILES '${home}/files'\n  edit ECF_FILES_LOOKUP PRUNE_LEAF\n  edit ECF_EXTN .sh\n` +
      `  edit ECF_MICRO '^'\n  edit ECF_OUT '${home}/out'\n  edit INC inc2\n` +
      `  edit ECF_INCLUDE '${home}/none:${home}/inc2'\n  edit ECF_JOB_CMD 'true'\n` +
      `  family f\n    family g\n      task t\n`,
    files: {
      'files/s/f/t.sh': '^include <h.h>\necho leaf-pruned ^TASK^ 100% ^ECF_JOBOUT^\n^include "../up.h"\n',
      'files/f/g/t.sh': 'echo wrong: root-pruned candidate\n',
      'files/t.sh': 'echo wrong: last candidate\n',
      // Found through ECF_FILES, so ecFlow takes "../up.h" relative to ECF_JOB (s/f/g/t.job1), not the script.
      // (The path goes through s/f/g, which must exist before the first job is written there.)
      's/f/up.h': 'echo up\n',
      's/f/g/keep': '',
      'inc2/h.h': '# from inc2 ^SUITE^\n',
    },
  },
];

function writeFiles(home: string, test: CompareCase): void {
  const files: Record<string, string> = { ...test.files, 'test.def': test.defs(home) };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(home, path)), { recursive: true });
    writeFileSync(join(home, path), text);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

// Waits for the server, loads and begins the suite, waits for the job file, then stops the server.
const DRIVER = `
import ecflow, os, sys, time
port, home, job = int(sys.argv[1]), sys.argv[2], sys.argv[3]
c = ecflow.Client('localhost', port)
for _ in range(200):
    try:
        c.ping(); break
    except RuntimeError:
        time.sleep(0.05)
try:
    c.restart_server()
    c.load(home + '/test.def')
    c.begin_all_suites()
    for _ in range(200):
        if os.path.exists(job): break
        time.sleep(0.05)
    time.sleep(0.2)
    if not os.path.exists(job):
        c.sync_local()
        sys.stderr.write(str(c.get_defs()))
        sys.stderr.write(open([f for f in [os.path.join(home, n) for n in os.listdir(home)] if f.endswith(".log")][0]).read()[-3000:])
        sys.exit(1)
finally:
    c.terminate_server()
`;

async function ecflowJob(home: string, job: string): Promise<string> {
  const port = await freePort();
  const server = spawn(ECFLOW_SERVER, ['--port', String(port)], {
    cwd: home,
    env: { ...process.env, ECF_HOME: home, ECF_PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    const driver = spawnSync(PYTHON, ['-c', DRIVER, String(port), home, job], { encoding: 'utf8' });
    assert.equal(driver.status, 0, driver.stderr);
    return readFileSync(job, 'utf8');
  } finally {
    // ecflow_server ignores SIGTERM; terminate_server stopped it, SIGKILL is the fallback.
    if (server.exitCode === null) server.kill('SIGKILL');
  }
}

async function isobarJob(home: string, test: CompareCase): Promise<string> {
  const engine: Engine = createEngine({
    submitter: { submit: (task) => runner.submit(task) },
    serverVariables: { ECF_HOME: home },
  });
  const runner = createJobRunner(engine);
  engine.load(parseDefs(test.defs(home), { file: 'test.def' }));
  engine.begin();
  engine.run([test.task]);
  await runner.idle();
  const task = engine.node(test.task) as SubmittableNode;
  assert.equal(task.abortReason, '');
  return readFileSync(join(home, test.job), 'utf8');
}

describe('job file compared with ecFlow 5.9.2', { skip: missing }, () => {
  for (const test of CASES) {
    it(`generates the job ecFlow generates, byte for byte: ${test.name}`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'isobar-jobs-ecflow-'));
      try {
        writeFiles(home, test);
        const theirs = await ecflowJob(home, join(home, test.job));
        rmSync(join(home, test.job));
        const ours = await isobarJob(home, test);
        assert.equal(ours, theirs);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });
  }
});
