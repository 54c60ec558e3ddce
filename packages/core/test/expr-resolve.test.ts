import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { parseExpression } from '@isobar/protocol/defs';
import { compileExpression } from '../src/expr/index.js';
import { pathOf, TestTree } from './expr-test-tree.js';

const NODES: readonly (readonly [string, 'suite' | 'family' | 'task'])[] = [
  ['/s', 'suite'],
  ['/s/t0', 'task'],
  ['/s/f', 'family'],
  ['/s/f/t', 'task'],
  ['/s/f/t2', 'task'],
  ['/s/f/g', 'family'],
  ['/s/f/g/x', 'task'],
  ['/s/f/g/f', 'family'],
  ['/s/f/g/f/t', 'task'],
  ['/s/h', 'family'],
  ['/s/h/t', 'task'],
  ['/s2', 'suite'],
  ['/s2/y', 'task'],
];

function pathTree(): TestTree {
  const tree = new TestTree();
  for (const [path, kind] of NODES) tree.add(path, kind).variables.set('ID', path);
  return tree;
}

// [holder, path as written, node ecFlow 5.9.2 resolves it to (undefined: `check` fails)], computed with
// ecFlow's Python module by evaluating `path:ID == n` for every node (see docs/engine-expressions.md).
const RESOLUTION: readonly (readonly [string, string, string | undefined])[] = [
  ['/s/f/t2', 't', '/s/f/t'],
  ['/s/f/t2', 't2', '/s/f/t2'],
  ['/s/f/t2', './t', '/s/f/t'],
  ['/s/f/t2', './t2', '/s/f/t2'],
  ['/s/f/t2', 't0', undefined],
  ['/s/f/t2', 'f', undefined],
  ['/s/f/t2', 'g', '/s/f/g'],
  ['/s/f/t2', 'g/x', '/s/f/g/x'],
  ['/s/f/t2', './g/x', '/s/f/g/x'],
  ['/s/f/t2', 'f/t', undefined],
  ['/s/f/t2', '../t0', '/s/t0'],
  ['/s/f/t2', '../h/t', '/s/h/t'],
  ['/s/f/t2', '../f/t', '/s/f/t'],
  ['/s/f/t2', '../../s2/y', '/s2/y'],
  ['/s/f/t2', '../../../s2/y', undefined],
  ['/s/f/t2', '../../t0', undefined],
  ['/s/f/t2', '/s2/y', '/s2/y'],
  ['/s/f/t2', 's2', undefined],
  ['/s/f/t2', 'x', undefined],
  ['/s/f/t2', './x', undefined],
  ['/s/f/t2', 'g/f/t', '/s/f/g/f/t'],
  ['/s/f/t2', '../g/x', undefined],
  ['/s/f/t2', '../s2/y', undefined],
  ['/s/f/t2', '/s//f/t', '/s/f/t'],
  ['/s/f/t2', 's', undefined],
  ['/s/f/t2', './f/t', undefined],
  ['/s/f/t2', '../f', '/s/f'],
  ['/s/f/t2', '../../s', '/s'],
  ['/s/f/g/x', 't', undefined],
  ['/s/f/g/x', 't2', undefined],
  ['/s/f/g/x', './t', undefined],
  ['/s/f/g/x', './t2', undefined],
  ['/s/f/g/x', 't0', undefined],
  ['/s/f/g/x', 'f', '/s/f/g/f'],
  ['/s/f/g/x', 'g', undefined],
  ['/s/f/g/x', 'g/x', undefined],
  ['/s/f/g/x', './g/x', undefined],
  ['/s/f/g/x', 'f/t', '/s/f/g/f/t'],
  ['/s/f/g/x', '../t0', undefined],
  ['/s/f/g/x', '../h/t', undefined],
  ['/s/f/g/x', '../f/t', undefined],
  ['/s/f/g/x', '../../s2/y', undefined],
  ['/s/f/g/x', '../../../s2/y', '/s2/y'],
  ['/s/f/g/x', '../../t0', '/s/t0'],
  ['/s/f/g/x', '/s2/y', '/s2/y'],
  ['/s/f/g/x', 's2', undefined],
  ['/s/f/g/x', 'x', '/s/f/g/x'],
  ['/s/f/g/x', './x', '/s/f/g/x'],
  ['/s/f/g/x', 'g/f/t', undefined],
  ['/s/f/g/x', '../g/x', '/s/f/g/x'],
  ['/s/f/g/x', '../s2/y', undefined],
  ['/s/f/g/x', '/s//f/t', '/s/f/t'],
  ['/s/f/g/x', 's', undefined],
  ['/s/f/g/x', './f/t', '/s/f/g/f/t'],
  ['/s/f/g/x', '../f', undefined],
  ['/s/f/g/x', '../../s', undefined],
  ['/s/f', 't', undefined],
  ['/s/f', 't2', undefined],
  ['/s/f', './t', undefined],
  ['/s/f', './t2', undefined],
  ['/s/f', 't0', '/s/t0'],
  ['/s/f', 'f', '/s/f'],
  ['/s/f', 'g', undefined],
  ['/s/f', 'g/x', '/s/f/g/x'],
  ['/s/f', './g/x', '/s/f/g/x'],
  ['/s/f', 'f/t', '/s/f/t'],
  ['/s/f', '../t0', undefined],
  ['/s/f', '../h/t', undefined],
  ['/s/f', '../f/t', undefined],
  ['/s/f', '../../s2/y', undefined],
  ['/s/f', '../../../s2/y', undefined],
  ['/s/f', '../../t0', undefined],
  ['/s/f', '/s2/y', '/s2/y'],
  ['/s/f', 's2', undefined],
  ['/s/f', 'x', undefined],
  ['/s/f', './x', undefined],
  ['/s/f', 'g/f/t', '/s/f/g/f/t'],
  ['/s/f', '../g/x', undefined],
  ['/s/f', '../s2/y', '/s2/y'],
  ['/s/f', '/s//f/t', '/s/f/t'],
  ['/s/f', 's', undefined],
  ['/s/f', './f/t', '/s/f/t'],
  ['/s/f', '../f', undefined],
  ['/s/f', '../../s', undefined],
  ['/s/f/g/f/t', 't', '/s/f/g/f/t'],
  ['/s/f/g/f/t', 't2', undefined],
  ['/s/f/g/f/t', './t', '/s/f/g/f/t'],
  ['/s/f/g/f/t', './t2', undefined],
  ['/s/f/g/f/t', 't0', undefined],
  ['/s/f/g/f/t', 'f', undefined],
  ['/s/f/g/f/t', 'g', undefined],
  ['/s/f/g/f/t', 'g/x', undefined],
  ['/s/f/g/f/t', './g/x', undefined],
  ['/s/f/g/f/t', 'f/t', undefined],
  ['/s/f/g/f/t', '../t0', undefined],
  ['/s/f/g/f/t', '../h/t', undefined],
  ['/s/f/g/f/t', '../f/t', '/s/f/g/f/t'],
  ['/s/f/g/f/t', '../../s2/y', undefined],
  ['/s/f/g/f/t', '../../../s2/y', undefined],
  ['/s/f/g/f/t', '../../t0', undefined],
  ['/s/f/g/f/t', '/s2/y', '/s2/y'],
  ['/s/f/g/f/t', 's2', undefined],
  ['/s/f/g/f/t', 'x', undefined],
  ['/s/f/g/f/t', './x', undefined],
  ['/s/f/g/f/t', 'g/f/t', undefined],
  ['/s/f/g/f/t', '../g/x', undefined],
  ['/s/f/g/f/t', '../s2/y', undefined],
  ['/s/f/g/f/t', '/s//f/t', '/s/f/t'],
  ['/s/f/g/f/t', 's', undefined],
  ['/s/f/g/f/t', './f/t', undefined],
  ['/s/f/g/f/t', '../f', '/s/f/g/f'],
  ['/s/f/g/f/t', '../../s', undefined],
  ['/s/h', 't', undefined],
  ['/s/h', 't2', undefined],
  ['/s/h', './t', undefined],
  ['/s/h', './t2', undefined],
  ['/s/h', 't0', '/s/t0'],
  ['/s/h', 'f', '/s/f'],
  ['/s/h', 'g', undefined],
  ['/s/h', 'g/x', undefined],
  ['/s/h', './g/x', undefined],
  ['/s/h', 'f/t', '/s/f/t'],
  ['/s/h', '../t0', undefined],
  ['/s/h', '../h/t', undefined],
  ['/s/h', '../f/t', undefined],
  ['/s/h', '../../s2/y', undefined],
  ['/s/h', '../../../s2/y', undefined],
  ['/s/h', '../../t0', undefined],
  ['/s/h', '/s2/y', '/s2/y'],
  ['/s/h', 's2', undefined],
  ['/s/h', 'x', undefined],
  ['/s/h', './x', undefined],
  ['/s/h', 'g/f/t', undefined],
  ['/s/h', '../g/x', undefined],
  ['/s/h', '../s2/y', '/s2/y'],
  ['/s/h', '/s//f/t', '/s/f/t'],
  ['/s/h', 's', undefined],
  ['/s/h', './f/t', '/s/f/t'],
  ['/s/h', '../f', undefined],
  ['/s/h', '../../s', undefined],
];

function compileAt(tree: TestTree, holderPath: string, source: string | readonly [string, string[]]) {
  const [text, externs] = typeof source === 'string' ? [source, []] : source;
  return compileExpression(parseExpression(text), { holderPath, resolve: tree.resolver, externs: new Set(externs) });
}

describe('relative paths resolve as in ecFlow', () => {
  const tree = pathTree();
  for (const [holder, path, expected] of RESOLUTION) {
    it(`${path} from ${holder} → ${expected ?? 'error'}`, () => {
      if (expected === undefined) {
        assert.throws(
          () => compileAt(tree, holder, `${path}:ID`),
          (error) => hasErrorCode(error, 'DEFS_CHECK_ERROR'),
        );
        return;
      }
      const compiled = compileAt(tree, holder, `${path}:ID`);
      const [dependency] = compiled.dependencies;
      assert.ok(dependency !== undefined);
      assert.equal(pathOf(dependency.ref), expected);
    });
  }
});

describe('attribute priority', () => {
  it('prefers event > meter > variable > repeat > generated > limit > queue', () => {
    const tree = new TestTree();
    const t = tree.add('/s/t');
    tree.add('/s/h');
    const order = ['queue', 'limit', 'generated', 'repeat', 'variable', 'meter', 'event'] as const;
    for (const kind of order) {
      if (kind === 'event') t.events.set('x', true);
      if (kind === 'meter') t.meters.set('x', 5);
      if (kind === 'variable') t.variables.set('x', '6');
      if (kind === 'repeat') t.repeat = { name: 'x', kind: 'integer', value: 7 };
      if (kind === 'generated') t.generated.set('x', '8');
      if (kind === 'limit') t.limits.set('x', 9);
      if (kind === 'queue') t.queues.set('x', 10);
      const compiled = compileAt(tree, '/s/h', 't:x');
      assert.deepEqual(
        compiled.dependencies.map((d) => d.kind),
        kind === 'generated' ? ['generated', 'state'] : [kind],
      );
    }
  });
});

describe('unresolvable references', () => {
  it('lists every unresolvable reference in one DEFS_CHECK_ERROR', () => {
    const tree = pathTree();
    assert.throws(
      () => compileAt(tree, '/s/f/t2', 'missing == complete and t:nope and :NOVAR and ../zz<flag>late'),
      (error) => {
        assert.ok(hasErrorCode(error, 'DEFS_CHECK_ERROR'));
        const unresolved = error.details?.['unresolved'] as { reference: string }[];
        assert.deepEqual(
          unresolved.map((problem) => problem.reference),
          ['missing', 't:nope', ':NOVAR', '../zz<flag>late'],
        );
        assert.match(error.message, /missing/);
        return true;
      },
    );
  });

  it('rejects a literal division or modulo by zero, as ecFlow check does', () => {
    const tree = pathTree();
    assert.throws(
      () => compileAt(tree, '/s/f/t2', 't:ID / 0 == 0'),
      (error) => hasErrorCode(error, 'DEFS_CHECK_ERROR'),
    );
    assert.throws(
      () => compileAt(tree, '/s/f/t2', 't:ID % 0 == 0'),
      (error) => hasErrorCode(error, 'DEFS_CHECK_ERROR'),
    );
  });

  it('accepts externs with the keys ecFlow uses and reads them as absent', () => {
    const tree = pathTree();
    const cases: readonly (readonly [string, string[]])[] = [
      ['/x/t == unknown', ['/x/t']],
      ['/x/t:e == clear', ['/x/t:e']],
      ['t:zz == 0', ['t:zz']],
      ['t:zz == 0', ['/s/f/t:zz']],
      [':ZZ == 0', ['/s/f/t2:ZZ']],
      ['/x/t<flag>late == 0', ['/x/t:late']],
    ];
    for (const [text, externs] of cases) {
      const compiled = compileAt(tree, '/s/f/t2', [text, externs]);
      assert.equal(compiled.evaluate(tree.env), true, text);
      assert.equal(compiled.externs.length, 1, text);
    }
  });

  it('does not let a node extern excuse an attribute of it (ecFlow needs path:name)', () => {
    const tree = pathTree();
    assert.throws(
      () => compileAt(tree, '/s/f/t2', ['/x/t:e', ['/x/t']]),
      (error) => hasErrorCode(error, 'DEFS_CHECK_ERROR'),
    );
    assert.throws(() => compileAt(tree, '/s/f/t2', ['/x/t == complete', ['/x/t:e']]));
  });

  it('records the absolute path an extern would resolve to', () => {
    const tree = pathTree();
    const compiled = compileAt(tree, '/s/f/t2', ['../later/t == complete', ['../later/t']]);
    assert.deepEqual(compiled.externs, [{ reference: '../later/t', watchPath: '/s/later/t' }]);
  });
});
