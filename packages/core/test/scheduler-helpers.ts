import { parseDefs } from '@isobar/protocol/defs';
import { createEngine, type Engine } from '../src/engine/index.js';
import { createScheduler, type Scheduler } from '../src/engine/scheduler/index.js';
import { createEvaluationCounter, type EvaluationCounter } from '../src/expr/index.js';
import type { SubmittableNode } from '../src/model/index.js';
import { VirtualClock } from '../src/time/index.js';

/** An engine + scheduler on a virtual clock whose submitter only records the tasks. */
export interface Harness {
  readonly engine: Engine;
  readonly scheduler: Scheduler;
  readonly clock: VirtualClock;
  readonly submitted: SubmittableNode[];
  readonly counter: EvaluationCounter;
  /** Runs the scheduler and returns the paths submitted since the last call. */
  step(): string[];
  /** init + complete of a submitted task, then a scheduler run. */
  finish(path: string): string[];
  /** init + abort. */
  abort(path: string): string[];
  state(path: string): string;
}

export function harness(text: string, start = Date.UTC(2024, 0, 1)): Harness {
  const clock = new VirtualClock(start);
  const submitted: SubmittableNode[] = [];
  const counter = createEvaluationCounter();
  const engine = createEngine({ clock, submitter: { submit: (task) => void submitted.push(task) } });
  const scheduler = createScheduler(engine, { clock, autoRun: false, counter });
  engine.load(parseDefs(text, { file: 'test.def' }));
  engine.begin();
  const step = () => {
    scheduler.flush();
    return submitted.splice(0).map((t) => t.path);
  };
  const who = (path: string) => ({ path, password: (engine.node(path) as SubmittableNode).password });
  return {
    engine,
    scheduler,
    clock,
    submitted,
    counter,
    step,
    finish(path) {
      engine.childInit(who(path), '1');
      engine.childComplete(who(path));
      return step();
    },
    abort(path) {
      engine.childInit(who(path), '1');
      engine.childAbort(who(path), 'failed');
      return step();
    },
    state: (path) => {
      const node = engine.node(path);
      return node.suspended
        ? 'suspended'
        : ['unknown', 'complete', 'queued', 'submitted', 'active', 'aborted'][node.state]!;
    },
  };
}
