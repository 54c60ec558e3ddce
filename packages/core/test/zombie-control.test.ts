import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isIsobarError } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';

import { createEngine, createScheduler, type ChangeRecord, type Engine } from '../src/engine/index.js';
import { flagNames, type SubmittableNode } from '../src/model/index.js';
import { VirtualClock } from '../src/time/index.js';

const START = Date.UTC(2024, 0, 1);

interface Setup {
  readonly engine: Engine;
  readonly clock: VirtualClock;
  readonly kills: { path: string; rid: string }[];
  readonly flush: () => ChangeRecord[];
  /** The credentials the task's current job holds. */
  readonly job: (path: string, rid?: string) => { path: string; password: string; rid: string; tryNo: number };
}

function setup(text: string): Setup {
  const clock = new VirtualClock(START);
  const kills: { path: string; rid: string }[] = [];
  const engine = createEngine({ clock, zombieKill: (k) => void kills.push(k) });
  const scheduler = createScheduler(engine, { clock, autoRun: false });
  engine.load(parseDefs(text, { file: 'zombie.def' }));
  engine.begin();
  scheduler.flush();
  const job = (path: string, rid = '1') => {
    const task = engine.node(path) as SubmittableNode;
    return { path, password: task.password, rid, tryNo: task.tryNo };
  };
  return { engine, clock, kills, flush: () => scheduler.flush(), job };
}

/** The ZOMBIE error `run` throws, with its details. */
function zombieError(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    assert.ok(isIsobarError(error) && error.code === 'ZOMBIE', `expected ZOMBIE, got ${String(error)}`);
    return error.details ?? {};
  }
  assert.fail('expected a ZOMBIE error');
}

function state(engine: Engine, path: string): number {
  return engine.node(path).state;
}

const ONE = 'suite s\n task t\n  event e\n  meter m 0 10\n  label l ""\nendsuite';

describe('zombies: detection', () => {
  it('ecf_passwd: a wrong password on init is a zombie; init blocks (the client retries)', () => {
    const { engine, job } = setup(ONE);
    const details = zombieError(() => engine.childInit({ ...job('/s/t'), password: 'other' }, '7'));
    assert.equal(details['action'], 'block');
    assert.equal(details['type'], 'ecf_passwd');
    assert.equal(state(engine, '/s/t'), 3, 'still submitted');
    const [zombie] = engine.zombies();
    assert.equal(zombie?.type, 'ecf_passwd');
    assert.equal(zombie?.password, 'other');
    assert.equal(zombie?.calls, 1);
    assert.ok(flagNames(engine.node('/s/t').flags).includes('zombie'));
    const added = engine.log.since(0)?.filter((r) => r.type === 'zombie.added') ?? [];
    assert.equal(added.length, 1, 'the zombie is a change record');
    zombieError(() => engine.childInit({ ...job('/s/t'), password: 'other' }, '7'));
    assert.equal(engine.zombies()[0]?.calls, 2, 'the same zombie, called again');
  });

  it('ecf_pid: the right password from another process (remote id) blocks complete', () => {
    const { engine, job } = setup(ONE);
    engine.childInit(job('/s/t'), '1');
    const details = zombieError(() => engine.childComplete(job('/s/t', '2')));
    assert.equal(details['type'], 'ecf_pid');
    assert.equal(state(engine, '/s/t'), 4, 'still active');
  });

  it('ecf_pid_passwd: both differ', () => {
    const { engine, job } = setup(ONE);
    engine.childInit(job('/s/t'), '1');
    const details = zombieError(() => engine.childAbort({ ...job('/s/t', '2'), password: 'x' }));
    assert.equal(details['type'], 'ecf_pid_passwd');
  });

  it('ecf: a command for a task that already aborted', () => {
    const { engine, job } = setup(ONE);
    const first = job('/s/t');
    engine.childInit(first, '1');
    engine.childAbort(first, 'crash');
    const details = zombieError(() => engine.childInit(first, '1'));
    assert.equal(details['type'], 'ecf');
    assert.match(String(details['reason']), /already aborted/);
  });

  it('user: the job of a task run again while active is a user zombie with the old credentials', () => {
    const { engine, job } = setup(ONE);
    const old = job('/s/t');
    engine.childInit(old, '1');
    engine.run(['/s/t'], { force: true });
    const [zombie] = engine.zombies();
    assert.equal(zombie?.type, 'user');
    assert.equal(zombie?.password, old.password);
    const details = zombieError(() => engine.childComplete(old));
    assert.equal(details['type'], 'user');
    assert.equal(engine.zombies().length, 1);
  });

  it('user: a forced requeue and a forced complete of an active task make user zombies too', () => {
    const { engine, job } = setup('suite s\n task a\n task b\nendsuite');
    engine.childInit(job('/s/a'), '1');
    engine.requeue(['/s/a'], { mode: 'force' });
    engine.force(['/s/b'], 'complete');
    assert.deepEqual(
      engine.zombies().map((z) => [z.path, z.type]),
      [
        ['/s/a', 'user'],
        ['/s/b', 'user'],
      ],
    );
  });

  it('path: a command for a task that does not exist; init blocks, label is answered with success', () => {
    const { engine } = setup(ONE);
    const who = { path: '/s/gone', password: 'p', rid: '9', tryNo: 1 };
    assert.equal(zombieError(() => engine.childInit(who, '9'))['type'], 'path');
    assert.doesNotThrow(() => engine.childLabel(who, 'l', 'x'));
    assert.equal(engine.zombies()[0]?.calls, 2);
  });
});

describe('zombies: default answers and forgiven duplicates', () => {
  it('event, meter and label of a zombie succeed (fob) but change nothing', () => {
    const { engine, job } = setup(ONE);
    engine.childInit(job('/s/t'), '1');
    const zombie = { ...job('/s/t'), password: 'other' };
    engine.childEvent(zombie, 'e');
    engine.childMeter(zombie, 'm', 5);
    engine.childLabel(zombie, 'l', 'text');
    const task = engine.node('/s/t');
    assert.equal(task.events?.[0]?.value, false);
    assert.equal(task.meters?.[0]?.value, 0);
    assert.equal(task.labels?.[0]?.value, '');
    assert.equal(engine.zombies()[0]?.calls, 3);
  });

  it('a second init with the same password and remote id is forgiven', () => {
    const { engine, job } = setup(ONE);
    engine.childInit(job('/s/t'), '1');
    assert.doesNotThrow(() => engine.childInit(job('/s/t'), '1'));
    assert.equal(engine.zombies().length, 0);
  });

  it('a second complete, and a second abort with the same credentials, are forgiven', () => {
    const { engine, job } = setup('suite s\n task a\n task b\nendsuite');
    const a = job('/s/a');
    engine.childInit(a, '1');
    engine.childComplete(a);
    assert.doesNotThrow(() => engine.childComplete(a));
    const b = job('/s/b');
    engine.childInit(b, '1');
    engine.childAbort(b, 'x');
    assert.doesNotThrow(() => engine.childAbort(job('/s/b')));
    assert.equal(engine.zombies().length, 0);
  });

  it('a second init from another process is a zombie of the active task', () => {
    const { engine, job } = setup(ONE);
    engine.childInit(job('/s/t'), '1');
    const details = zombieError(() => engine.childInit(job('/s/t'), '2'));
    assert.equal(details['type'], 'ecf_pid');
    assert.match(String(details['reason']), /already active/);
  });
});

describe('zombies: zombie attributes', () => {
  it('fob for the type: init is answered with success without running', () => {
    const { engine, job } = setup('suite s\n zombie ecf_passwd:fob::\n task t\nendsuite');
    engine.childInit({ ...job('/s/t'), password: 'other' }, '7');
    assert.equal(state(engine, '/s/t'), 3);
  });

  it('fail; an attribute of another type does not apply', () => {
    const { engine, job } = setup('suite s\n zombie ecf_passwd:fail::\n zombie path:fob::\n task t\nendsuite');
    assert.equal(zombieError(() => engine.childInit({ ...job('/s/t'), password: 'o' }, '7'))['action'], 'fail');
  });

  it('the nearest attribute wins, and its child commands limit it', () => {
    const text =
      'suite s\n zombie ecf_passwd:fail::\n family f\n  zombie ecf_passwd:fob:complete:\n  task t\n endfamily\nendsuite';
    const { engine, job } = setup(text);
    const zombie = { ...job('/s/f/t'), password: 'o' };
    assert.equal(zombieError(() => engine.childInit(zombie, '7'))['action'], 'block');
    assert.doesNotThrow(() => engine.childComplete(zombie));
    assert.equal(engine.zombies().length, 0, 'a fobbed complete ends the zombie');
  });

  it('adopt: the zombie becomes the task’s job and its command is applied', () => {
    const { engine, job } = setup('suite s\n task t\n  zombie ecf_passwd:adopt::\nendsuite');
    engine.childInit({ ...job('/s/t'), password: 'adopted' }, '7');
    const task = engine.node('/s/t') as SubmittableNode;
    assert.equal(task.state, 4);
    assert.equal(task.password, 'adopted');
    assert.equal(task.rid, '7');
    assert.equal(engine.zombies().length, 0);
  });
});

describe('zombies: user actions', () => {
  function withZombie(): Setup & { zombie: ReturnType<Setup['job']> } {
    const s = setup(ONE);
    s.engine.childInit(s.job('/s/t'), '1');
    const zombie = { ...s.job('/s/t'), password: 'other' };
    zombieError(() => s.engine.childComplete(zombie));
    return { ...s, zombie };
  }

  it('fob: the zombie’s next complete succeeds without completing the task and the zombie goes', () => {
    const { engine, zombie } = withZombie();
    assert.equal(engine.zombieAction(['/s/t'], 'fob').affected, 1);
    assert.equal(engine.zombies()[0]?.action, 'fob');
    engine.childComplete(zombie);
    assert.equal(state(engine, '/s/t'), 4);
    assert.equal(engine.zombies().length, 0);
  });

  it('fail: the next command fails instead of blocking', () => {
    const { engine, zombie } = withZombie();
    engine.zombieAction(['/s/t'], 'fail');
    assert.equal(zombieError(() => engine.childComplete(zombie))['action'], 'fail');
  });

  it('adopt: the zombie’s password and remote id become the task’s', () => {
    const { engine, zombie } = withZombie();
    engine.zombieAction(['/s/t'], 'adopt');
    engine.childComplete(zombie);
    assert.equal(state(engine, '/s/t'), 1, 'complete');
    assert.equal(engine.zombies().length, 0);
  });

  it('adopt is refused when the zombie runs under another remote id', () => {
    const { engine, job } = setup(ONE);
    engine.childInit(job('/s/t'), '1');
    zombieError(() => engine.childComplete({ ...job('/s/t', '2'), password: 'other' }));
    assert.throws(
      () => engine.zombieAction(['/s/t'], 'adopt'),
      (e: unknown) => isIsobarError(e) && e.code === 'WRONG_STATE',
    );
  });

  it('block: blocks again after another action; event/meter/label are still answered with success', () => {
    const { engine, zombie } = withZombie();
    engine.zombieAction(['/s/t'], 'fob');
    engine.zombieAction(['/s/t'], 'block');
    assert.equal(zombieError(() => engine.childAbort(zombie))['action'], 'block');
    assert.doesNotThrow(() => engine.childEvent(zombie, 'e'));
  });

  it('remove: forgets the zombie with a zombie.removed record', () => {
    const { engine } = withZombie();
    const { records, affected } = engine.zombieAction(['/s/t'], 'remove');
    assert.equal(affected, 1);
    assert.ok(records.some((r) => r.type === 'zombie.removed'));
    assert.deepEqual(engine.zombies(), []);
  });

  it('kill: records the request and hands it to the kill hook; the zombie is then fobbed', () => {
    const { engine, kills, zombie } = withZombie();
    engine.zombieAction(['/s/t'], 'kill');
    assert.deepEqual(
      kills.map((k) => [k.path, k.rid]),
      [['/s/t', '1']],
    );
    assert.equal(engine.zombieTable.killRequests.length, 1);
    assert.doesNotThrow(() => engine.childAbort(zombie));
  });

  it('a path without zombies is not affected', () => {
    const { engine } = setup(ONE);
    assert.equal(engine.zombieAction(['/s/t'], 'fob').affected, 0);
  });
});

describe('zombies: lifetimes', () => {
  it('stale zombies are purged by the scheduler timer (ecf 3600 s, user 300 s)', () => {
    const { engine, clock, flush, job } = setup('suite s\n task a\n task b\nendsuite');
    engine.childInit(job('/s/a'), '1');
    engine.run(['/s/a'], { force: true });
    zombieError(() => engine.childInit({ ...job('/s/b'), password: 'o' }, '7'));
    flush();
    assert.equal(clock.nextTimerAt(), START + 301_000, 'one timer for the first expiry');
    clock.advanceTo(START + 300_000);
    flush();
    assert.equal(engine.zombies().length, 2);
    clock.advanceTo(START + 301_000);
    const records = flush();
    assert.deepEqual(
      engine.zombies().map((z) => z.type),
      ['ecf_passwd'],
    );
    assert.ok(records.some((r) => r.type === 'zombie.removed' && r.path === '/s/a'));
    clock.advanceTo(START + 3601_000);
    flush();
    assert.deepEqual(engine.zombies(), []);
  });

  it('a zombie attribute sets the lifetime, at least 60 s', () => {
    const { engine, clock, flush, job } = setup('suite s\n zombie ecf_passwd::init:10\n task t\nendsuite');
    zombieError(() => engine.childInit({ ...job('/s/t'), password: 'o' }, '7'));
    clock.advanceTo(START + 60_000);
    flush();
    assert.equal(engine.zombies().length, 1);
    clock.advanceTo(START + 61_000);
    flush();
    assert.equal(engine.zombies().length, 0);
  });
});
