import type { Engine } from '../engine/index.js';
import { lastSeq, notAvailable, type MethodHandlers } from './procedure-helpers.js';

/** The credentials of a child command, as the engine checks them. */
function identity(args: { path: string; password: string; rid: string; tryNo: number }): {
  path: string;
  password: string;
  rid: string;
  tryNo: number;
} {
  return { path: args.path, password: args.password, rid: args.rid, tryNo: args.tryNo };
}

/**
 * Handlers of the child commands. The engine authenticates each one with the task's password, remote id and
 * try number (ZOMBIE on a mismatch) and refuses them with SERVER_HALTED while the server is HALTED.
 */
export function childHandlers(engine: Engine): MethodHandlers {
  const seq = (records: readonly { seq: number }[]): { seq: number } => ({ seq: lastSeq(engine, records) });
  return {
    'child.init': (args) => {
      if (args.variables !== undefined && args.variables.length > 0) {
        throw notAvailable('child.init with variables', 'the jobs step');
      }
      // init presents the new remote id: it is recorded, not checked.
      return seq(engine.childInit({ path: args.path, password: args.password, tryNo: args.tryNo }, args.rid));
    },
    'child.complete': (args) => {
      if (args.removeVariables !== undefined && args.removeVariables.length > 0) {
        throw notAvailable('child.complete with removeVariables', 'the jobs step');
      }
      return seq(engine.childComplete(identity(args)));
    },
    'child.abort': (args) => seq(engine.childAbort(identity(args), args.reason ?? '')),
    'child.event': (args) => seq(engine.childEvent(identity(args), args.name, args.value ?? true)),
    'child.meter': (args) => seq(engine.childMeter(identity(args), args.name, args.value)),
    'child.label': (args) => seq(engine.childLabel(identity(args), args.name, args.value)),
    'child.wait': () => {
      throw notAvailable('child.wait', 'the scheduler step (expression evaluation for jobs)');
    },
    'child.queue': () => {
      throw notAvailable('child.queue', 'queue attributes in the engine');
    },
  };
}
