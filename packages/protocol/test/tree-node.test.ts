import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IsobarError,
  NODE_FLAGS,
  NODE_STATES,
  isNodeFlag,
  isNodeState,
  isServerState,
  validateTreeNode,
  type TreeNode,
} from '@isobar/protocol';

const task: TreeNode = {
  name: 't',
  path: '/s/f/t',
  type: 'task',
  state: 'active',
  tryNo: 2,
  flags: ['late'],
  events: [{ name: 'ready', value: true }],
  meters: [{ name: 'progress', min: 0, max: 100, value: 40 }],
  labels: [{ name: 'info', value: 'step 3' }],
  times: [{ text: 'time 10:00', free: true }],
  variables: [{ name: 'ECF_TRIES', value: '3' }],
  children: [],
};

const suite: TreeNode = {
  name: 's',
  path: '/s',
  type: 'suite',
  state: 'active',
  defstatus: 'queued',
  suspended: false,
  events: [],
  meters: [],
  labels: [],
  repeat: { name: 'YMD', value: 20260102, kind: 'date' },
  limits: [{ name: 'L', max: 2, value: 1, paths: ['/s/f/t'] }],
  children: [
    { name: 'f', path: '/s/f', type: 'family', state: 'active', events: [], meters: [], labels: [], children: [task] },
  ],
};

function rejects(value: unknown, expected: RegExp): void {
  assert.throws(
    () => validateTreeNode(value),
    (error: unknown) =>
      error instanceof IsobarError && error.code === 'INVALID_ARGUMENT' && expected.test(error.message),
  );
}

describe('JSON tree', () => {
  it('accepts a nested tree with the INTERFACES.md fields and the extensions', () => {
    assert.equal(validateTreeNode(suite), suite);
  });

  it('checks nodes at any depth, naming the field', () => {
    const bad = structuredClone(suite);
    bad.children[0]!.children[0]!.state = 'running' as TreeNode['state'];
    rejects(bad, /node\.children\[0\]\.children\[0\]\.state: must be one of "unknown"/);
    const extra = structuredClone(suite);
    (extra.children[0]! as Record<string, unknown>)['colour'] = 'red';
    rejects(extra, /node\.children\[0\]: unknown field "colour"/);
  });

  it('requires the contract fields', () => {
    rejects({ name: 's', path: '/s', type: 'suite', state: 'queued' }, /missing required field "children"/);
  });

  it('knows the node states, flags and server states', () => {
    assert.deepEqual([...NODE_STATES], ['unknown', 'complete', 'queued', 'submitted', 'active', 'aborted']);
    assert.ok(NODE_FLAGS.includes('task_aborted') && NODE_FLAGS.includes('checkpt_error'));
    assert.ok(isNodeState('aborted') && !isNodeState('suspended'));
    assert.ok(isNodeFlag('zombie') && !isNodeFlag('bogus'));
    assert.ok(isServerState('HALTED') && !isServerState('halted'));
  });
});
