// ecFlow keeps a finished repeat one step past its end: the state dialect says `repeat integer STEP 1 3 # 4` while the
// variable, `query repeat` and triggers show the last valid value (3). These tests pin that on the engine, through a
// checkpoint, a journal replay and an ecFlow 5.9.2 checkpoint, and check that requeue and begin start over.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefs } from '@isobar/protocol/defs';
import { createEngine } from '../src/engine/index.js';
import { createScheduler } from '../src/engine/scheduler/index.js';
import { repeatLastValidValue, repeatValueAt, toTreeJson, type RuntimeNode } from '../src/model/index.js';
import { createPersistence, recoverEngine, writeCheckpoint } from '../src/persist/index.js';
import { installDefs } from '../src/persist/install-defs.js';
import { VirtualClock } from '../src/time/index.js';
import { engineWith, stateOf } from './engine-helpers.js';
import { stateText, tempHome } from './persist-helpers.js';
import { harness, type Harness } from './scheduler-helpers.js';

/** One family per repeat kind, each with one task, plus a family triggered by the finished repeats. */
const KINDS = `suite s
  family fi
    repeat integer STEP 1 3
    task t
  endfamily
  family fi2
    repeat integer N 1 4 2
    task t
  endfamily
  family fd
    repeat date YMD 20260130 20260201 1
    task t
  endfamily
  family fe
    repeat enumerated E "a" "b" "c"
    task t
  endfamily
  family fen
    repeat enumerated EN "10" "20"
    task t
  endfamily
  family fs
    repeat string S "x" "y"
    task t
  endfamily
  family fl
    repeat datelist DL "20260101" "20260301"
    task t
  endfamily
  family fdt
    repeat datetime DT 20260101T000000 20260101T120000 06:00:00
    task t
  endfamily
  family tr
    trigger fi:STEP == 3 and fi2:N == 4 and fe:E == 2 and fen:EN == 20 and fs:S == 1 and fd:YMD == 20260201
    task t
  endfamily
endsuite
`;

/** The state-dialect repeat lines ecFlow 5.9.2 writes once each loop above ran out (measured with ecflow_client). */
const FINISHED: Readonly<Record<string, string>> = {
  fi: 'repeat integer STEP 1 3 # 4',
  fi2: 'repeat integer N 1 4 2 # 5',
  fd: 'repeat date YMD 20260130 20260201 1 # 20260202',
  fe: 'repeat enumerated E "a" "b" "c" # 3',
  fen: 'repeat enumerated EN "10" "20" # 2',
  fs: 'repeat string S "x" "y" # 2',
  fl: 'repeat datelist DL "20260101" "20260301" # 2',
};

/** What the variable (and `query repeat`) shows once finished: ecFlow's `last_valid_value`. */
const LAST: Readonly<Record<string, [string, string]>> = {
  fi: ['STEP', '3'],
  fi2: ['N', '4'],
  fd: ['YMD', '20260201'],
  fe: ['E', 'c'],
  fen: ['EN', '20'],
  fs: ['S', 'y'],
  fl: ['DL', '20260301'],
  fdt: ['DT', '20260101T120000'],
};

function repeatLine(text: string, family: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.trim().startsWith(`family ${family}`));
  return lines[at + 1]?.trim();
}

/** Completes each family's task until its repeat runs out. */
function runAllLoops(h: Harness): void {
  h.step();
  for (const family of Object.keys(LAST)) {
    for (let i = 0; i < 5 && h.state(`/s/${family}`) !== 'complete'; i++) h.finish(`/s/${family}/t`);
  }
}

describe('a finished repeat stays one past its end (ecFlow)', () => {
  it('writes the past-the-end value of every kind and shows the last valid value', () => {
    const h = harness(KINDS);
    runAllLoops(h);
    const text = stateText(h.engine.tree);
    for (const [family, line] of Object.entries(FINISHED)) assert.equal(repeatLine(text, family), line, family);
    assert.equal(
      repeatLine(text, 'fdt'),
      'repeat datetime DT 20260101T000000 20260101T120000 06:00:00 # 20260101T180000',
    );
    for (const [family, [name, value]] of Object.entries(LAST)) {
      assert.equal(h.state(`/s/${family}`), 'complete', family);
      assert.equal(h.engine.variable(`/s/${family}/t`, name)?.value, value, `${family}:${name}`);
      const repeat = h.engine.node(`/s/${family}`).repeat!;
      assert.equal(String(repeatValueAt(repeat.def, repeat.index)), value, `query repeat ${family}`);
      assert.equal(toTreeJson(h.engine.node(`/s/${family}`)).repeat?.value, repeatValueAt(repeat.def, repeat.index));
    }
    assert.equal(h.engine.variable('/s/fd/t', 'YMD_DD')?.value, '01');
    assert.equal(h.engine.variable('/s/fl/t', 'DL_MM')?.value, '03');
  });

  it('lets triggers read the last valid value, as ecFlow does', () => {
    const h = harness(KINDS);
    runAllLoops(h);
    h.step();
    assert.equal(h.state('/s/tr/t'), 'submitted');
    assert.equal(repeatLastValidValue(h.engine.node('/s/fi2').repeat!), 4);
    assert.equal(repeatLastValidValue(h.engine.node('/s/fs').repeat!), 1);
  });

  it('starts over on requeue and on begin', () => {
    const h = harness(KINDS);
    runAllLoops(h);
    h.engine.requeue(['/s/fi']);
    assert.equal(repeatLine(stateText(h.engine.tree), 'fi'), 'repeat integer STEP 1 3');
    assert.equal(h.engine.variable('/s/fi/t', 'STEP')?.value, '1');
    h.engine.begin('s', { force: true });
    assert.equal(repeatLine(stateText(h.engine.tree), 'fe'), 'repeat enumerated E "a" "b" "c"');
    assert.equal(h.engine.node('/s/fd').repeat?.index, 0);
  });

  it('exhausts repeats on force complete recursive full, as ecFlow setRepeatToLastValue', () => {
    const engine = engineWith(KINDS);
    engine.begin('s');
    engine.force(['/s/fi', '/s/fe'], 'complete', { recursive: true, full: true });
    const text = stateText(engine.tree);
    assert.equal(repeatLine(text, 'fi'), FINISHED['fi']);
    assert.equal(repeatLine(text, 'fe'), FINISHED['fe']);
    assert.equal(engine.variable('/s/fi/t', 'STEP')?.value, '3');
  });

  it('round-trips through a checkpoint and keeps the node finished', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const { engine } = await recoverEngine(home);
      engine.load(parseDefs(KINDS, { file: 'kinds.def' }));
      engine.begin('s');
      engine.force(['/s'], 'complete', { recursive: true, full: true });
      await writeCheckpoint(engine, home, { sliceMs: 0 });
      const live = stateText(engine.tree);
      const recovered = await recoverEngine(home);
      assert.equal(stateText(recovered.engine.tree), live);
      assert.equal(recovered.engine.node('/s/fi').repeat?.index, 3);
      assert.equal(recovered.engine.variable('/s/fi/t', 'STEP')?.value, '3');
    } finally {
      await cleanup();
    }
  });

  it('replays the journal to the same past-the-end state', async () => {
    const { home, cleanup } = await tempHome();
    try {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      const { engine } = await recoverEngine(home, { engine: { clock } });
      const persistence = createPersistence(engine, home, { checkpoint: 'never' });
      const scheduler = createScheduler(engine, { clock, autoRun: false });
      engine.load(parseDefs(KINDS, { file: 'kinds.def' }));
      engine.begin('s');
      for (let i = 0; i < 3; i++) {
        engine.force(['/s/fi/t', '/s/fl/t'], 'complete');
        scheduler.flush();
      }
      await persistence.commit();
      const live = stateText(engine.tree);
      assert.equal(repeatLine(live, 'fi'), FINISHED['fi']);
      assert.equal(repeatLine(live, 'fl'), FINISHED['fl']);
      await persistence.close();
      const recovered = await recoverEngine(home);
      assert.ok(recovered.replayed > 0);
      assert.equal(stateText(recovered.engine.tree), live);
    } finally {
      await cleanup();
    }
  });

  it('imports an ecFlow 5.9.2 checkpoint with `# 4` as finished, and it does not loop again', () => {
    // Written by ecflow_server 5.9.2 (`--get_state`, generated variables left out) after the loops ran out.
    const ecflow = `#5.9.2
defs_state STATE state>:queued flag:message state_change:340 modify_change:11 server_state:RUNNING cal_count:0
suite s # begun:1 state:complete
  family fi # state:complete
    repeat integer STEP 1 3 # 4
    task t # state:complete flag:message
  endfamily
  family fs # state:complete
    repeat string S "x" "y" # 2
    task t # state:complete flag:message
  endfamily
endsuite
# enddef
`;
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const engine = createEngine({ clock });
    installDefs(engine, parseDefs(ecflow, { file: 'ecflow.check' }), clock.now() / 1000);
    const scheduler = createScheduler(engine, { clock, autoRun: false });
    scheduler.flush();
    const fi: RuntimeNode = engine.node('/s/fi');
    assert.equal(fi.repeat?.index, 3);
    assert.equal(stateOf(engine, '/s/fi'), 'complete');
    assert.equal(engine.variable('/s/fi/t', 'STEP')?.value, '3');
    assert.equal(engine.variable('/s/fs/t', 'S')?.value, 'y');
    const text = stateText(engine.tree);
    assert.equal(repeatLine(text, 'fi'), FINISHED['fi']);
    assert.equal(repeatLine(text, 'fs'), FINISHED['fs']);
  });

  it('reads a string repeat position as ecFlow writes it (the index) and as older Isobar did (the item)', () => {
    const base = 'defs_state STATE\nsuite s\n  family f # state:queued\n    repeat string S "x" "y" "z" # ';
    for (const current of ['1', 'y']) {
      const engine = createEngine({ clock: new VirtualClock(0) });
      installDefs(engine, parseDefs(`${base}${current}\n  endfamily\nendsuite\n`, { file: 'old.check' }), 0);
      assert.equal(engine.node('/s/f').repeat?.index, 1, current);
      assert.equal(repeatLine(stateText(engine.tree), 'f'), 'repeat string S "x" "y" "z" # 1');
    }
  });
});
