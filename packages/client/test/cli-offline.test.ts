// The `isobar` binary without a server, or with one that is down: --version, --help, usage errors (exit 2),
// `load --check-only` with located errors, completion, and the one-line "cannot reach" message.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@isobar/test-utils';
import { bundleCli, runCli, tempHome, type CliRun } from './cli-harness.js';

describe('isobar without a server', () => {
  let bundle: ReturnType<typeof bundleCli>;
  let home: ReturnType<typeof tempHome>;
  let deadUrl: string;
  const cli = (...args: string[]): Promise<CliRun> =>
    runCli(bundle.bin, args, { home: home.path, env: { ISOBAR_URL: deadUrl } });

  before(async () => {
    bundle = bundleCli();
    home = tempHome();
    deadUrl = `http://127.0.0.1:${await freePort()}`;
  });

  after(() => {
    home?.dispose();
    bundle?.dispose();
  });

  it('prints its version and help', async () => {
    assert.equal((await cli('--version')).stdout, '0.1.0\n');
    const help = await cli('--help');
    assert.equal(help.code, 0);
    for (const command of [
      'ping',
      'load <file>',
      'tree [path]',
      'query <kind> <target>',
      'users',
      'child',
      'selftest',
    ]) {
      assert.ok(help.stdout.includes(`isobar ${command}`), `help lists ${command}`);
    }
    const load = await cli('load', '--help');
    assert.match(load.stdout, /Examples:/);
    assert.match(load.stdout, /isobar load suite\.def --check-only/);
    const child = await cli('child', '--help');
    assert.match(child.stdout, /isobar child wait <expression>/);
  });

  it('exits 2 with one line for usage errors', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['query', 'colour', '/s'],
      ['force', 'complete', 's/t'],
      ['ping', '--timeout', 'x', '--nope'],
    ]) {
      const run = await cli(...args);
      assert.equal(run.code, 2, `${args.join(' ')}: exit ${run.code}\n${run.stderr}`);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, `${args.join(' ')}: one line\n${run.stderr}`);
      assert.match(run.stderr, /^isobar: /);
    }
    const json = await cli('query', 'event', '/s', '--json');
    assert.equal(json.code, 2);
    assert.equal(json.json().error.code, 'INVALID_ARGUMENT');
  });

  it('says in one line that the server cannot be reached', async () => {
    for (const args of [['ping'], ['suites'], ['tree', '/s']]) {
      const run = await cli(...args);
      assert.equal(run.code, 1);
      assert.equal(run.stderr, `isobar: cannot reach ${deadUrl} (connection refused) — is isobar-server running?\n`);
    }
    const json = await cli('ping', '--json');
    assert.equal(json.code, 1);
    assert.equal(json.json().ok, false);
    assert.equal(json.json().error.code, 'UNREACHABLE');
    const debug = await cli('suites', '--debug');
    assert.match(debug.stderr, /\n\s+at /, '--debug shows the stack');
  });

  it('checks a definition offline with located errors', async () => {
    const good = join(home.path, 'good.def');
    writeFileSync(good, 'suite s\n  task a\n  task b\n    trigger a == complete\nendsuite\n');
    const ok = await cli('load', good, '--check-only');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /good\.def: ok \(1 suite: s\)/);
    const bad = join(home.path, 'bad.def');
    writeFileSync(bad, 'suite s\n  task a\n    meter m x y\nendsuite\n');
    const parse = await cli('load', bad, '--check-only');
    assert.equal(parse.code, 1);
    assert.match(parse.stdout, /^.*bad\.def:3:\d+: error: /m);
    const dangling = join(home.path, 'dangling.def');
    writeFileSync(dangling, 'suite s\n  task a\n    trigger missing == complete\nendsuite\n');
    const checked = await cli('load', dangling, '--check-only', '--json');
    assert.equal(checked.code, 1);
    const doc = checked.json();
    assert.equal(doc.ok, false);
    assert.equal(doc.findings[0].severity, 'error');
    assert.equal(doc.findings[0].path, '/s/a');
    assert.match(doc.findings[0].message, /missing/);
    const missing = await cli('load', join(home.path, 'nope.def'), '--check-only');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^isobar: cannot read .*nope\.def/);
  });

  it('prints a shell completion script', async () => {
    const run = await cli('completion');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /isobar/);
    assert.match(run.stdout, /complete|compdef/);
  });

  // util-linux `script` gives the CLI a real terminal, the only way to see the question being asked.
  const withTerminal = existsSync('/usr/bin/script');
  it(
    'asks before a destructive command on a terminal',
    { skip: withTerminal ? false : 'no /usr/bin/script to make a terminal' },
    async () => {
      const answer = (reply: string): Promise<{ code: number | null; output: string }> =>
        new Promise((resolve, reject) => {
          const command = `${process.execPath} ${bundle.bin} delete /s --url ${deadUrl}`;
          const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], {
            env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', HOME: home.path },
          });
          let output = '';
          let asked = false;
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
            output += chunk;
            if (!asked && output.includes('[y/N]')) {
              asked = true;
              child.stdin.write(reply);
            }
          });
          child.on('error', reject);
          child.on('close', (code) => {
            clearTimeout(timer);
            resolve({ code, output });
          });
        });
      const declined = await answer('n\r');
      assert.match(declined.output, /delete \/s\? \[y\/N\]/);
      assert.match(declined.output, /isobar: cancelled: nothing was changed/);
      assert.equal(declined.code, 1);
      const accepted = await answer('y\r');
      assert.match(accepted.output, /isobar: cannot reach/, 'yes goes on to the server');
    },
  );

  it('reports a corrupt credentials file in one line', async () => {
    const other = tempHome();
    try {
      const dir = join(other.path, '.config', 'isobar');
      await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
      writeFileSync(join(dir, 'credentials.json'), '{not json');
      const run = await runCli(bundle.bin, ['suites'], { home: other.path, env: { ISOBAR_URL: deadUrl } });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /^isobar: .*credentials\.json is corrupt/);
    } finally {
      other.dispose();
    }
  });
});
