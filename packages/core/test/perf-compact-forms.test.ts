// The compact forms of round 2 of issue 4 (engine scale): a dependency index whose entries live on the nodes
// (state-only entries stored as their readers), one-slot bound expressions without a refs array, and the tree's
// detached mark that replaces the scheduler's path lookups. Each must behave exactly as the form it replaces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefs, parseExpression } from '@isobar/protocol/defs';
import { createEngine } from '../src/engine/index.js';
import {
  bindExpression,
  compileExpression,
  createDependencyIndex,
  createEvaluationCounter,
  type DependencyEntryStore,
} from '../src/expr/index.js';
import { buildNode, buildTree, attachNode, detachNode, type RuntimeNode, type SuiteNode } from '../src/model/index.js';
import { manualClock, snapshot } from './engine-helpers.js';
import { TestTree, type TestNode } from './expr-test-tree.js';

function fieldStore(): DependencyEntryStore<TestNode> & { readonly entries: Map<TestNode, unknown> } {
  const entries = new Map<TestNode, unknown>();
  return {
    entries,
    get: (ref) => entries.get(ref),
    set: (ref, entry) => void (entry === undefined ? entries.delete(ref) : entries.set(ref, entry)),
  };
}

function tree(): TestTree {
  const t = new TestTree();
  const a = t.add('/s/f/a');
  a.events.set('e', false);
  t.add('/s/f/b');
  t.add('/s/f/c');
  t.add('/s/f/d');
  return t;
}

describe('compact dependency index entries', () => {
  it('stores a state-only entry as its readers and grows it when another key of the node is read', () => {
    const t = tree();
    const store = fieldStore();
    const index = createDependencyIndex<TestNode, string>(store);
    const a = t.get('/s/f/a');
    const compile = (holder: string, text: string) =>
      compileExpression(parseExpression(text), { holderPath: holder, resolve: t.resolver });
    const b = compile('/s/f/b', 'a == complete');
    index.add('b', b);
    assert.equal(store.entries.get(a), 'b', 'a lone state reader is stored as itself');
    index.add('c', compile('/s/f/c', 'a == aborted'));
    assert.ok(store.entries.get(a) instanceof Set);
    index.add('d', compile('/s/f/d', 'a:e'));
    assert.deepEqual([...index.dependents(a, 'state')].sort(), ['b', 'c']);
    assert.deepEqual([...index.dependents(a, 'event', 'e')], ['d']);
    index.markStateAndFlags(a, []);
    assert.deepEqual(index.drainDirty().sort(), ['b', 'c']);
    for (const holder of ['b', 'c', 'd']) index.remove(holder);
    assert.equal(store.entries.size, 0, 'every entry is removed with its last reader');
    assert.equal(index.markChanged(a, 'state'), 0);
  });

  it('marks the readers of a removed node stale whichever form its entry has', () => {
    const t = tree();
    const index = createDependencyIndex<TestNode, string>(fieldStore());
    const a = t.get('/s/f/a');
    index.add('b', compileExpression(parseExpression('a == complete'), { holderPath: '/s/f/b', resolve: t.resolver }));
    index.removeNode(a);
    assert.deepEqual(index.drainStale(), ['b']);
  });
});

describe('one-slot bound expressions', () => {
  it('evaluate, count and report dependencies as the self-contained form', () => {
    const t = tree();
    const counter = createEvaluationCounter();
    const ast = parseExpression('a == complete');
    const bound = bindExpression(ast, { holderPath: '/s/f/b', resolve: t.resolver, counter });
    const full = compileExpression(ast, { holderPath: '/s/f/b', resolve: t.resolver });
    const a = t.get('/s/f/a');
    assert.deepEqual(bound.refs, [a]);
    assert.deepEqual(bound.dependencies, full.dependencies);
    for (const state of ['queued', 'complete', 'aborted'] as const) {
      a.state = state;
      assert.equal(bound.evaluate(t.env), full.evaluate(t.env), state);
    }
    assert.equal(counter.evaluations, 3);
  });

  it('nest with several-slot expressions without mixing their nodes', () => {
    const t = tree();
    const one = bindExpression(parseExpression('a == complete'), { holderPath: '/s/f/d', resolve: t.resolver });
    const two = bindExpression(parseExpression('b == complete and c == queued'), {
      holderPath: '/s/f/d',
      resolve: t.resolver,
    });
    t.get('/s/f/a').state = 'complete';
    t.get('/s/f/b').state = 'complete';
    t.get('/s/f/c').state = 'queued';
    assert.equal(one.evaluate(t.env), true);
    assert.equal(two.evaluate(t.env), true);
    t.get('/s/f/c').state = 'active';
    assert.equal(two.evaluate(t.env), false);
    assert.equal(one.evaluate(t.env), true);
  });
});

describe('RuntimeTree.isAttached', () => {
  it('follows detach and re-attach, as the path index does', () => {
    const runtime = buildTree(parseDefs('suite s\n  family f\n    task t\n  endfamily\nendsuite\n', { file: 'x.def' }));
    const family = runtime.find('/s/f') as RuntimeNode;
    const task = runtime.find('/s/f/t') as RuntimeNode;
    assert.equal(runtime.isAttached(task), true);
    const position = detachNode(runtime, family);
    assert.equal(runtime.isAttached(family), false);
    assert.equal(runtime.isAttached(task), false);
    assert.equal(runtime.find('/s/f/t'), undefined);
    attachNode(runtime, family, position);
    assert.equal(runtime.isAttached(task), true);
    assert.equal(runtime.find('/s/f/t'), task);
  });

  it('says a replaced node is gone and its replacement is there', () => {
    const runtime = buildTree(parseDefs('suite s\n  task t\nendsuite\n', { file: 'x.def' }));
    const old = runtime.find('/s/t') as RuntimeNode;
    const suite = runtime.find('/s') as SuiteNode;
    const position = detachNode(runtime, old);
    const def = parseDefs('suite s\n  task t\nendsuite\n', { file: 'y.def' }).suites[0]?.children?.[0];
    assert.ok(def !== undefined);
    const replacement = buildNode(def, suite);
    attachNode(runtime, replacement, position);
    assert.equal(runtime.isAttached(old), false);
    assert.equal(runtime.isAttached(replacement), true);
    assert.equal(runtime.find('/s/t'), replacement);
  });
});

describe('shared trigger expressions', () => {
  const text =
    'suite s\n  family a\n    task t0\n    task t1\n      trigger t0 == complete\n  endfamily\n' +
    '  family b\n    task t0\n    task t1\n      trigger t0 == complete\n  endfamily\nendsuite\n';

  it("free one node's trigger only, and a begin or a replay sets the marks exactly", () => {
    const engine = createEngine({ clock: manualClock() });
    const records = [...engine.load(parseDefs(text, { file: 's.def' })), ...engine.begin('s')];
    const a = engine.tree.find('/s/a/t1') as RuntimeNode;
    const b = engine.tree.find('/s/b/t1') as RuntimeNode;
    assert.equal(a.trigger, b.trigger, 'identical triggers share one expression object');
    records.push(...engine.freeDep(['/s/a/t1']));
    assert.equal(a.trigger?.free, true);
    assert.equal(b.trigger?.free, false);
    const replayed = createEngine({ clock: manualClock() });
    replayed.replay(records);
    assert.equal(replayed.tree.find('/s/a/t1')?.trigger?.free, true);
    assert.equal(replayed.tree.find('/s/b/t1')?.trigger?.free, false);
    assert.equal(snapshot(replayed.tree), snapshot(engine.tree));
    engine.begin('s', { force: true });
    assert.equal(a.trigger?.free, false);
    assert.equal(b.trigger?.free, false);
  });
});
