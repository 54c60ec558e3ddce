import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IsobarError, validateArgs, validateResult } from '@isobar/protocol';

function messageOf(check: () => unknown): { message: string; errors: { path: string; message: string }[] } {
  try {
    check();
  } catch (error) {
    assert.ok(error instanceof IsobarError);
    assert.equal(error.code, 'INVALID_ARGUMENT');
    return { message: error.message, errors: error.details?.['errors'] as { path: string; message: string }[] };
  }
  assert.fail('expected INVALID_ARGUMENT');
}

const CREDENTIALS = { path: '/s/t', password: 'pw', rid: '1', tryNo: 1 };

describe('validation error messages', () => {
  it('names a field that breaks its pattern', () => {
    const { message, errors } = messageOf(() => validateArgs('why', { path: 's/t' }));
    assert.equal(message, 'Invalid argument: args.path: must match pattern "^/"');
    assert.deepEqual(errors, [{ path: '/path', message: 'args.path: must match pattern "^/"' }]);
  });

  it('names array elements by index', () => {
    const { errors } = messageOf(() => validateArgs('requeue', { paths: ['/a', 'b'] }));
    assert.deepEqual(errors, [{ path: '/paths/1', message: 'args.paths[1]: must match pattern "^/"' }]);
  });

  it('lists the allowed values of an enum', () => {
    const { message } = messageOf(() => validateArgs('order', { path: '/s', how: 'sideways' }));
    assert.match(message, /args\.how: must be one of "top", "bottom", "alpha"/);
  });

  it('reports every problem at once', () => {
    const { errors } = messageOf(() => validateArgs('child.meter', { ...CREDENTIALS, tryNo: -1, value: 'x', a: 1 }));
    assert.deepEqual(errors.map((issue) => issue.path).sort(), ['/a', '/name', '/tryNo', '/value']);
  });

  it('checks the variant picked by a tag, and names an unknown tag value', () => {
    const missing = messageOf(() => validateArgs('alter', { action: 'set_flag', paths: ['/s'] }));
    assert.equal(missing.message, 'Invalid argument: args: missing required field "flag"');
    const unknown = messageOf(() => validateArgs('alter', { action: 'explode', paths: ['/s'] }));
    assert.equal(unknown.message, 'Invalid argument: args.action: unknown value "explode"');
  });

  it('validates items of a batch with their own method schemas', () => {
    const { errors } = messageOf(() =>
      validateArgs('batch', { items: [{ method: 'child.event', args: { ...CREDENTIALS, name: 'e', value: 'yes' } }] }),
    );
    assert.deepEqual(errors, [{ path: '/items/0/args/value', message: 'args.items[0].args.value: must be boolean' }]);
  });

  it('says once that a value has none of the allowed types', () => {
    const { errors } = messageOf(() => validateResult('query', { path: '/s', kind: 'state', value: null }));
    assert.deepEqual(errors, [{ path: '/value', message: 'result.value: must be string or integer or boolean' }]);
  });

  it('rejects values that are not objects', () => {
    for (const value of [null, [], 'x', 42]) {
      const { message } = messageOf(() => validateArgs('ping', value));
      assert.match(message, /^Invalid argument: args: must be object/);
    }
  });

  it('enforces string bounds on big inputs', () => {
    const { errors } = messageOf(() => validateArgs('msg', { text: 'x'.repeat(5000) }));
    assert.deepEqual(errors, [{ path: '/text', message: 'args.text: must NOT have more than 4096 characters' }]);
  });
});
