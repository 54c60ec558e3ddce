import type { ServerState } from '@isobar/protocol';
import type { DefStatus, Expression, NodeKind, Variable } from '@isobar/protocol/defs';
import type { MiscAttributes, RuntimeEvent, RuntimeLabel, RuntimeMeter, RuntimeRepeat } from './attributes.js';
import { NODE_STATE_COUNT, NodeState, type NodeStateCode } from './node-state.js';

/** The parent of a suite: the definition root, which derives its state over the suites. */
export class DefsRoot {
  /** Always `/`. */
  readonly path = '/';
  /** Never set: the root is the top. */
  readonly parent: undefined = undefined;
  /** Suites, in order. */
  children: SuiteNode[] = [];
  /** Per-state counters of the suites' states. */
  counts: number[] = new Array<number>(NODE_STATE_COUNT).fill(0);
  /** Most significant suite state. */
  state: NodeStateCode = NodeState.unknown;
  /** Flags of the server node (bitmask). */
  flags = 0;
  /** The scheduler's dependency-index entry for the root (`/<flag>late` readers; see `RuntimeNode.dependents`). */
  dependents: unknown = undefined;
  /** Server user variables (`edit` at definition level). */
  variables: Variable[] | undefined = undefined;
  /** Server variables (ECF_HOME, ECF_TRIES, …). */
  serverVariables: Variable[] = [];
  /** `extern` paths. */
  externs: string[] | undefined = undefined;
  /** Server state (ecFlow keeps it on the definition too, so checkpoints restore it). */
  serverState: ServerState = 'RUNNING';
}

/** What a node's `parent` may be: a container, the root (for suites), or a task (for aliases). */
export type NodeParent = ContainerNode | DefsRoot | TaskNode;

/**
 * Fields shared by every node. Every field is initialised in the constructor, in the same order, so V8 keeps
 * one hidden class per node kind; attribute lists stay `undefined` until a node has one.
 */
export abstract class RuntimeNode {
  /** The node kind. */
  abstract readonly kind: NodeKind;
  /** Node state. */
  state: NodeStateCode = NodeState.unknown;
  /** ecFlow's `suspended` (a user hold, independent of the state). */
  suspended = false;
  /** ecFlow's flags as a bitmask (see `FLAG_BITS`). */
  flags = 0;
  /** `defstatus`; `undefined` = queued. */
  defstatus: DefStatus | undefined = undefined;
  /** When the state last changed, in seconds since the epoch. */
  stateSince = 0;
  /** `edit` variables. */
  variables: Variable[] | undefined = undefined;
  /** Events. */
  events: RuntimeEvent[] | undefined = undefined;
  /** Meters. */
  meters: RuntimeMeter[] | undefined = undefined;
  /** Labels. */
  labels: RuntimeLabel[] | undefined = undefined;
  /** Trigger expression (with its `free` mark). */
  trigger: Expression | undefined = undefined;
  /** Complete expression. */
  complete: Expression | undefined = undefined;
  /** Repeat and its position. */
  repeat: RuntimeRepeat | undefined = undefined;
  /** Time, limit and the rarer attributes. */
  misc: MiscAttributes | undefined = undefined;
  /**
   * The scheduler's compiled trigger/complete of this node (opaque to the model). Kept on the node rather than
   * in a map keyed by node: one field costs less than a map entry per holder, and needs no hashing.
   */
  compiled: unknown = undefined;
  /**
   * The scheduler's dependency-index entry for this node: the holders whose expressions read it (opaque to the
   * model). A field, not a map entry keyed by node, for the same reason as `compiled`.
   */
  dependents: unknown = undefined;
  /**
   * Membership marks of the engine's transient node lists (see `nextMarkEpoch`): the epoch of the change batch,
   * of the scheduler's pending list and of its reset list that holds this node. A node is in a list when its
   * mark equals the list's current epoch, so a list of 100 000 nodes needs no hash set, and starting a new epoch
   * empties it in O(1).
   */
  batchMark = 0;
  /** See {@link RuntimeNode.batchMark}. */
  pendingMark = 0;
  /** See {@link RuntimeNode.batchMark}. */
  resetMark = 0;

  constructor(
    /** Interned name. */
    public readonly name: string,
    /** Absolute path, the key of the tree's path index. */
    public readonly path: string,
    /** Parent. */
    public parent: NodeParent,
  ) {}
}

/** A suite or family. */
export abstract class ContainerNode extends RuntimeNode {
  /** Children, in order. */
  children: RuntimeNode[] = [];
  /** How many children are in each state, indexed by state code: O(1) derived state on a child's change. */
  counts: number[] = new Array<number>(NODE_STATE_COUNT).fill(0);
}

/** A suite. */
export class SuiteNode extends ContainerNode {
  /** Node kind (a prototype getter, so it costs no memory per node). */
  get kind(): 'suite' {
    return 'suite';
  }
  /** Whether `begin` has been applied. */
  begun = false;
}

/** A family. */
export class FamilyNode extends ContainerNode {
  /** Node kind (a prototype getter, so it costs no memory per node). */
  get kind(): 'family' {
    return 'family';
  }
}

/** A task or alias: something that runs a job. */
export abstract class SubmittableNode extends RuntimeNode {
  /** Try number (ECF_TRYNO); 0 before the first submission. */
  tryNo = 0;
  /** Job password (ECF_PASS); empty when none. */
  password = '';
  /** Remote id (ECF_RID) given by `init`; empty when none. */
  rid = '';
  /** Reason of the last abort; empty when none. */
  abortReason = '';
}

/** A task. */
export class TaskNode extends SubmittableNode {
  /** Node kind (a prototype getter, so it costs no memory per node). */
  get kind(): 'task' {
    return 'task';
  }
  /** Aliases (created by `edit_script … create_alias`). */
  aliases: AliasNode[] | undefined = undefined;
}

/** An alias of a task. */
export class AliasNode extends SubmittableNode {
  /** Node kind (a prototype getter, so it costs no memory per node). */
  get kind(): 'alias' {
    return 'alias';
  }
}

/** True for suites and families. */
export function isContainer(node: RuntimeNode): node is ContainerNode {
  return node instanceof ContainerNode;
}

/** True for tasks and aliases. */
export function isSubmittable(node: RuntimeNode): node is SubmittableNode {
  return node instanceof SubmittableNode;
}

/** The suite a node belongs to. */
export function suiteOf(node: RuntimeNode): SuiteNode {
  let current: RuntimeNode = node;
  while (!(current instanceof SuiteNode)) {
    const parent = current.parent;
    if (parent instanceof DefsRoot) break;
    current = parent;
  }
  return current as SuiteNode;
}

/** The parent node, `undefined` for suites. */
export function parentNode(node: RuntimeNode): ContainerNode | TaskNode | undefined {
  return node.parent instanceof DefsRoot ? undefined : node.parent;
}
