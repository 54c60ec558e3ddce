import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isIsobarError } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import type { Engine } from '../src/engine/index.js';
import { findInconsistencies, tasksBelow, walk, type RuntimeNode } from '../src/model/index.js';
import { engineWith, manualClock, snapshot } from './engine-helpers.js';

/** A small deterministic PRNG (mulberry32), so a failure can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function suiteText(families: number, tasks: number): string {
  let text = 'suite p\n';
  for (let f = 0; f < families; f++) {
    text += `  family f${f}\n    family g\n      task x\n    endfamily\n`;
    for (let t = 0; t < tasks; t++) text += `    task t${t}\n      event e\n      meter m 0 10\n`;
    text += '  endfamily\n';
  }
  return `${text}endsuite\n`;
}

const STATES = ['queued', 'submitted', 'active', 'complete', 'aborted', 'unknown'];

function randomOp(engine: Engine, random: () => number): void {
  const nodes: RuntimeNode[] = [];
  walk(engine.node('/p'), (n) => nodes.push(n));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const node = pick(nodes);
  const tasks = tasksBelow(engine.node('/p'));
  if (tasks.length < 6) {
    engine.replace('/p', parseDefs(suiteText(3, 4), { file: 'r' }), { force: true });
    return;
  }
  const task = pick(tasks);
  const who = { path: task.path };
  const ops: (() => unknown)[] = [
    () => engine.force([task.path], pick(STATES)),
    () => engine.force([node.path], pick(STATES), { recursive: true }),
    () => engine.run([task.path], { force: true }),
    () => engine.childInit(who, '1'),
    () => engine.childComplete(who),
    () => engine.childAbort(who, 'x'),
    () => engine.childMeter(who, 'm', Math.floor(random() * 11)),
    () => engine.childEvent(who, 'e', random() < 0.5),
    () => engine.requeue([node.path], { mode: pick(['force', 'abort'] as const) }),
    () => engine.suspend([node.path]),
    () => engine.resume([node.path]),
    () => engine.order(node.path, pick(['top', 'bottom', 'up', 'down', 'alpha', 'order'] as const)),
    () => engine.delete([task.path], { force: true }),
    () => engine.replace('/p/f0', parseDefs(suiteText(1, 2), { file: 'r' }), { force: true }),
    () => engine.begin('p', { force: true }),
  ];
  try {
    pick(ops)();
  } catch (error) {
    if (!isIsobarError(error)) throw error;
  }
}

describe('property: container states always match a recomputation from the leaves', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: 300 random operations, counters and derived states checked after each, then replay`, () => {
      const text = suiteText(3, 4);
      const engine = engineWith(text);
      const start = engine.log.seq;
      engine.begin('p');
      const random = prng(seed);
      for (let i = 0; i < 300; i++) {
        randomOp(engine, random);
        const problems = findInconsistencies(engine.tree, { derived: true });
        assert.deepEqual(problems, [], `after operation ${i}`);
      }
      const replayed = engineWith(text, { clock: manualClock() });
      replayed.replay(engine.log.since(start) ?? assert.fail('log too short'));
      assert.equal(snapshot(replayed.tree), snapshot(engine.tree));
    });
  }
});
