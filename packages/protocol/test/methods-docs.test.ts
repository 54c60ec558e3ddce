import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { METHOD_NAMES } from '@isobar/protocol';
import { methodTableSection, normaliseTable, renderMethodTable } from '../scripts/protocol-docs.js';

const docs = readFileSync(fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url)), 'utf8');

describe('docs/protocol.md', () => {
  it('has a row for every method', () => {
    for (const name of METHOD_NAMES) assert.ok(docs.includes(`| \`${name}\``), `no row for ${name}`);
  });

  it('has the method table the catalogue generates (run npm run gen -w @isobar/protocol when stale)', () => {
    assert.equal(methodTableSection(docs), normaliseTable(renderMethodTable()));
  });
});
