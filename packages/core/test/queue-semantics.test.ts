import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { parseDefs } from '@isobar/protocol/defs';
import {
  createEngine,
  findOwnQueue,
  queueExpressionValue,
  type ChangeRecord,
  type QueueRequest,
} from '../src/engine/index.js';
import type { SubmittableNode } from '../src/model/index.js';
import { snapshot } from './engine-helpers.js';
import { harness, type Harness } from './scheduler-helpers.js';

// `t` steps through the queue of its family; `u` waits for the family's queue to reach index 2, `v` for the
// queue of `g` to reach the step `20` (an integer step is its own value in expressions, as in ecFlow).
const DEF = `suite s
  family f
    queue q a b c
    task t
    task u
      trigger /s/f:q == 2
  endfamily
  family g
    queue q2 10 20
    task v
      trigger /s/g:q2 == 20
  endfamily
endsuite
`;

function queueOf(h: Harness, path: string, name: string) {
  const queue = findOwnQueue(h.engine.node(path), name);
  assert.ok(queue !== undefined, `${path}:${name}`);
  return queue;
}

function queue(h: Harness, request: Omit<QueueRequest, 'name'> & { name?: string }) {
  const task = h.engine.node('/s/f/t') as SubmittableNode;
  const who = { path: task.path, password: task.password, tryNo: task.tryNo };
  return h.engine.childQueue(who, { name: 'q', ...request });
}

function started(): Harness {
  const h = harness(DEF);
  assert.deepEqual(h.step(), ['/s/f/t']);
  const task = h.engine.node('/s/f/t') as SubmittableNode;
  h.engine.childInit({ path: task.path, password: task.password }, '1');
  return h;
}

describe('queue attributes: child --queue semantics (as ecflow_client 5.9.2 answers them)', () => {
  it('active hands out the steps in order, then none (<NULL>) without moving past the end', () => {
    const h = started();
    const steps = [0, 1, 2, 3].map(() => queue(h, { action: 'active' }).reply.step);
    assert.deepEqual(steps, ['a', 'b', 'c', undefined]);
    assert.equal(queueOf(h, '/s/f', 'q').state, '3 active active active');
  });

  it('complete/aborted/no_of_aborted/reset follow ecFlow, ending in the state ecFlow printed', () => {
    const h = started();
    assert.equal(queue(h, { action: 'active' }).reply.step, 'a');
    assert.deepEqual(queue(h, { action: 'no_of_aborted' }).reply, { noOfAborted: 0 });
    queue(h, { action: 'complete', step: 'a' });
    assert.equal(queue(h, { action: 'active' }).reply.step, 'b');
    queue(h, { action: 'aborted', step: 'b' });
    assert.deepEqual(queue(h, { action: 'no_of_aborted' }).reply, { noOfAborted: 1 });
    assert.equal(queue(h, { action: 'active' }).reply.step, 'c');
    assert.equal(queue(h, { action: 'active' }).reply.step, undefined);
    queue(h, { action: 'reset' }); // back to the first queued or aborted step: b
    assert.equal(queue(h, { action: 'active' }).reply.step, 'b');
    // ecflow_server 5.9.2, same commands: `queue q a b c # 2 complete active active`.
    assert.equal(queueOf(h, '/s/f', 'q').state, '2 complete active active');
  });

  it('records are absolute: the whole queue line with index and step states', () => {
    const h = started();
    const { records } = queue(h, { action: 'active' });
    const changed = records.filter((r) => r.type === 'attribute.changed');
    assert.deepEqual(
      changed.map((r) => ({ ...r, seq: 0, at: '' })),
      [
        {
          type: 'attribute.changed',
          path: '/s/f',
          attribute: 'queue',
          name: 'q',
          text: 'queue q a b c # 1 active queued queued',
          seq: 0,
          at: '',
        },
      ],
    );
    // Asking changes nothing: no record.
    assert.equal(queue(h, { action: 'no_of_aborted' }).records.length, 0);
  });

  it('unknown steps and queues are refused; PATH names another node’s queue', () => {
    const h = started();
    assert.throws(
      () => queue(h, { action: 'complete', step: 'zz' }),
      (e) => hasErrorCode(e, 'INVALID_ARGUMENT'),
    );
    assert.throws(
      () => queue(h, { name: 'nope', action: 'active' }),
      (e) => hasErrorCode(e, 'NOT_FOUND'),
    );
    assert.throws(
      () => queue(h, { name: 'q', action: 'active', path: '/s/g' }),
      (e) => hasErrorCode(e, 'NOT_FOUND'),
    );
    assert.equal(queue(h, { name: 'q2', action: 'active', path: '/s/g' }).reply.step, '10');
    assert.equal(queueOf(h, '/s/g', 'q2').state, '1 active queued');
  });

  it('triggers read the queue: its index, or the current step when that is an integer', () => {
    const h = started();
    assert.equal(queueExpressionValue(queueOf(h, '/s/g', 'q2')), 10);
    queue(h, { action: 'active' });
    assert.deepEqual(h.step(), []);
    queue(h, { action: 'active' });
    assert.deepEqual(h.step(), ['/s/f/u']); // index 2
    queue(h, { name: 'q2', action: 'active', path: '/s/g' });
    assert.equal(queueExpressionValue(queueOf(h, '/s/g', 'q2')), 20);
    assert.deepEqual(h.step(), ['/s/g/v']);
  });

  it('requeue and begin put the queue back to its first step', () => {
    const h = started();
    queue(h, { action: 'active' });
    queue(h, { action: 'complete', step: 'a' });
    h.engine.childComplete({ path: '/s/f/t', password: (h.engine.node('/s/f/t') as SubmittableNode).password });
    h.engine.requeue(['/s/f']);
    assert.equal(queueOf(h, '/s/f', 'q').state, undefined);
    queue(h, { name: 'q2', action: 'active', path: '/s/g' });
    h.engine.begin('s', { force: true });
    assert.equal(queueOf(h, '/s/g', 'q2').state, undefined);
  });

  it('a replay of the journaled records gives the same tree, queue positions included', () => {
    const start = Date.UTC(2024, 0, 1);
    const clock = { now: () => start };
    const engine = createEngine({ clock });
    const records: ChangeRecord[] = [];
    engine.log.subscribe((batch) => records.push(...batch));
    engine.load(parseDefs(DEF, { file: 'q.def' }));
    engine.begin('s');
    engine.run(['/s/f/t']);
    const task = engine.node('/s/f/t') as SubmittableNode;
    const who = { path: task.path, password: task.password };
    engine.childInit(who, '1');
    for (const action of ['active', 'active'] as const) engine.childQueue(who, { name: 'q', action });
    engine.childQueue(who, { name: 'q', action: 'aborted', step: 'b' });
    const copy = createEngine({ clock });
    copy.replay(records);
    assert.equal(findOwnQueue(copy.node('/s/f'), 'q')?.state, '2 active aborted queued');
    assert.equal(snapshot(copy.tree), snapshot(engine.tree));
  });
});
