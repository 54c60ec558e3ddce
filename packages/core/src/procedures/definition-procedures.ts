import { IsobarError, type MethodArgs } from '@isobar/protocol';
import { check, parseDefs, writeDefs, writeNode, type Defs } from '@isobar/protocol/defs';
import type { Engine } from '../engine/index.js';
import { repeatValueAt, stateName, toDefs, toDefsNode, type RuntimeNode } from '../model/index.js';
import { lastSeq, requester, notAvailable, type MethodHandlers } from './procedure-helpers.js';
import { toTreeNode } from './tree-json.js';

function parseChecked(text: string, file: string | undefined): { defs: Defs; warnings: string[] } {
  const defs = parseDefs(text, { file: file ?? '<load>' });
  const findings = check(defs);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const reason = errors.map((f) => `${f.path}: ${f.message}`).join('; ');
    throw new IsobarError('DEFS_CHECK_ERROR', { details: { reason, findings: errors.slice(0, 100) } });
  }
  return { defs, warnings: findings.map((f) => `${f.path}: ${f.message}`) };
}

type QueryArgs = MethodArgs<'query'>;

function named<T extends { name?: string; key?: string }>(list: readonly T[] | undefined, args: QueryArgs): T {
  const found = list?.find((item) => (item.key ?? item.name) === args.name);
  if (found === undefined) throw new IsobarError('NOT_FOUND', { details: { path: `${args.path}:${args.name ?? ''}` } });
  return found;
}

function queryValue(engine: Engine, node: RuntimeNode, args: QueryArgs): string | number | boolean {
  switch (args.kind) {
    case 'state':
    case 'dstate':
      return node.suspended && args.kind === 'dstate' ? 'suspended' : stateName(node.state);
    case 'event':
      return named(node.events, args).value;
    case 'meter':
      return named(node.meters, args).value;
    case 'label':
      return named(node.labels, args).value;
    case 'variable': {
      const found = engine.variable(node.path, args.name ?? '');
      if (found === undefined) throw new IsobarError('NOT_FOUND', { details: { path: `${node.path}:${args.name}` } });
      return found.value;
    }
    case 'repeat':
      if (node.repeat === undefined) throw new IsobarError('NOT_FOUND', { details: { path: `${node.path}:repeat` } });
      return repeatValueAt(node.repeat.def, node.repeat.index);
    case 'trigger':
    case 'limit':
    case 'limit_max':
      throw notAvailable(`query ${args.kind}`, 'the scheduler step');
  }
}

/** Handlers of the methods that load, show and restructure definitions. */
export function definitionHandlers(engine: Engine): MethodHandlers {
  return {
    load: (args, context) => {
      const { defs, warnings } = parseChecked(args.text, args.file);
      const suites = defs.suites.map((s) => s.name);
      if (args.checkOnly === true) return { seq: engine.log.seq, suites, warnings };
      const records = engine.load(defs, { force: args.force ?? false, ...requester(context) });
      return { seq: lastSeq(engine, records), suites, warnings };
    },
    replace: (args, context) => {
      const { defs } = parseChecked(args.text, undefined);
      const options = { parent: args.createParents ?? false, force: args.force ?? false, ...requester(context) };
      return { seq: lastSeq(engine, engine.replace(args.path, defs, options)) };
    },
    delete: (args, context) => {
      const records = engine.delete(args.paths, { force: args.force ?? false, ...requester(context) });
      return { seq: lastSeq(engine, records), deleted: [...args.paths] };
    },
    get: (args) => {
      const state = args.state ?? false;
      if (args.path === undefined || args.path === '/') {
        return { seq: engine.log.seq, text: writeDefs(toDefs(engine.tree, { state }), { state }) };
      }
      return { seq: engine.log.seq, text: writeNode(toDefsNode(engine.node(args.path), { state }), { state }) };
    },
    suites: () => ({ seq: engine.log.seq, suites: engine.tree.root.children.map((s) => s.name) }),
    tree: (args) => {
      const options = { depth: args.depth, variables: args.variables };
      if (args.generated === true) throw notAvailable('tree generated', 'generated variables in the tree');
      const roots = args.path === undefined || args.path === '/' ? engine.tree.root.children : [engine.node(args.path)];
      return { seq: engine.log.seq, nodes: roots.map((node) => toTreeNode(node, options)) };
    },
    query: (args) => {
      const node = engine.node(args.path);
      const value = queryValue(engine, node, args);
      return { path: args.path, kind: args.kind, ...(args.name === undefined ? {} : { name: args.name }), value };
    },
    check: (args) => {
      const defs = toDefs(engine.tree, { state: false });
      const wanted = args.paths;
      const findings = check(defs).filter(
        (f) => wanted === undefined || wanted.some((p) => p === '/' || f.path === p || f.path.startsWith(`${p}/`)),
      );
      const messages = findings.map((f) => `${f.severity}: ${f.path}: ${f.message}`);
      return { ok: !findings.some((f) => f.severity === 'error'), messages };
    },
    order: (args, context) => {
      if (args.how === 'runtime') throw notAvailable('order runtime', 'run-time statistics of the jobs step');
      return { seq: lastSeq(engine, engine.order(args.path, args.how, requester(context))) };
    },
    editHistory: (args) => {
      engine.node(args.path);
      const entries = engine.editHistory(args.path).map((entry) => ({
        at: new Date(entry.at).toISOString(),
        user: entry.user,
        command: entry.request,
      }));
      return { path: args.path, entries };
    },
  };
}
