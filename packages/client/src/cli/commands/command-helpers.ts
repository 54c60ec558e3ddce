// Pieces shared by many commands.
import type { Argv } from 'yargs';
import type { CommandContext } from '../context.js';

/** Declares the variadic `<paths..>` positional. */
export function pathsBuilder(y: Argv): Argv {
  return y.positional('paths', { type: 'string', array: true, describe: 'Node paths, e.g. /suite/family/task' });
}

/** A mutating call and what to tell a human when it succeeded. */
export interface MutationCall {
  readonly method: string;
  readonly args: object;
  readonly done: string;
}

/** Calls a mutating method and prints its result: the JSON value, or `done` for humans. */
export async function mutation(context: CommandContext, call: MutationCall): Promise<void> {
  const result = await context.client().call(call.method, call.args);
  context.out.result(result, () => call.done);
}
