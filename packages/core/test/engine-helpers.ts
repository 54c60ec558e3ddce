// Shared helpers of the engine tests: an engine on a settable clock, and a snapshot of a tree for comparisons.
import { parseDefs, writeDefs } from '@isobar/protocol/defs';
import { createEngine, type Engine, type EngineOptions } from '../src/engine/index.js';
import { stateName, toDefs, walk, type RuntimeTree } from '../src/model/index.js';

/** A clock the test moves by hand. */
export function manualClock(startMs = 1_700_000_000_000): { now(): number; advance(ms: number): void } {
  let now = startMs;
  return { now: () => now, advance: (ms) => (now += ms) };
}

/** An engine with `text` loaded. */
export function engineWith(text: string, options: EngineOptions = {}): Engine {
  const engine = createEngine({ clock: manualClock(), ...options });
  engine.load(parseDefs(text, { file: 'test.def' }));
  return engine;
}

/** State name of a node. */
export function stateOf(engine: Engine, path: string): string {
  return stateName(engine.node(path).state);
}

/** Everything observable about a tree: the checkpoint text plus each node's state time. */
export function snapshot(tree: RuntimeTree): string {
  const since: string[] = [];
  for (const suite of tree.root.children) walk(suite, (n) => since.push(`${n.path}@${n.stateSince}`));
  return `${writeDefs(toDefs(tree), { state: true })}\n${since.join('\n')}\nroot=${stateName(tree.root.state)}`;
}
