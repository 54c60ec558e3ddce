import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasErrorCode } from '@isobar/protocol';
import { authorize, rolesAllow, suiteOfPath, type Principal } from '../src/auth/index.js';

function forbidden(principal: Principal, access: 'viewer' | 'operator' | 'admin', path?: string): string {
  try {
    authorize(principal, access, path);
  } catch (error) {
    assert.ok(hasErrorCode(error, 'FORBIDDEN'));
    return error.message;
  }
  return 'allowed';
}

describe('authorize: roles', () => {
  const viewer: Principal = { user: 'v', roles: ['viewer'] };
  const operator: Principal = { user: 'o', roles: ['operator'] };
  const admin: Principal = { user: 'a', roles: ['admin'] };

  it('lets a higher role do what the lower roles may', () => {
    const table: Array<[Principal, string, string, string]> = [
      [viewer, 'allowed', 'forbidden', 'forbidden'],
      [operator, 'allowed', 'allowed', 'forbidden'],
      [admin, 'allowed', 'allowed', 'allowed'],
    ];
    for (const [principal, ...expected] of table) {
      const actual = (['viewer', 'operator', 'admin'] as const).map((access) =>
        forbidden(principal, access, '/s') === 'allowed' ? 'allowed' : 'forbidden',
      );
      assert.deepEqual(actual, expected, principal.user);
    }
    assert.equal(rolesAllow([], 'viewer'), false);
  });

  it('names the role needed in the FORBIDDEN message and details', () => {
    assert.equal(forbidden(viewer, 'operator'), 'Not allowed: this needs the operator role; v has only viewer');
    assert.throws(
      () => authorize(operator, 'admin'),
      (error: unknown) => hasErrorCode(error, 'FORBIDDEN') && error.details?.['role'] === 'admin',
    );
  });
});

describe('authorize: suite restriction', () => {
  const restricted: Principal = { user: 'ops', roles: ['operator'], suites: ['s1', 's2'] };

  it('lets a restricted operator change nodes of its suites only', () => {
    for (const path of ['/s1', '/s1/f/t', '/s2/t:event', 's2'])
      assert.equal(forbidden(restricted, 'operator', path), 'allowed', path);
    assert.equal(forbidden(restricted, 'operator', '/s3/f'), 'Not allowed: ops may not change suite /s3');
    assert.equal(forbidden(restricted, 'operator', '/s10'), 'Not allowed: ops may not change suite /s10');
  });

  it('refuses a restricted operator a change that is not limited to one suite', () => {
    assert.match(forbidden(restricted, 'operator'), /may change only suites s1, s2/);
    assert.match(forbidden(restricted, 'operator', '/'), /not limited to one suite/);
  });

  it('never restricts reading', () => {
    assert.equal(forbidden(restricted, 'viewer', '/s3'), 'allowed');
    assert.equal(forbidden(restricted, 'viewer'), 'allowed');
  });

  it('leaves unrestricted operators free on every suite', () => {
    assert.equal(forbidden({ user: 'o', roles: ['operator'] }, 'operator', '/any/f'), 'allowed');
    assert.equal(forbidden({ user: 'o', roles: ['operator'] }, 'operator'), 'allowed');
  });

  it('finds the suite of node and attribute paths', () => {
    assert.equal(suiteOfPath('/s/f/t'), 's');
    assert.equal(suiteOfPath('/s:event'), 's');
    assert.equal(suiteOfPath('s'), 's');
    assert.equal(suiteOfPath('/'), undefined);
    assert.equal(suiteOfPath(''), undefined);
  });
});
