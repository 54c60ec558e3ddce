// The job runner on a real engine: job files per try, ECF_JOB_CMD through /bin/sh, failure flags.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { setImmediate } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, createScheduler, type Engine } from '../src/engine/index.js';
import { VirtualClock } from '../src/time/index.js';
import { createJobRunner, type JobRunner, type JobRunnerOptions } from '../src/jobs/index.js';
import { flagBit, stateName, type SubmittableNode } from '../src/model/index.js';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

interface Setup {
  readonly home: string;
  readonly engine: Engine;
  readonly runner: JobRunner;
  put(path: string, text: string): void;
  runTask(path: string): Promise<SubmittableNode>;
}

function setup(defs: string, options: JobRunnerOptions = {}): Setup {
  const home = mkdtempSync(join(tmpdir(), 'isobar-jobs-run-'));
  roots.push(home);
  // The submitter forwards to the runner, created once the engine exists.
  const built: Engine = createEngine({
    submitter: { submit: (task) => runner.submit(task) },
    serverVariables: { ECF_HOME: home },
  });
  const runner = createJobRunner(built, options);
  built.load(parseDefs(defs, { file: 'test.def' }));
  built.begin();
  return {
    home,
    engine: built,
    runner,
    put(path, text) {
      mkdirSync(dirname(join(home, path)), { recursive: true });
      writeFileSync(join(home, path), text);
    },
    async runTask(path) {
      built.run([path], { force: true });
      await runner.idle();
      return built.node(path) as SubmittableNode;
    },
  };
}

const hasFlag = (task: SubmittableNode, flag: Parameters<typeof flagBit>[0]) => (task.flags & flagBit(flag)) !== 0;

describe('job runner', () => {
  it('writes an executable job file per try and runs it through ECF_JOB_CMD', async () => {
    const s = setup('suite s\n  family f\n    edit MSG hello\n    task t\n');
    s.put('inc/head.h', 'set -e\n# pass=%ECF_PASS% try=%ECF_TRYNO%\n');
    s.put('s/f/t.ecf', `%include <${s.home}/inc/head.h>\necho %MSG% %ECF_NAME% > %ECF_HOME%/out-%ECF_TRYNO%.txt\n`);
    const task = await s.runTask('/s/f/t');
    const job1 = join(s.home, 's/f/t.job1');
    assert.equal(statSync(job1).mode & 0o777, 0o755);
    const expected = `set -e\n# pass=${task.password} try=1\necho hello /s/f/t > ${s.home}/out-1.txt`;
    assert.equal(readFileSync(job1, 'utf8'), expected);
    assert.equal(readFileSync(join(s.home, 'out-1.txt'), 'utf8'), 'hello /s/f/t\n');
    assert.ok(existsSync(join(s.home, 's/f/t.1')), 'ECF_JOBOUT written by the default ECF_JOB_CMD');
    assert.equal(stateName(task.state), 'submitted');
    await s.runTask('/s/f/t');
    assert.ok(existsSync(join(s.home, 's/f/t.job2')));
    assert.equal(readFileSync(join(s.home, 'out-2.txt'), 'utf8'), 'hello /s/f/t\n');
  });

  it('aborts with ecfcmd_failed when ECF_JOB_CMD exits non-zero', async () => {
    const s = setup("suite s\n  edit ECF_JOB_CMD 'exit 3'\n  task t\n");
    s.put('s/t.ecf', 'echo hi\n');
    const task = await s.runTask('/s/t');
    assert.equal(stateName(task.state), 'aborted');
    assert.ok(hasFlag(task, 'ecfcmd_failed'));
    assert.match(task.abortReason, /exited with 3/);
  });

  it('does not abort a task that went active before ECF_JOB_CMD failed (ecFlow)', async () => {
    // The command blocks on a FIFO until the test has made the task active, then fails.
    const s = setup("suite s\n  edit ECF_JOB_CMD 'read x < %ECF_HOME%/gate; exit 1'\n  task t\n");
    s.put('s/t.ecf', 'true\n');
    assert.equal(spawnSync('mkfifo', [join(s.home, 'gate')]).status, 0);
    s.engine.run(['/s/t']);
    const task = s.engine.node('/s/t') as SubmittableNode;
    while (!existsSync(join(s.home, 's/t.job1'))) await setImmediate();
    s.engine.childInit({ path: '/s/t', password: task.password }, '4242');
    // Opening the FIFO for writing waits for the command's reader, so the order is fixed.
    await writeFile(join(s.home, 'gate'), 'go\n');
    await s.runner.idle();
    assert.equal(stateName(task.state), 'active');
    assert.equal(hasFlag(task, 'ecfcmd_failed'), false);
  });

  it('aborts with no_script when there is no script, and edit_failed on an undefined variable', async () => {
    const s = setup('suite s\n  task none\n  task bad\n');
    s.put('s/bad.ecf', 'echo %UNDEFINED_VAR%\n');
    const none = await s.runTask('/s/none');
    assert.equal(stateName(none.state), 'aborted');
    assert.ok(hasFlag(none, 'no_script'));
    const bad = await s.runTask('/s/bad');
    assert.ok(hasFlag(bad, 'edit_failed'));
    assert.match(bad.abortReason, /UNDEFINED_VAR/);
    assert.equal(existsSync(join(s.home, 's/bad.job1')), false);
  });

  it('leaves an ECF_DUMMY_TASK queued without a job', async () => {
    const s = setup("suite s\n  edit ECF_DUMMY_TASK ''\n  task t\n");
    const task = await s.runTask('/s/t');
    assert.equal(stateName(task.state), 'queued');
    assert.equal(existsSync(join(s.home, 's/t.job1')), false);
  });

  it('does not spin when a scheduler re-submits an ECF_DUMMY_TASK', async () => {
    const engine: Engine = createEngine({ submitter: { submit: (task) => runner.submit(task) } });
    const runner = createJobRunner(engine);
    const scheduler = createScheduler(engine, { clock: new VirtualClock(Date.UTC(2026, 0, 1)) });
    engine.load(parseDefs("suite s\n  edit ECF_DUMMY_TASK ''\n  task t\n", { file: 'test.def' }));
    engine.begin();
    for (let turn = 0; turn < 20; turn++) {
      scheduler.flush();
      await runner.idle();
    }
    const task = engine.node('/s/t') as SubmittableNode;
    assert.ok(task.tryNo <= 2, `tried ${task.tryNo} times`);
  });

  it('runs ECF_JOB_CMD alone with ECF_NO_SCRIPT, with ISOBAR_URL in the environment', async () => {
    const cmd = 'echo $ISOBAR_URL %TASK% > %ECF_HOME%/no-script.txt';
    const s = setup(`suite s\n  edit ECF_NO_SCRIPT 1\n  edit ECF_JOB_CMD '${cmd}'\n  task t\n`, {
      serverUrl: 'http://127.0.0.1:1234',
    });
    const task = await s.runTask('/s/t');
    assert.equal(stateName(task.state), 'submitted');
    assert.equal(readFileSync(join(s.home, 'no-script.txt'), 'utf8'), 'http://127.0.0.1:1234 t\n');
    assert.equal(existsSync(join(s.home, 's/t.job1')), false);
  });

  it('gets the script from ECF_FETCH (asked with -s <task>.ecf) or ECF_SCRIPT_CMD', async () => {
    const u = "  task u\n    edit ECF_FETCH ''\n    edit ECF_SCRIPT_CMD 'cat %ECF_HOME%/fetch.sh'\n";
    const s = setup(`suite s\n  edit ECF_FETCH 'sh %ECF_HOME%/fetch.sh %SUITE%'\n  task t\n${u}`);
    s.put('fetch.sh', 'echo "echo fetched $1 $2 $3"\n');
    await s.runTask('/s/t');
    assert.equal(readFileSync(join(s.home, 's/t.job1'), 'utf8'), 'echo fetched s -s t.ecf');
    await s.runTask('/s/u');
    assert.equal(readFileSync(join(s.home, 's/u.job1'), 'utf8'), 'echo "echo fetched $1 $2 $3"');
  });

  it('runs ECF_STATUS_CMD and ECF_KILL_CMD substituted', async () => {
    const status = 'echo status %TASK% %ECF_TRYNO% > %ECF_JOB%.stat';
    const kill = 'echo kill > %ECF_HOME%/killed; exit 1';
    const s = setup(`suite s\n  edit ECF_STATUS_CMD '${status}'\n  edit ECF_KILL_CMD '${kill}'\n  task t\n`);
    s.put('s/t.ecf', 'true\n');
    await s.runTask('/s/t');
    assert.equal(await s.runner.status('/s/t'), 0);
    assert.equal(readFileSync(join(s.home, 's/t.job1.stat'), 'utf8'), 'status t 1\n');
    assert.equal(await s.runner.kill('/s/t'), 1);
    assert.equal(readFileSync(join(s.home, 'killed'), 'utf8'), 'kill\n');
  });

  it('submits a large batch, every job written', async () => {
    const tasks = Array.from({ length: 300 }, (_, i) => `  task t${i}\n`).join('');
    const s = setup(`suite s\n  edit ECF_JOB_CMD 'true'\n${tasks}`);
    for (let i = 0; i < 300; i++) s.put(`t${i}.ecf`, '%include <h.h>\necho %TASK%\n');
    s.put('h.h', '# head\n');
    s.engine.run(['/s'], { force: true });
    await s.runner.idle();
    for (let i = 0; i < 300; i++) {
      assert.equal(readFileSync(join(s.home, `s/t${i}.job1`), 'utf8'), `# head\necho t${i}`);
    }
  });
});
