// Compile-time checks of the derived method types (run `npx tsc -p packages/protocol/test/tsconfig.json`);
// the runtime part only confirms the values used here validate.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateArgs, type MethodArgs, type MethodName, type MethodResult } from '@isobar/protocol';

const init: MethodArgs<'child.init'> = {
  path: '/s/t',
  password: 'Xy12abCD',
  rid: '4711',
  tryNo: 1,
  variables: [{ name: 'HOST', value: 'node1' }],
};
const tryNo: number = init.tryNo;
const rid: string = init.rid;
// @ts-expect-error tryNo is a number, not a string
const badTry: MethodArgs<'child.init'> = { path: '/s/t', password: 'p', rid: '1', tryNo: '1' };
// @ts-expect-error credentials are required
const noCredentials: MethodArgs<'child.init'> = { path: '/s/t' };
const event: MethodArgs<'child.event'> = { path: '/s/t', password: 'p', rid: '1', tryNo: 1, name: 'e', value: false };
const alter: MethodArgs<'alter'> = { action: 'set_flag', paths: ['/s'], flag: 'late' };
// @ts-expect-error set_flag needs a flag name from NODE_FLAGS
const badAlter: MethodArgs<'alter'> = { action: 'set_flag', paths: ['/s'], flag: 'bogus' };
const seq: number = ({ seq: 1 } satisfies MethodResult<'child.init'>).seq;
// @ts-expect-error not a method
const notAMethod: MethodName = 'child_init';

describe('derived method types', () => {
  it('match what the validators accept', () => {
    assert.deepEqual(validateArgs('child.init', init), init);
    assert.deepEqual(validateArgs('child.event', event), event);
    assert.deepEqual(validateArgs('alter', alter), alter);
    assert.equal(typeof tryNo + typeof rid + typeof seq, 'numberstringnumber');
    for (const unused of [badTry, noCredentials, badAlter, notAMethod]) assert.ok(unused !== undefined);
  });
});
