import type { ExprFlagName } from '@isobar/protocol/defs';
import type {
  ExpressionEnvironment,
  ExprAttributeKind,
  ReferenceResolver,
  ResolvedAttribute,
} from '../../expr/index.js';
import {
  ContainerNode,
  DefsRoot,
  findUserVariable,
  flagBit,
  generatedVariable,
  parentNode,
  repeatGeneratedVariable,
  repeatLastValidValue,
  stateName,
  type CalendarVariables,
  type RuntimeNode,
  type RuntimeTree,
} from '../../model/index.js';
import { findByKey } from '../attribute-lookup.js';

/** What expressions point at: a node, or the root (for `/<flag>late`). */
export type ExprRef = RuntimeNode | DefsRoot;

/** Reads the current value of a queue attribute (the queues' run-time state lives outside the tree). */
export type QueueValueReader = (node: RuntimeNode, name: string) => number;

function generated(node: RuntimeNode, name: string, calendar: CalendarVariables | undefined): string | undefined {
  const own = generatedVariable(node, name, { lookup: findUserVariable, calendar });
  if (own !== undefined) return own;
  return node.repeat === undefined ? undefined : repeatGeneratedVariable(node.repeat, name);
}

function attributeOf(
  node: RuntimeNode,
  request: { kind: ExprAttributeKind; name: string; calendar: CalendarVariables | undefined },
): ResolvedAttribute | undefined {
  const { kind, name } = request;
  const named = (found: { name: string } | undefined) => (found === undefined ? undefined : { name: found.name });
  switch (kind) {
    case 'event': {
      const event = findByKey(node.events, name);
      return event === undefined ? undefined : { name: event.key };
    }
    case 'meter':
      return named(node.meters?.find((m) => m.name === name));
    case 'variable':
      return named(node.variables?.find((v) => v.name === name));
    case 'repeat':
      return node.repeat?.def.name === name ? { name, repeatKind: node.repeat.def.kind } : undefined;
    case 'generated':
      return generated(node, name, request.calendar) === undefined ? undefined : { name };
    case 'limit':
      return named(node.misc?.limits?.find((l) => l.name === name));
    case 'queue':
      return named(node.misc?.queues?.find((q) => q.name === name));
  }
}

// Relative references (`t0 == complete`) mostly name a sibling: a load compiles one per task. Building each
// child's path to look it up in the index makes a new string per lookup, and scanning a family of hundreds of
// tasks per lookup is quadratic, so lookups go through a name → position map per container, made on first use
// and validated on each hit (the children may have changed since). The maps are dropped by `forget()` after each
// batch of compilations, so they cost no memory between loads.
class ChildNames {
  private readonly maps = new Map<ContainerNode, Map<string, number>>();

  find(container: ContainerNode, name: string): RuntimeNode | undefined {
    const { children } = container;
    if (children.length <= 8) return children.find((child) => child.name === name);
    let positions = this.maps.get(container);
    let at = positions?.get(name);
    if (at === undefined || children[at]?.name !== name) {
      positions = new Map(children.map((child, index) => [child.name, index]));
      this.maps.set(container, positions);
      at = positions.get(name);
    }
    return at === undefined ? undefined : children[at];
  }

  forget(): void {
    this.maps.clear();
  }
}

/** {@link createTreeResolver}'s resolver, with its lookup cache. */
export interface TreeResolver extends ReferenceResolver<ExprRef> {
  /** Drops the lookup cache (call it after a batch of compilations). */
  forget(): void;
}

/** ecFlow's navigation over the run-time tree, for compiling expressions. */
export function createTreeResolver(tree: RuntimeTree, calendar: CalendarVariables | undefined): TreeResolver {
  const names = new ChildNames();
  return {
    findNode: (path) => (path === '/' ? tree.root : tree.index.get(path)),
    parent: (ref) => (ref instanceof DefsRoot ? undefined : parentNode(ref)),
    child: (ref, name) => {
      if (ref instanceof ContainerNode) return names.find(ref, name);
      return tree.index.get(ref instanceof DefsRoot ? `/${name}` : `${ref.path}/${name}`);
    },
    name: (ref) => (ref instanceof DefsRoot ? '' : ref.name),
    path: (ref) => ref.path,
    attribute: (ref, kind, name) => (ref instanceof DefsRoot ? undefined : attributeOf(ref, { kind, name, calendar })),
    forget: () => names.forget(),
  };
}

/** Read access to the run-time tree for evaluating compiled expressions. */
export function createTreeEnvironment(options: {
  readonly calendar: CalendarVariables | undefined;
  readonly queueValue?: QueueValueReader | undefined;
}): ExpressionEnvironment<ExprRef> {
  const { calendar, queueValue } = options;
  const node = (ref: ExprRef): RuntimeNode | undefined => (ref instanceof DefsRoot ? undefined : ref);
  return {
    nodeState: (ref) => (!(ref instanceof DefsRoot) && ref.suspended ? 'suspended' : stateName(ref.state)),
    eventValue: (ref, name) => findByKey(node(ref)?.events, name)?.value === true,
    meterValue: (ref, name) => node(ref)?.meters?.find((m) => m.name === name)?.value ?? 0,
    variableValue: (ref, name) => node(ref)?.variables?.find((v) => v.name === name)?.value ?? '',
    repeatValue: (ref) => {
      const repeat = node(ref)?.repeat;
      return repeat === undefined ? 0 : repeatLastValidValue(repeat);
    },
    generatedVariable: (ref, name) => {
      const found = node(ref);
      return found === undefined ? '' : (generated(found, name, calendar) ?? '');
    },
    limitValue: (ref, name) => node(ref)?.misc?.limits?.find((l) => l.name === name)?.value ?? 0,
    queueValue: (ref, name) => {
      const found = node(ref);
      return found === undefined || queueValue === undefined ? 0 : queueValue(found, name);
    },
    flag: (ref, flag: ExprFlagName) => (ref.flags & flagBit(flag)) !== 0,
  };
}
