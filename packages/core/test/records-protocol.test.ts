import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHANGE_RECORD_TYPES, validateChangeRecord, type ChangeRecord } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import { applyChange, createEngine, type AlterRequest, type Engine } from '../src/engine/index.js';
import type { TaskNode } from '../src/model/index.js';
import { manualClock, snapshot } from './engine-helpers.js';

const DEF = `suite s
  edit ECF_HOME '/tmp/x'
  family f
    repeat integer I 1 3
    limit L 2
    task t1
      event 1 ready
      meter prog 0 100
      label msg "none"
      trigger t2 == complete
      time 10:00
      cron 11:00
      date 1.*.*
      day monday
    task t2
      complete t1 == complete
  endfamily
  task t3
    defstatus suspended
endsuite
`;

const time = (hour: number) => ({
  kind: 'time',
  relative: false,
  start: { hour, minute: 0 },
  finish: undefined,
  increment: undefined,
  state: undefined,
});

/** One attribute of every kind `alter add` takes, as the protocol model. */
const ADDS: [AlterRequest & { op: 'add' }][] = (
  [
    ['variable', { name: 'V', value: '1' }],
    ['event', { number: undefined, name: 'go', initial: false, value: undefined }],
    ['meter', { name: 'm2', min: 0, max: 5, colorChange: 5, value: undefined }],
    ['label', { name: 'l2', value: 'x', newValue: undefined }],
    ['trigger', { parts: [{ kind: 'first', text: 't1 == complete', ast: undefined }], free: false }],
    ['repeat', { kind: 'enumerated', name: 'E', values: ['a', 'b'], step: 0, current: undefined }],
    ['limit', { name: 'L2', limit: 2, value: undefined, paths: undefined }],
    ['inlimit', { name: 'L', path: '/s/f', tokens: 1, nodeOnly: false, submissionOnly: false, incremented: false }],
    ['time', time(1)],
    ['today', { ...time(2), kind: 'today' }],
    ['date', { day: 1, month: 0, year: 0, state: undefined }],
    ['day', { day: 'monday', state: undefined }],
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
  ] as const
).map(([kind, value]): [AlterRequest & { op: 'add' }] => [{ op: 'add', kind, value }]);

function alterEveryKind(engine: Engine): void {
  const p = ['/s/f/t2'];
  for (const [request] of ADDS) engine.alter(p, request);
  engine.alter(p, { op: 'change', kind: 'variable', name: 'V', value: '2' });
  engine.alter(p, { op: 'change', kind: 'meter', name: 'm2', value: 4 });
  engine.alter(p, { op: 'change', kind: 'event', name: 'go', value: 'set' });
  engine.alter(p, { op: 'change', kind: 'label', name: 'l2', value: 'y' });
  engine.alter(p, { op: 'change', kind: 'repeat', name: 'E', value: 'b' });
  engine.alter(p, { op: 'change', kind: 'limit_max', name: 'L2', value: 7 });
  engine.alter(p, { op: 'change', kind: 'limit_value', name: 'L2', value: 3 });
  engine.alter(p, { op: 'change', kind: 'defstatus', name: '', value: 'aborted' });
  engine.alter(['/s/f'], { op: 'change', kind: 'limit_value', name: 'L', value: 1 }); // requeue frees it
  engine.alter(p, { op: 'sort', kind: 'all' });
  engine.alter(p, { op: 'set_flag', flag: 'late' });
  engine.alter(p, { op: 'clear_flag', flag: 'late' });
  for (const [{ kind }] of ADDS) {
    const name = kind === 'variable' ? 'V' : kind === 'event' ? 'go' : kind === 'meter' ? 'm2' : undefined;
    if (kind === 'limit' || kind === 'inlimit') continue; // kept: the replayed tree must show them too
    engine.alter(p, { op: 'delete', kind, ...(name === undefined ? {} : { name }) });
  }
  engine.alter(['/'], { op: 'add', kind: 'variable', value: { name: 'SV', value: 'x' } });
  engine.alter(['/'], { op: 'change', kind: 'variable', name: 'SV', value: 'y' });
  engine.alter(['/'], { op: 'add', kind: 'variable', value: { name: 'GONE', value: '1' } });
  engine.alter(['/'], { op: 'delete', kind: 'variable', name: 'GONE' });
}

function childLifeCycle(engine: Engine, clock: ReturnType<typeof manualClock>): void {
  const t1 = () => engine.node('/s/f/t1') as TaskNode;
  engine.run(['/s/f/t1']);
  engine.childInit({ path: '/s/f/t1', password: t1().password }, '99');
  clock.advance(61_000);
  engine.childEvent({ path: '/s/f/t1' }, 'ready');
  engine.childMeter({ path: '/s/f/t1' }, 'prog', 30);
  engine.childLabel({ path: '/s/f/t1' }, 'msg', 'working');
  engine.force(['/s/f/t1:ready'], 'clear');
  engine.force(['/s/f/t1:ready'], 'set');
  engine.childAbort({ path: '/s/f/t1', password: t1().password }, 'exit 1');
  clock.advance(61_000);
  engine.run(['/s/f/t1'], { force: true });
  engine.childInit({ path: '/s/f/t1', password: t1().password }, '100');
  engine.childComplete({ path: '/s/f/t1', password: t1().password });
}

/** A session that runs every operation once; returns the engine (everything it did is in its log). */
function session(clock = manualClock()): Engine {
  const engine = createEngine({ clock });
  const step = () => clock.advance(1500);
  engine.load(parseDefs(DEF, { file: 's.def' }));
  engine.begin('s');
  step();
  childLifeCycle(engine, clock);
  step();
  alterEveryKind(engine);
  step();
  engine.freeDep(['/s/f/t2'], ['all']);
  engine.freeDep(['/s/f/t1'], ['time', 'date']);
  engine.suspend(['/s/f']);
  step();
  engine.resume(['/s/f']);
  engine.suspend(['/s/t3']);
  engine.order('/s/t3', 'top');
  engine.order('/s', 'alpha');
  step();
  const replacement =
    'suite s\n  family f\n    task t2\n      event e\n  endfamily\n  family n\n    task x\n  endfamily\nendsuite\n';
  engine.replace('/s/f/t2', parseDefs(replacement, { file: 'r' }), { force: true });
  engine.replace('/s/n/x', parseDefs(replacement, { file: 'r' }), { parent: true });
  step();
  engine.load(parseDefs('suite s2\n  family g\n    task a\n    task b\n  endfamily\nendsuite\n', { file: 'l' }));
  engine.begin('s2');
  engine.force(['/s2'], 'aborted', { recursive: true });
  step();
  engine.force(['/s2/g/a'], 'complete');
  engine.order('/s2', 'top');
  engine.delete(['/s2/g/b'], { force: true });
  engine.setServerState('HALTED');
  engine.setServerState('SHUTDOWN');
  step();
  engine.requeue(['/s/f'], { mode: 'force' });
  engine.requeue(['/s2'], { mode: 'abort' });
  engine.load(parseDefs(DEF.replace('suite s', 'suite s'), { file: 's.def' }), { force: true });
  engine.begin('s', { force: true });
  return engine;
}

function allRecords(engine: Engine): ChangeRecord[] {
  return engine.log.since(0) ?? assert.fail('the session outgrew the ring buffer');
}

describe('change records are the protocol records', () => {
  it('every record of a session covering every operation passes validateChangeRecord, also as JSON', () => {
    const records = allRecords(session());
    assert.ok(records.length > 100, `only ${records.length} records`);
    for (const record of records) {
      validateChangeRecord(record);
      validateChangeRecord(JSON.parse(JSON.stringify(record)));
    }
    const seen = new Set(records.map((r) => r.type));
    const expected = CHANGE_RECORD_TYPES.filter(
      (type) => !/^(node\.flag|node\.suspended|node\.replaced|zombie\.|telemetry\.|resync)/.test(type),
    );
    assert.deepEqual(
      expected.filter((type) => !seen.has(type)),
      [],
    );
  });

  it('replaying the whole log onto an empty engine reproduces the live tree, twice over, also from JSON', () => {
    const engine = session();
    const records = allRecords(engine);
    const fresh = createEngine({ clock: manualClock() });
    fresh.replay(records);
    assert.equal(snapshot(fresh.tree), snapshot(engine.tree));
    fresh.replay(records);
    assert.equal(snapshot(fresh.tree), snapshot(engine.tree));
    assert.equal(fresh.serverState, 'SHUTDOWN');
    const fromJson = createEngine({ clock: manualClock() });
    for (const record of JSON.parse(JSON.stringify(records)) as ChangeRecord[]) applyChange(fromJson.tree, record);
    assert.equal(snapshot(fromJson.tree), snapshot(engine.tree));
  });

  it('replaying any suffix onto a tree that already saw it changes nothing', () => {
    const engine = session();
    const records = allRecords(engine);
    for (const start of [1, Math.floor(records.length / 3), Math.floor((2 * records.length) / 3)]) {
      const fresh = createEngine({ clock: manualClock() });
      fresh.replay(records);
      fresh.replay(records.slice(start));
      assert.equal(snapshot(fresh.tree), snapshot(engine.tree), `suffix from record ${start}`);
    }
  });

  it('node.state carries the whole run-time record of a node, with since only when older than at', () => {
    const clock = manualClock();
    const engine = createEngine({ clock });
    engine.load(parseDefs(DEF, { file: 's.def' }));
    engine.begin('s');
    clock.advance(5000);
    const records = engine.alter(['/s/f/t1'], { op: 'set_flag', flag: 'late' });
    assert.deepEqual(
      records.map(({ seq: _seq, ...rest }) => rest),
      [
        {
          type: 'node.state',
          path: '/s/f/t1',
          state: 'queued',
          suspended: false,
          flags: ['late'],
          since: new Date(1_700_000_000_000).toISOString(),
          tryNo: 0,
          at: new Date(1_700_000_005_000).toISOString(),
        },
      ],
    );
    const begun = engine.begin('s', { force: true }).filter((r) => 'path' in r && r.path === '/s');
    assert.deepEqual(
      begun.map((r) => r.type),
      ['node.state', 'suite.begun'],
    );
  });
});
