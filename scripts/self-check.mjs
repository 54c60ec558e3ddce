#!/usr/bin/env node
// The main job until the server exists: a self-check of the BUILT @isobar/protocol (run `npm run build` first).
// It validates every RPC method's example call and reply against the compiled validators, rejects a malformed
// call with field-level messages, and parses, checks, writes and re-parses .def files: the ecFlow conformance
// corpus when ../shared is beside the checkout, else the files given on the command line, else a built-in suite.
// Usage: node scripts/self-check.mjs [FILE.def ...]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import {
  ALL_ERROR_CODES,
  ISOBAR_VERSION,
  METHODS,
  METHOD_NAMES,
  isIsobarError,
  validateArgs,
  validateResult,
} from '@isobar/protocol';
import { check, parseDefs, writeDefs } from '@isobar/protocol/defs';

const BUILT_IN = `# a small suite exercising the common attributes
suite demo
  edit ECF_TRIES 2
  limit workers 2
  family prepare
    inlimit workers
    task fetch
      event ready
      meter progress 0 100 100
      label status "waiting"
    task clean
      trigger fetch == complete or fetch:ready
  endfamily
  family run
    trigger prepare == complete
    repeat integer STEP 1 3 1
    task model
      time 06:00 18:00 01:00
  endfamily
endsuite
`;

let failures = 0;
const report = (ok, message) => {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
};

function checkMethods() {
  let valid = 0;
  for (const name of METHOD_NAMES) {
    const { example } = METHODS[name];
    try {
      validateArgs(name, example.args);
      validateResult(name, example.result);
      valid++;
    } catch (error) {
      report(false, `${name}: example rejected: ${error.message}`);
    }
  }
  report(valid === METHOD_NAMES.length, `${valid}/${METHOD_NAMES.length} RPC methods: example call and reply validate`);
  try {
    validateArgs('child.init', { path: 'not-absolute', surplus: 1 });
    report(false, 'a malformed child.init call was accepted');
  } catch (error) {
    const fields = (error.details?.errors ?? []).map((e) => e.path).join(', ');
    report(
      isIsobarError(error) && error.code === 'INVALID_ARGUMENT',
      `a malformed child.init call is rejected naming ${fields}`,
    );
  }
}

function defsFiles() {
  const files = process.argv.slice(2);
  if (files.length > 0) return files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const corpus = fileURLToPath(new URL('../../shared/conformance/ecflow/parser/good_defs', import.meta.url));
  if (!existsSync(corpus)) return [{ file: 'built-in demo suite', text: BUILT_IN }];
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.def')) found.push({ file: path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(corpus);
  return found;
}

function checkDefs() {
  const files = defsFiles();
  let good = 0;
  const started = performance.now();
  for (const { file, text } of files) {
    try {
      const defs = parseDefs(text, { file });
      const errors = check(defs).filter((finding) => finding.severity === 'error');
      const again = parseDefs(writeDefs(defs), { file });
      if (errors.length > 0) report(false, `${file}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
      else if (!isDeepStrictEqual(stripAsts(again), stripAsts(defs))) report(false, `${file}: does not round-trip`);
      else good++;
    } catch (error) {
      report(false, `${file}: ${error.message}`);
    }
  }
  const ms = (performance.now() - started).toFixed(0);
  report(good === files.length, `${good}/${files.length} definitions parse, pass check and round-trip (${ms} ms)`);
}

/** ASTs are derived from the expression text; compare the text. */
function stripAsts(value) {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'ast' ? undefined : v)));
}

console.log(
  `Isobar ${ISOBAR_VERSION} protocol self-check: ${ALL_ERROR_CODES.length} error codes, ${METHOD_NAMES.length} methods`,
);
checkMethods();
checkDefs();
console.log(failures === 0 ? 'self-check passed' : `self-check FAILED (${failures})`);
process.exit(failures === 0 ? 0 : 1);
