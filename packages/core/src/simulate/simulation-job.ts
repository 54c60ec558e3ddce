import type { QueueAttr } from '@isobar/protocol/defs';
import type { Engine } from '../engine/engine.js';
import type { Scheduler } from '../engine/scheduler/index.js';
import { NodeState, parentNode, type RuntimeNode, type SubmittableNode } from '../model/index.js';

/** Positions of queue attributes during a simulation (ecFlow `QueueAttr::currentIndex_`). */
export class SimulatedQueues {
  private readonly positions = new Map<QueueAttr, number>();

  /** ecFlow `QueueAttr::index_or_value`: the current item when it is an integer, else the position. */
  value(node: RuntimeNode, name: string): number {
    const queue = node.misc?.queues?.find((q) => q.name === name);
    if (queue === undefined) return 0;
    const index = this.positions.get(queue) ?? 0;
    const item = queue.values[index];
    return item !== undefined && /^[+-]?\d+$/.test(item) ? Number(item) : index;
  }

  /** Steps a queue past one item; false when it is exhausted. */
  step(queue: QueueAttr): boolean {
    const index = this.positions.get(queue) ?? 0;
    if (index >= queue.values.length) return false;
    this.positions.set(queue, index + 1);
    return true;
  }
}

/**
 * What ecFlow's simulator does for a submitted task: init, then invert each event some expression reads, step each
 * meter some expression reads up to its maximum (others jump there), walk the queues of the task and its
 * ancestors, then complete — letting the scheduler run after every step, as dependants may fire mid-job.
 */
export function runSimulatedJob(
  task: SubmittableNode,
  parts: { engine: Engine; scheduler: Scheduler; queues: SimulatedQueues },
): void {
  const { engine, scheduler, queues } = parts;
  if (task.state !== NodeState.submitted) return;
  const who = { path: task.path, password: task.password };
  const alive = () => task.state === NodeState.active && engine.tree.index.get(task.path) === task;
  const step = (work: () => void) => {
    if (!alive()) return;
    work();
    scheduler.flush();
  };
  engine.childInit(who, `sim${task.tryNo}`);
  scheduler.flush();
  const { index } = scheduler.exprs;
  for (const event of task.events ?? []) {
    if (index.dependents(task, 'event', event.key).size > 0)
      step(() => engine.childEvent(who, event.key, !event.initial));
  }
  for (const meter of task.meters ?? []) {
    if (index.dependents(task, 'meter', meter.name).size > 0) {
      while (alive() && meter.value < meter.max) step(() => engine.childMeter(who, meter.name, meter.value + 1));
    } else if (meter.value !== meter.max) step(() => engine.childMeter(who, meter.name, meter.max));
  }
  for (let node: RuntimeNode | undefined = task; node !== undefined; node = parentNode(node)) {
    for (const queue of node.misc?.queues ?? []) {
      while (alive() && queues.step(queue)) {
        index.markChanged(node, 'queue', queue.name);
        scheduler.flush();
      }
    }
  }
  step(() => engine.childComplete(who));
}
