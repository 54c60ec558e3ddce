// The state dialect's `# value` of repeats: a finished repeat stays one step past its end in ecFlow's files
// (`repeat integer STEP 1 3 # 4`), and a parser that clamped or rejected it would lose that the loop is done.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasErrorCode } from '../src/errors/isobar-error.js';
import { parseDefs, writeDefs, type DefsNode, type Repeat } from '../src/defs/index.js';

/** Repeat lines of `ecflow_client --get_state` on ecFlow 5.9.2 once each loop ran out (measured). */
const ECFLOW_592_FINISHED = [
  'repeat integer STEP 1 3 # 4',
  'repeat integer N 1 4 2 # 5',
  'repeat date YMD 20260130 20260201 1 # 20260202',
  'repeat enumerated E "a" "b" "c" # 3',
  'repeat enumerated EN "10" "20" # 2',
  'repeat string S "x" "y" # 2',
  'repeat datelist DL "20260101" "20260301" # 2',
];

function stateFile(repeatLines: readonly string[]): string {
  const lines = ['#5.9.2', 'defs_state STATE state>:complete server_state:RUNNING', 'suite s # begun:1 state:complete'];
  repeatLines.forEach((line, i) => {
    lines.push(`  family f${i} # state:complete`, `    ${line}`, '    task t # state:complete', '  endfamily');
  });
  lines.push('endsuite', '# enddef', '');
  return lines.join('\n');
}

function repeats(text: string): Repeat[] {
  const suite = parseDefs(text, { file: 'x.check' }).suites[0] as DefsNode;
  return (suite.children ?? []).map((family) => family.repeat as Repeat);
}

describe('defs state dialect: repeat values', () => {
  it('reads the past-the-end value ecFlow 5.9.2 writes for every kind, unclamped', () => {
    const found = repeats(stateFile(ECFLOW_592_FINISHED)).map((repeat) => repeat.current);
    assert.deepEqual(found, ['4', '5', '20260202', '3', '2', '2', '2']);
  });

  it('writes the same lines back in the state dialect, and none of the values in plain defs', () => {
    const text = stateFile(ECFLOW_592_FINISHED);
    const defs = parseDefs(text, { file: 'x.check' });
    const state = writeDefs(defs, { state: true });
    for (const line of ECFLOW_592_FINISHED) assert.ok(state.includes(`\n    ${line}\n`), line);
    const plain = writeDefs(defs, { state: false });
    for (const line of ECFLOW_592_FINISHED) assert.ok(plain.includes(`\n    ${line.split(' # ')[0]}\n`), line);
    assert.doesNotMatch(plain, /repeat .* # /);
  });

  it('ignores a value on a plain .def repeat line (a comment there)', () => {
    const suite = parseDefs('suite s\n  family f\n    repeat integer N 1 3 # 4\n  endfamily\nendsuite\n').suites[0];
    assert.equal(suite?.children?.[0]?.repeat?.current, undefined);
  });

  it('keeps a datetime step as seconds (ecFlow: HH[:MM[:SS]], 24 hours by default) and its past-the-end value', () => {
    const [sixHours, oneHour, byDefault] = repeats(
      stateFile([
        'repeat datetime DT 20260101T000000 20260101T120000 06:00:00 # 20260101T180000',
        'repeat datetime H 20260101T000000 20260101T030000 1',
        'repeat datetime D 20260101T000000 20260103T000000',
      ]),
    );
    assert.deepEqual([sixHours?.step, sixHours?.current], [21_600, '20260101T180000']);
    assert.equal(oneHour?.step, 3600);
    assert.equal(byDefault?.step, 86_400);
    const written = writeDefs(parseDefs(stateFile(['repeat datetime H 20260101T000000 20260101T030000 1 # x'])));
    assert.match(written, /\n {4}repeat datetime H 20260101T000000 20260101T030000 1 # x\n/);
  });

  it('rejects a datetime step that is not a duration, naming the token', () => {
    for (const step of ['00:00:00', 'soon']) {
      try {
        parseDefs(
          `suite s\n  family f\n    repeat datetime D 20260101T000000 20260102T000000 ${step}\n  endfamily\nendsuite\n`,
        );
        assert.fail(`step ${step} was accepted`);
      } catch (error) {
        assert.ok(hasErrorCode(error, 'DEFS_PARSE_ERROR'), String(error));
        assert.match(error.message, new RegExp(step));
      }
    }
  });
});
