import { IsobarError } from '@isobar/protocol';
import {
  evaluateWaitExpression,
  gatedChildCommand,
  parseWaitExpression,
  type ChangeRecord,
  type Engine,
  type OpContext,
} from '../engine/index.js';
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
 * Child `wait`: authenticated through the same zombie gate as the engine's child commands (a zombie's wait is
 * answered as its rule says), then the expression is evaluated as a trigger of the task. It changes nothing, so
 * its transaction publishes only zombie records.
 */
function childWait(
  engine: Engine,
  args: { path: string; password: string; rid: string; tryNo: number; expression: string },
): { records: ChangeRecord[]; satisfied: boolean } {
  // A syntax error is the caller's, whatever the task's state: report it before touching the zombie table.
  const expr = parseWaitExpression(args.expression);
  if (!engine.policy.acceptsChildCommands) throw new IsobarError('SERVER_HALTED');
  let satisfied: boolean | undefined;
  const run = (work: (ctx: OpContext) => void) => engine.transaction(work).records;
  const records = gatedChildCommand(run, engine.zombieTable, {
    request: { command: 'wait', who: identity(args) },
    apply: (_ctx, who) => {
      satisfied = evaluateWaitExpression(engine.tree, expr, { holderPath: who.path, calendar: engine.calendar });
    },
  });
  // Not applied yet no error: the gate fobbed a zombie's wait, which lets the job go on (ecFlow answers ok).
  return { records, satisfied: satisfied ?? true };
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
    'child.wait': (args) => {
      const { records, satisfied } = childWait(engine, args);
      return { ...seq(records), satisfied };
    },
    'child.queue': (args) => {
      const request = { name: args.queue, action: args.action, step: args.step, path: args.queuePath };
      const { records, reply } = engine.childQueue(identity(args), request);
      return { ...seq(records), ...reply };
    },
  };
}
