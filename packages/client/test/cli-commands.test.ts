// Every server command of the real `isobar` binary against a real in-process server (no authenticator, so
// loopback calls are the anonymous admin), in human and --json modes, including refusals.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCli, runCli, startServer, tempHome, type CliRun, type TestServer } from './cli-harness.js';

const DEF = `suite s
  edit ECF_JOB_CMD 'true'
  family f
    task t1
      defstatus suspended
      edit ECF_PASS 'FREE'
      event ready
      meter progress 0 100 0
      label info "none"
    task t2
      trigger t1 == complete
  endfamily
  task t3
endsuite
`;

/** Success: exit 0 and nothing on stderr. */
function assertOk(run: CliRun, what: string): void {
  assert.equal(run.code, 0, `${what}: exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
}

/** Failure reported as the contract says: exit 1 and exactly one `isobar: …` line, no stack trace. */
function assertOneLineFailure(run: CliRun, pattern: RegExp): void {
  assert.equal(run.code, 1, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line expected:\n${run.stderr}`);
  assert.match(lines[0]!, /^isobar: /);
  assert.match(lines[0]!, pattern);
}

/** Either it worked, or the server refused in one line (commands whose server side is still being built). */
function assertOkOrOneLine(run: CliRun, what: string): void {
  if (run.code === 0) return;
  assert.equal(run.code, 1, `${what}: exit ${run.code}\n${run.stderr}`);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1, `${what}: one line expected:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
}

/** --json: exactly one JSON document on stdout (the result, or {"ok":false,…} with exit 1), nothing on stderr. */
function assertOneJsonDocument(run: CliRun, what: string): void {
  assert.ok(run.code === 0 || run.code === 1, `${what}: exit ${run.code}\n${run.stderr}`);
  assert.equal(run.stderr, '', `${what}: stderr must stay empty`);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1, `${what}: one document expected:\n${run.stdout}`);
  const doc = JSON.parse(lines[0]!);
  if (run.code === 1) {
    assert.equal(doc.ok, false, what);
    assert.match(doc.error.code, /^[A-Z_]+$/, what);
  }
}

describe('isobar commands against a live server', () => {
  let bundle: ReturnType<typeof bundleCli>;
  let server: TestServer;
  let home: ReturnType<typeof tempHome>;
  let defFile: string;
  const cli = (...args: string[]): Promise<CliRun> =>
    runCli(bundle.bin, args, { home: home.path, env: { ISOBAR_URL: server.url } });

  before(async () => {
    bundle = bundleCli();
    server = await startServer();
    home = tempHome();
    defFile = join(home.path, 'suite.def');
    writeFileSync(defFile, DEF);
  });

  after(async () => {
    await server?.stop();
    home?.dispose();
    bundle?.dispose();
  });

  it('loads a definition, refuses a second load without --force, and lists suites', async () => {
    const loaded = await cli('load', defFile);
    assertOk(loaded, 'load');
    assert.match(loaded.stdout, /loaded s from .*suite\.def/);
    assertOneLineFailure(await cli('load', defFile), /ALREADY_EXISTS|exists/i);
    const forced = await cli('load', defFile, '--force', '--json');
    assertOk(forced, 'load --force');
    assert.deepEqual(forced.json().suites, ['s']);
    assert.equal((await cli('suites')).stdout, 's\n');
    assert.deepEqual((await cli('suites', '--json')).json().suites, ['s']);
  });

  it('prints .def text with get, and the JSON tree and a drawn tree with tree', async () => {
    const got = await cli('get', '/s');
    assertOk(got, 'get');
    assert.match(got.stdout, /suite s/);
    assert.match((await cli('get', '--json')).json().text, /task t3/);
    const drawn = await cli('tree', '/s');
    assertOk(drawn, 'tree');
    assert.match(drawn.stdout, /^s \[\w+\]/);
    assert.match(drawn.stdout, /├── f \[\w+\]/);
    assert.match(drawn.stdout, /│ {3}├── t1 \[\w+\] {2}ready· {2}progress=0\/100 {2}info:"none"/);
    assert.match(drawn.stdout, /└── t3 \[\w+\]/);
    assert.ok(!drawn.stdout.includes('\u001b['), 'NO_COLOR: no escape sequences');
    const tree = (await cli('tree', '/s', '--json')).json();
    assert.equal(tree.path, '/s');
    assert.equal(tree.type, 'suite');
    assert.deepEqual(
      tree.children.map((c: { name: string }) => c.name),
      ['f', 't3'],
    );
    const t1 = tree.children[0].children[0];
    assert.deepEqual(t1.meters, [{ name: 'progress', min: 0, max: 100, value: 0 }]);
    assert.ok(Array.isArray((await cli('tree', '--json')).json()), 'tree without a path: every suite');
  });

  it('queries states and attributes, forces states, alters attributes', async () => {
    assertOk(await cli('begin', 's'), 'begin');
    assertOk(await cli('force', 'complete', '/s/f/t1'), 'force');
    assert.equal((await cli('query', 'state', '/s/f/t1')).stdout, 'complete\n');
    assert.deepEqual((await cli('query', 'state', '/s/f/t1', '--json')).json(), { path: '/s/f/t1', state: 'complete' });
    assertOk(await cli('alter', 'change', 'meter', 'progress', '40', '/s/f/t1'), 'alter change meter');
    assert.equal((await cli('query', 'meter', '/s/f/t1:progress')).stdout, '40\n');
    assertOk(await cli('alter', 'add', 'variable', 'FOO', 'bar', '/s'), 'alter add variable');
    assert.equal((await cli('query', 'variable', '/s:FOO')).stdout, 'bar\n');
    assertOk(await cli('force', 'set', '/s/f/t1:ready'), 'force set event');
    assert.deepEqual((await cli('query', 'event', '/s/f/t1:ready', '--json')).json(), {
      path: '/s/f/t1',
      name: 'ready',
      event: true,
    });
    assertOk(await cli('requeue', '/s/f/t1'), 'requeue');
    assert.equal((await cli('query', 'state', '/s/f/t1')).stdout, 'queued\n');
  });

  it('suspends, resumes, explains, orders, begins and checks', async () => {
    assertOk(await cli('suspend', '/s/f'), 'suspend');
    assert.match((await cli('tree', '/s')).stdout, /f \[suspended\]/);
    assertOk(await cli('resume', '/s/f'), 'resume');
    assert.doesNotMatch((await cli('tree', '/s')).stdout, /f \[suspended\]/);
    const why = await cli('why', '/s/f/t2', '--json');
    assertOk(why, 'why');
    assert.equal(why.json().path, '/s/f/t2');
    assertOk(await cli('order', '/s/t3', 'top'), 'order');
    assert.deepEqual(
      (await cli('tree', '/s', '--json')).json().children.map((c: { name: string }) => c.name),
      ['t3', 'f'],
    );
    const check = await cli('check', '--json');
    assert.equal(typeof check.json().ok, 'boolean');
  });

  it('runs the task-side child commands with ECF_* credentials', async () => {
    const tree = (await cli('tree', '/s/f/t1', '--json')).json();
    const env = {
      ISOBAR_URL: server.url,
      ECF_NAME: '/s/f/t1',
      ECF_PASS: 'anything',
      ECF_TRYNO: String(tree.tryNo ?? 0),
    };
    const child = (...args: string[]): Promise<CliRun> => runCli(bundle.bin, ['child', ...args], { env });
    assertOk(await child('init', '4711'), 'child init');
    assert.equal((await cli('query', 'state', '/s/f/t1')).stdout, 'active\n');
    assertOk(await child('meter', 'progress', '75'), 'child meter');
    assertOk(await child('label', 'info', 'step', '2'), 'child label');
    assertOk(await child('event', 'ready', 'clear'), 'child event');
    const node = (await cli('tree', '/s/f/t1', '--json')).json();
    assert.equal(node.meters[0].value, 75);
    assert.deepEqual(node.labels, [{ name: 'info', value: 'step 2' }]);
    assert.equal(node.events[0].value, false);
    const waited = await runCli(bundle.bin, ['child', 'wait', '/s/f/t1:progress >= 75', '--json'], { env });
    assertOk(waited, 'child wait');
    assert.equal(waited.json().satisfied, true);
    assertOk(await child('complete'), 'child complete');
    assert.equal((await cli('query', 'state', '/s/f/t1')).stdout, 'complete\n');
    const noEcf = await runCli(bundle.bin, ['child', 'complete'], { env: { NO_ECF: '1' } });
    assert.equal(noEcf.stdout, 'NO_ECF\n');
    const outside = await runCli(bundle.bin, ['child', 'init'], { env: { ISOBAR_URL: server.url } });
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /ECF_NAME/);
  });

  it('surfaces each server refusal in one line, never a stack trace, or as one JSON document', async () => {
    const commands = [
      ['run', '/s/t3'],
      ['kill', '/s/t3'],
      ['status', '/s/t3'],
      ['free-dep', '/s/f/t2'],
      ['archive', '/s/f'],
      ['restore', '/s/f'],
      ['file', '/s/t3', 'script'],
      ['edit-script', '/s/t3', 'preprocess'],
      ['job-gen', '/s', '--dry-run'],
      ['log', 'get', '5'],
      ['checkpoint'],
      ['restore-from-checkpoint', '--yes'],
    ];
    for (const [index, args] of commands.entries()) {
      // Every command once, alternating between human and --json output to keep the suite short.
      if (index % 2 === 0) assertOkOrOneLine(await cli(...args), args.join(' '));
      else assertOneJsonDocument(await cli(...args, '--json'), `${args.join(' ')} --json`);
    }
    for (const args of [['version'], ['whoami'], ['why', '/s/t3'], ['msg', 'json'], ['log', 'path'], ['check']]) {
      assertOneJsonDocument(await cli(...args, '--json'), `${args.join(' ')} --json`);
    }
  });

  it('reports an unknown node in one line, and as one JSON document with --json', async () => {
    assertOneLineFailure(await cli('query', 'state', '/nope'), /NOT_FOUND/);
    const json = await cli('tree', '/nope', '--json');
    assert.equal(json.code, 1);
    assert.equal(json.json().ok, false);
    assert.equal(json.json().error.code, 'NOT_FOUND');
    assert.equal(json.stderr, '');
  });

  it('writes log messages and shows stats and zombies', async () => {
    assertOk(await cli('msg', 'hello', 'from', 'the', 'cli'), 'msg');
    const stats = await cli('stats');
    assertOk(stats, 'stats');
    assert.match(stats.stdout, /^STAT\s+VALUE\n/);
    assert.match(stats.stdout, /serverState\s+RUNNING/);
    assert.equal((await cli('stats', '--json')).json().serverState, 'RUNNING');
    assert.match((await cli('zombies')).stdout, /no zombies|PATH/);
    assert.deepEqual((await cli('zombies', 'list', '--json')).json().zombies, []);
  });

  it('changes the server state: halt and shutdown need --yes without a terminal; restart', async () => {
    const refused = await cli('halt');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--yes/);
    assert.equal((await cli('halt', '--yes', '--json')).json().serverState, 'HALTED');
    assert.match((await cli('ping')).stdout, /HALTED/);
    assert.match((await cli('restart')).stdout, /server is RUNNING/);
    assert.match((await cli('shutdown', '-y')).stdout, /SHUTDOWN/);
    assertOk(await cli('restart'), 'restart');
  });

  it('deletes only with --yes when there is no terminal', async () => {
    const refused = await cli('delete', '/s');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /confirmation needed; pass --yes/);
    const refusedJson = await cli('delete', '/s', '--json');
    assert.equal(refusedJson.code, 2);
    assert.equal(refusedJson.json().error.code, 'INVALID_ARGUMENT');
    assert.deepEqual((await cli('delete', '/s', '--force', '--yes', '--json')).json().deleted, ['/s']);
    assert.equal((await cli('suites')).stdout, '');
  });

  it('runs the selftest end to end and cleans up', async () => {
    const human = await cli('selftest', '--qty', '4');
    assertOk(human, 'selftest');
    assert.match(human.stdout, /\[1\/6\] health \.+ ok/);
    assert.match(human.stdout, /\[5\/6\] run tasks \.+ ok {3}4\/4 complete/);
    assert.match(human.stdout, /selftest passed/);
    const json = (await cli('selftest', '--json')).json();
    assert.equal(json.ok, true);
    assert.equal(json.steps.length, 6);
    assert.equal((await cli('suites')).stdout, '', 'the throwaway suites are gone');
  });

  it('terminates the server', async () => {
    assert.equal((await cli('terminate')).code, 2);
    const stopped = await cli('terminate', '--yes', '--json');
    assertOk(stopped, 'terminate');
    assert.equal(stopped.json().stopping, true);
  });
});
