import type { Defs } from '@isobar/protocol/defs';
import type { Engine } from '../engine/index.js';
import { attachNode, buildNode, copyVariable, flagBitsOf } from '../model/index.js';

/**
 * Puts a checkpoint's definition into a fresh engine's (empty) tree: server-level values, then each suite built
 * and attached, as `buildTree` does for a tree of its own.
 */
export function installDefs(engine: Engine, defs: Defs, now: number): void {
  const { root } = engine.tree;
  root.variables = defs.variables?.map(copyVariable);
  if (defs.serverVariables !== undefined) root.serverVariables = defs.serverVariables.map(copyVariable);
  root.externs = defs.externs === undefined ? undefined : [...defs.externs];
  root.flags = flagBitsOf(defs.state?.flags);
  if (defs.state?.serverState !== undefined) root.serverState = defs.state.serverState;
  for (const suiteDef of defs.suites) {
    attachNode(engine.tree, buildNode(suiteDef, root, { now }), root.children.length);
  }
}

/**
 * Continues the engine's sequence numbers after `seq`. Stopgap: the engine has no option for it yet
 * (`ChangeLogOptions.startSeq` exists but `EngineOptions` does not pass it), so this sets the log's counter.
 */
export function resumeSequence(engine: Engine, seq: number): void {
  const log = engine.log as unknown as { lastSeq?: unknown };
  if (typeof log.lastSeq !== 'number') throw new TypeError('ChangeLog has no lastSeq counter to resume');
  log.lastSeq = seq;
}
