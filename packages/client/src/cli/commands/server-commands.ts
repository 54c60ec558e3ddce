// log, msg, halt, shutdown, restart, terminate, checkpoint, restore-from-checkpoint, stats: the server itself.
import {
  defineCommand,
  flag,
  optionalString,
  requiredString,
  stringList,
  type CommandSpec,
} from '../define-command.js';
import { CliUsageError } from '../errors.js';
import { formatTable } from '../output/table.js';

const log = defineCommand({
  command: 'log [action] [arg]',
  describe: 'Server log: get [N] lines, clear, flush, new [PATH], path',
  builder: (y) =>
    y
      .positional('action', { choices: ['get', 'clear', 'flush', 'new', 'path'] as const, default: 'get' })
      .positional('arg', { type: 'string', describe: 'Lines for get (default 100); file for new' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask before clear' }),
  examples: [
    ['isobar log get 20', 'the last 20 lines'],
    ['isobar log clear --yes', 'empty the log'],
  ],
  async run(args, context) {
    const action = requiredString(args, 'action');
    const arg = optionalString(args, 'arg');
    const call: Record<string, unknown> = { action };
    if (action === 'get' && arg !== undefined) {
      const lines = Number(arg);
      if (!Number.isInteger(lines) || lines < 1)
        throw new CliUsageError(`log get N: N must be a positive integer, got ${arg}`);
      call['lines'] = lines;
    }
    if (action === 'new' && arg !== undefined) call['path'] = arg;
    if (action === 'clear') await context.confirm('clear the server log?');
    const result = await context.client().call<{ path: string; lines?: string[] }>('log', call);
    context.out.result(result, () =>
      result.lines === undefined ? `${action}: ${result.path}` : result.lines.join('\n'),
    );
  },
});

const msg = defineCommand({
  command: 'msg <text..>',
  describe: 'Write a message to the server log',
  builder: (y) => y.positional('text', { type: 'string', array: true, describe: 'Message words' }),
  examples: [['isobar msg "starting maintenance"', 'log a note']],
  async run(args, context) {
    const text = stringList(args, 'text').join(' ');
    const result = await context.client().call('msg', { text });
    context.out.result(result, () => 'logged');
  },
});

function serverState(name: 'halt' | 'shutdown' | 'restart' | 'terminate', describe: string): CommandSpec {
  const destructive = name !== 'restart';
  return defineCommand({
    command: name,
    describe,
    destructive,
    examples: [[`isobar ${name}${destructive ? ' --yes' : ''}`, describe.toLowerCase()]],
    async run(_args, context) {
      if (destructive) await context.confirm(`${name} the server at ${context.settings().url}?`);
      const result = await context.client().call<{ serverState?: string }>(name);
      context.out.result(result, () =>
        result.serverState === undefined
          ? 'the server is stopping'
          : `server is ${context.out.paint.state(result.serverState)}`,
      );
    },
  });
}

const checkpoint = defineCommand({
  command: 'checkpoint',
  describe: 'Write a checkpoint now (optionally change the mode and interval)',
  builder: (y) =>
    y
      .option('mode', { choices: ['never', 'on_time', 'always'] as const })
      .option('interval', { type: 'number', describe: 'Seconds between checkpoints (on_time)' })
      .option('alarm', { type: 'number', describe: 'Warn when a checkpoint takes longer (s)' }),
  examples: [['isobar checkpoint --mode on_time --interval 120', 'checkpoint now and every 2 minutes']],
  async run(args, context) {
    const call: Record<string, unknown> = {};
    if (typeof args['mode'] === 'string') call['mode'] = args['mode'];
    if (typeof args['interval'] === 'number') call['intervalSeconds'] = args['interval'];
    if (typeof args['alarm'] === 'number') call['alarmSeconds'] = args['alarm'];
    const result = await context.client().call<{ file: string; bytes: number; durationMs: number }>('checkpoint', call);
    context.out.result(result, () => `checkpoint ${result.file}: ${result.bytes} bytes in ${result.durationMs} ms`);
  },
});

const restoreFromCheckpoint = defineCommand({
  command: 'restore-from-checkpoint',
  describe: 'Load the last checkpoint (server HALTED and empty)',
  destructive: true,
  examples: [['isobar halt --yes && isobar restore-from-checkpoint --yes', 'reload the checkpoint']],
  async run(_args, context) {
    await context.confirm('restore the server from its checkpoint?');
    const result = await context.client().call('restoreFromCheckpoint');
    context.out.result(result, () => 'restored from checkpoint');
  },
});

const stats = defineCommand({
  command: 'stats',
  describe: 'Server statistics: state, sizes, counters, checkpoint',
  builder: (y) => y.option('reset', { type: 'boolean', describe: 'Zero the counters afterwards' }),
  examples: [['isobar stats', 'a table of figures']],
  async run(args, context) {
    const result = await context.client().call<Record<string, unknown>>('stats', { reset: flag(args, 'reset') });
    context.out.result(result, () => {
      const rows: string[][] = [];
      const add = (prefix: string, value: unknown): void => {
        if (typeof value === 'object' && value !== null) {
          for (const [key, inner] of Object.entries(value)) add(prefix === '' ? key : `${prefix}.${key}`, inner);
        } else rows.push([prefix, prefix === 'serverState' ? context.out.paint.state(String(value)) : String(value)]);
      };
      add('', result);
      return formatTable(['STAT', 'VALUE'], rows);
    });
  },
});

/** The server commands. */
export const SERVER_COMMANDS = [
  log,
  msg,
  serverState('halt', 'HALTED: no scheduling, child commands wait'),
  serverState('shutdown', 'SHUTDOWN: no new jobs'),
  serverState('restart', 'RUNNING: schedule jobs again'),
  serverState('terminate', 'Checkpoint and stop the server process'),
  checkpoint,
  restoreFromCheckpoint,
  stats,
];
