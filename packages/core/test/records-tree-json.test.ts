import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateTreeNode } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine } from '../src/engine/index.js';
import { toTreeJson, type TaskNode } from '../src/model/index.js';
import { manualClock } from './engine-helpers.js';

const DEF = `suite s
  edit ECF_HOME '/tmp/x'
  limit L 2
  family f
    repeat enumerated E a b c
    inlimit /s:L
    time 10:00
    day monday
    late -s +00:15
    task t1
      event 1 ready
      meter prog 0 100
      label msg "none"
      trigger t2 == complete
      complete t2 == aborted
      complete -o t2 == unknown
      zombie user:fob::
      verify complete:1
    task t2
      defstatus suspended
  endfamily
endsuite
`;

function engineWithSession() {
  const engine = createEngine({ clock: manualClock() });
  engine.load(parseDefs(DEF, { file: 's.def' }));
  engine.begin('s');
  engine.run(['/s/f/t1']);
  const t1 = engine.node('/s/f/t1') as TaskNode;
  engine.childInit({ path: '/s/f/t1', password: t1.password }, '4711');
  engine.childMeter({ path: '/s/f/t1' }, 'prog', 40);
  engine.alter(['/s/f'], { op: 'change', kind: 'repeat', name: 'E', value: 'b' });
  engine.freeDep(['/s/f'], ['time']);
  return engine;
}

describe('toTreeJson', () => {
  it('gives the INTERFACES.md shape, accepted by validateTreeNode', () => {
    const json = toTreeJson(engineWithSession().node('/s'));
    assert.equal(validateTreeNode(json), json);
    const family = json.children[0];
    const task = family?.children[0];
    assert.deepEqual(task && { name: task.name, path: task.path, type: task.type, state: task.state, rid: task.rid }, {
      name: 't1',
      path: '/s/f/t1',
      type: 'task',
      state: 'active',
      rid: '4711',
    });
    assert.deepEqual(task?.events, [{ name: 'ready', value: false }]);
    assert.deepEqual(task?.meters, [{ name: 'prog', min: 0, max: 100, value: 40 }]);
    assert.deepEqual(task?.labels, [{ name: 'msg', value: 'none' }]);
    assert.equal(task?.trigger, 't2 == complete');
    assert.equal(task?.complete, '(t2 == aborted) or (t2 == unknown)');
    assert.deepEqual(
      family?.children[1] && { defstatus: family.children[1].defstatus, suspended: family.children[1].suspended },
      { defstatus: 'suspended', suspended: true },
    );
    assert.deepEqual(family?.repeat, { name: 'E', value: 'b', kind: 'enumerated', index: 1 });
    assert.deepEqual(family?.times, [{ text: 'time 10:00', free: true }, { text: 'day monday' }]);
    assert.deepEqual(family?.late, { text: 'late -s +00:15', isLate: false });
    assert.deepEqual(json.limits, [{ name: 'L', max: 2, value: 0, paths: [] }]);
    assert.deepEqual(family?.inlimits, [{ text: 'inlimit /s:L' }]);
    assert.ok(!('variables' in json), 'variables only on request');
  });

  it('limits the depth, drops details on request, and lists variables (generated too) on request', () => {
    const engine = engineWithSession();
    const shallow = toTreeJson(engine.node('/s'), { depth: 1, details: false });
    validateTreeNode(shallow);
    assert.deepEqual(shallow.children[0]?.children, []);
    assert.ok(!('limits' in shallow) && !('stateSince' in shallow));
    const task = toTreeJson(engine.node('/s/f/t1'), { variables: 'generated' });
    validateTreeNode(task);
    assert.ok(task.variables?.some((v) => v.name === 'ECF_RID' && v.value === '4711' && v.generated === true));
    const suite = toTreeJson(engine.node('/s'), { depth: 0, variables: true });
    assert.deepEqual(suite.variables, [{ name: 'ECF_HOME', value: '/tmp/x' }]);
  });
});
