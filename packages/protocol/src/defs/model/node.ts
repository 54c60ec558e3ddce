import type { Event, Expression, InLimit, Label, Limit, Meter, Repeat, Variable, Verify } from './attributes.js';
import type { AvisoAttr, GenericAttr, MirrorAttr, QueueAttr, ZombieAttr } from './misc-attributes.js';
import type { DefStatus, NodeRuntimeState } from './states.js';
import type { AutoCleanAttr, ClockAttr, CronAttr, DateAttr, DayAttr, LateAttr, TimeAttr } from './time-attributes.js';

/** Node kinds of the tree. */
export type NodeKind = 'suite' | 'family' | 'task' | 'alias';

/**
 * One node of a definition. All kinds share this one shape (so engines see monomorphic objects); fields that a
 * kind cannot carry stay `undefined`. Every attribute list is `undefined` when the node has none, and lists
 * keep the order of the source text (ecFlow writes them grouped by kind, see `writeDefs`).
 */
export interface DefsNode {
  /** Node kind. */
  kind: NodeKind;
  /** Node name (`[A-Za-z0-9_][A-Za-z0-9_.]*`). */
  name: string;
  /** Child suites' families and tasks (suite, family); `undefined` for none. */
  children: DefsNode[] | undefined;
  /** Aliases of a task (state dialect only). */
  aliases: DefsNode[] | undefined;
  /** Run-time state from the node line's `#` comment (state dialect). */
  runtime: NodeRuntimeState | undefined;
  /** `defstatus`; `undefined` = ecFlow's default (queued). */
  defstatus: DefStatus | undefined;
  /** `late`. */
  late: LateAttr | undefined;
  /** `complete` expression. */
  complete: Expression | undefined;
  /** `trigger` expression. */
  trigger: Expression | undefined;
  /** `repeat`. */
  repeat: Repeat | undefined;
  /** `edit` variables. */
  variables: Variable[] | undefined;
  /** `limit`s. */
  limits: Limit[] | undefined;
  /** `inlimit`s. */
  inlimits: InLimit[] | undefined;
  /** `label`s. */
  labels: Label[] | undefined;
  /** `meter`s. */
  meters: Meter[] | undefined;
  /** `event`s. */
  events: Event[] | undefined;
  /** `time` and `today` attributes (ecFlow writes all times, then all todays). */
  times: TimeAttr[] | undefined;
  /** `date`s. */
  dates: DateAttr[] | undefined;
  /** `day`s. */
  days: DayAttr[] | undefined;
  /** `cron`s. */
  crons: CronAttr[] | undefined;
  /** `aviso`s. */
  avisos: AvisoAttr[] | undefined;
  /** `mirror`s. */
  mirrors: MirrorAttr[] | undefined;
  /** `autocancel`. */
  autocancel: AutoCleanAttr | undefined;
  /** `autoarchive`. */
  autoarchive: AutoCleanAttr | undefined;
  /** `autorestore` paths. */
  autorestore: readonly string[] | undefined;
  /** `zombie`s. */
  zombies: ZombieAttr[] | undefined;
  /** `verify`s. */
  verifies: Verify[] | undefined;
  /** `queue`s. */
  queues: QueueAttr[] | undefined;
  /** `generic`s. */
  generics: GenericAttr[] | undefined;
  /** `clock` (suite only). */
  clock: ClockAttr | undefined;
  /** `endclock` (suite only). */
  endclock: ClockAttr | undefined;
  /** State dialect `calendar ...` line of a suite, verbatim after the keyword. */
  calendar: string | undefined;
}

/** A suite node. */
export type Suite = DefsNode & { kind: 'suite' };
/** A family node. */
export type Family = DefsNode & { kind: 'family' };
/** A task node. */
export type Task = DefsNode & { kind: 'task' };
/** An alias node (state dialect). */
export type Alias = DefsNode & { kind: 'alias' };

/**
 * Creates an empty node of the given kind with every field present (fixed object shape).
 *
 * @example
 * ```ts
 * const task = createNode('task', 't1');
 * ```
 */
export function createNode(kind: NodeKind, name: string): DefsNode {
  return {
    kind,
    name,
    children: undefined,
    aliases: undefined,
    runtime: undefined,
    defstatus: undefined,
    late: undefined,
    complete: undefined,
    trigger: undefined,
    repeat: undefined,
    variables: undefined,
    limits: undefined,
    inlimits: undefined,
    labels: undefined,
    meters: undefined,
    events: undefined,
    times: undefined,
    dates: undefined,
    days: undefined,
    crons: undefined,
    avisos: undefined,
    mirrors: undefined,
    autocancel: undefined,
    autoarchive: undefined,
    autorestore: undefined,
    zombies: undefined,
    verifies: undefined,
    queues: undefined,
    generics: undefined,
    clock: undefined,
    endclock: undefined,
    calendar: undefined,
  };
}

/** True for suites and families, which hold children. */
export function isContainerNode(node: DefsNode): boolean {
  return node.kind === 'suite' || node.kind === 'family';
}

/** True for tasks and aliases, which run jobs. */
export function isSubmittableNode(node: DefsNode): boolean {
  return node.kind === 'task' || node.kind === 'alias';
}
