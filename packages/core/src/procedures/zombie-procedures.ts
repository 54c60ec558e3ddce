import type { Engine, ZombieAction } from '../engine/index.js';
import type { ProcedureContext } from './procedure.js';
import { lastSeq, requester, type MethodHandlers } from './procedure-helpers.js';

/** The handler of one `zombies.<action>` method. */
function act(engine: Engine, action: ZombieAction) {
  return (args: { paths: string[] }, context: ProcedureContext): { seq: number; affected: number } => {
    const { records, affected } = engine.zombieAction(args.paths, action, requester(context));
    return { seq: lastSeq(engine, records), affected };
  };
}

/** Handlers of `zombies` (the list) and `zombies.<action>` on the zombies of task paths. */
export function zombieHandlers(engine: Engine): MethodHandlers {
  return {
    zombies: () => ({ zombies: engine.zombies() }),
    'zombies.fob': act(engine, 'fob'),
    'zombies.fail': act(engine, 'fail'),
    'zombies.adopt': act(engine, 'adopt'),
    'zombies.block': act(engine, 'block'),
    'zombies.remove': act(engine, 'remove'),
    'zombies.kill': act(engine, 'kill'),
  };
}
