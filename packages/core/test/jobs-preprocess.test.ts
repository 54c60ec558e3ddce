// Pre-processing of .ecf scripts (includes, directives, substitution) and script location, on real files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { IsobarError } from '@isobar/protocol';
import {
  createScriptFiles,
  extractManual,
  jobFailureFlag,
  locateScript,
  preprocessScript,
  scriptCandidates,
  substituteVariables,
  type ScriptContext,
} from '../src/jobs/index.js';

const root = mkdtempSync(join(tmpdir(), 'isobar-jobs-pp-'));
after(() => rmSync(root, { recursive: true, force: true }));

function put(path: string, text: string): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

function contextOf(vars: Record<string, string>, scriptPath = join(root, 's/f/t.ecf')): ScriptContext {
  const files = createScriptFiles();
  return {
    lookup: (name) => vars[name],
    readFile: (p) => files.readFile(p),
    fileExists: (p) => files.fileExists(p),
    scriptPath,
  };
}

const baseVars = { ECF_HOME: root, SUITE: 's', FAMILY: 'f', TASK: 't', ECF_INCLUDE: `${root}/none:${root}/inc` };

function failure(work: () => unknown): IsobarError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof IsobarError, String(error));
    return error;
  }
  assert.fail('expected a failure');
}

describe('substituteVariables', () => {
  const lookup = (name: string) => ({ A: '1', B: '%A%-x', EMPTY: '' })[name];
  it('expands variables, defaults, recursion and %%', () => {
    assert.equal(substituteVariables('a=%A% b=%B% c=%NOPE:dflt% d=%EMPTY:z%', lookup), 'a=1 b=1-x c=dflt d=');
    assert.equal(substituteVariables('printf %%02d %HOUR:00%', lookup), 'printf %02d 00');
    assert.equal(substituteVariables('100%', lookup), '100%');
    assert.equal(substituteVariables('#A# ##', lookup, '#'), '1 #');
  });
  it('fails on an undefined variable and on endless recursion', () => {
    assert.equal(substituteVariables('x %NOPE% y', lookup), undefined);
    assert.equal(
      substituteVariables('%L%', () => '%L%'),
      undefined,
    );
  });
});

describe('preprocessScript', () => {
  put('inc/head.h', '# head %TASK%\n%include <inner.h>\n');
  put('inc/inner.h', 'echo inner\n');
  put('home-only.h', 'echo from home\n');
  put('s/f/local.h', 'echo quoted %FAMILY%\n');
  put('s/f/rel.h', 'echo relative\n');
  put('s/once.h', 'echo once\n');
  put('nopp.h', 'echo %NOT_SUBSTITUTED%\n%include <never.h>\n');

  it('expands every include form, recursively', () => {
    const script = [
      '%include <head.h>',
      '%include <home-only.h>',
      '%include "local.h"',
      '%include "./rel.h"',
      `%include ${root}/s/once.h`,
      '%includeonce <inner.h>',
      '%includeonce <inner.h>',
      'echo done',
    ].join('\n');
    const job = preprocessScript(script, contextOf(baseVars));
    const expected =
      '# head t\necho inner\necho from home\necho quoted f\necho relative\necho once\necho inner\necho done';
    assert.equal(job, expected);
  });

  it('removes comment and manual blocks, keeps nopp text literal and %includenopp unexpanded', () => {
    const script = [
      '%comment',
      'x = %UNDEFINED_IN_COMMENT%',
      '%end',
      'echo %TASK%',
      '%manual',
      'the manual of %TASK%',
      '%end',
      '%nopp',
      'echo %literal% 100%',
      '%end',
      `%includenopp ${root}/nopp.h`,
      'echo 50%% %MISSING:def%',
    ].join('\n');
    const job = preprocessScript(script, contextOf(baseVars));
    assert.equal(job, 'echo t\necho %literal% 100%\necho %NOT_SUBSTITUTED%\n%include <never.h>\necho 50% def');
    assert.equal(extractManual(script, contextOf(baseVars)), 'the manual of t\n');
  });

  it('switches the micro character with %ecfmicro', () => {
    const script = ['%ecfmicro @', 'echo @TASK@ 100% @@', '@include <inner.h>', '@ecfmicro %', 'echo %TASK%'].join(
      '\n',
    );
    assert.equal(preprocessScript(script, contextOf(baseVars)), 'echo t 100% @\necho inner\necho t');
  });

  it('an undefined variable fails with edit_failed naming file and line', () => {
    const error = failure(() => preprocessScript('echo ok\necho %NOPE%\n', contextOf(baseVars)));
    assert.equal(jobFailureFlag(error), 'edit_failed');
    assert.match(error.message, /NOPE/);
    assert.match(error.message, /t\.ecf:2/);
  });

  it('a missing include fails naming the include and the including line', () => {
    put('inc/broken.h', 'echo a\n%include <missing.h>\n');
    const error = failure(() => preprocessScript('%include <broken.h>\n', contextOf(baseVars)));
    assert.equal(jobFailureFlag(error), 'edit_failed');
    assert.match(error.message, /missing\.h/);
    assert.match(error.message, /broken\.h:2/);
  });

  it('an include cycle fails naming the chain', () => {
    put('inc/a.h', '%include <b.h>\n');
    put('inc/b.h', '%include <a.h>\n');
    const error = failure(() => preprocessScript('%include <a.h>\n', contextOf(baseVars)));
    assert.match(error.message, /recursive include .*a\.h -> .*b\.h -> .*a\.h/);
  });

  it('keeps an unknown directive line as ecFlow does', () => {
    assert.equal(preprocessScript('%inclde <x>\n', contextOf(baseVars)), '%inclde <x>');
  });

  it('rejects unpaired and unterminated blocks and misspelled directives', () => {
    // ecFlow keeps an unknown `%word arg` line as it is (`%inclde <x>` stays in the job), so it is not here.
    for (const bad of [
      '%end\n',
      '%comment\nx\n',
      '%nopp\nx\n',
      '%manual\n%comment\n',
      '%includex <x>\n',
      'echo %A\n',
    ]) {
      const error = failure(() => preprocessScript(bad, contextOf({ ...baseVars, A: 'a' })));
      assert.equal(jobFailureFlag(error), 'edit_failed', bad);
    }
  });

  it('reads each include once per file cache, and again after it changed', () => {
    const files = createScriptFiles();
    const context = { ...contextOf(baseVars), readFile: (p: string) => files.readFile(p) };
    put('inc/cached.h', 'echo v1\n');
    preprocessScript('%include <cached.h>\n', context);
    preprocessScript('%include <cached.h>\n', context);
    assert.equal(files.reads, 1);
    put('inc/cached.h', 'echo v2 changed\n');
    assert.equal(preprocessScript('%include <cached.h>\n', context), 'echo v2 changed');
    assert.equal(files.reads, 2);
  });
});

describe('locateScript', () => {
  const files = createScriptFiles();
  const locate = (vars: Record<string, string>, taskPath = '/s/f/g/t') =>
    locateScript({
      taskPath,
      lookup: (name) => vars[name],
      fileExists: (p) => files.fileExists(p),
      isDirectory: (p) => files.isDirectory(p),
    });

  it('lists candidates pruning the root or the leaf side', () => {
    assert.deepEqual(scriptCandidates('/h', '/s/f/t', { extension: '.ecf' }), [
      '/h/s/f/t.ecf',
      '/h/f/t.ecf',
      '/h/t.ecf',
    ]);
    assert.deepEqual(scriptCandidates('/h', '/s/f/t', { extension: '.sh', pruneLeaf: true }), [
      '/h/s/f/t.sh',
      '/h/s/t.sh',
      '/h/t.sh',
    ]);
  });

  it('follows ECF_SCRIPT, ECF_FETCH, ECF_SCRIPT_CMD, ECF_FILES then ECF_HOME', () => {
    const home = join(root, 'loc-home');
    const filesDir = join(root, 'loc-files');
    const script = put('loc-home/s/f/g/t.ecf', 'x\n');
    put('loc-files/g/t.ecf', 'x\n');
    put('loc-files/s/t.ecf', 'x\n');
    put('loc-home/t.ecf', 'x\n');
    const vars = { ECF_HOME: home, ECF_SCRIPT: script, ECF_FILES: filesDir, TASK: 't' };
    assert.deepEqual(locate(vars), { kind: 'file', path: script, origin: 'ECF_SCRIPT' });
    const noScript = { ...vars, ECF_SCRIPT: join(home, 'absent.ecf') };
    assert.deepEqual(locate({ ...noScript, ECF_FETCH: 'fetch %TASK%', ECF_SCRIPT_CMD: 'cat x' }), {
      kind: 'command',
      command: 'fetch t',
      origin: 'ECF_FETCH',
    });
    assert.equal(locate({ ...noScript, ECF_SCRIPT_CMD: 'cat %TASK%' }).origin, 'ECF_SCRIPT_CMD');
    assert.deepEqual(locate(noScript), { kind: 'file', path: join(filesDir, 'g/t.ecf'), origin: 'ECF_FILES' });
    const leaf = locate({ ...noScript, ECF_FILES_LOOKUP: 'PRUNE_LEAF' });
    assert.deepEqual(leaf, { kind: 'file', path: join(filesDir, 's/t.ecf'), origin: 'ECF_FILES' });
    const homeOnly = locate({ ...noScript, ECF_FILES: join(root, 'no-such-dir') }, '/x/t');
    assert.deepEqual(homeOnly, { kind: 'file', path: join(home, 't.ecf'), origin: 'ECF_HOME' });
    put('loc-files/t.sh', 'x\n');
    const extn = locate({ ...noScript, ECF_FILES: '%ECF_HOME%/../loc-files', ECF_EXTN: '.sh' }, '/s/t');
    assert.deepEqual(extn, { kind: 'file', path: `${home}/../loc-files/t.sh`, origin: 'ECF_FILES' });
  });

  it('fails with no_script listing what it tried', () => {
    const error = failure(() => locate({ ECF_HOME: join(root, 'empty-home'), ECF_SCRIPT: '/nope/t.ecf' }));
    assert.equal(jobFailureFlag(error), 'no_script');
    assert.match(error.message, /ECF_SCRIPT\(\/nope\/t\.ecf\) does not exist/);
  });
});
