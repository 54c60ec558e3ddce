// `isobar child …`: the task-side commands (ecflow_client --init, --complete, …) for jobs that prefer Node over
// isobar-child. Credentials come from the job's environment: ECF_NAME, ECF_PASS, ECF_RID, ECF_TRYNO.
import type { CommandContext } from '../context.js';
import { defineCommand, optionalString, requiredString, stringList, type CommandArgs } from '../define-command.js';
import { CliUsageError } from '../errors.js';

interface TaskCredentials {
  path: string;
  password: string;
  rid: string;
  tryNo: number;
}

function credentials(context: CommandContext, rid?: string): TaskCredentials {
  const env = context.io.env;
  const path = env['ECF_NAME'];
  const password = env['ECF_PASS'];
  if (path === undefined || path === '' || password === undefined) {
    throw new CliUsageError('child commands run inside a job: ECF_NAME and ECF_PASS must be set');
  }
  const tryNo = Number(env['ECF_TRYNO'] ?? '1');
  if (!Number.isInteger(tryNo) || tryNo < 0) throw new CliUsageError(`ECF_TRYNO is not a number: ${env['ECF_TRYNO']}`);
  return { path, password, rid: rid ?? env['ECF_RID'] ?? '', tryNo };
}

type ChildRun = (args: CommandArgs, context: CommandContext) => Promise<void>;

/** NO_ECF set: do nothing and succeed, so scripts run without a server (as ecflow_client). */
function withNoEcf(run: ChildRun): ChildRun {
  return async (args, context) => {
    if (context.io.env['NO_ECF'] !== undefined) {
      context.out.result({ noEcf: true }, () => 'NO_ECF');
      return;
    }
    await run(args, context);
  };
}

async function send(context: CommandContext, method: string, args: object): Promise<void> {
  const result = await context.client().call(`child.${method}`, args);
  context.out.result(result, () => '');
}

function parseVariables(words: readonly string[]): { name: string; value: string }[] {
  return words.map((word) => {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new CliUsageError(`--add takes NAME=VALUE, got ${word}`);
    return { name: word.slice(0, eq), value: word.slice(eq + 1) };
  });
}

const init = defineCommand({
  command: 'init [rid]',
  describe: 'The job started: the task becomes active',
  builder: (y) =>
    y
      .positional('rid', { type: 'string', describe: 'Remote id of the job (default ECF_RID, else the parent pid)' })
      .option('add', { type: 'string', array: true, describe: 'NAME=VALUE variables to add to the task' }),
  examples: [['isobar child init $$ --add HOST=$(hostname)', 'first line of a job']],
  run: withNoEcf(async (args, context) => {
    const rid = optionalString(args, 'rid');
    const env = context.io.env['ECF_RID'];
    if (rid !== undefined && env !== undefined && env !== '' && rid !== env) {
      throw new CliUsageError(`child init ${rid}: does not match ECF_RID=${env}`);
    }
    const variables = parseVariables(stringList(args, 'add'));
    // ecflow_client --init takes the job's process id; the parent of this command is the job's shell.
    const initRid = rid ?? (env === undefined || env === '' ? String(process.ppid) : env);
    await send(context, 'init', { ...credentials(context, initRid), ...(variables.length ? { variables } : {}) });
  }),
});

const complete = defineCommand({
  command: 'complete',
  describe: 'The job finished: the task becomes complete',
  builder: (y) => y.option('remove', { type: 'string', array: true, describe: 'Variables to remove from the task' }),
  examples: [['isobar child complete', 'last line of a job']],
  run: withNoEcf(async (args, context) => {
    const remove = stringList(args, 'remove');
    await send(context, 'complete', { ...credentials(context), ...(remove.length ? { removeVariables: remove } : {}) });
  }),
});

const abort = defineCommand({
  command: 'abort [reason..]',
  describe: 'The job failed: the task becomes aborted',
  builder: (y) => y.positional('reason', { type: 'string', array: true }),
  examples: [['isobar child abort "exit code 3"', 'in an ERR trap']],
  run: withNoEcf(async (args, context) => {
    const reason = stringList(args, 'reason').join(' ');
    await send(context, 'abort', { ...credentials(context), ...(reason ? { reason } : {}) });
  }),
});

const event = defineCommand({
  command: 'event <name> [action]',
  describe: 'Set (or clear) an event of the task',
  builder: (y) =>
    y
      .positional('name', { type: 'string' })
      .positional('action', { choices: ['set', 'clear'] as const, default: 'set' }),
  examples: [['isobar child event ready', 'set event ready']],
  run: withNoEcf(async (args, context) => {
    const value = requiredString(args, 'action') !== 'clear';
    await send(context, 'event', { ...credentials(context), name: requiredString(args, 'name'), value });
  }),
});

const meter = defineCommand({
  command: 'meter <name> <value>',
  describe: 'Set a meter of the task',
  builder: (y) => y.positional('name', { type: 'string' }).positional('value', { type: 'number' }),
  examples: [['isobar child meter progress 40', 'progress = 40']],
  run: withNoEcf(async (args, context) => {
    const value = args['value'];
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new CliUsageError('meter VALUE must be an integer');
    await send(context, 'meter', { ...credentials(context), name: requiredString(args, 'name'), value });
  }),
});

const label = defineCommand({
  command: 'label <name> <text..>',
  describe: 'Set a label of the task',
  builder: (y) => y.positional('name', { type: 'string' }).positional('text', { type: 'string', array: true }),
  examples: [['isobar child label info "step 3 of 5"', 'set label info']],
  run: withNoEcf(async (args, context) => {
    const value = stringList(args, 'text').join(' ');
    await send(context, 'label', { ...credentials(context), name: requiredString(args, 'name'), value });
  }),
});

const wait = defineCommand({
  command: 'wait <expression>',
  describe: 'Block until a trigger-style expression holds',
  builder: (y) => y.positional('expression', { type: 'string' }),
  examples: [['isobar child wait "/s/a == complete"', 'wait for task /s/a']],
  run: withNoEcf(async (args, context) => {
    const expression = requiredString(args, 'expression');
    const started = Date.now();
    let delay = 250;
    context.out.note(`waiting for ${expression}`);
    for (;;) {
      const result = await context
        .client()
        .call<{ satisfied: boolean }>('child.wait', { ...credentials(context), expression });
      if (result.satisfied) {
        context.out.progress('', true);
        context.out.result(result, () => '');
        return;
      }
      context.out.progress(`waiting for ${expression} (${Math.round((Date.now() - started) / 1000)} s)`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }),
});

const queue = defineCommand({
  command: 'queue <name> <action> [step] [path]',
  describe: 'Step through a queue: active prints the next step (or <NULL>)',
  builder: (y) =>
    y
      .positional('name', { type: 'string' })
      .positional('action', { choices: ['active', 'complete', 'aborted', 'no_of_aborted', 'reset'] as const })
      .positional('step', { type: 'string' })
      .positional('path', { type: 'string', describe: 'Node holding the queue (default: search up)' }),
  examples: [['step=$(isobar child queue q active)', 'take the next step of queue q']],
  run: withNoEcf(async (args, context) => {
    const step = optionalString(args, 'step');
    const queuePath = optionalString(args, 'path');
    const call = {
      ...credentials(context),
      queue: requiredString(args, 'name'),
      action: requiredString(args, 'action'),
      ...(step === undefined ? {} : { step }),
      ...(queuePath === undefined ? {} : { queuePath }),
    };
    const result = await context.client().call<{ step?: string; noOfAborted?: number }>('child.queue', call);
    context.out.result(result, () =>
      call.action === 'active' ? (result.step ?? '<NULL>') : (result.noOfAborted?.toString() ?? ''),
    );
  }),
});

/** `child`. */
export const CHILD_COMMAND = defineCommand({
  command: 'child',
  describe: 'Task-side commands for job scripts (reads ECF_NAME, ECF_PASS, ECF_RID, ECF_TRYNO)',
  examples: [['isobar child init $$', 'tell the server the job started']],
  subcommands: [init, complete, abort, event, meter, label, wait, queue],
});
