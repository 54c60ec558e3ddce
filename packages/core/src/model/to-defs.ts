import {
  createDefs,
  createNode,
  type Defs,
  type DefsNode,
  type Limit,
  type NodeRuntimeState,
} from '@isobar/protocol/defs';
import type { MiscAttributes } from './attributes.js';
import { flagNames } from './node-flags.js';
import { stateName } from './node-state.js';
import { repeatCurrentText } from './repeat-values.js';
import { ContainerNode, SubmittableNode, SuiteNode, TaskNode, type RuntimeNode } from './runtime-node.js';
import type { RuntimeTree } from './runtime-tree.js';

/** Options of {@link toDefs} and {@link toDefsNode}. */
export interface ToDefsOptions {
  /** Include run-time state (node states, current attribute values): a checkpoint. @default true */
  readonly state?: boolean;
  /** Include children and aliases (false: the node's own attributes only). @default true */
  readonly children?: boolean;
}

function runtimeOf(node: RuntimeNode): NodeRuntimeState {
  const extra: string[] = [];
  if (node instanceof SubmittableNode) {
    if (node.password !== '') extra.push(`passwd:${node.password}`);
    if (node.rid !== '') extra.push(`rid:${node.rid}`);
    if (node.abortReason !== '') extra.push(`abort<:${node.abortReason}>abort`);
  }
  if (node instanceof SuiteNode && node.begun) extra.push('begun:1');
  const flags = flagNames(node.flags);
  return {
    state: stateName(node.state),
    duration: undefined,
    flags: flags.length === 0 ? undefined : flags,
    suspended: node.suspended,
    runtime: undefined,
    tryNo: node instanceof SubmittableNode && node.tryNo > 0 ? node.tryNo : undefined,
    extra: extra.length === 0 ? undefined : extra,
  };
}

function limitOf(limit: { name: string; max: number; value: number; paths: string[] }, state: boolean): Limit {
  const used = state && limit.value > 0;
  return {
    name: limit.name,
    limit: limit.max,
    value: used ? limit.value : undefined,
    paths: used ? [...limit.paths] : undefined,
  };
}

function copyMisc(target: DefsNode, misc: MiscAttributes, state: boolean): void {
  const copy = <T extends object>(items: readonly T[] | undefined): T[] | undefined => items?.map((i) => ({ ...i }));
  target.times = copy(misc.times);
  target.dates = copy(misc.dates);
  target.days = copy(misc.days);
  target.crons = copy(misc.crons);
  target.late = misc.late === undefined ? undefined : { ...misc.late };
  target.inlimits = copy(misc.inlimits);
  target.limits = misc.limits?.map((l) => limitOf(l, state));
  target.zombies = copy(misc.zombies);
  target.queues = copy(misc.queues);
  target.generics = copy(misc.generics);
  target.avisos = copy(misc.avisos);
  target.mirrors = copy(misc.mirrors);
  target.verifies = copy(misc.verifies);
  target.autocancel = misc.autocancel;
  target.autoarchive = misc.autoarchive;
  target.autorestore = misc.autorestore;
  target.clock = misc.clock;
  target.endclock = misc.endclock;
  target.calendar = state ? misc.calendar : undefined;
}

function copyAttributes(target: DefsNode, node: RuntimeNode, state: boolean): void {
  target.defstatus = node.defstatus;
  target.variables = node.variables?.map((v) => ({ ...v }));
  target.events = node.events?.map((e) => ({
    number: e.number,
    name: e.name,
    initial: e.initial,
    value: state && e.value !== e.initial ? e.value : undefined,
  }));
  target.meters = node.meters?.map((m) => ({
    name: m.name,
    min: m.min,
    max: m.max,
    colorChange: m.colorChange,
    value: state && m.value !== m.min ? m.value : undefined,
  }));
  target.labels = node.labels?.map((l) => ({
    name: l.name,
    value: l.initial,
    newValue: state && l.value !== l.initial ? l.value : undefined,
  }));
  const expr = (e: DefsNode['trigger']) => (e === undefined ? undefined : { parts: e.parts, free: state && e.free });
  target.trigger = expr(node.trigger);
  target.complete = expr(node.complete);
  if (node.repeat !== undefined) {
    target.repeat = { ...node.repeat.def, current: state ? repeatCurrentText(node.repeat) : undefined };
  }
  if (node.misc !== undefined) copyMisc(target, node.misc, state);
}

/** The protocol model of one runtime node and its subtree. */
export function toDefsNode(node: RuntimeNode, options: ToDefsOptions = {}): DefsNode {
  const state = options.state ?? true;
  const target = createNode(node.kind, node.name);
  copyAttributes(target, node, state);
  if (state) target.runtime = runtimeOf(node);
  if (node instanceof ContainerNode && options.children !== false) {
    target.children = node.children.length === 0 ? undefined : node.children.map((c) => toDefsNode(c, options));
  }
  if (node instanceof TaskNode && node.aliases !== undefined && state && options.children !== false) {
    target.aliases = node.aliases.map((a) => toDefsNode(a, options));
  }
  return target;
}

/**
 * The protocol model of the whole tree; with run-time state (the default) `writeDefs(toDefs(tree), { state: true })`
 * is a checkpoint.
 */
export function toDefs(tree: RuntimeTree, options: ToDefsOptions = {}): Defs {
  const state = options.state ?? true;
  const defs = createDefs();
  const { root } = tree;
  defs.variables = root.variables?.map((v) => ({ ...v }));
  defs.externs = root.externs === undefined ? undefined : [...root.externs];
  defs.suites = root.children.map((suite) => toDefsNode(suite, options));
  if (state) {
    defs.serverVariables = root.serverVariables.length === 0 ? undefined : root.serverVariables.map((v) => ({ ...v }));
    const flags = flagNames(root.flags);
    defs.state = {
      style: 'STATE',
      state: stateName(root.state),
      flags: flags.length === 0 ? undefined : flags,
      stateChange: undefined,
      modifyChange: undefined,
      serverState: root.serverState,
      calendarCount: undefined,
      extra: undefined,
    };
  }
  return defs;
}
