// Crash test of the whole `isobar-server` process (issue 6): a suite of real shell jobs runs while a client makes
// changes; the server is SIGKILLed 23 times (inside journal appends and sliced checkpoints through its
// fault-injection hook, and at random moments) and restarted on the same port each time. Then the suite must
// finish, every change whose reply the client received must be there, and no job may have run twice with the
// same try number. CRASH_SEED=<n> repeats a run's kill plan.
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createTempHome, freePort, type TestProcess } from '@isobar/test-utils';
import { SUITE, crashSuiteText, waveTaskPaths, type CrashSuiteOptions } from './fixtures/crash-suite/crash-suite.js';
import {
  fetchTree,
  missingChanges,
  rpc,
  startChangeDriver,
  type ChangeDriver,
} from './fixtures/crash-suite/change-driver.js';
import {
  killJobGroups,
  listening,
  startCrashServer,
  type CrashServerOptions,
} from './fixtures/crash-suite/crash-server.js';
import { prepareServerBinary } from './fixtures/crash-suite/server-bundle.js';
import {
  duplicateRuns,
  planKills,
  readLedger,
  seededRandom,
  type KillKind,
  type KillPlan,
} from './fixtures/crash-suite/kill-plan.js';

// CRASH_VERBOSE=1 prints each server's life as it happens (the test's diagnostics come only at its end).
const verbose = process.env['CRASH_VERBOSE'] === '1';
const started = Date.now();
const trace = (text: string): void =>
  void (verbose && process.stderr.write(`[crash ${((Date.now() - started) / 1000).toFixed(1)}] ${text}\n`));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function ok(url: string, method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const reply = await rpc(url, method, args);
  assert.ok(reply.ok, `${method}: ${reply.error?.code} ${reply.error?.message}`);
  return reply.value ?? {};
}

/** State shared by the kill cycles. */
interface Run {
  readonly suite: CrashSuiteOptions;
  readonly server: CrashServerOptions;
  readonly history: string[];
  readonly kills: Record<KillKind, number>;
  driver?: ChangeDriver;
  proc?: TestProcess;
  url?: string;
  /** Waves whose `go` event set was acknowledged. */
  released: number;
}

/** Fails when an acknowledged change is missing; a server that dies while answering is no failure. */
async function assertNothingLost(run: Run, url: string): Promise<void> {
  const acknowledged = [...(run.driver?.acknowledged ?? [])];
  const missing = await missingChanges(url, acknowledged).catch(() => []);
  assert.deepEqual(missing.slice(0, 20), [], `acknowledged changes lost; kills so far:\n${run.history.join('\n')}`);
}

/** Sets the `go` events of the waves up to `target`, as far as the server answers. */
async function release(run: Run, url: string, target: number): Promise<void> {
  while (run.released < Math.min(target, run.suite.waves)) {
    const reply = await rpc(url, 'force', { paths: [`/${SUITE}/control:go${run.released + 1}`], to: 'set' }).catch(
      () => undefined,
    );
    if (reply?.ok !== true) return;
    run.released++;
  }
}

/** The first server: already listening with the suite begun; used, then SIGKILLed after 300 ms. */
async function cycleFirst(run: Run, url: string, proc: TestProcess): Promise<void> {
  run.url = url;
  await release(run, url, 1);
  await sleep(300);
  proc.child.kill('SIGKILL');
  await proc.exited();
  run.url = undefined;
  run.kills.random++;
  run.history.push('0: SIGKILL after 300 ms (on_time:1), first server');
}

/** One server process: starts it, checks and uses it, and waits until it has been SIGKILLed. */
async function cycle(run: Run, plan: KillPlan, index: number): Promise<void> {
  trace(`${index}: start ${JSON.stringify(plan)}`);
  const proc = startCrashServer(run.server, plan);
  run.proc = proc;
  const url = await listening(proc);
  trace(`${index}: ${url === undefined ? 'died before listening' : 'listening'}`);
  let kind: KillKind = plan.kind;
  let note = url === undefined ? ' (before listening)' : '';
  if (url !== undefined) {
    await assertNothingLost(run, url);
    run.url = url;
    await release(run, url, 1 + Math.floor(index / 3));
    const killAfterMs = plan.killAfterMs ?? 10_000;
    const timer = setTimeout(() => {
      if (plan.fault !== undefined) [kind, note] = ['random', ' (fault point not reached in 10 s)'];
      proc.child.kill('SIGKILL');
    }, killAfterMs);
    await proc.exited();
    clearTimeout(timer);
  }
  run.url = undefined;
  const exit = await proc.exited();
  assert.equal(exit.signal, 'SIGKILL', `server ${index} exited with ${JSON.stringify(exit)}:\n${proc.stderr()}`);
  run.kills[kind]++;
  trace(`${index}: killed${note}; ${run.driver?.stats.acknowledged} changes acknowledged`);
  run.history.push(`${index}: ${plan.fault ?? `SIGKILL after ${plan.killAfterMs} ms`} (${plan.checkpoint})${note}`);
}

/** Polls the suite's state until it is complete; on timeout fails with the job tasks' states and the ledger. */
async function untilComplete(run: Run, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = (await ok(url, 'query', { kind: 'state', path: `/${SUITE}` }))['value'];
    if (state === 'complete') return;
    trace(`/${SUITE} ${String(state)}`);
    if (Date.now() > deadline) {
      const nodes = await fetchTree(url, `/${SUITE}`);
      const tasks: string[] = [];
      for (const path of waveTaskPaths(run.suite)) {
        const node = nodes.get(path);
        const why = node?.state === 'complete' ? undefined : (await rpc(url, 'why', { path })).value?.['reasons'];
        tasks.push(
          `${path} ${node?.state} try ${node?.tryNo}${why === undefined ? '' : ` why ${JSON.stringify(why)}`}`,
        );
      }
      const ledger = await readLedger(`${run.suite.home}/ledger`);
      assert.fail(
        `/${SUITE} is ${String(state)} after ${timeoutMs} ms; ${run.released} waves released\n${tasks.join('\n')}\n` +
          `ledger:\n${ledger.map((e) => `${e.path} ${e.tryNo} ${e.pid}`).join('\n')}\nkills:\n${run.history.join('\n')}`,
      );
    }
    await sleep(200);
  }
}

async function finish(run: Run, t: TestContext): Promise<void> {
  const proc = startCrashServer(run.server, { checkpoint: 'on_time:1' });
  run.proc = proc;
  const url = await listening(proc);
  assert.ok(url !== undefined, proc.stderr());
  await assertNothingLost(run, url);
  run.url = url;
  await release(run, url, run.suite.waves);
  assert.equal(run.released, run.suite.waves, 'every wave released');
  await untilComplete(run, url, 60_000);
  await run.driver?.stop();
  const acknowledged = run.driver?.acknowledged ?? [];
  assert.deepEqual(await missingChanges(url, acknowledged), [], `kills:\n${run.history.join('\n')}`);
  const nodes = await fetchTree(url, `/${SUITE}`);
  const control = nodes.get(`/${SUITE}/control`)?.events.filter((e) => !e.value);
  assert.deepEqual(control, [], 'every acknowledged go event is set');
  const ledger = await readLedger(`${run.suite.home}/ledger`);
  assert.deepEqual(duplicateRuns(ledger), [], `kills:\n${run.history.join('\n')}`);
  for (const path of waveTaskPaths(run.suite)) {
    assert.equal(nodes.get(path)?.state, 'complete', path);
    assert.ok(
      ledger.some((e) => e.path === path && e.tryNo === nodes.get(path)?.tryNo),
      `${path} try ${nodes.get(path)?.tryNo} ran`,
    );
  }
  assert.deepEqual(await proc.stop('SIGTERM', 20_000), { code: 0, signal: null }, proc.stderr());
  const { stats } = run.driver ?? { stats: undefined };
  t.diagnostic(
    `changes: ${stats?.acknowledged} acknowledged, ${stats?.lost} without reply, refused ${JSON.stringify(stats?.refused)}`,
  );
  t.diagnostic(`jobs: ${ledger.length} runs of ${waveTaskPaths(run.suite).length} tasks`);
}

describe('isobar-server under SIGKILL', () => {
  it('keeps every acknowledged change and runs no job twice while killed 23 times', { timeout: 300_000 }, async (t) => {
    await using home = await createTempHome('isobar-crash-');
    await using binary = await prepareServerBinary();
    const seed = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 1e9));
    t.diagnostic(`seed ${seed} (CRASH_SEED=${seed} repeats the kill plan); server from ${binary.kind}`);
    const suite: CrashSuiteOptions = { home: home.path, waves: 6, dummyFamilies: 40, dummyTasks: 100, pause: 0.1 };
    const run: Run = {
      suite,
      server: { home: home.path, port: await freePort(), nodeArgs: binary.nodeArgs },
      history: [],
      kills: { journal: 0, checkpoint: 0, random: 0 },
      released: 0,
    };
    try {
      // The first server loads and begins the suite, and is killed at a random moment like the others.
      run.proc = startCrashServer(run.server, { checkpoint: 'on_time:1' });
      const url = await listening(run.proc);
      assert.ok(url !== undefined, run.proc.stderr());
      await ok(url, 'load', { text: crashSuiteText(suite), file: 'crash.def' });
      await ok(url, 'begin', { suite: SUITE });
      run.driver = startChangeDriver(suite, () => run.url);
      const first = run.proc;
      await cycleFirst(run, url, first);
      for (const [index, plan] of planKills(seededRandom(seed)).entries()) await cycle(run, plan, index + 1);
      await finish(run, t);
      assert.ok(run.kills.journal >= 5 && run.kills.checkpoint >= 5, JSON.stringify(run.kills));
      assert.ok(run.history.length >= 20);
    } finally {
      await run.driver?.stop();
      await run.proc?.stop('SIGKILL');
      const groups = await killJobGroups(await readLedger(home.resolve('ledger')), home.path);
      if (groups > 0) t.diagnostic(`killed ${groups} job process groups left running`);
      t.diagnostic(
        `kills: ${run.kills.journal} in a journal append, ${run.kills.checkpoint} in a checkpoint, ` +
          `${run.kills.random} at random moments (${run.history.length} in all)`,
      );
    }
  });
});
