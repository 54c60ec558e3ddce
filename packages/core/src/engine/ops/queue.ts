import type { QueueAttr } from '@isobar/protocol/defs';
import { IsobarError } from '@isobar/protocol';
import { parentNode, type RuntimeNode } from '../../model/index.js';
import { attributeText } from '../def-text-codec.js';
import { invalidArgument, notFound } from '../errors.js';
import type { OpContext } from '../op-context.js';

/** What a queue step can be (ecFlow keeps a node state per step; only these four are ever set). */
export type QueueStepState = 'queued' | 'active' | 'complete' | 'aborted';

/** The run-time position of a queue: the index of the next step and the state of every step. */
export interface QueuePosition {
  /** Index of the step `active` hands out next; `values.length` (or more) once every step was handed out. */
  readonly index: number;
  /** One state per step, in order. */
  readonly states: readonly QueueStepState[];
}

/** The actions of ecFlow's `--queue=NAME ACTION [STEP] [PATH]`. */
export type QueueAction = 'active' | 'complete' | 'aborted' | 'no_of_aborted' | 'reset';

/** A child `queue` command. */
export interface QueueRequest {
  /** Queue name. */
  readonly name: string;
  /** What to do. */
  readonly action: QueueAction;
  /** The step, for `complete` and `aborted`. */
  readonly step?: string | undefined;
  /** Path of the node holding the queue. @default the task, then its ancestors */
  readonly path?: string | undefined;
}

/** The answer of a queue command. */
export interface QueueReply {
  /** `active`: the step handed out; `undefined` when none is left (ecFlow prints `<NULL>`). */
  readonly step?: string;
  /** `no_of_aborted`: how many steps are aborted. */
  readonly noOfAborted?: number;
}

const STEP_STATES: ReadonlySet<string> = new Set<QueueStepState>(['queued', 'active', 'complete', 'aborted']);

function isStepState(word: string): word is QueueStepState {
  return STEP_STATES.has(word);
}

/**
 * The position a queue attribute is at. The run-time state lives in the attribute's state-dialect text
 * (`# index state state …`, what ecFlow writes), so checkpoints, `get --state` and change records carry it with
 * no extra field per node; a missing or malformed text is the definition's position (index 0, all queued).
 */
export function queuePositionOf(queue: QueueAttr): QueuePosition {
  const initial = { index: 0, states: queue.values.map((): QueueStepState => 'queued') };
  const words = queue.state?.trim().split(/\s+/) ?? [];
  const index = Number(words[0]);
  const states = words.slice(1);
  if (!Number.isInteger(index) || index < 0 || states.length !== queue.values.length) return initial;
  if (!states.every(isStepState)) return initial;
  return { index, states };
}

/** The state-dialect text of a position (`index state state …`), or `undefined` for the initial position. */
export function queueStateText(position: QueuePosition): string | undefined {
  const initial = position.index === 0 && position.states.every((s) => s === 'queued');
  return initial ? undefined : [String(position.index), ...position.states].join(' ');
}

/**
 * The value of a queue in trigger expressions (ecFlow `QueueAttr::index_or_value`): the current step as an
 * integer when it is one (`003` → 3), else the index of the current step.
 */
export function queueExpressionValue(queue: QueueAttr): number {
  const { index } = queuePositionOf(queue);
  const value = queue.values[index];
  if (value !== undefined && /^[-+]?\d+$/.test(value)) return Number.parseInt(value, 10);
  return index;
}

/** The queue named `name` on `node` itself. */
export function findOwnQueue(node: RuntimeNode, name: string): QueueAttr | undefined {
  return node.misc?.queues?.find((q) => q.name === name);
}

/** The node holding the queue a command means: the one at `path`, else the first of the task and its ancestors. */
function queueHolder(ctx: OpContext, task: RuntimeNode, request: QueueRequest): [RuntimeNode, QueueAttr] {
  const { name, path } = request;
  if (path !== undefined && path !== '') {
    const holder = ctx.tree.index.get(path);
    if (holder === undefined) throw notFound(path, `no node holds queue ${name}`);
    const queue = findOwnQueue(holder, name);
    if (queue === undefined) throw notFound(`${path}:${name}`, 'no such queue');
    return [holder, queue];
  }
  for (let node: RuntimeNode | undefined = task; node !== undefined; node = parentNode(node)) {
    const queue = findOwnQueue(node, name);
    if (queue !== undefined) return [node, queue];
  }
  throw notFound(`${task.path}:${name}`, `no queue ${name} on the task or up the node hierarchy`);
}

/** Sets a queue's position and records the queue's whole line (absolute: `index := N` with every step state). */
export function setQueuePosition(
  ctx: OpContext,
  target: { readonly holder: RuntimeNode; readonly queue: QueueAttr },
  to: QueuePosition,
): void {
  const { holder, queue } = target;
  const state = queueStateText(to);
  if (state === queue.state) return;
  queue.state = state;
  const text = attributeText(holder.kind, (n) => (n.queues = [queue]));
  ctx.batch.add({ type: 'attribute.changed', path: holder.path, attribute: 'queue', name: queue.name, text });
}

function stepIndex(queue: QueueAttr, step: string | undefined): number {
  const at = step === undefined ? -1 : queue.values.indexOf(step);
  if (at < 0) throw invalidArgument(`could not find step '${step ?? ''}' in queue ${queue.name}`, { step });
  return at;
}

function withState(position: QueuePosition, at: number, state: QueueStepState): QueuePosition {
  return { index: position.index, states: position.states.map((s, i) => (i === at ? state : s)) };
}

/** Applies an action to a position: the new position and the reply. */
export function stepQueue(queue: QueueAttr, request: QueueRequest): { position: QueuePosition; reply: QueueReply } {
  const position = queuePositionOf(queue);
  switch (request.action) {
    case 'active': {
      const step = queue.values[position.index];
      if (step === undefined) return { position, reply: {} };
      const next = withState(position, position.index, 'active');
      return { position: { ...next, index: position.index + 1 }, reply: { step } };
    }
    case 'complete':
    case 'aborted':
      return { position: withState(position, stepIndex(queue, request.step), request.action), reply: {} };
    case 'no_of_aborted':
      return { position, reply: { noOfAborted: position.states.filter((s) => s === 'aborted').length } };
    case 'reset': {
      // ecFlow: back to the first step still queued or aborted (so failed steps are handed out again).
      const first = position.states.findIndex((s) => s === 'queued' || s === 'aborted');
      return { position: first < 0 ? position : { ...position, index: first }, reply: {} };
    }
    default:
      throw new IsobarError('INVALID_ARGUMENT', {
        details: { reason: `unknown queue action ${String(request.action)}` },
      });
  }
}

/**
 * ecFlow's child `--queue=NAME ACTION [STEP] [PATH]` for `task`: finds the queue (at PATH, else on the task or
 * the nearest ancestor), applies the action and records the queue's new position.
 */
export function queueCommand(ctx: OpContext, task: RuntimeNode, request: QueueRequest): QueueReply {
  const [holder, queue] = queueHolder(ctx, task, request);
  const { position, reply } = stepQueue(queue, request);
  setQueuePosition(ctx, { holder, queue }, position);
  return reply;
}

/** Begin/requeue: every queue of the node back to its first step, all steps queued (ecFlow `QueueAttr::requeue`). */
export function resetQueues(ctx: OpContext, node: RuntimeNode): void {
  for (const queue of node.misc?.queues ?? []) {
    setQueuePosition(
      ctx,
      { holder: node, queue },
      { index: 0, states: queue.values.map((): QueueStepState => 'queued') },
    );
  }
}
