import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIsobarError } from '../src/errors/isobar-error.js';
import { check, parseDefs, writeDefs } from '../src/defs/index.js';

const corpus = fileURLToPath(new URL('../../../../shared/conformance/ecflow/parser/', import.meta.url));
const present = existsSync(corpus);

/** Every `.def` under `dir`, recursively, sorted. */
function listDefs(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listDefs(path, out);
    else if (name.endsWith('.def')) out.push(path);
  }
  return out;
}

describe('ecFlow parser corpus', () => {
  if (!present) {
    it('needs the conformance corpus', (t) => {
      if (process.env['CI']) assert.fail(`conformance folder is missing: ${corpus}`);
      t.skip(`conformance folder is missing (${corpus}); fetch /work/shared/conformance to run this test`);
    });
    return;
  }

  it('parses and round-trips every good def', (t) => {
    const files = listDefs(join(corpus, 'good_defs'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const name = relative(corpus, file);
      const defs = parseDefs(readFileSync(file, 'utf8'), { file: name });
      const text = writeDefs(defs);
      assert.deepEqual(parseDefs(text, { file: name }), defs, `parse(write(x)) differs for ${name}`);
      assert.equal(writeDefs(parseDefs(text)), text, `write is not a fixpoint for ${name}`);
    }
    t.diagnostic(`good defs parsed and round-tripped: ${files.length}`);
    console.log(`good defs parsed and round-tripped: ${files.length}`);
  });

  it('rejects every bad def with a located message', (t) => {
    const files = listDefs(join(corpus, 'bad_defs'));
    let atParse = 0;
    let byCheck = 0;
    let onlyWarned = 0;
    const accepted: string[] = [];
    for (const file of files) {
      const name = relative(corpus, file);
      try {
        const findings = check(parseDefs(readFileSync(file, 'utf8'), { file: name }));
        if (findings.some((finding) => finding.severity === 'error')) byCheck++;
        else if (findings.length > 0)
          onlyWarned++; // ecFlow's own check only warns for these (inlimit targets)
        else accepted.push(name);
      } catch (error) {
        assert.ok(isIsobarError(error) && error.code === 'DEFS_PARSE_ERROR', `${name}: ${String(error)}`);
        const details = error.details as { file: string; line: number; column: number; expected: string };
        assert.equal(details.file, name);
        assert.ok(details.line >= 1 && details.column >= 1 && details.expected.length > 0);
        atParse++;
      }
    }
    const summary =
      `bad defs: ${files.length}, rejected at parse: ${atParse}, by check (errors): ${byCheck}, ` +
      `by check (warnings only): ${onlyWarned}, accepted: ${accepted.length}`;
    t.diagnostic(summary);
    console.log(summary);
    assert.deepEqual(accepted, [], 'bad defs that neither parse nor check reject');
  });
});
