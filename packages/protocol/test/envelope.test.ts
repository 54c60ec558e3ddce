import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  IsobarError,
  decodeEnvelope,
  encodeFailure,
  encodeSuccess,
  errorFromBody,
  hasErrorCode,
  isIsobarError,
} from '@isobar/protocol';

describe('envelope', () => {
  it('encodes a success and decodes its value', () => {
    const envelope = encodeSuccess({ pong: true });
    assert.deepEqual(envelope, { ok: true, value: { pong: true } });
    assert.deepEqual(decodeEnvelope(JSON.parse(JSON.stringify(envelope))), { pong: true });
  });

  it('encodes an IsobarError with code, message, details and request id, and decodes it back', () => {
    const error = new IsobarError('NOT_FOUND', { details: { path: '/s/t' } });
    const envelope = encodeFailure(error, { requestId: 'r-1' });
    assert.deepEqual(envelope, {
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Not found: /s/t', details: { path: '/s/t' }, requestId: 'r-1' },
    });
    assert.throws(
      () => decodeEnvelope(JSON.parse(JSON.stringify(envelope))),
      (thrown: unknown) =>
        hasErrorCode(thrown, 'NOT_FOUND') &&
        thrown.message === 'Not found: /s/t' &&
        thrown.details?.['requestId'] === 'r-1',
    );
  });

  it('hides everything about a foreign error outside dev mode', () => {
    const envelope = encodeFailure(new Error('secret path /etc/shadow'), { requestId: 'r-2' });
    assert.deepEqual(envelope, {
      ok: false,
      error: { code: 'INTERNAL', message: 'Internal server error', requestId: 'r-2' },
    });
    assert.doesNotMatch(JSON.stringify(envelope), /shadow|at /);
  });

  it('attaches the stack and its causes in dev mode only', () => {
    const error = new IsobarError('STORAGE_FAILED', { details: { reason: 'x' }, cause: new Error('ENOSPC inner') });
    const envelope = encodeFailure(error, { dev: true });
    assert.equal(envelope.ok, false);
    assert.match(String(envelope.error.details?.['stack']), /Caused by: Error: ENOSPC inner/);
  });

  it('rejects bodies that are not envelopes with BAD_RESPONSE', () => {
    for (const body of [null, 'text', 42, {}, { ok: 'yes' }, []]) {
      assert.throws(
        () => decodeEnvelope(body),
        (thrown: unknown) => hasErrorCode(thrown, 'BAD_RESPONSE'),
      );
    }
    assert.ok(hasErrorCode(errorFromBody('nope'), 'BAD_RESPONSE'));
  });

  it('keeps an unknown code from a newer server as details.remoteCode', () => {
    const error = errorFromBody({ code: 'FUTURE_CODE', message: 'from the future' });
    assert.ok(isIsobarError(error));
    assert.equal(error.code, 'INTERNAL');
    assert.equal(error.message, 'from the future');
    assert.equal(error.details?.['remoteCode'], 'FUTURE_CODE');
  });
});
