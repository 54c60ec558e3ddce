import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefs, writeDefs } from '@isobar/protocol/defs';
import {
  FamilyNode,
  NodeState,
  TaskNode,
  buildTree,
  findInconsistencies,
  findVariable,
  setNodeState,
  stateName,
  toDefs,
  visibleVariables,
  type ContainerNode,
} from '../src/model/index.js';

const DEF = `suite s
  edit ECF_HOME '/home/e'
  family f
    repeat date YMD 20240130 20240202
    task t1
      event 1 ready
      meter prog 0 100
      label msg "none"
      trigger t2 == complete
    task t2
  endfamily
  task t3
    defstatus complete
endsuite
`;

describe('runtime tree', () => {
  it('builds one class per kind with a path index both ways', () => {
    const tree = buildTree(parseDefs(DEF, { file: 'x.def' }));
    const t1 = tree.find('/s/f/t1');
    assert.ok(t1 instanceof TaskNode);
    assert.equal(t1.path, '/s/f/t1');
    assert.ok(t1.parent instanceof FamilyNode);
    assert.equal(tree.find(t1.path), t1);
    assert.equal(t1.events?.[0]?.key, 'ready');
    assert.equal(tree.index.size, 5);
    assert.deepEqual(findInconsistencies(tree), []);
  });

  it('writes back what it read (plain and state dialect)', () => {
    const defs = parseDefs(DEF, { file: 'x.def' });
    assert.equal(writeDefs(toDefs(buildTree(defs), { state: false })), writeDefs(defs));
    const tree = buildTree(defs);
    const t1 = tree.find('/s/f/t1') as TaskNode;
    t1.password = 'abcdEFGH';
    t1.tryNo = 2;
    t1.suspended = true;
    (t1.meters?.[0] as { value: number }).value = 42;
    setNodeState(tree, t1, NodeState.aborted);
    const checkpoint = writeDefs(toDefs(tree), { state: true });
    const again = buildTree(parseDefs(checkpoint, { file: 'check' }));
    assert.equal(writeDefs(toDefs(again), { state: true }), checkpoint);
    const t1b = again.find('/s/f/t1') as TaskNode;
    assert.equal(t1b.password, 'abcdEFGH');
    assert.equal(t1b.meters?.[0]?.value, 42);
    assert.equal(stateName(again.find('/s')!.state), 'aborted');
  });

  it('propagates the most significant child state through counters', () => {
    const tree = buildTree(parseDefs(DEF, { file: 'x.def' }));
    const [t1, t2, t3] = ['/s/f/t1', '/s/f/t2', '/s/t3'].map((p) => tree.find(p)!);
    for (const n of [t1!, t2!, t3!]) setNodeState(tree, n, NodeState.queued);
    assert.equal(stateName(tree.find('/s')!.state), 'queued');
    setNodeState(tree, t1!, NodeState.active);
    assert.equal(stateName(tree.find('/s/f')!.state), 'active');
    setNodeState(tree, t2!, NodeState.aborted);
    assert.equal(stateName(tree.root.state), 'aborted');
    for (const n of [t1!, t2!, t3!]) setNodeState(tree, n, NodeState.complete);
    assert.equal(stateName(tree.find('/s')!.state), 'complete');
    assert.deepEqual((tree.find('/s') as ContainerNode).counts, [0, 2, 0, 0, 0, 0]);
    assert.deepEqual(findInconsistencies(tree, { derived: true }), []);
  });

  it('looks variables up in ecFlow order with generated variables computed on read', () => {
    const tree = buildTree(parseDefs(DEF, { file: 'x.def' }));
    tree.root.serverVariables = [
      { name: 'ECF_HOME', value: '/server' },
      { name: 'ECF_TRIES', value: '2' },
    ];
    const t1 = tree.find('/s/f/t1') as TaskNode;
    t1.tryNo = 3;
    t1.password = 'pw';
    assert.equal(findVariable(t1, 'ECF_JOB')?.value, '/home/e/s/f/t1.job3');
    assert.equal(findVariable(t1, 'ECF_JOBOUT')?.value, '/home/e/s/f/t1.3');
    assert.equal(findVariable(t1, 'ECF_SCRIPT')?.value, '/home/e/s/f/t1.ecf');
    assert.equal(findVariable(t1, 'ECF_NAME')?.value, '/s/f/t1');
    assert.equal(findVariable(t1, 'ECF_PASS')?.value, 'pw');
    assert.equal(findVariable(t1, 'TASK')?.value, 't1');
    assert.equal(findVariable(t1, 'FAMILY')?.value, 'f');
    assert.equal(findVariable(t1, 'SUITE')?.value, 's');
    assert.deepEqual(findVariable(t1, 'YMD'), { value: '20240130', source: 'repeat', path: '/s/f' });
    assert.equal(findVariable(t1, 'ECF_TRIES')?.source, 'server');
    assert.equal(findVariable(t1, 'ECF_HOME')?.path, '/s');
    const f = tree.find('/s/f') as ContainerNode;
    f.repeat!.index = 3;
    assert.equal(findVariable(t1, 'YMD')?.value, '20240202');
    assert.equal(findVariable(t1, 'YMD_MM')?.value, '02');
    assert.equal(findVariable(t1, 'YMD_DOW')?.value, '5');
    assert.equal(findVariable(t1, 'YMD_JULIAN')?.value, '2460343');
    assert.equal(visibleVariables(tree, t1).get('ECF_HOME'), '/home/e');
  });
});
