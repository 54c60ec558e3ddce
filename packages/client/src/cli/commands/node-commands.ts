// begin, requeue, suspend, resume, force, run, kill, free-dep, status, why: the state of nodes.
import { defineCommand, flag, nodePath, nodePaths, optionalString, requiredString } from '../define-command.js';
import { CliUsageError } from '../errors.js';
import { mutation, pathsBuilder } from './command-helpers.js';

const FORCE_TARGETS = ['unknown', 'complete', 'queued', 'submitted', 'active', 'aborted', 'set', 'clear'] as const;

const begin = defineCommand({
  command: 'begin [suite]',
  describe: 'Begin a suite (or every suite): queue its nodes and start scheduling',
  builder: (y) =>
    y
      .positional('suite', { type: 'string', describe: 'Suite name (default: every suite)' })
      .option('force', { type: 'boolean', describe: 'Even if already begun or active' }),
  examples: [['isobar begin s', 'begin suite s']],
  async run(args, context) {
    const suite = optionalString(args, 'suite')?.replace(/^\//, '');
    const call = { ...(suite === undefined ? {} : { suite }), force: flag(args, 'force') };
    const result = await context.client().call<{ begun: string[] }>('begin', call);
    context.out.result(result, () => `begun ${result.begun.join(' ') || '(nothing)'}`);
  },
});

const requeue = defineCommand({
  command: 'requeue <paths..>',
  describe: 'Requeue nodes (reset repeats and try numbers)',
  builder: (y) =>
    pathsBuilder(y)
      .option('abort', { type: 'boolean', describe: 'Only requeue aborted tasks below the paths' })
      .option('force', { type: 'boolean', describe: 'Even if tasks below are active' })
      .conflicts('abort', 'force'),
  examples: [['isobar requeue /s/f --abort', 'requeue the aborted tasks of /s/f']],
  async run(args, context) {
    const paths = nodePaths(args);
    const mode = flag(args, 'abort') ? 'abort' : flag(args, 'force') ? 'force' : undefined;
    await mutation(context, {
      method: 'requeue',
      args: { paths, ...(mode ? { mode } : {}) },
      done: `requeued ${paths.join(' ')}`,
    });
  },
});

function simple(name: 'suspend' | 'resume' | 'kill' | 'status', describe: string, example: string) {
  return defineCommand({
    command: `${name} <paths..>`,
    describe,
    builder: pathsBuilder,
    examples: [[`isobar ${name} /s/f`, example]],
    async run(args, context) {
      const paths = nodePaths(args);
      const verb = { suspend: 'suspended', resume: 'resumed', kill: 'kill sent to', status: 'status requested for' }[
        name
      ];
      await mutation(context, { method: name, args: { paths }, done: `${verb} ${paths.join(' ')}` });
    },
  });
}

const force = defineCommand({
  command: 'force <state> <paths..>',
  describe: 'Force nodes into a state, or set/clear events (PATH:EVENT)',
  builder: (y) =>
    pathsBuilder(y.positional('state', { choices: FORCE_TARGETS }))
      .option('recursive', { type: 'boolean', describe: 'Apply to every node below too' })
      .option('full', { type: 'boolean', describe: 'With complete: set repeats to their end' }),
  examples: [
    ['isobar force complete /s/f --recursive', 'complete everything below /s/f'],
    ['isobar force set /s/t:ready', 'set event ready of /s/t'],
  ],
  async run(args, context) {
    const to = requiredString(args, 'state');
    const paths = nodePaths(args);
    assertEventPaths(to, paths);
    const call = { paths, to, recursive: flag(args, 'recursive'), full: flag(args, 'full') };
    await mutation(context, { method: 'force', args: call, done: `forced ${paths.join(' ')} to ${to}` });
  },
});

const run = defineCommand({
  command: 'run <paths..>',
  describe: 'Submit tasks now, ignoring their dependencies',
  builder: (y) => pathsBuilder(y).option('force', { type: 'boolean', describe: 'Even if submitted or active' }),
  examples: [['isobar run /s/t', 'submit task /s/t now']],
  async run(args, context) {
    const paths = nodePaths(args);
    const result = await context.client().call<{ submitted: string[] }>('run', { paths, force: flag(args, 'force') });
    context.out.result(result, () => `submitted ${result.submitted.join(' ') || '(nothing)'}`);
  },
});

const freeDep = defineCommand({
  command: 'free-dep <paths..>',
  describe: 'Free the dependencies of nodes for this run',
  builder: (y) =>
    pathsBuilder(y).option('kind', { choices: ['trigger', 'all', 'date', 'time'] as const, default: 'trigger' }),
  examples: [['isobar free-dep /s/t --kind all', 'free trigger, date and time dependencies of /s/t']],
  async run(args, context) {
    const paths = nodePaths(args);
    const kind = requiredString(args, 'kind');
    await mutation(context, {
      method: 'freeDep',
      args: { paths, kind },
      done: `freed ${kind} dependencies of ${paths.join(' ')}`,
    });
  },
});

const why = defineCommand({
  command: 'why <path>',
  describe: 'Why a node is not running: the unmet conditions',
  builder: (y) => y.positional('path', { type: 'string', describe: 'Node path' }),
  examples: [['isobar why /s/f/t', 'explain what /s/f/t waits for']],
  async run(args, context) {
    const path = nodePath(args);
    const result = await context.client().call<{ path: string; reasons: string[] }>('why', { path });
    context.out.result(result, () =>
      result.reasons.length === 0 ? `${path}: nothing holds it` : result.reasons.join('\n'),
    );
  },
});

/** Checks event paths of `force set|clear` have a `:name`. */
export function assertEventPaths(to: string, paths: readonly string[]): void {
  if ((to === 'set' || to === 'clear') && paths.some((path) => !path.includes(':'))) {
    throw new CliUsageError(`force ${to} takes PATH:EVENT arguments`);
  }
}

/** The node-state commands. */
export const NODE_COMMANDS = [
  begin,
  requeue,
  simple('suspend', 'Suspend nodes: nothing below them is submitted', 'suspend family /s/f'),
  simple('resume', 'Resume suspended nodes', 'resume family /s/f'),
  force,
  run,
  simple('kill', 'Kill running jobs (ECF_KILL_CMD)', 'kill the jobs below /s/f'),
  freeDep,
  simple('status', 'Ask running jobs for their status (ECF_STATUS_CMD)', 'run ECF_STATUS_CMD for /s/f tasks'),
  why,
];
