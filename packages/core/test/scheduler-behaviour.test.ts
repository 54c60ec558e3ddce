import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { simulate } from '../src/simulate/index.js';
import { harness } from './scheduler-helpers.js';

describe('scheduler: triggers, complete expressions, tries', () => {
  it('submits a successor when its trigger becomes true', () => {
    const h = harness('suite s\n task a\n task b\n  trigger a == complete\nendsuite');
    assert.deepEqual(h.step(), ['/s/a']);
    assert.deepEqual(h.finish('/s/a'), ['/s/b']);
  });

  it('a true complete expression forces the node complete (byrule) instead of running it', () => {
    const h = harness('suite s\n task a\n  event go\n task b\n  trigger a == complete\n  complete a:go\nendsuite');
    assert.deepEqual(h.step(), ['/s/a']);
    h.engine.childInit({ path: '/s/a' }, '1');
    h.engine.childEvent({ path: '/s/a' }, 'go');
    assert.deepEqual(h.step(), []);
    assert.equal(h.state('/s/b'), 'complete');
    assert.ok(h.engine.node('/s/b').flags !== 0);
  });

  it('re-runs an aborted task while try_no < ECF_TRIES, then holds it', () => {
    const h = harness('suite s\n edit ECF_TRIES 2\n task a\nendsuite');
    assert.deepEqual(h.step(), ['/s/a']);
    assert.deepEqual(h.abort('/s/a'), ['/s/a']);
    assert.deepEqual(h.abort('/s/a'), []);
    assert.equal(h.state('/s/a'), 'aborted');
    assert.ok(h.engine.why('/s/a').some((r) => r.code === 'tries'));
  });

  it('leaves an ECF_DUMMY_TASK task queued and submits its siblings', () => {
    const h = harness("suite s\n task a\n  edit ECF_DUMMY_TASK ''\n task b\nendsuite");
    assert.deepEqual(h.step(), ['/s/b']);
    assert.equal(h.state('/s/a'), 'queued');
    assert.deepEqual(h.step(), []);
    assert.ok(h.engine.why('/s/a').some((r) => r.code === 'dummy'));
  });

  it('does not re-run a task aborted by force', () => {
    const h = harness('suite s\n task a\nendsuite');
    h.step();
    h.engine.force(['/s/a'], 'aborted');
    assert.deepEqual(h.step(), []);
  });
});

describe('scheduler: repeats', () => {
  it('increments and re-queues a family, keeping suspended children suspended', () => {
    const h = harness('suite s\n family f\n  repeat integer I 1 3\n  task a\n  task b\nendfamily\nendsuite');
    assert.deepEqual(h.step(), ['/s/f/a', '/s/f/b']);
    h.engine.suspend(['/s/f/b']);
    h.finish('/s/f/a');
    h.engine.resume(['/s/f/b']);
    h.step();
    h.engine.suspend(['/s/f/b']);
    // b is suspended but submitted: complete it, so the family completes and its repeat moves on.
    h.finish('/s/f/b');
    assert.equal(h.engine.node('/s/f').repeat?.index, 1);
    assert.equal(h.state('/s/f/b'), 'suspended');
    assert.equal(h.state('/s/f/a'), 'submitted');
  });

  it('stops when the repeat is exhausted', () => {
    const h = harness('suite s\n family f\n  repeat integer I 1 2\n  task a\nendfamily\nendsuite');
    h.step();
    assert.deepEqual(h.finish('/s/f/a'), ['/s/f/a']);
    assert.deepEqual(h.finish('/s/f/a'), []);
    assert.equal(h.state('/s'), 'complete');
  });
});

describe('scheduler: limits', () => {
  const defs = (inlimit: string, limit = 2) =>
    `suite s\n limit L ${limit}\n family f\n  inlimit ${inlimit}\n  task a\n  task b\n  task c\nendfamily\nendsuite`;

  it('a limit lets N tasks run and a release on abort frees the next', () => {
    const h = harness(defs('L'));
    assert.deepEqual(h.step(), ['/s/f/a', '/s/f/b']);
    assert.ok(h.engine.why('/s/f/c').some((r) => r.code === 'limit'));
    h.engine.force(['/s/f/a'], 'aborted');
    assert.deepEqual(h.step(), ['/s/f/c']);
  });

  it('a limit of 0 is a brake', () => {
    assert.deepEqual(harness(defs('L', 0)).step(), []);
  });

  it('-s releases the token at active', () => {
    const h = harness(defs('-s L', 1));
    assert.deepEqual(h.step(), ['/s/f/a']);
    h.engine.childInit({ path: '/s/f/a' }, '1');
    assert.deepEqual(h.step(), ['/s/f/b']);
  });

  it('-n counts the family as one token', () => {
    const h = harness(
      `suite s\n limit L 1\n family f\n  inlimit -n L\n  task a\n  task b\nendfamily\n family g\n  inlimit -n L\n  task c\nendfamily\nendsuite`,
    );
    assert.deepEqual(h.step(), ['/s/f/a', '/s/f/b']);
    h.finish('/s/f/a');
    assert.deepEqual(h.finish('/s/f/b'), ['/s/g/c']);
  });
});

describe('scheduler: time', () => {
  it('a cron re-queues forever (one run per slot)', () => {
    const h = harness('suite s\n task t\n  cron 10:00 12:00 01:00\nendsuite');
    let runs = 0;
    assert.deepEqual(h.step(), []);
    for (let i = 0; i < 8; i++) {
      const next = h.clock.nextTimerAt();
      if (next === undefined) break;
      h.clock.advanceTo(next);
      for (const path of h.step()) {
        runs++;
        h.finish(path);
      }
    }
    assert.ok(runs >= 4, `runs ${runs}`);
    assert.equal(h.state('/s/t'), 'queued');
  });

  it('a long job skips the slots it overlapped', () => {
    const h = harness('suite s\n task t\n  time 10:00 13:00 01:00\nendsuite');
    h.clock.advanceTo(Date.UTC(2024, 0, 1, 10));
    assert.deepEqual(h.step(), ['/s/t']);
    h.clock.advanceTo(Date.UTC(2024, 0, 1, 12, 30));
    h.finish('/s/t');
    assert.equal(h.state('/s/t'), 'queued');
    assert.deepEqual(h.step(), []);
    h.clock.advanceTo(Date.UTC(2024, 0, 1, 13));
    assert.deepEqual(h.step(), ['/s/t']);
  });

  it('hybrid clock: a node whose day can never come is complete at begin', () => {
    const text = 'suite s\n clock hybrid 1.1.2024\n task t\n  day sunday\n task u\nendsuite';
    const h = harness(text, Date.UTC(2024, 0, 1));
    assert.equal(h.state('/s/t'), 'complete');
    assert.deepEqual(h.step(), ['/s/u']);
  });
});

describe('scheduler: safety full pass and cost per change', () => {
  it('fullPass never changes anything after each step of a simulated suite', () => {
    const corpus = fileURLToPath(
      new URL('../../../../shared/conformance/ecflow/simulator/good_defs/', import.meta.url),
    );
    const text = readFileSync(`${corpus}day/Repeat.def`, 'utf8');
    let steps = 0;
    const result = simulate(text, {
      afterStep: (_step, scheduler) => {
        steps++;
        assert.deepEqual(scheduler.fullPass(), []);
      },
    });
    assert.ok(result.ok, result.problems.join('; '));
    assert.ok(steps > 4);
  });

  it('evaluations per change are bounded by dependents plus depth', () => {
    const tasks = Array.from(
      { length: 200 },
      (_, i) => ` task t${i}\n${i > 0 ? `  trigger t${i - 1} == complete\n` : ''}`,
    );
    const h = harness(`suite s\n family f\n${tasks.join('')} endfamily\nendsuite`);
    h.step();
    for (let i = 0; i < 50; i++) {
      h.counter.evaluations = 0;
      assert.deepEqual(h.finish(`/s/f/t${i}`), [`/s/f/t${i + 1}`]);
      // One dependent (the successor) + depth 3: the count must not grow with the 200 tasks.
      assert.ok(h.counter.evaluations <= 1 + 3, `evaluations ${h.counter.evaluations}`);
    }
  });
});
