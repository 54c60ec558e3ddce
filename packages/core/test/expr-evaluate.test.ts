import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '@isobar/protocol/defs';
import { compileExpression, createEvaluationCounter, explain, type CompiledExpression } from '../src/expr/index.js';
import { TestTree, type TestNode } from './expr-test-tree.js';

function compile(
  tree: TestTree,
  holderPath: string,
  text: string | { text: string; externs: string[] },
): CompiledExpression<TestNode> {
  const source = typeof text === 'string' ? { text, externs: [] } : text;
  return compileExpression(parseExpression(source.text), {
    holderPath,
    resolve: tree.resolver,
    externs: new Set(source.externs),
  });
}

/** The tree the expected values below were computed on with ecFlow 5.9.2's Python module (evaluate_trigger). */
function oracleTree(): TestTree {
  const tree = new TestTree();
  const t = tree.add('/s/f/t');
  for (const [name, value] of [
    ['V', '7'],
    ['NEG', '-7'],
    ['TXT', '12a'],
    ['BIG', '3000000000'],
    ['PLUS', '+5'],
    ['SP', ' 5'],
    ['Z', '0'],
  ] as const) {
    t.variables.set(name, value);
  }
  t.repeat = { name: 'YMD', kind: 'date', value: 20240131 };
  tree.add('/s/f/dl').repeat = { name: 'DL', kind: 'datelist', value: 20240228 };
  tree.add('/s/f/i').repeat = { name: 'I', kind: 'integer', value: 3 };
  tree.add('/s/f/e').repeat = { name: 'E', kind: 'enumerated', value: 5 };
  tree.add('/s/f/e2').repeat = { name: 'E', kind: 'enumerated', value: 0 };
  tree.add('/s/f/st').repeat = { name: 'S', kind: 'string', value: 0 };
  tree.add('/s/f/h');
  for (const path of ['/s', '/s/f', '/s/f/t', '/s/f/dl', '/s/f/i', '/s/f/e', '/s/f/e2', '/s/f/st', '/s/f/h']) {
    tree.get(path).state = 'unknown';
  }
  return tree;
}

// [expression, ecFlow's evaluate_trigger()] for the holder /s/f/h of oracleTree().
const ORACLE: readonly (readonly [string, boolean])[] = [
  ['1 + 2 * 3 == 9', true],
  ['10 - 2 - 3 == 5', true],
  ['7 / 2 == 3', true],
  ['7 % 3 == 1', true],
  ['t:NEG / 2 + 3 == 0', true],
  ['t:NEG / 2 + 4 == 0', false],
  ['t:NEG % 3 + 1 == 0', true],
  ['t:V + 1 == 8', true],
  ['t:TXT == 0', true],
  ['t:BIG == 0', true],
  ['t:PLUS == 5', true],
  ['t:PLUS + t:V == 12', true],
  ['t:SP == 0', true],
  ['t:YMD == 20240131', true],
  ['t:YMD + 1 == 20240201', true],
  ['t:YMD - 31 == 20231231', true],
  ['1 + t:YMD == 20240132', true],
  ['t:YMD + 1 + 1 == 20240202', true],
  ['t:YMD + 29 == 20240229', true],
  ['t:YMD + 30 == 20240301', true],
  ['t:YMD + 29 + 1 == 20240301', false],
  ['t:YMD + 29 + 1 == 20240230', true],
  ['t:YMD + 29 - 1 == 20240228', true],
  ['(t:YMD + 29) + 1 == 20240230', true],
  ['t:YMD + (29 + 1) == 20240301', true],
  ['t:YMD * 1 + 1 == 20240132', true],
  ['dl:DL == 20240228', true],
  ['dl:DL + 1 == 20240229', true],
  ['dl:DL + 2 == 20240301', true],
  ['i:I == 3', true],
  ['i:I + 1 == 4', true],
  ['e:E == 5', true],
  ['e2:E == 0', true],
  ['st:S == 0', true],
  ['cal::date_to_julian(20240131) == 2460341', true],
  ['cal::julian_to_date(2460341) == 20240131', true],
  ['cal::date_to_julian(2024013112) == 2460341', true],
  ['cal::date_to_julian(123) == 0', true],
  ['cal::date_to_julian(t:YMD) == 2460341', true],
  ['2147483647 + 1 == 0', false],
  ['2147483647 + 1 < 0', true],
  ['65536 * 65536 == 0', true],
  ['t:V', true],
  ['t:Z', false],
  ['t:V - 7', true],
  ['not t:V', false],
  ['not t:Z', true],
  ['t:V == 7 and t:Z', false],
  ['t:V == 7 or t:Z', true],
  ['t:Z or t:V - 7', true],
  ['1 == 1 and 0 == 1 or 2 == 2', true],
  ['1 == 1 or 0 == 1 and 2 == 3', true],
  ['(1 == 1 or 0 == 1) and 2 == 3', false],
  ['not 1 == 1 or 2 == 2', true],
  ['not (1 == 1 or 2 == 2)', false],
  ['! 1 == 2 and 3 == 3', true],
  ['h == unknown', true],
  ['h == queued', false],
  ['t eq unknown', true],
  ['t ne complete', true],
  ['t:V eq 7', true],
  ['t:V ne 7', false],
  ['t:V lt 8', true],
  ['t:V le 7', true],
  ['t:V gt 6', true],
  ['t:V ge 8', false],
  ['1 != ! 1', true],
  ['t:V == ! 0', false],
];

describe('compiled expressions match ecFlow 5.9.2', () => {
  const tree = oracleTree();
  for (const [text, expected] of ORACLE) {
    it(`${text} → ${expected}`, () => {
      assert.equal(compile(tree, '/s/f/h', text).evaluate(tree.env), expected);
    });
  }
});

describe('node states', () => {
  it('compares the state, and a suspended node is suspended whatever its state', () => {
    const tree = new TestTree();
    const t = tree.add('/s/f/t');
    tree.add('/s/f/h');
    const isComplete = compile(tree, '/s/f/h', 't == complete');
    const notAborted = compile(tree, '/s/f/h', 't != aborted');
    assert.equal(isComplete.evaluate(tree.env), false);
    t.state = 'complete';
    assert.equal(isComplete.evaluate(tree.env), true);
    t.suspended = true;
    assert.equal(isComplete.evaluate(tree.env), false);
    assert.equal(notAborted.evaluate(tree.env), true);
    t.suspended = false;
    t.state = 'aborted';
    assert.equal(notAborted.evaluate(tree.env), false);
  });

  for (const state of ['unknown', 'complete', 'queued', 'aborted', 'submitted', 'active'] as const) {
    it(`reads ${state} with == and eq`, () => {
      const tree = new TestTree();
      tree.add('/s/t').state = state;
      tree.add('/s/h');
      assert.equal(compile(tree, '/s/h', `t == ${state}`).evaluate(tree.env), true);
      assert.equal(compile(tree, '/s/h', `t eq ${state}`).evaluate(tree.env), true);
      assert.equal(compile(tree, '/s/h', `t ne ${state}`).evaluate(tree.env), false);
    });
  }
});

describe('attributes', () => {
  function attributeTree(): TestTree {
    const tree = new TestTree();
    const t = tree.add('/s/t');
    t.events.set('e', false);
    t.meters.set('m', 3);
    t.limits.set('L', 2);
    t.queues.set('q', 4);
    t.generated.set('ECF_TRYNO', '2');
    tree.add('/s/h');
    return tree;
  }

  it('reads events as 0/1 and with == set|clear', () => {
    const tree = attributeTree();
    const bare = compile(tree, '/s/h', 't:e');
    const set = compile(tree, '/s/h', 't:e == set');
    const clear = compile(tree, '/s/h', 't:e != clear');
    const numeric = compile(tree, '/s/h', 't:e + 1 == 2');
    assert.deepEqual(
      [bare, set, clear, numeric].map((c) => c.evaluate(tree.env)),
      [false, false, false, false],
    );
    tree.get('/s/t').events.set('e', true);
    assert.deepEqual(
      [bare, set, clear, numeric].map((c) => c.evaluate(tree.env)),
      [true, true, true, true],
    );
  });

  it('reads meters, limits, queues and generated variables as integers', () => {
    const tree = attributeTree();
    for (const text of ['t:m == 3', 't:L == 2', 't:q == 4', 't:ECF_TRYNO == 2', 't:m * t:L + t:q == 10']) {
      assert.equal(compile(tree, '/s/h', text).evaluate(tree.env), true, text);
    }
  });

  it('finds :NAME on the holder or the nearest ancestor', () => {
    const tree = new TestTree();
    tree.add('/s', 'suite').variables.set('V', '1');
    tree.add('/s/f', 'family').variables.set('V', '2');
    tree.add('/s/f/h');
    tree.add('/s/g/h2');
    assert.equal(compile(tree, '/s/f/h', ':V == 2').evaluate(tree.env), true);
    assert.equal(compile(tree, '/s/g/h2', ':V == 1').evaluate(tree.env), true);
    tree.get('/s/f/h').meters.set('V', 9);
    assert.equal(compile(tree, '/s/f/h', ':V == 9').evaluate(tree.env), true);
  });

  it('reads flags, including the server flags at /', () => {
    const tree = attributeTree();
    const late = compile(tree, '/s/h', 't<flag>late');
    const root = compile(tree, '/s/h', '/<flag>late');
    assert.equal(late.evaluate(tree.env), false);
    tree.get('/s/t').flags.add('late');
    assert.equal(late.evaluate(tree.env), true);
    assert.equal(root.evaluate(tree.env), false);
    tree.root.flags.add('late');
    assert.equal(root.evaluate(tree.env), true);
  });

  it('reads datetime repeats as seconds and adds seconds', () => {
    const tree = new TestTree();
    tree.add('/s/t').repeat = { name: 'DT', kind: 'datetime', value: 1704067200 };
    tree.add('/s/h');
    assert.equal(compile(tree, '/s/h', 't:DT == 20240101T000000').evaluate(tree.env), true);
    assert.equal(compile(tree, '/s/h', 't:DT + 3600 == 20240101T010000').evaluate(tree.env), true);
    assert.equal(compile(tree, '/s/h', 't:DT < 20240101T000001').evaluate(tree.env), true);
  });
});

describe('arithmetic corner cases', () => {
  it('divides and takes modulo by zero as 0 at run time', () => {
    const tree = new TestTree();
    tree.add('/s/t').meters.set('m', 0);
    tree.add('/s/h');
    assert.equal(compile(tree, '/s/h', '7 / t:m == 0').evaluate(tree.env), true);
    assert.equal(compile(tree, '/s/h', '7 % t:m == 0').evaluate(tree.env), true);
  });
});

describe('externs', () => {
  // ecFlow's TestExprParser evaluates these with nothing resolvable: every reference reads as absent.
  const ABSENT: readonly (readonly [string, boolean])[] = [
    ['./12:eventname == 0', true],
    ['../12/b:eventname == clear', true],
    ['../a/b:eventname != clear', false],
    ['a:eventname == set', false],
    ['b:metername le 100', true],
    ['../a/b/c:metername >= 100', false],
    ['! a:a || b:b', true],
    ['a:a || b:b || ! c:c', true],
    ['./a == unknown', true],
    ['./a/b != queued', true],
    ['../a == complete', false],
    ['../a/b/c != aborted', true],
    ['a eq unknown and b ne complete', true],
    ['a == complete and b == complete or c == unknown', true],
    ['(a != aborted and b == unknown or c != queued)', true],
    ['t:step % 20 ge t:step1 - 20', true],
    ['/s/f/t<flag>late', false],
  ];
  for (const [text, expected] of ABSENT) {
    it(`${text} → ${expected} when every reference is an extern`, () => {
      const tree = new TestTree();
      tree.add('/x/h');
      const refs = parseReferences(text);
      assert.equal(compile(tree, '/x/h', { text, externs: refs }).evaluate(tree.env), expected);
    });
  }
});

/** Extern keys for every reference of an expression: `path` for nodes, `path:name` for attributes and flags. */
function parseReferences(text: string): string[] {
  const keys: string[] = [];
  for (const match of text.matchAll(/([./\w]+)(?::(\w+)|<flag>(\w+))?/g)) {
    const [, path, name, flag] = match;
    if (
      path === undefined ||
      /^\d+$/.test(path) ||
      /^(and|or|eq|ne|le|ge|lt|gt|unknown|complete|queued|aborted|set|clear)$/.test(path)
    )
      continue;
    keys.push(name !== undefined ? `${path}:${name}` : flag !== undefined ? `${path}:${flag}` : path);
  }
  return keys;
}

describe('explain', () => {
  it('lists the false conditions with their current values', () => {
    const tree = new TestTree();
    tree.add('/s/f/t').state = 'queued';
    const t2 = tree.add('/s/f/t2');
    t2.events.set('e', false);
    t2.meters.set('m', 3);
    tree.add('/s/g/x');
    const compiled = compile(
      tree,
      '/s/g/x',
      '../f/t == complete and ../f/t2:e == set and ../f/t2:m >= 5 or x<flag>late',
    );
    assert.deepEqual(explain(compiled, tree.env), [
      '/s/f/t is queued, expected complete',
      '/s/f/t2:e is clear, expected set',
      '/s/f/t2:m (meter 3) >= 5 is false',
      '/s/g/x<flag>late (not set) is not set',
    ]);
    tree.get('/s/g/x').flags.add('late');
    assert.deepEqual(explain(compiled, tree.env), []);
  });

  it('explains not and bare operands', () => {
    const tree = new TestTree();
    tree.add('/s/t').state = 'complete';
    tree.add('/s/t').meters.set('m', 0);
    tree.add('/s/h');
    assert.deepEqual(explain(compile(tree, '/s/h', 'not t == complete'), tree.env), [
      'not (t == complete) is false: (t == complete) holds',
    ]);
    assert.deepEqual(explain(compile(tree, '/s/h', 't:m'), tree.env), ['/s/t:m (meter 0) is zero']);
  });
});

describe('evaluation counter', () => {
  it('counts evaluations only when asked to', () => {
    const tree = new TestTree();
    tree.add('/s/t');
    tree.add('/s/h');
    const counter = createEvaluationCounter();
    const compiled = compileExpression(parseExpression('t == complete'), {
      holderPath: '/s/h',
      resolve: tree.resolver,
      counter,
    });
    compiled.evaluate(tree.env);
    compiled.evaluate(tree.env);
    assert.equal(counter.evaluations, 2);
  });
});
