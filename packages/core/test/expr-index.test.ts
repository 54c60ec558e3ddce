import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '@isobar/protocol/defs';
import {
  compileExpression,
  createDependencyIndex,
  createEvaluationCounter,
  type CompiledExpression,
  type EvaluationCounter,
} from '../src/expr/index.js';
import { TestTree, type TestNode } from './expr-test-tree.js';

function compile(tree: TestTree, holderPath: string, source: string | { text: string; counter: EvaluationCounter }) {
  const { text, counter } = typeof source === 'string' ? { text: source, counter: undefined } : source;
  return compileExpression(parseExpression(text), {
    holderPath,
    resolve: tree.resolver,
    externs: new Set(['/later/t']),
    ...(counter === undefined ? {} : { counter }),
  });
}

function smallTree(): TestTree {
  const tree = new TestTree();
  const t = tree.add('/s/f/t');
  t.events.set('e', false);
  t.meters.set('m', 0);
  tree.add('/s/f/a');
  tree.add('/s/f/b');
  tree.add('/s/f/c');
  return tree;
}

describe('DependencyIndex', () => {
  it('answers dependents per key and marks only them dirty', () => {
    const tree = smallTree();
    const index = createDependencyIndex<TestNode, string>();
    const t = tree.get('/s/f/t');
    index.add('a', compile(tree, '/s/f/a', 't == complete'));
    index.add('b', compile(tree, '/s/f/b', 't:e and t:m > 2'));
    index.add('c', compile(tree, '/s/f/c', 't<flag>late or t == aborted'));
    assert.deepEqual([...index.dependents(t, 'state')].sort(), ['a', 'c']);
    assert.deepEqual([...index.dependents(t, 'event', 'e')], ['b']);
    assert.deepEqual([...index.dependents(t, 'meter', 'm')], ['b']);
    assert.deepEqual([...index.dependents(t, 'flag', 'late')], ['c']);
    assert.equal(index.dependents(t, 'meter', 'other').size, 0);

    assert.equal(index.markChanged(t, 'meter', 'm'), 1);
    assert.equal(index.markChanged(t, 'event', 'e'), 1);
    assert.deepEqual(index.drainDirty(), ['b']);
    assert.deepEqual(index.drainDirty(), []);
    index.markChanged(t, 'state');
    assert.deepEqual(index.drainDirty().sort(), ['a', 'c']);
  });

  it('removes a holder with all its expressions', () => {
    const tree = smallTree();
    const index = createDependencyIndex<TestNode, string>();
    const t = tree.get('/s/f/t');
    index.add('a', compile(tree, '/s/f/a', 't == complete'));
    index.add('a', compile(tree, '/s/f/a', 't:e'));
    index.markChanged(t, 'state');
    index.remove('a');
    assert.equal(index.dependents(t, 'state').size, 0);
    assert.equal(index.dependents(t, 'event', 'e').size, 0);
    assert.deepEqual(index.drainDirty(), []);
    assert.equal(index.holderCount, 0);
  });

  it('marks readers of a removed node dirty and stale, and they re-resolve', () => {
    const tree = smallTree();
    const index = createDependencyIndex<TestNode, string>();
    const compiledA = compile(tree, '/s/f/a', 't == complete');
    index.add('a', compiledA);
    index.add('b', compile(tree, '/s/f/b', 'a == complete'));
    const removed = tree.delete('/s/f/t');
    index.removeNode(removed);
    assert.deepEqual(index.drainStale(), ['a']);
    assert.deepEqual(index.drainDirty(), ['a']);
    assert.throws(() => compile(tree, '/s/f/a', 't == complete'));
    index.remove('a');
    assert.equal(index.dependents(removed, 'state').size, 0);
  });

  it('re-resolves holders whose extern appears', () => {
    const tree = smallTree();
    const index = createDependencyIndex<TestNode, string>();
    index.add('a', compile(tree, '/s/f/a', '/later/t == complete'));
    index.nodeAdded('/elsewhere');
    assert.deepEqual(index.drainStale(), []);
    tree.add('/later/t').state = 'complete';
    index.nodeAdded('/later/t');
    assert.deepEqual(index.drainStale(), ['a']);
    index.remove('a');
    const again = compile(tree, '/s/f/a', '/later/t == complete');
    index.add('a', again);
    assert.equal(again.evaluate(tree.env), true);
    assert.deepEqual([...index.dependents(tree.get('/later/t'), 'state')], ['a']);
  });

  it('marks exactly one holder per change in a chain of 100k holders', () => {
    const tree = new TestTree();
    const count = 100_000;
    for (let i = 0; i < count; i++) tree.add(`/s/t${i}`);
    const counter = createEvaluationCounter();
    const index = createDependencyIndex<TestNode, number>();
    const compiled: CompiledExpression<TestNode>[] = [];
    for (let i = 1; i < count; i++) {
      const expression = compile(tree, `/s/t${i}`, { text: `t${i - 1} == complete`, counter });
      compiled[i] = expression;
      index.add(i, expression);
    }
    for (const changed of [0, 1, 50_000, count - 2, count - 1]) {
      tree.get(`/s/t${changed}`).state = 'complete';
      index.markChanged(tree.get(`/s/t${changed}`), 'state');
      const dirty = index.drainDirty();
      assert.deepEqual(dirty, changed === count - 1 ? [] : [changed + 1]);
      counter.evaluations = 0;
      for (const holder of dirty) assert.equal(compiled[holder]?.evaluate(tree.env), true);
      assert.ok(counter.evaluations <= index.dependents(tree.get(`/s/t${changed}`), 'state').size);
    }
  });
});
