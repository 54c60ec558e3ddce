// Regression tests for what issue 4's scale work changed (no timing here; bench/engine measures): the compact
// bound expressions must evaluate exactly as the self-contained compiled ones, and a large load's lazily written
// `node.added` text must still replay to the same tree.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefs, parseExpression } from '@isobar/protocol/defs';
import { createEngine } from '../src/engine/index.js';
import { bindExpression, compileExpression } from '../src/expr/index.js';
import { createRuntimeTree } from '../src/model/index.js';
import { manualClock, snapshot } from './engine-helpers.js';
import { TestTree } from './expr-test-tree.js';

const EXPRESSIONS = [
  't == complete',
  't != aborted and ./t:e',
  '../f/t:m ge 3 or t:e == clear',
  'not t == queued',
  't:m + 2 * 3 > 7',
  '(t:m / (t:m - t:m)) == 0 and t<flag>late',
  't == complete or t == aborted',
  ':V > 10',
  'later == complete',
];
const STATES = ['queued', 'complete', 'aborted', 'active'] as const;

function tree(): TestTree {
  const built = new TestTree();
  const t = built.add('/s/f/t');
  t.events.set('e', false);
  t.meters.set('m', 0);
  built.add('/s/f').variables.set('V', '0');
  for (const name of ['a', 'b']) built.add(`/s/f/${name}`);
  return built;
}

describe('bound expressions (shared shapes)', () => {
  it('evaluate as compileExpression does, in every state, for holders sharing a shape', () => {
    const test = tree();
    const t = test.get('/s/f/t');
    for (const text of EXPRESSIONS) {
      const ast = parseExpression(text);
      const options = (holderPath: string) => ({ holderPath, resolve: test.resolver, externs: new Set(['later']) });
      const pairs = ['/s/f/a', '/s/f/b'].map((holder) => ({
        bound: bindExpression(ast, options(holder)),
        compiled: compileExpression(ast, options(holder)),
      }));
      for (let round = 0; round < 40; round++) {
        t.state = STATES[round % STATES.length] as (typeof STATES)[number];
        t.events.set('e', round % 3 === 0);
        t.meters.set('m', round % 9);
        test.get('/s/f').variables.set('V', String(round));
        if (round % 5 === 0) t.flags.add('late');
        else t.flags.delete('late');
        for (const { bound, compiled } of pairs) {
          assert.equal(bound.evaluate(test.env), compiled.evaluate(test.env), `${text} in round ${round}`);
        }
      }
      const [{ bound, compiled }] = pairs as [(typeof pairs)[number]];
      assert.deepEqual(bound.dependencies, compiled.dependencies, text);
      assert.deepEqual(bound.externs, compiled.externs, text);
    }
  });

  it('report the same errors as compileExpression', () => {
    const test = tree();
    for (const text of ['missing == complete', 't:nothing', '1 / 0']) {
      const ast = parseExpression(text);
      const options = { holderPath: '/s/f/a', resolve: test.resolver };
      const expected = (() => {
        try {
          compileExpression(ast, options);
          return undefined;
        } catch (error) {
          return error;
        }
      })();
      assert.ok(expected !== undefined, text);
      assert.throws(
        () => bindExpression(ast, options),
        (error: unknown) => {
          assert.deepEqual((error as { details?: unknown }).details, (expected as { details?: unknown }).details);
          return true;
        },
      );
    }
  });
});

function largeSuite(families: number): string {
  const lines = ['suite big'];
  for (let f = 0; f < families; f++) {
    lines.push(`  family f${f}`);
    for (let t = 0; t < 100; t++) {
      lines.push(
        `    task t${t}`,
        `      label info "task ${t} of family ${f}"`,
        '      meter m 0 100',
        '      event 1 e',
      );
      if (t > 0) lines.push(`      trigger t${t - 1} == complete`);
    }
    lines.push('  endfamily');
  }
  return [...lines, 'endsuite', ''].join('\n');
}

describe('loading a large suite', () => {
  it('writes the node.added text when it is read, keeps it out of the ring, and replays to the same tree', () => {
    const engine = createEngine({ clock: manualClock() });
    const records = [...engine.load(parseDefs(largeSuite(60), { file: 'big.def' })), ...engine.begin('big')];
    const added = records.find((record) => record.type === 'node.added');
    assert.ok(added !== undefined && 'text' in added);
    assert.equal(engine.log.since(0), undefined, 'a resuming client resynchronises across a lazily written load');
    const journal = JSON.parse(JSON.stringify(records)) as typeof records;
    assert.match((journal.find((r) => r.type === 'node.added') as { text: string }).text, /task t99/);
    const replayed = createEngine({ clock: manualClock() });
    replayed.replay(journal);
    assert.equal(snapshot(replayed.tree), snapshot(engine.tree));
    assert.notEqual(snapshot(createRuntimeTree()), snapshot(engine.tree));
  });
});
