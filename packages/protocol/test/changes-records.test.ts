import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CHANGE_RECORD_TYPES,
  IsobarError,
  isEphemeralChange,
  validateChangeRecord,
  type ChangeRecord,
} from '@isobar/protocol';

const zombie = {
  id: 'z1',
  path: '/s/t',
  type: 'ecf_passwd' as const,
  command: 'complete' as const,
  tryNo: 1,
  password: 'abc',
  rid: '42',
  calls: 2,
  createdAt: '2026-01-02T03:04:05Z',
  lastAt: '2026-01-02T03:04:06.5Z',
  reason: 'password does not match',
};

/** One record of every type. */
const EXAMPLES: ChangeRecord[] = [
  {
    type: 'node.state',
    seq: 1,
    at: '2026-01-02T03:04:05.000Z',
    path: '/s/t',
    state: 'submitted',
    tryNo: 2,
    password: 'X1y2abCD',
  },
  { type: 'node.flag', seq: 2, path: '/s/t', flag: 'late', value: true },
  { type: 'node.suspended', seq: 3, path: '/s', value: true },
  { type: 'suite.begun', seq: 4, path: '/s', value: true },
  { type: 'node.added', seq: 5, parent: '/s', path: '/s/new', text: 'task new\n', position: 0 },
  { type: 'node.deleted', seq: 6, path: '/s/old' },
  { type: 'node.replaced', seq: 7, path: '/s/f', text: 'family f\nendfamily\n' },
  { type: 'node.ordered', seq: 8, path: '/s', children: ['b', 'a'] },
  { type: 'event', seq: 9, path: '/s/t', name: 'ready', value: true },
  { type: 'meter', seq: 10, path: '/s/t', name: 'prog', value: 42 },
  { type: 'label', seq: 11, path: '/s/t', name: 'info', value: 'hello' },
  { type: 'repeat', seq: 12, path: '/s/f', name: 'YMD', value: 20260102, index: 1 },
  { type: 'variable', seq: 13, path: '/', name: 'ECF_TRIES', value: '3' },
  { type: 'limit.tokens', seq: 14, path: '/s', name: 'L', paths: ['/s/f/t1', '/s/f/t2'] },
  { type: 'attribute.status', seq: 15, path: '/s/t', attribute: 'time', text: 'time 10:00', free: true },
  { type: 'attribute.added', seq: 16, path: '/s/t', attribute: 'meter', name: 'm', text: 'meter m 0 100' },
  { type: 'attribute.changed', seq: 17, path: '/s/t', attribute: 'trigger', text: 'trigger a == complete' },
  { type: 'attribute.deleted', seq: 18, path: '/s/t', attribute: 'label', name: 'info' },
  { type: 'server.state', seq: 19, state: 'HALTED' },
  { type: 'zombie.added', seq: 20, zombie },
  { type: 'zombie.removed', seq: 21, id: 'z1', path: '/s/t' },
  {
    type: 'telemetry.jobs',
    seq: 21,
    ephemeral: true,
    jobs: [{ path: '/s/t', tryNo: 1, cpuSeconds: 1.5, rssBytes: 1024 }],
  },
  { type: 'telemetry.requests', seq: 21, ephemeral: true, perSecond: 10.5, errorsPerSecond: 0, inFlight: 1 },
  { type: 'resync', seq: 21, ephemeral: true, reason: 'client is 200000 records behind' },
];

function rejects(value: unknown, expected: RegExp): void {
  assert.throws(
    () => validateChangeRecord(value),
    (error: unknown) =>
      error instanceof IsobarError && error.code === 'INVALID_ARGUMENT' && expected.test(error.message),
  );
}

describe('change records', () => {
  it('has unique types, and the examples cover every one', () => {
    assert.equal(new Set(CHANGE_RECORD_TYPES).size, CHANGE_RECORD_TYPES.length);
    assert.deepEqual(EXAMPLES.map((record) => record.type).sort(), [...CHANGE_RECORD_TYPES].sort());
  });

  for (const record of EXAMPLES) {
    it(`accepts ${record.type} and rejects it with an extra field or without seq`, () => {
      assert.equal(validateChangeRecord(record), record);
      rejects({ ...record, extra: 1 }, /record: unknown field "extra"/);
      const { seq: _seq, ...withoutSeq } = record;
      rejects(withoutSeq, /record: missing required field "seq"/);
    });
  }

  it('rejects an unknown or missing type', () => {
    rejects({ type: 'node.exploded', seq: 1 }, /record\.type: unknown value "node\.exploded"/);
    rejects({ seq: 1 }, /record: missing required field "type"/);
  });

  it('marks telemetry and resync records, and only them, as ephemeral', () => {
    const ephemeral = EXAMPLES.filter(isEphemeralChange).map((record) => record.type);
    assert.deepEqual(ephemeral, ['telemetry.jobs', 'telemetry.requests', 'resync']);
    rejects({ type: 'resync', seq: 1, ephemeral: false, reason: 'x' }, /record\.ephemeral: must be true/);
  });
});
