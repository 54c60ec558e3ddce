import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ALL_ERROR_CODES,
  ERROR_CODES,
  IsobarError,
  formatErrorMessage,
  hasErrorCode,
  httpStatusOf,
  isIsobarError,
  toIsobarError,
} from '@isobar/protocol';

const docsPath = fileURLToPath(new URL('../../../docs/errors.md', import.meta.url));

/** Rows of the registry table in docs/errors.md: `| \`CODE\` | status | ...`. */
function documentedCodes(): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of readFileSync(docsPath, 'utf8').split('\n')) {
    const match = /^\| `([A-Z][A-Z0-9_]*)` *\| (\d{3}) *\|/.exec(line);
    if (match) rows.set(match[1]!, Number(match[2]));
  }
  return rows;
}

describe('error registry', () => {
  it('documents every code in docs/errors.md with its HTTP status, and nothing else', () => {
    const documented = documentedCodes();
    assert.deepEqual([...documented.keys()].sort(), [...ALL_ERROR_CODES].sort());
    for (const code of ALL_ERROR_CODES) assert.equal(documented.get(code), ERROR_CODES[code].status, code);
  });

  it('maps every code to a 4xx/5xx status and unknown codes to 500', () => {
    for (const code of ALL_ERROR_CODES) assert.ok(httpStatusOf(code) >= 400 && httpStatusOf(code) < 600, code);
    assert.equal(httpStatusOf('NO_SUCH_CODE'), 500);
  });

  it('fills message templates from details and marks missing placeholders', () => {
    assert.equal(formatErrorMessage('NOT_FOUND', { path: '/s/f/t' }), 'Not found: /s/f/t');
    assert.equal(formatErrorMessage('NOT_FOUND'), 'Not found: <path>');
    assert.equal(formatErrorMessage('PAYLOAD_TOO_LARGE', { limit: 1024 }), 'The request body exceeds 1024 bytes');
  });
});

describe('IsobarError', () => {
  it('carries code, details and cause and is recognised by name and code', () => {
    const cause = new Error('disk full');
    const error = new IsobarError('STORAGE_FAILED', { details: { reason: 'ENOSPC' }, cause });
    assert.equal(error.code, 'STORAGE_FAILED');
    assert.equal(error.message, 'The change could not be made durable: ENOSPC');
    assert.equal(error.cause, cause);
    assert.ok(isIsobarError(error));
    assert.ok(hasErrorCode(error, 'STORAGE_FAILED'));
    assert.ok(!hasErrorCode(error, 'INTERNAL'));
  });

  it('recognises a structurally equal error from another copy of the package', () => {
    const foreign = Object.assign(new Error('x'), { name: 'IsobarError', code: 'NOT_FOUND' });
    assert.ok(isIsobarError(foreign));
    assert.ok(!isIsobarError(Object.assign(new Error('x'), { name: 'IsobarError', code: 'NOPE' })));
    assert.ok(!isIsobarError(new Error('plain')));
    assert.ok(!isIsobarError(null));
  });

  it('wraps foreign throwables as INTERNAL keeping the cause', () => {
    const wrapped = toIsobarError(new TypeError('boom'));
    assert.equal(wrapped.code, 'INTERNAL');
    assert.ok(wrapped.cause instanceof TypeError);
    const same = new IsobarError('CONFLICT', { details: { reason: 'x' } });
    assert.equal(toIsobarError(same), same);
  });
});
