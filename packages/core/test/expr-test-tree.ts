// The reference implementation of ExpressionEnvironment and ReferenceResolver for the expr tests: a plain object
// tree built in the test. It is not a stand-in for the engine's tree; it is the smallest faithful implementation
// of the two interfaces, so the tests exercise the expression semantics alone.
import type { ExprFlagName, NodeStateName } from '@isobar/protocol/defs';
import type {
  ExprAttributeKind,
  ExpressionEnvironment,
  ExprNodeState,
  ExprRepeatKind,
  ReferenceResolver,
  ResolvedAttribute,
} from '../src/expr/index.js';

export interface TestNode {
  readonly name: string;
  readonly kind: 'root' | 'suite' | 'family' | 'task';
  readonly parent: TestNode | undefined;
  readonly children: Map<string, TestNode>;
  state: NodeStateName;
  suspended: boolean;
  readonly events: Map<string, boolean>;
  readonly meters: Map<string, number>;
  readonly variables: Map<string, string>;
  readonly generated: Map<string, string>;
  readonly limits: Map<string, number>;
  readonly queues: Map<string, number>;
  readonly flags: Set<ExprFlagName>;
  repeat: { name: string; kind: ExprRepeatKind; value: number } | undefined;
}

function makeNode(name: string, kind: TestNode['kind'], parent: TestNode | undefined): TestNode {
  const node: TestNode = {
    name,
    kind,
    parent,
    children: new Map(),
    state: 'queued',
    suspended: false,
    events: new Map(),
    meters: new Map(),
    variables: new Map(),
    generated: new Map(),
    limits: new Map(),
    queues: new Map(),
    flags: new Set(),
    repeat: undefined,
  };
  parent?.children.set(name, node);
  return node;
}

/** A tree of plain objects with helpers to add nodes by path and read them back. */
export class TestTree {
  readonly root = makeNode('', 'root', undefined);

  /** Adds `/a/b/c` (and missing ancestors: first level suite, then families; the last one `kind`). */
  add(path: string, kind: 'family' | 'task' | 'suite' = 'task'): TestNode {
    const names = path.split('/').filter(Boolean);
    let node = this.root;
    names.forEach((name, index) => {
      const existing = node.children.get(name);
      const last = index === names.length - 1;
      const nodeKind = index === 0 ? 'suite' : last ? kind : 'family';
      node = existing ?? makeNode(name, nodeKind, node);
    });
    return node;
  }

  get(path: string): TestNode {
    const node = this.find(path);
    if (node === undefined) throw new Error(`no test node ${path}`);
    return node;
  }

  find(path: string): TestNode | undefined {
    let node: TestNode | undefined = this.root;
    for (const name of path.split('/').filter(Boolean)) node = node?.children.get(name);
    return node;
  }

  delete(path: string): TestNode {
    const node = this.get(path);
    node.parent?.children.delete(node.name);
    return node;
  }

  readonly resolver: ReferenceResolver<TestNode> = {
    findNode: (path) => this.find(path),
    parent: (ref) => (ref.parent === undefined || ref.parent.kind === 'root' ? undefined : ref.parent),
    child: (ref, name) => ref.children.get(name),
    name: (ref) => ref.name,
    path: (ref) => pathOf(ref),
    attribute: (ref, kind, name) => findAttribute(ref, kind, name),
  };

  readonly env: ExpressionEnvironment<TestNode> = {
    nodeState: (ref): ExprNodeState => (ref.suspended ? 'suspended' : ref.state),
    eventValue: (ref, name) => ref.events.get(name) === true,
    meterValue: (ref, name) => ref.meters.get(name) ?? 0,
    variableValue: (ref, name) => ref.variables.get(name) ?? '',
    repeatValue: (ref) => ref.repeat?.value ?? 0,
    generatedVariable: (ref, name) => ref.generated.get(name) ?? '',
    limitValue: (ref, name) => ref.limits.get(name) ?? 0,
    queueValue: (ref, name) => ref.queues.get(name) ?? 0,
    flag: (ref, flag) => ref.flags.has(flag),
  };
}

export function pathOf(node: TestNode): string {
  const names: string[] = [];
  for (let n: TestNode | undefined = node; n !== undefined && n.kind !== 'root'; n = n.parent) names.push(n.name);
  return '/' + names.reverse().join('/');
}

function findAttribute(ref: TestNode, kind: ExprAttributeKind, name: string): ResolvedAttribute | undefined {
  switch (kind) {
    case 'event':
      return ref.events.has(name) ? { name } : undefined;
    case 'meter':
      return ref.meters.has(name) ? { name } : undefined;
    case 'variable':
      return ref.variables.has(name) ? { name } : undefined;
    case 'repeat':
      return ref.repeat?.name === name ? { name, repeatKind: ref.repeat.kind } : undefined;
    case 'generated':
      return ref.generated.has(name) ? { name } : undefined;
    case 'limit':
      return ref.limits.has(name) ? { name } : undefined;
    case 'queue':
      return ref.queues.has(name) ? { name } : undefined;
  }
}
