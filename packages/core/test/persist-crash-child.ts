// Child process of persist-crash.test.ts: recovers from a home, then mutates, commits and prints
// "<counter> <seq>" after each commit until it is killed (by the parent, or by itself at a fault point).
// Usage: persist-crash-child.ts HOME SEED POINT COUNT (POINT 'none': never kills itself).
import { createPersistence, recoverEngine, type FaultHook } from '../src/persist/index.js';
import { loadSuite, mutate, seededRandom } from './persist-helpers.js';

const [home = '', seedText = '1', point = 'none', countText = '0'] = process.argv.slice(2);
const random = seededRandom(Number(seedText));
let remaining = Number(countText);
const faults: FaultHook = (at) => {
  if (at === point && --remaining <= 0) process.kill(process.pid, 'SIGKILL');
};
const { engine } = await recoverEngine(home);
const persistence = createPersistence(engine, home, { checkpoint: 'never', faults, sliceMs: 0.5 });
if (!engine.tree.index.has('/s')) loadSuite(engine, 's', { families: 20, tasks: 50 });
const variable = engine.node('/s').variables?.find((v) => v.name === 'K');
let counter = Number(variable?.value ?? 0);
let checkpointing = false;
for (;;) {
  const burst = 1 + Math.floor(random() * 5);
  for (let i = 0; i < burst; i++) mutate(engine, 's', random);
  counter++;
  engine.alter(['/s'], { op: 'change', kind: 'variable', name: 'K', value: String(counter) });
  await persistence.commit();
  process.stdout.write(`${counter} ${engine.log.seq}\n`);
  if (!checkpointing && (point === 'checkpoint.midSlice' || random() < 0.05)) {
    checkpointing = true;
    void persistence.checkpoint().finally(() => (checkpointing = false));
  }
}
