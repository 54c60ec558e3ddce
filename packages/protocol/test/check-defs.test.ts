import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import {
  assertValid,
  check,
  createNode,
  parseDefs,
  parseExpression,
  type CheckFinding,
  type Defs,
  type Expr,
} from '@isobar/protocol/defs';

function findingsOf(text: string): CheckFinding[] {
  return check(parseDefs(text, { file: 'test.def' }));
}

function errorsOf(text: string): { path: string; message: string }[] {
  return findingsOf(text)
    .filter((finding) => finding.severity === 'error')
    .map(({ path, message }) => ({ path, message }));
}

const SUITE = `
suite s
  edit YMD 20200101
  limit disk 5
  family f
    repeat date D 20200101 20200105
    task a
      event 1 ready
      meter m 0 10
      label l ""
    task b
      trigger a == complete and ./a:ready and a:1 == set and a:m ge 5 and ../f:D_YYYY > 1 and :YMD > 0
      complete ../g/c:done or /s/g == complete or a<flag>late or :SUITE
      inlimit disk
      inlimit /s:disk 2
  endfamily
  family g
    task c
      event done
      trigger ../f == complete and ../f/b:TASK and /s:disk and :ECF_JULIAN
  endfamily
endsuite
`;

describe('check: expressions', () => {
  it('accepts references that resolve (siblings, ./, ../, absolute, attributes, inherited and generated variables)', () => {
    assert.deepEqual(findingsOf(SUITE), []);
  });

  it('reports a missing sibling, a parent named as sibling, and ../ at the wrong level', () => {
    assert.deepEqual(
      errorsOf(
        'suite s\n family f\n  task a\n   trigger x == complete\n  task b\n   trigger f == complete\n endfamily\nendsuite\n',
      ),
      [
        { path: '/s/f/a', message: "trigger 'x == complete': could not find node 'x' from /s/f/a" },
        { path: '/s/f/b', message: "trigger 'f == complete': could not find node 'f' from /s/f/b" },
      ],
    );
    const nested =
      'suite s1\n family f1\n  family f2\n   task a\n    trigger ../f2 == complete or ../f1 == complete\n  endfamily\n endfamily\nendsuite\n';
    assert.deepEqual(errorsOf(nested), [
      {
        path: '/s1/f1/f2/a',
        message: "trigger '../f2 == complete or ../f1 == complete': could not find node '../f1' from /s1/f1/f2/a",
      },
    ]);
  });

  it('reports a missing absolute path unless it is declared extern', () => {
    const text = (externs: string) =>
      `${externs}suite s\n task t\n  complete /x/y:ev == set\n  trigger /x/z == complete\nendsuite\n`;
    assert.equal(errorsOf(text('')).length, 2);
    assert.deepEqual(errorsOf(text('extern /x/y:ev\nextern /x/z\n')), []);
    // `extern /x/y` declares the node, not its attribute `ev` (ecFlow matches `path:name` exactly).
    assert.deepEqual(errorsOf(text('extern /x/y\nextern /x/z\n')), [
      { path: '/s/t', message: "complete '/x/y:ev == set': could not find node '/x/y' from /s/t" },
    ]);
  });

  it('reports an attribute the referenced node does not have, unless extern', () => {
    const text = 'suite s\n task a\n  event e\n task b\n  trigger a:nope\nendsuite\n';
    assert.deepEqual(errorsOf(text), [
      {
        path: '/s/b',
        message:
          "trigger 'a:nope': node /s/a has no event, meter, variable, repeat, generated variable, limit or queue named 'nope'",
      },
    ]);
    assert.deepEqual(errorsOf(`extern /s/a:nope\n${text}`), []);
  });

  it('reports :VAR that is not defined up the tree', () => {
    assert.deepEqual(errorsOf('suite s\n task t\n  trigger :MISSING > 1\nendsuite\n'), [
      {
        path: '/s/t',
        message: "trigger ':MISSING > 1': could not find variable 'MISSING' on /s/t or any of its parents",
      },
    ]);
  });

  it('reports a constant division or modulo by zero', () => {
    assert.deepEqual(errorsOf('suite s\n edit X 1\n task t\n  trigger :X % (2 - 2) == 0\nendsuite\n'), [
      { path: '/s/t', message: "trigger ':X % (2 - 2) == 0': division or modulo by zero" },
    ]);
  });

  it('reports expression text that does not parse, and a trigger on a suite (defs built in code)', () => {
    const defs = parseDefs('suite s\n task t\nendsuite\n');
    const suite = defs.suites[0]!;
    suite.trigger = { parts: [{ kind: 'first', text: '1 == 1', ast: parseExpression('1 == 1') }], free: false };
    // A part without an AST (e.g. a definition rebuilt from JSON) is parsed by check itself.
    const part = { kind: 'first' as const, text: 'eda_pert', ast: undefined as unknown as Expr };
    suite.children![0]!.complete = { parts: [part], free: false };
    const findings = check(defs);
    assert.deepEqual(
      findings.map((finding) => [finding.path, finding.severity]),
      [
        ['/s', 'error'],
        ['/s/t', 'error'],
      ],
    );
    assert.match(findings[0]!.message, /suite cannot have a trigger/);
    assert.match(findings[1]!.message, /^complete 'eda_pert' does not parse: .*node path/);
  });
});

describe('check: limits and autorestore', () => {
  it('warns about inlimits whose limit cannot be found, or that ask for too many tokens', () => {
    const text =
      'suite s\n limit disk 5\n family f\n  task t1\n   inlimit nope\n  task t2\n   inlimit /s:other\n  task t3\n   inlimit ../f/t1:x\n   inlimit ../t9:x\n  task t4\n   inlimit /s:disk 9\n endfamily\nendsuite\n';
    assert.deepEqual(findingsOf(text), [
      { path: '/s/f/t1', severity: 'warning', message: "inlimit nope: no limit 'nope' on this node or its parents" },
      { path: '/s/f/t2', severity: 'warning', message: "inlimit /s:other: node /s does not define the limit 'other'" },
      {
        path: '/s/f/t3',
        severity: 'warning',
        message: "inlimit ../f/t1:x: node /s/f/t1 does not define the limit 'x'",
      },
      { path: '/s/f/t3', severity: 'warning', message: "inlimit ../t9:x: could not find node '../t9' from /s/f/t3" },
      {
        path: '/s/f/t4',
        severity: 'warning',
        message: 'inlimit /s:disk 9: asks for 9 tokens but the limit has only 5',
      },
    ]);
    assert.deepEqual(check(parseDefs(text), { warnings: false }), []);
    assert.equal(findingsOf(`extern nope\nextern /s:other\n${text}`).length, 3);
  });

  it('reports autorestore paths that are missing, name a task, or repeat a node', () => {
    const text =
      'suite s\n family f1\n  autorestore /s/f4 /s/f2/t1 ./f2 /s/f2\n endfamily\n family f2\n  task t1\n endfamily\nendsuite\n';
    assert.deepEqual(errorsOf(text), [
      { path: '/s/f1', message: "autorestore /s/f4: could not find node '/s/f4' from /s/f1" },
      { path: '/s/f1', message: 'autorestore /s/f2/t1: only suites and families can be restored, not a task' },
      { path: '/s/f1', message: 'autorestore /s/f2: duplicate reference' },
    ]);
  });
});

describe('check: structure', () => {
  it('reports duplicate sibling names and senseless repeats (defs built in code)', () => {
    const defs: Defs = parseDefs('suite s\n family f\n endfamily\nendsuite\n');
    const family = defs.suites[0]!.children![0]!;
    family.children = [createNode('task', 't'), createNode('task', 't')];
    family.repeat = { kind: 'integer', name: 'N', values: ['1', '10'], step: 0, current: undefined };
    defs.suites.push(createNode('suite', 's'));
    defs.suites[1]!.repeat = { kind: 'enumerated', name: 'E', values: [], step: 0, current: undefined };
    assert.deepEqual(
      check(defs).map(({ path, message }) => ({ path, message })),
      [
        { path: '/', message: "duplicate suite name 's'" },
        { path: '/s/f', message: "duplicate task name 't'" },
        { path: '/s/f', message: 'repeat integer N: step must not be 0' },
        { path: '/s', message: 'repeat enumerated E: the list is empty' },
      ],
    );
  });

  it('stops at maxFindings', () => {
    const tasks = Array.from({ length: 50 }, (_, i) => ` task t${i}\n  trigger missing == complete\n`).join('');
    assert.equal(check(parseDefs(`suite s\n${tasks}endsuite\n`), { maxFindings: 7 }).length, 7);
  });
});

describe('assertValid', () => {
  it('passes warnings, throws DEFS_CHECK_ERROR with every finding on errors', () => {
    assertValid(parseDefs('suite s\n task t\n  inlimit nope\nendsuite\n'));
    try {
      assertValid(parseDefs('suite s\n task t\n  trigger x == complete\n  inlimit nope\nendsuite\n'));
      assert.fail('expected DEFS_CHECK_ERROR');
    } catch (error) {
      assert.ok(hasErrorCode(error, 'DEFS_CHECK_ERROR'));
      const details = error.details as { findings: CheckFinding[]; reason: string };
      assert.equal(details.findings.length, 2);
      assert.match(details.reason, /^\/s\/t: trigger 'x == complete'/);
      assert.match(error.message, /could not find node 'x'/);
    }
  });
});
