// The allocation cuts of round 4 of issue 4 (engine scale): bindExpression's reused scratch context and lists,
// the dependency index subscribing through `forEachDependency` (no list per expression), `detached` by join, and
// node records made in one literal with their `seq`/`at`. Each must behave exactly as the form it replaces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefs, parseExpression } from '@isobar/protocol/defs';
import { createEngine } from '../src/engine/index.js';
import { bindExpression, createDependencyIndex, type ExprDependency } from '../src/expr/index.js';
import { detached } from '../src/model/intern.js';
import { manualClock } from './engine-helpers.js';
import { TestTree, type TestNode } from './expr-test-tree.js';

function tree(): TestTree {
  const t = new TestTree();
  t.add('/s/f/a').events.set('e', false);
  t.add('/s/f/b').meters.set('m', 0);
  t.add('/s/f/c');
  return t;
}

function visited(bound: ReturnType<typeof bindExpression<TestNode>>): ExprDependency<TestNode>[] {
  const out: ExprDependency<TestNode>[] = [];
  bound.forEachDependency((ref, key, sink) => sink.push({ ref, kind: key.kind, name: key.name }), out);
  return out;
}

describe('bindExpression with reused scratch state', () => {
  it('visits exactly the dependencies it lists, for one and several references', () => {
    const t = tree();
    for (const text of [
      'a == complete',
      'a:e and a == complete',
      'a == complete or b:m > 2 or a:e',
      'b:m + a:e > 1 and b == complete',
    ]) {
      const bound = bindExpression(parseExpression(text), { holderPath: '/s/f/c', resolve: t.resolver });
      assert.deepEqual(visited(bound), bound.dependencies, text);
    }
  });

  it('starts clean after a bind that failed: no problem or extern leaks into the next one', () => {
    const t = tree();
    assert.throws(() =>
      bindExpression(parseExpression('nosuch == complete'), { holderPath: '/s/f/c', resolve: t.resolver }),
    );
    const next = bindExpression(parseExpression('a == complete'), { holderPath: '/s/f/c', resolve: t.resolver });
    assert.deepEqual(next.externs, []);
    assert.deepEqual(next.refs, [t.get('/s/f/a')]);
    const withExtern = bindExpression(parseExpression('/x/y == complete'), {
      holderPath: '/s/f/c',
      resolve: t.resolver,
      externs: new Set(['/x/y']),
    });
    assert.deepEqual(
      withExtern.externs.map((e) => e.watchPath),
      ['/x/y'],
    );
    const after = bindExpression(parseExpression('b == complete'), { holderPath: '/s/f/c', resolve: t.resolver });
    assert.deepEqual(after.externs, [], 'the extern list of the previous bind is its own copy');
    assert.deepEqual(withExtern.externs.length, 1);
  });

  it('subscribes through forEachDependency: a change marks exactly the readers', () => {
    const t = tree();
    const index = createDependencyIndex<TestNode, string>();
    const bind = (text: string) => bindExpression(parseExpression(text), { holderPath: '/s/f/c', resolve: t.resolver });
    index.subscribe('one', bind('a == complete'));
    index.subscribe('two', bind('a:e or b:m > 1'));
    assert.deepEqual([...index.dependents(t.get('/s/f/a'), 'state')], ['one']);
    assert.deepEqual([...index.dependents(t.get('/s/f/a'), 'event', 'e')], ['two']);
    assert.deepEqual([...index.dependents(t.get('/s/f/b'), 'meter', 'm')], ['two']);
    assert.deepEqual([...index.dependents(t.get('/s/f/b'), 'state')], []);
  });
});

describe('detached', () => {
  it('returns an equal string for short, long, one-byte and two-byte values', () => {
    const text = `label x "${'é'.repeat(20)}" "${'task 12 of family 345'}"`;
    for (const value of ['', 'short', text.slice(9, 29), text.slice(32, 53), 'ü'.repeat(40)]) {
      assert.equal(detached(value), value);
    }
  });
});

describe('node records made in one literal', () => {
  it('are numbered and stamped by the log, with the same fields as before', () => {
    const engine = createEngine({ clock: manualClock(Date.UTC(2024, 0, 1)) });
    engine.load(parseDefs('suite s\n  family f\n    task t\n  endfamily\nendsuite\n', { file: 'x.def' }));
    const records = engine.begin('s').filter((r) => r.type === 'node.state');
    assert.ok(records.length >= 3);
    const seqs = records.map((r) => r.seq);
    assert.deepEqual(
      seqs,
      [...new Set(seqs)].sort((x, y) => x - y),
    );
    assert.ok(seqs.every((seq) => seq > 0));
    for (const record of records) assert.match(record.at ?? '', /^2024-01-01T/);
    const task = records.find((r) => r.path === '/s/f/t');
    assert.deepEqual(Object.keys(task ?? {}), ['type', 'path', 'state', 'suspended', 'flags', 'tryNo', 'seq', 'at']);
    const family = records.find((r) => r.path === '/s/f');
    assert.deepEqual(Object.keys(family ?? {}), ['type', 'path', 'state', 'suspended', 'flags', 'seq', 'at']);
  });
});
