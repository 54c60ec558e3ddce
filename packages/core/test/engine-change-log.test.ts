import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefs } from '@isobar/protocol/defs';
import { ChangeLog, applyChange, createEngine, jsonStructureCodec } from '../src/engine/index.js';
import type { TaskNode } from '../src/model/index.js';
import { engineWith, manualClock, snapshot } from './engine-helpers.js';

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
    task t2
  endfamily
  task t3
    defstatus suspended
endsuite
`;

function scriptedSession(clock: ReturnType<typeof manualClock>) {
  const engine = createEngine({ clock });
  engine.load(parseDefs(DEF, { file: 'x.def' }));
  const start = engine.log.seq;
  const step = () => clock.advance(1500);
  engine.begin('s');
  step();
  engine.run(['/s/f/t1']);
  step();
  const t1 = engine.node('/s/f/t1') as TaskNode;
  engine.childInit({ path: '/s/f/t1', password: t1.password }, '99');
  step();
  engine.childEvent({ path: '/s/f/t1' }, 'ready');
  step();
  engine.childMeter({ path: '/s/f/t1' }, 'prog', 30);
  step();
  engine.childLabel({ path: '/s/f/t1' }, 'msg', 'working');
  step();
  engine.alter(['/s/f'], { op: 'change', kind: 'repeat', name: 'I', value: '2' });
  step();
  engine.alter(['/s/f'], { op: 'change', kind: 'limit_value', name: 'L', value: 1 });
  step();
  engine.alter(['/s/f/t2'], {
    op: 'add',
    kind: 'meter',
    value: { name: 'm', min: 0, max: 9, colorChange: 9, value: undefined },
  });
  engine.alter(['/'], { op: 'add', kind: 'variable', value: { name: 'SV', value: '1' } });
  step();
  engine.childComplete({ path: '/s/f/t1', password: t1.password });
  step();
  engine.freeDep(['/s/f/t1']);
  step();
  engine.suspend(['/s/f']);
  step();
  engine.order('/s/t3', 'top');
  step();
  engine.replace(
    '/s/f/t2',
    parseDefs('suite s\n  family f\n    task t2\n      event e\n  endfamily\nendsuite\n', { file: 'r' }),
  );
  step();
  engine.load(parseDefs('suite s2\n  task a\nendsuite\n', { file: 'l' }));
  step();
  engine.begin('s2');
  step();
  engine.force(['/s2'], 'aborted', { recursive: true });
  step();
  engine.delete(['/s/f/t2'], { force: true });
  step();
  engine.setServerState('SHUTDOWN');
  step();
  engine.requeue(['/s/f'], { mode: 'force' });
  return { engine, start };
}

describe('change log', () => {
  it('replaying a session onto the starting definition gives the live tree, twice over', () => {
    const { engine, start } = scriptedSession(manualClock());
    const records = engine.log.since(start);
    assert.ok(records !== undefined && records.length > 20);
    const fresh = engineWith(DEF, { clock: manualClock() });
    fresh.replay(records);
    assert.equal(snapshot(fresh.tree), snapshot(engine.tree));
    fresh.replay(records);
    assert.equal(snapshot(fresh.tree), snapshot(engine.tree));
    assert.equal(fresh.serverState, 'SHUTDOWN');
  });

  it('replays with the JSON codec too, and from the middle of the log (checkpoint then suffix)', () => {
    const { engine, start } = scriptedSession(manualClock());
    const records = engine.log.since(start) ?? [];
    const fresh = engineWith(DEF, { clock: manualClock(), codec: jsonStructureCodec });
    const half = Math.floor(records.length / 2);
    fresh.replay(records.slice(0, half));
    for (const record of records.slice(half - 5)) applyChange(fresh.tree, record);
    assert.equal(snapshot(fresh.tree), snapshot(engine.tree));
  });

  it('numbers records, keeps a ring buffer for resume, notifies subscribers', () => {
    const log = new ChangeLog({ capacity: 4 });
    const seen: number[] = [];
    const stop = log.subscribe((records) => seen.push(...records.map((r) => r.seq)));
    log.append(
      [
        { type: 'node.deleted', path: '/a' },
        { type: 'node.deleted', path: '/b' },
      ],
      1,
    );
    const [telemetry] = log.append(
      [{ type: 'telemetry.requests', ephemeral: true, perSecond: 1, errorsPerSecond: 0, inFlight: 0 }],
      2,
    );
    assert.equal(telemetry?.seq, 2, 'ephemeral records carry the last durable seq');
    assert.deepEqual(
      log.since(1)?.map((r) => r.seq),
      [2],
    );
    log.append(
      [1, 2, 3].map((n) => ({ type: 'node.deleted' as const, path: `/${n}` })),
      3,
    );
    assert.equal(log.since(0), undefined, 'too old: the client must resynchronise');
    assert.deepEqual(
      log.since(2)?.map((r) => r.seq),
      [3, 4, 5],
    );
    stop();
    log.append([{ type: 'node.deleted', path: '/z' }], 4);
    assert.deepEqual(seen, [1, 2, 2, 3, 4, 5]);
  });

  it('every operation returns the records it produced, node records with absolute values', () => {
    const engine = engineWith(DEF);
    const records = engine.begin('s');
    const t3 = records.find((r) => r.type === 'node.state' && r.path === '/s/t3');
    assert.deepEqual(t3 && { state: 'state' in t3 ? t3.state : '', suspended: 'suspended' in t3 && t3.suspended }, {
      state: 'queued',
      suspended: true,
    });
    assert.ok(records.every((r, i) => i === 0 || r.seq === (records[i - 1]?.seq ?? 0) + 1));
  });
});
