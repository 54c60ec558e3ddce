import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { recoverEngine } from '../src/persist/index.js';
import { seededRandom, stateText, tempHome } from './persist-helpers.js';

const child = fileURLToPath(new URL('persist-crash-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface Acknowledged {
  counter: number;
  seq: number;
}

/** Runs the child until it dies (killed by itself at `point`, or by us after `killAfterMs` of acknowledgements). */
async function runChild(home: string, seed: number, crash: { point: string; count: number; killAfterMs?: number }) {
  const proc = spawn(
    process.execPath,
    ['--conditions=@isobar/source', '--import', 'tsx', child, home, String(seed), crash.point, String(crash.count)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const last: Acknowledged = { counter: 0, seq: 0 };
  let stderr = '';
  let buffered = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [counter, seq] = line.split(' ').map(Number);
      if (last.counter === 0 && crash.killAfterMs !== undefined) {
        setTimeout(() => proc.kill('SIGKILL'), crash.killAfterMs);
      }
      last.counter = counter ?? 0;
      last.seq = seq ?? 0;
    }
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, sig) => resolve(sig)));
  assert.equal(signal, 'SIGKILL', stderr);
  return last;
}

async function assertRecovered(home: string, acknowledged: Acknowledged): Promise<void> {
  assert.ok(acknowledged.counter > 0, 'the child acknowledged something before it died');
  const { engine, seq } = await recoverEngine(home);
  assert.ok(seq >= acknowledged.seq, `recovered seq ${seq} < acknowledged ${acknowledged.seq}`);
  const k = Number(engine.node('/s').variables?.find((v) => v.name === 'K')?.value);
  assert.ok(k >= acknowledged.counter, `recovered counter ${k} < acknowledged ${acknowledged.counter}`);
  // Recovering again (after the torn tail was cut) gives the same state.
  assert.equal(stateText((await recoverEngine(home)).engine.tree), stateText(engine.tree));
}

describe('crash recovery', () => {
  const cases = [
    { point: 'journal.beforeFsync', seed: 11 },
    { point: 'journal.afterFsync', seed: 12 },
    { point: 'checkpoint.midSlice', seed: 13 },
    { point: 'checkpoint.beforeRename', seed: 14 },
    { point: 'none', seed: 15 },
    { point: 'none', seed: 16 },
    { point: 'none', seed: 17 },
  ];
  for (const { point, seed } of cases) {
    it(`keeps every acknowledged change after SIGKILL (${point}, seed ${seed}), twice in a row`, async () => {
      const { home, cleanup } = await tempHome();
      const random = seededRandom(seed);
      try {
        for (let run = 0; run < 2; run++) {
          const count = point === 'checkpoint.beforeRename' ? 1 : 3 + Math.floor(random() * 40);
          const killAfterMs = point === 'none' ? 100 + Math.floor(random() * 400) : undefined;
          const acknowledged = await runChild(home, seed * 10 + run, { point, count, killAfterMs });
          await assertRecovered(home, acknowledged);
        }
      } finally {
        await cleanup();
      }
    });
  }
});
