import type { Engine, ZombieAction } from '../engine/index.js';
import { lastSeq, requester, type MethodHandlers } from './procedure-helpers.js';

const ACTIONS = ['fob', 'fail', 'adopt', 'block', 'remove', 'kill'] as const satisfies readonly ZombieAction[];

/** Handlers of `zombies` (the list) and `zombies.<action>` on the zombies of task paths. */
export function zombieHandlers(engine: Engine): MethodHandlers {
  const handlers: Record<string, MethodHandlers[keyof MethodHandlers]> = {
    zombies: () => ({ zombies: engine.zombies() }),
  };
  for (const action of ACTIONS) {
    handlers[`zombies.${action}`] = ((args: { paths: string[] }, context) => {
      const { records, affected } = engine.zombieAction(args.paths, action, requester(context));
      return { seq: lastSeq(engine, records), affected };
    }) as MethodHandlers['zombies.fob'];
  }
  return handlers as MethodHandlers;
}
