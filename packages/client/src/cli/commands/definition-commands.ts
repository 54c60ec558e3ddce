// replace, delete, get, suites, check, order, archive, restore: definitions on the server.
import { readFile } from 'node:fs/promises';
import { defineCommand, flag, nodePath, nodePaths, optionalString, requiredString } from '../define-command.js';
import { CliError, CliExit } from '../errors.js';
import { mutation, pathsBuilder } from './command-helpers.js';

const replace = defineCommand({
  command: 'replace <path> <file>',
  describe: 'Replace (or add) the node at PATH with the same node from a .def file',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Node path, e.g. /suite/family' })
      .positional('file', { type: 'string', describe: '.def file holding that node' })
      .option('parents', { type: 'boolean', describe: 'Create missing parent nodes' })
      .option('force', { type: 'boolean', describe: 'Even if tasks below are active' }),
  examples: [['isobar replace /s/f suite.def', 'replace family /s/f with its definition in suite.def']],
  async run(args, context) {
    const path = nodePath(args);
    const file = requiredString(args, 'file');
    const text = await readFile(file, 'utf8').catch((error: Error) => {
      throw new CliError(`cannot read ${file}: ${error.message}`);
    });
    const call = { path, text, createParents: flag(args, 'parents'), force: flag(args, 'force') };
    const result = await context.client().call<{ seq: number }>('replace', call);
    context.out.result(result, () => `replaced ${path} from ${file}`);
  },
});

const deleteCommand = defineCommand({
  command: 'delete <paths..>',
  describe: 'Delete nodes (/ deletes every suite)',
  destructive: true,
  builder: (y) => pathsBuilder(y).option('force', { type: 'boolean', describe: 'Even if tasks below are active' }),
  examples: [
    ['isobar delete /s --yes', 'delete suite s without asking'],
    ['isobar delete /s/f/t /s/g', 'delete two nodes (asks first)'],
  ],
  async run(args, context) {
    const paths = nodePaths(args);
    await context.confirm(`delete ${paths.join(' ')}?`);
    const result = await context.client().call<{ deleted: string[] }>('delete', { paths, force: flag(args, 'force') });
    context.out.result(result, () => `deleted ${result.deleted.join(' ')}`);
  },
});

const get = defineCommand({
  command: 'get [path]',
  describe: 'Print the definition as .def text (with --state: with run-time state)',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Node path (default: everything)' })
      .option('state', { type: 'boolean', describe: 'Include the state comments (ecflow_client --get_state)' }),
  examples: [
    ['isobar get /s > s.def', 'save suite s'],
    ['isobar get --state', 'every suite with states'],
  ],
  async run(args, context) {
    const path = optionalString(args, 'path');
    const call = { ...(path === undefined ? {} : { path: nodePath(args) }), state: flag(args, 'state') };
    const result = await context.client().call<{ seq: number; text: string }>('get', call);
    context.out.result(result, () => result.text);
  },
});

const suites = defineCommand({
  command: 'suites',
  describe: 'List the loaded suites',
  examples: [['isobar suites', 'one suite name per line']],
  async run(_args, context) {
    const result = await context.client().call<{ seq: number; suites: string[] }>('suites');
    context.out.result(result, () => result.suites.join('\n'));
  },
});

const check = defineCommand({
  command: 'check [paths..]',
  describe: 'Check trigger/complete expressions and limits on the server',
  builder: (y) => y.positional('paths', { type: 'string', array: true, describe: 'Node paths (default: all)' }),
  examples: [['isobar check /s', 'check suite s']],
  async run(args, context) {
    const paths = nodePaths(args);
    const result = await context
      .client()
      .call<{ ok: boolean; messages: string[] }>('check', paths.length === 0 ? {} : { paths });
    context.out.result(result, () => (result.ok ? 'check ok' : result.messages.join('\n')));
    if (!result.ok) throw new CliExit(1);
  },
});

const order = defineCommand({
  command: 'order <path> <how>',
  describe: 'Move a node among its siblings',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Node path' })
      .positional('how', { choices: ['top', 'bottom', 'alpha', 'order', 'up', 'down', 'runtime'] as const }),
  examples: [['isobar order /s/f top', 'make /s/f the first child of /s']],
  async run(args, context) {
    const path = nodePath(args);
    const how = requiredString(args, 'how');
    await mutation(context, { method: 'order', args: { path, how }, done: `ordered ${path} ${how}` });
  },
});

const archive = defineCommand({
  command: 'archive <paths..>',
  describe: 'Archive suites/families: save the subtree to a file and drop the children',
  builder: (y) => pathsBuilder(y).option('force', { type: 'boolean', describe: 'Even if tasks below are active' }),
  examples: [['isobar archive /s/f', 'archive family /s/f']],
  async run(args, context) {
    const paths = nodePaths(args);
    await mutation(context, {
      method: 'archive',
      args: { paths, force: flag(args, 'force') },
      done: `archived ${paths.join(' ')}`,
    });
  },
});

const restore = defineCommand({
  command: 'restore <paths..>',
  describe: 'Restore archived suites/families',
  builder: pathsBuilder,
  examples: [['isobar restore /s/f', 'bring /s/f back']],
  async run(args, context) {
    const paths = nodePaths(args);
    await mutation(context, { method: 'restore', args: { paths }, done: `restored ${paths.join(' ')}` });
  },
});

/** The definition commands (load is in load-command.ts). */
export const DEFINITION_COMMANDS = [replace, deleteCommand, get, suites, check, order, archive, restore];
