import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IsobarError, MAX_UDP_DATAGRAM_BYTES, parseUdpDatagram, type ErrorCode } from '@isobar/protocol';

const header = { task_rid: '4711', task_password: 'Xy12abCD', task_try_no: 1 };
const meter = {
  method: 'put',
  version: '1',
  header,
  payload: { command: 'meter', path: '/s/t', name: 'm', value: '42' },
};

function fails(input: Buffer | string, code: ErrorCode, expected?: RegExp): void {
  assert.throws(
    () => parseUdpDatagram(input),
    (error: unknown) =>
      error instanceof IsobarError && error.code === code && (expected === undefined || expected.test(error.message)),
  );
}

function withPayload(payload: Record<string, unknown>): string {
  return JSON.stringify({ ...meter, payload: { ...meter.payload, ...payload } });
}

describe('parseUdpDatagram', () => {
  it('parses a buffer with a numeric try number', () => {
    assert.deepEqual(parseUdpDatagram(Buffer.from(JSON.stringify(meter))), meter);
  });

  it('turns a string try number into a number', () => {
    const datagram = { ...meter, header: { ...header, task_try_no: '3' } };
    assert.deepEqual(parseUdpDatagram(JSON.stringify(datagram)).header, { ...header, task_try_no: 3 });
  });

  it('ignores the trailing NUL ecflow_udp_client sends, and accepts datagrams without header', () => {
    const alter = {
      method: 'put',
      version: '1',
      payload: { command: 'alter_event', path: '/s/f', name: 'e', value: '1' },
    };
    assert.deepEqual(parseUdpDatagram(Buffer.from(`${JSON.stringify(alter)}\0`)), alter);
  });

  it('accepts every command with a value of its kind', () => {
    const values: [string, string][] = [
      ['label', 'any text at all'],
      ['event', 'set'],
      ['event', 'false'],
      ['alter_meter', '-1'],
      ['alter_label', ''],
      ['alter_event', '0'],
    ];
    for (const [command, value] of values)
      assert.equal(parseUdpDatagram(withPayload({ command, value })).payload.value, value);
  });

  it('names each bad field', () => {
    const cases: [string, RegExp][] = [
      [JSON.stringify({ ...meter, method: 'get' }), /datagram\.method: must be "put"/],
      [
        JSON.stringify({ ...meter, header: { ...header, task_try_no: 'two' } }),
        /datagram\.header\.task_try_no: must match pattern/,
      ],
      [
        JSON.stringify({ ...meter, header: { ...header, task_try_no: true } }),
        /datagram\.header\.task_try_no: must be integer or string/,
      ],
      [JSON.stringify({ ...meter, header: { ...header, colour: 'red' } }), /datagram\.header: unknown field "colour"/],
      [withPayload({ command: 'jump' }), /datagram\.payload\.command: unknown value "jump"/],
      [withPayload({ path: 's/t' }), /datagram\.payload\.path: must match pattern "\^\/"/],
      [withPayload({ name: '' }), /datagram\.payload\.name: must NOT have fewer than 1 characters/],
      [withPayload({ value: 42 }), /datagram\.payload\.value: must be string/],
      [withPayload({ value: '4.5' }), /datagram\.payload\.value: must match pattern/],
      [withPayload({ command: 'alter_event', value: 'set' }), /datagram\.payload\.value: must be one of "1", "0"/],
      [JSON.stringify({ method: 'put' }), /datagram: missing required field "payload"/],
      [JSON.stringify([1]), /datagram: must be object/],
    ];
    for (const [input, expected] of cases) fails(input, 'INVALID_ARGUMENT', expected);
  });

  it('reports broken JSON, bad UTF-8 and oversized datagrams with their own codes', () => {
    fails('{"method":"put"', 'INVALID_JSON');
    fails(Buffer.from([0x7b, 0xff, 0x7d]), 'INVALID_JSON', /not UTF-8/);
    fails(Buffer.alloc(MAX_UDP_DATAGRAM_BYTES + 1, 0x20), 'PAYLOAD_TOO_LARGE');
  });
});
