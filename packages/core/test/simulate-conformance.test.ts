// ecFlow's simulator corpus: every good definition simulates to completion with its `verify` counts met; every bad
// one is reported as not completing, with reasons.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { simulate } from '../src/simulate/index.js';

const corpus = fileURLToPath(new URL('../../../../shared/conformance/ecflow/simulator/', import.meta.url));
const present = existsSync(corpus);

function defsFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => (statSync(dir + name).isDirectory() ? defsFiles(`${dir}${name}/`) : [dir + name]))
    .filter((file) => file.endsWith('.def'));
}

if (!present) {
  it('simulator corpus', (t) => {
    if (process.env['CI'] !== undefined) assert.fail(`simulator corpus missing at ${corpus}`);
    t.skip(`simulator corpus not found at ${corpus}`);
  });
} else {
  describe('ecFlow simulator corpus', () => {
    it('simulates every good definition to completion with its verify counts', () => {
      const files = defsFiles(`${corpus}good_defs/`);
      const failures: string[] = [];
      let verifies = 0;
      for (const file of files) {
        const result = simulate(readFileSync(file, 'utf8'), { file });
        verifies += result.verifies.length;
        if (!result.ok) failures.push(`${file}: ${result.problems.join('; ')}`);
      }
      console.log(`good_defs: ${files.length - failures.length}/${files.length} passed, ${verifies} verify counts`);
      assert.deepEqual(failures, []);
      assert.ok(files.length >= 30);
    });

    it('reports every bad definition as not completing, with reasons', () => {
      const files = defsFiles(`${corpus}bad_defs/`);
      for (const file of files) {
        const result = simulate(readFileSync(file, 'utf8'), { file });
        assert.equal(result.ok, false, file);
        assert.ok(result.problems.length > 0, file);
      }
      console.log(`bad_defs: ${files.length}/${files.length} reported as failing`);
      assert.ok(files.length >= 2);
    });

    it('explains a blocked node with why (impossible day)', () => {
      const result = simulate(readFileSync(`${corpus}bad_defs/impossible_day.def`, 'utf8'));
      const t1 = result.blocked.find((b) => b.path.endsWith('/t1'));
      assert.ok(t1 !== undefined);
      assert.ok(
        t1.reasons.some((r) => r.code === 'time'),
        JSON.stringify(t1.reasons),
      );
    });
  });
}
