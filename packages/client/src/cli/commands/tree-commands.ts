// tree and query: reading the node tree.
import { defineCommand, nodePath, optionalString, requiredString } from '../define-command.js';
import { CliUsageError } from '../errors.js';
import { renderTree, type DrawableNode } from '../output/tree-render.js';

/**
 * The protocol's `QUERY_KINDS`, as plain data: importing it would load the TypeBox method catalogue into the
 * command's chunk. A test keeps the two equal.
 */
export const QUERY_KINDS = [
  'state',
  'dstate',
  'event',
  'meter',
  'label',
  'variable',
  'trigger',
  'repeat',
  'limit',
  'limit_max',
] as const;
const NAMED_KINDS = new Set(['event', 'meter', 'label', 'variable', 'limit', 'limit_max']);

const tree = defineCommand({
  command: 'tree [path]',
  describe: 'Draw the node tree with states, events, meters and labels',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'Node path (default: every suite)' })
      .option('depth', { type: 'number', describe: 'Levels of children to show' })
      .option('variables', { type: 'boolean', describe: 'Include user variables (with --json)' }),
  examples: [
    ['isobar tree /s', 'draw suite s'],
    ['isobar tree /s/f --json', 'the subtree as JSON ({name,path,type,state,…,children})'],
  ],
  async run(args, context) {
    const path = optionalString(args, 'path');
    const depth = args['depth'];
    const call = {
      ...(path === undefined ? {} : { path: nodePath(args) }),
      ...(typeof depth === 'number' ? { depth } : {}),
      ...(args['variables'] === true ? { variables: true } : {}),
    };
    const result = await context.client().call<{ seq: number; nodes: DrawableNode[] }>('tree', call);
    const value = path === undefined ? result.nodes : result.nodes[0];
    context.out.result(value, () =>
      result.nodes.length === 0 ? '(no suites)' : renderTree(result.nodes, context.out.paint),
    );
  },
});

/** Splits `PATH[:NAME]`. */
export function parseQueryTarget(target: string): { path: string; name?: string } {
  const colon = target.lastIndexOf(':');
  if (!target.startsWith('/'))
    throw new CliUsageError(`query takes PATH[:NAME] with PATH starting with "/": ${target}`);
  if (colon < 0) return { path: target };
  return { path: target.slice(0, colon) || '/', name: target.slice(colon + 1) };
}

const query = defineCommand({
  command: 'query <kind> <target>',
  describe: 'Print one value: a state, or an attribute as PATH:NAME (ecflow_client --query)',
  builder: (y) =>
    y.positional('kind', { choices: QUERY_KINDS, describe: 'What to ask for' }).positional('target', {
      type: 'string',
      describe: 'PATH, or PATH:NAME for events, meters, labels, variables, limits',
    }),
  examples: [
    ['isobar query state /s/t', 'e.g. "active"'],
    ['isobar query meter /s/t:progress', 'e.g. "40"'],
    ['isobar query state /s/t --json', '{"path":"/s/t","state":"active"}'],
  ],
  async run(args, context) {
    const kind = requiredString(args, 'kind');
    const { path, name } = parseQueryTarget(requiredString(args, 'target'));
    if (NAMED_KINDS.has(kind) && name === undefined) throw new CliUsageError(`query ${kind} takes PATH:NAME`);
    const call = { kind, path, ...(name === undefined ? {} : { name }) };
    const result = await context.client().call<{ path: string; name?: string; value: unknown }>('query', call);
    const value = {
      path: result.path,
      ...(result.name === undefined ? {} : { name: result.name }),
      [kind]: result.value,
    };
    context.out.result(value, () => {
      const text = String(result.value);
      return kind === 'state' || kind === 'dstate' ? context.out.paint.state(text) : text;
    });
  },
});

/** The tree-reading commands. */
export const TREE_COMMANDS = [tree, query];
