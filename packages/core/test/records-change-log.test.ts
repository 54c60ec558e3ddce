import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isEphemeralChange, validateChangeRecord } from '@isobar/protocol';
import { ChangeLog, type ChangeBody } from '../src/engine/index.js';

const deleted = (path: string): ChangeBody => ({ type: 'node.deleted', path });

describe('change log of protocol records', () => {
  it('numbers durable records, stamps ISO times, keeps a ring buffer for resume and notifies subscribers', () => {
    const log = new ChangeLog({ capacity: 4 });
    const seen: number[] = [];
    const stop = log.subscribe((records) => seen.push(...records.map((r) => r.seq)));
    const first = log.append([deleted('/a'), deleted('/b')], Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    assert.deepEqual(first[0], { type: 'node.deleted', path: '/a', seq: 1, at: '2026-01-02T03:04:05.678Z' });
    for (const record of first) validateChangeRecord(record);
    log.append(
      [1, 2, 3].map((n) => deleted(`/${n}`)),
      3,
    );
    assert.equal(log.since(0), undefined, 'too old: the client must resynchronise');
    assert.deepEqual(
      log.since(2)?.map((r) => r.seq),
      [3, 4, 5],
    );
    stop();
    log.append([deleted('/z')], 4);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  });

  it('gives ephemeral records the last durable seq and never keeps them', () => {
    const log = new ChangeLog();
    log.append([deleted('/a')], 1);
    const [telemetry] = log.append(
      [{ type: 'telemetry.requests', ephemeral: true, perSecond: 1, errorsPerSecond: 0, inFlight: 0 }],
      2,
    );
    assert.ok(telemetry !== undefined && isEphemeralChange(validateChangeRecord(telemetry)));
    assert.equal(telemetry.seq, 1);
    assert.equal(log.seq, 1);
    assert.deepEqual(
      log.since(0)?.map((r) => r.type),
      ['node.deleted'],
    );
  });

  it('hands a record with a long text to subscribers but does not keep it: resuming across it needs a resync', () => {
    const log = new ChangeLog({ maxRetainedTextLength: 10 });
    const journal: string[] = [];
    log.subscribe((records) => journal.push(...records.map((r) => r.type)));
    const text = 'task a\n  event e\n';
    log.append([{ type: 'node.added', parent: '/s', path: '/s/a', text, position: 0 }], 1);
    log.append([deleted('/s/b')], 2);
    assert.deepEqual(journal, ['node.added', 'node.deleted']);
    assert.equal(log.since(0), undefined);
    assert.deepEqual(
      log.since(1)?.map((r) => r.seq),
      [2],
    );
    const short = new ChangeLog({ maxRetainedTextLength: text.length });
    short.append([{ type: 'node.added', parent: '/s', path: '/s/a', text, position: 0 }], 1);
    assert.equal(short.since(0)?.length, 1);
  });
});
