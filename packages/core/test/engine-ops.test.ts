import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import { serverStatePolicy } from '../src/engine/index.js';
import { findInconsistencies, type TaskNode } from '../src/model/index.js';
import { engineWith, stateOf } from './engine-helpers.js';

const DEF = `suite s
  family f
    task t1
      event 1 ready
      meter prog 0 100
      label msg "none"
    task t2
      defstatus suspended
  endfamily
  family g
    defstatus complete
    task t3
  endfamily
  family h
    task t4
      defstatus aborted
  endfamily
endsuite
`;

function submitAndInit(engine: ReturnType<typeof engineWith>, path: string): TaskNode {
  engine.run([path]);
  const task = engine.node(path) as TaskNode;
  engine.childInit({ path, password: task.password }, '4711');
  return task;
}

describe('engine operations', () => {
  it('begin applies defstatus, complete downwards, suspended as queued+suspended', () => {
    const engine = engineWith(DEF);
    assert.equal(stateOf(engine, '/s/f/t1'), 'unknown');
    engine.begin('s');
    assert.equal(stateOf(engine, '/s/f/t1'), 'queued');
    assert.equal(stateOf(engine, '/s/f/t2'), 'queued');
    assert.equal(engine.node('/s/f/t2').suspended, true);
    assert.equal(stateOf(engine, '/s/g'), 'complete');
    assert.equal(stateOf(engine, '/s/g/t3'), 'complete');
    assert.equal(stateOf(engine, '/s/h'), 'aborted');
    assert.equal(stateOf(engine, '/s'), 'aborted');
    assert.deepEqual(findInconsistencies(engine.tree, { derived: true }), []);
  });

  it('propagates every child transition up to the root', () => {
    const engine = engineWith(DEF);
    engine.begin('s');
    engine.force(['/s/h/t4'], 'complete');
    assert.equal(stateOf(engine, '/s'), 'queued');
    const t1 = submitAndInit(engine, '/s/f/t1');
    assert.equal(stateOf(engine, '/s/f'), 'active');
    assert.equal(stateOf(engine, '/s'), 'active');
    assert.equal(t1.tryNo, 1);
    assert.equal(t1.rid, '4711');
    engine.childAbort({ path: '/s/f/t1', password: t1.password }, 'boom');
    assert.equal(stateOf(engine, '/s'), 'aborted');
    assert.equal(t1.abortReason, 'boom');
    engine.requeue(['/s/f/t1']);
    engine.force(['/s/f/t2'], 'complete');
    assert.equal(stateOf(engine, '/s/f'), 'queued');
    submitAndInit(engine, '/s/f/t1');
    engine.childComplete({ path: '/s/f/t1', password: t1.password });
    assert.equal(stateOf(engine, '/s/f'), 'complete');
    assert.equal(stateOf(engine, '/s'), 'complete');
    assert.equal(t1.password, '');
    assert.equal(engine.tree.root.state, 1);
  });

  it('requeue resets attributes, resumes suspended descendants, keeps the node own suspension', () => {
    const engine = engineWith(DEF);
    engine.begin('s');
    submitAndInit(engine, '/s/f/t1');
    const t1 = engine.node('/s/f/t1') as TaskNode;
    engine.childEvent({ path: '/s/f/t1' }, 'ready');
    engine.childMeter({ path: '/s/f/t1' }, 'prog', 50);
    engine.childLabel({ path: '/s/f/t1' }, 'msg', 'half way');
    assert.equal(engine.requeue(['/s/f']).length, 0, 'plain requeue with an active task does nothing');
    engine.suspend(['/s/f', '/s/f/t1']);
    engine.requeue(['/s/f'], { mode: 'force' });
    assert.equal(stateOf(engine, '/s/f/t1'), 'queued');
    assert.equal(t1.tryNo, 0);
    assert.equal(t1.events?.[0]?.value, false);
    assert.equal(t1.meters?.[0]?.value, 0);
    assert.equal(t1.labels?.[0]?.value, 'half way', 'task labels survive requeue (ECFLOW-195)');
    assert.equal(engine.node('/s/f').suspended, true);
    assert.equal(t1.suspended, false);
    assert.equal(engine.node('/s/f/t2').suspended, true, 'defstatus suspended re-applies');
  });

  it('requeue abort only re-queues aborted tasks and needs a begun suite', () => {
    const engine = engineWith(DEF);
    assert.ok(catchCode(() => engine.requeue(['/s']), 'WRONG_STATE'));
    engine.begin('s');
    engine.force(['/s/f/t1'], 'aborted');
    engine.force(['/s/f/t2'], 'complete');
    engine.requeue(['/s'], { mode: 'abort' });
    assert.equal(stateOf(engine, '/s/f/t1'), 'queued');
    assert.equal(stateOf(engine, '/s/f/t2'), 'complete');
    assert.equal(stateOf(engine, '/s/h/t4'), 'aborted', 'defstatus aborted is re-applied by the requeue');
  });

  it('force recursive sets the subtree; force queued resets events; set/clear events', () => {
    const engine = engineWith(DEF);
    engine.begin('s');
    engine.force(['/s/f/t1:ready'], 'set');
    assert.equal(engine.node('/s/f/t1').events?.[0]?.value, true);
    engine.force(['/s/f'], 'complete', { recursive: true });
    assert.equal(stateOf(engine, '/s/f/t1'), 'complete');
    assert.equal(stateOf(engine, '/s/f/t2'), 'complete');
    assert.equal(stateOf(engine, '/s/f'), 'complete');
    engine.force(['/s/f/t1'], 'queued');
    assert.equal(engine.node('/s/f/t1').events?.[0]?.value, false);
    assert.equal(stateOf(engine, '/s/f'), 'queued');
    assert.ok(catchCode(() => engine.force(['/s/f/t1'], 'bogus'), 'INVALID_ARGUMENT'));
    assert.ok(catchCode(() => engine.force(['/s/nope'], 'complete'), 'NOT_FOUND'));
  });

  it('force complete full moves repeats to their last value', () => {
    const engine = engineWith('suite r\n  family f\n    repeat integer I 1 9 2\n    task t\n  endfamily\nendsuite\n');
    engine.begin('r');
    engine.force(['/r/f'], 'complete', { recursive: true, full: true });
    assert.equal(engine.variable('/r/f/t', 'I')?.value, '9');
    engine.requeue(['/r/f']);
    assert.equal(engine.variable('/r/f/t', 'I')?.value, '1');
  });

  it('alter adds, changes and deletes every attribute kind', () => {
    const engine = engineWith(DEF);
    const p = ['/s/f/t1'];
    const adds: [string, unknown][] = [
      ['variable', { name: 'V', value: '1' }],
      ['event', { number: undefined, name: 'go', initial: false, value: undefined }],
      ['meter', { name: 'm2', min: 0, max: 5, colorChange: 5, value: undefined }],
      ['label', { name: 'l2', value: 'x', newValue: undefined }],
      ['trigger', { parts: [{ kind: 'first', text: 't2 == complete', ast: undefined }], free: false }],
      ['complete', { parts: [{ kind: 'first', text: 't2 == aborted', ast: undefined }], free: false }],
      ['repeat', { kind: 'enumerated', name: 'E', values: ['a', 'b'], step: 0, current: undefined }],
      ['limit', { name: 'L', limit: 2, value: undefined, paths: undefined }],
      ['inlimit', { name: 'L', path: '', tokens: 1, nodeOnly: false, submissionOnly: false, incremented: false }],
      [
        'time',
        {
          kind: 'time',
          relative: false,
          start: { hour: 1, minute: 0 },
          finish: undefined,
          increment: undefined,
          state: undefined,
        },
      ],
      [
        'today',
        {
          kind: 'today',
          relative: false,
          start: { hour: 2, minute: 0 },
          finish: undefined,
          increment: undefined,
          state: undefined,
        },
      ],
      ['date', { day: 1, month: 0, year: 0, state: undefined }],
      ['day', { day: 'monday', state: undefined }],
      [
        'cron',
        {
          relative: false,
          start: { hour: 3, minute: 0 },
          finish: undefined,
          increment: undefined,
          state: undefined,
          weekDays: undefined,
          lastWeekDays: undefined,
          monthDays: undefined,
          lastDayOfMonth: false,
          months: undefined,
        },
      ],
      [
        'late',
        {
          submitted: { hour: 0, minute: 15 },
          active: undefined,
          complete: undefined,
          completeRelative: false,
          late: false,
        },
      ],
      ['defstatus', 'complete'],
      ['autocancel', { days: 1, time: undefined, relative: true, idle: false }],
      ['zombie', { type: 'user', action: 'fob', childCommands: [], lifetime: 300 }],
      ['queue', { name: 'Q', values: ['1', '2'], state: undefined }],
      ['generic', { name: 'G', values: ['x'] }],
      ['verify', { state: 'complete', expected: 1, actual: undefined }],
    ];
    for (const [kind, value] of adds) engine.alter(p, { op: 'add', kind: kind as never, value });
    const t1 = engine.node('/s/f/t1');
    assert.equal(t1.variables?.[0]?.value, '1');
    assert.equal(t1.events?.length, 2);
    assert.equal(t1.misc?.times?.length, 2);
    assert.equal(t1.defstatus, 'complete');
    assert.ok(catchCode(() => engine.alter(p, { op: 'add', kind: 'meter', value: adds[2]![1] }), 'ALREADY_EXISTS'));
    assert.ok(catchCode(() => engine.alter(p, { op: 'add', kind: 'trigger', value: adds[4]![1] }), 'ALREADY_EXISTS'));
    engine.alter(p, { op: 'change', kind: 'variable', name: 'V', value: '2' });
    engine.alter(p, { op: 'change', kind: 'meter', name: 'm2', value: 4 });
    assert.ok(
      catchCode(() => engine.alter(p, { op: 'change', kind: 'meter', name: 'm2', value: 6 }), 'INVALID_ARGUMENT'),
    );
    engine.alter(p, { op: 'change', kind: 'event', name: 'go', value: 'set' });
    engine.alter(p, { op: 'change', kind: 'label', name: 'l2', value: 'y' });
    engine.alter(p, { op: 'change', kind: 'repeat', name: 'E', value: 'b' });
    engine.alter(p, { op: 'change', kind: 'limit_max', name: 'L', value: 7 });
    engine.alter(p, { op: 'change', kind: 'defstatus', name: '', value: 'aborted' });
    assert.equal(engine.variable('/s/f/t1', 'V')?.value, '2');
    assert.equal(t1.meters?.[1]?.value, 4);
    assert.equal(engine.variable('/s/f/t1', 'E')?.value, 'b');
    assert.equal(t1.misc?.limits?.[0]?.max, 7);
    assert.ok(
      catchCode(() => engine.alter(p, { op: 'change', kind: 'variable', name: 'NOPE', value: '' }), 'NOT_FOUND'),
    );
    for (const [kind] of adds) {
      const name = kind === 'variable' ? 'V' : kind === 'event' ? 'go' : kind === 'meter' ? 'm2' : undefined;
      engine.alter(p, { op: 'delete', kind: kind as never, ...(name === undefined ? {} : { name }) });
    }
    assert.equal(t1.variables, undefined);
    assert.equal(t1.events?.length, 1);
    assert.equal(t1.misc?.times, undefined);
    assert.equal(t1.trigger, undefined);
    engine.alter(p, { op: 'set_flag', flag: 'late' });
    assert.deepEqual(engine.node('/s/f/t1').flags !== 0, true);
    engine.alter(['/'], { op: 'add', kind: 'variable', value: { name: 'SV', value: 'x' } });
    assert.equal(engine.variable('/s/f/t1', 'SV')?.source, 'server-user');
  });

  it('order moves nodes like ecFlow (top, bottom, up, down, alpha, order)', () => {
    const engine = engineWith('suite o\n  task b\n  task C\n  task a\n  task 10\n  task 9\nendsuite\n');
    const names = () =>
      (engine.node('/o') as unknown as { children: { name: string }[] }).children.map((c) => c.name).join(' ');
    engine.order('/o/a', 'top');
    assert.equal(names(), 'a b C 10 9');
    engine.order('/o/a', 'bottom');
    assert.equal(names(), 'b C 10 9 a');
    engine.order('/o/a', 'up');
    assert.equal(names(), 'b C 10 a 9');
    engine.order('/o/b', 'down');
    assert.equal(names(), 'C b 10 a 9');
    engine.order('/o/b', 'alpha');
    assert.equal(names(), '9 10 a b C');
    engine.order('/o/b', 'order');
    assert.equal(names(), 'C b a 9 10');
  });

  it('load conflicts, force replaces; delete refuses running tasks unless forced', () => {
    const engine = engineWith(DEF);
    assert.ok(catchCode(() => engine.load(parseDefs(DEF, { file: 'x' })), 'ALREADY_EXISTS'));
    engine.load(parseDefs('suite s\n  task only\nendsuite\n', { file: 'x' }), { force: true });
    assert.equal(engine.tree.index.size, 2);
    engine.begin('s');
    submitAndInit(engine, '/s/only');
    assert.ok(catchCode(() => engine.delete(['/s/only']), 'WRONG_STATE'));
    engine.delete(['/s/only'], { force: true });
    assert.equal(engine.tree.find('/s/only'), undefined);
    assert.equal(stateOf(engine, '/s'), 'unknown');
    assert.deepEqual(findInconsistencies(engine.tree), []);
  });

  it('replace keeps position and suspension, begins in a begun suite, creates parents on request', () => {
    const engine = engineWith(DEF);
    engine.begin('s');
    engine.suspend(['/s/g']);
    const client = parseDefs(
      'suite s\n  family g\n    task new\n  endfamily\n  family x\n    family y\n      task z\n    endfamily\n  endfamily\nendsuite\n',
      { file: 'c' },
    );
    engine.replace('/s/g', client);
    const s = engine.node('/s') as unknown as { children: { name: string }[] };
    assert.equal(s.children.map((c) => c.name).join(' '), 'f g h');
    assert.equal(engine.node('/s/g').suspended, true);
    assert.equal(stateOf(engine, '/s/g/new'), 'queued');
    assert.ok(catchCode(() => engine.replace('/s/x/y', client), 'NOT_FOUND'));
    engine.replace('/s/x/y', client, { parent: true });
    assert.equal(engine.tree.find('/s/x/y/z')?.kind, 'task');
    assert.ok(catchCode(() => engine.replace('/s/nope', client), 'NOT_FOUND'));
    assert.deepEqual(findInconsistencies(engine.tree), []);
  });

  it('server states follow ecFlow matrix', () => {
    assert.deepEqual(serverStatePolicy('RUNNING'), {
      acceptsUserCommands: true,
      acceptsChildCommands: true,
      canSchedule: true,
      autoCheckpoint: true,
    });
    assert.equal(serverStatePolicy('SHUTDOWN').canSchedule, false);
    assert.equal(serverStatePolicy('SHUTDOWN').acceptsChildCommands, true);
    assert.equal(serverStatePolicy('HALTED').acceptsChildCommands, false);
    assert.equal(serverStatePolicy('HALTED').autoCheckpoint, false);
    const engine = engineWith(DEF);
    engine.begin('s');
    engine.setServerState('HALTED');
    assert.ok(catchCode(() => engine.childMeter({ path: '/s/f/t1' }, 'prog', 1), 'SERVER_HALTED'));
    assert.ok(engine.why('/s/f/t1').some((r) => r.code === 'server'));
    engine.setServerState('RUNNING');
    engine.childMeter({ path: '/s/f/t1' }, 'prog', 1);
  });

  it('child commands check the password, try number and meter range', () => {
    const engine = engineWith(DEF);
    engine.begin('s');
    engine.run(['/s/f/t1']);
    assert.ok(catchCode(() => engine.childInit({ path: '/s/f/t1', password: 'wrong' }, '1'), 'ZOMBIE'));
    assert.ok(catchCode(() => engine.childMeter({ path: '/s/f/t1' }, 'prog', 101), 'INVALID_ARGUMENT'));
    assert.ok(catchCode(() => engine.childEvent({ path: '/s/f/t1' }, 'nope'), 'NOT_FOUND'));
    engine.childEvent({ path: '/s/f/t1' }, '1');
    assert.equal(engine.node('/s/f/t1').events?.[0]?.value, true);
    assert.ok(catchCode(() => engine.run(['/s/f/t1']), 'WRONG_STATE'));
  });

  it('why reports suspension, ancestors and the scheduler hook; edit history is kept', () => {
    const engine = engineWith(DEF, { hooks: { why: () => [{ code: 'trigger', path: '/s/f/t1', message: 'x' }] } });
    assert.ok(engine.why('/s/f/t1').some((r) => r.code === 'not-begun'));
    engine.begin('s', { user: 'ann' });
    engine.suspend(['/s/f'], { user: 'bob' });
    const codes = engine.why('/s/f/t1').map((r) => r.code);
    assert.deepEqual(codes, ['parent-suspended', 'trigger']);
    assert.deepEqual(
      engine.editHistory('/s/f').map((e) => `${e.user}:${e.request}`),
      ['bob:suspend'],
    );
  });

  it('free-dep frees the trigger until requeue', () => {
    const engine = engineWith('suite s\n  task a\n    trigger b == complete\n    time 10:00\n  task b\nendsuite\n');
    engine.begin('s');
    engine.freeDep(['/s/a'], ['trigger']);
    assert.equal(engine.node('/s/a').trigger?.free, true);
    engine.freeDep(['/s/a'], ['time']);
    assert.match(engine.node('/s/a').misc?.times?.[0]?.state ?? '', /^free/);
    engine.requeue(['/s/a']);
    assert.equal(engine.node('/s/a').trigger?.free, false);
  });
});

function catchCode(fn: () => unknown, code: string): boolean {
  try {
    fn();
  } catch (error) {
    if (hasErrorCode(error, code as never)) return true;
    throw error;
  }
  return false;
}
