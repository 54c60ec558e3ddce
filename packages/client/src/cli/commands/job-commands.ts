// job-gen, edit-script, file: scripts, jobs and their files.
import { readFile } from 'node:fs/promises';
import { defineCommand, flag, nodePath, optionalString, requiredString } from '../define-command.js';
import { CliError } from '../errors.js';

const jobGen = defineCommand({
  command: 'job-gen [path]',
  describe: 'Run the job generator now (with --dry-run: only check scripts)',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Node path (default: everything)' })
      .option('dry-run', { type: 'boolean', describe: 'Check job generation without changing state' }),
  examples: [['isobar job-gen /s --dry-run', 'check that every task of /s has a script']],
  async run(args, context) {
    const path = optionalString(args, 'path');
    const call = { ...(path === undefined ? {} : { path: nodePath(args) }), dryRun: flag(args, 'dry-run') };
    const result = await context
      .client()
      .call<{ submitted: string[]; errors: { path: string; message: string }[] }>('jobGen', call);
    context.out.result(
      result,
      () =>
        [
          ...result.submitted.map((p) => `submitted ${p}`),
          ...result.errors.map((e) => `error ${e.path}: ${e.message}`),
        ].join('\n') || 'nothing to submit',
    );
  },
});

const editScript = defineCommand({
  command: 'edit-script <path> <action>',
  describe: 'Show a task script (edit), its pre-processed job (preprocess), or submit a script file',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Task path' })
      .positional('action', { choices: ['edit', 'preprocess', 'submit'] as const })
      .option('file', { type: 'string', describe: 'Script file to submit (with submit)' })
      .option('alias', { type: 'boolean', describe: 'Submit as a new alias' }),
  examples: [
    ['isobar edit-script /s/t preprocess', 'print the job file the server would generate'],
    ['isobar edit-script /s/t submit --file t.ecf', 'run /s/t with an edited script'],
  ],
  async run(args, context) {
    const path = nodePath(args);
    const action = requiredString(args, 'action');
    const file = optionalString(args, 'file');
    const script =
      file === undefined
        ? undefined
        : await readFile(file, 'utf8').catch((e: Error) => {
            throw new CliError(`cannot read ${file}: ${e.message}`);
          });
    const call = { path, action, ...(script === undefined ? {} : { script }), createAlias: flag(args, 'alias') };
    const result = await context.client().call<{ text?: string; alias?: string }>('editScript', call);
    context.out.result(
      result,
      () => result.text ?? (result.alias ? `submitted as ${result.alias}` : `submitted ${path}`),
    );
  },
});

const file = defineCommand({
  command: 'file <path> [kind]',
  describe: 'Print a node file: script, job, jobout, manual, kill or stat',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Node path' })
      .positional('kind', {
        choices: ['script', 'job', 'jobout', 'manual', 'kill', 'stat'] as const,
        default: 'script',
      })
      .option('lines', { type: 'number', describe: 'Most lines to return (default 10000)' }),
  examples: [['isobar file /s/t jobout', 'the output of the last job of /s/t']],
  async run(args, context) {
    const path = nodePath(args);
    const lines = args['lines'];
    const call = {
      path,
      kind: requiredString(args, 'kind'),
      ...(typeof lines === 'number' ? { maxLines: lines } : {}),
    };
    const result = await context.client().call<{ text: string; file: string; truncated: boolean }>('file', call);
    context.out.result(result, () => result.text);
    if (result.truncated) context.out.note(`(truncated; ${result.file})`);
  },
});

/** The job commands. */
export const JOB_COMMANDS = [jobGen, editScript, file];
