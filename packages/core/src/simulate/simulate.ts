import { IsobarError } from '@isobar/protocol';
import { check, parseDefs, type Defs } from '@isobar/protocol/defs';
import { createEngine } from '../engine/engine.js';
import type { WhyReason } from '../engine/engine-hooks.js';
import { createScheduler, type Scheduler } from '../engine/scheduler/index.js';
import {
  NodeState,
  SubmittableNode,
  stateCode,
  stateName,
  walk,
  type NodeStateCode,
  type RuntimeNode,
} from '../model/index.js';
import { VirtualClock } from '../time/index.js';
import { simulationPeriodMs, simulationStart } from './simulation-bounds.js';
import { runSimulatedJob, SimulatedQueues } from './simulation-job.js';

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Virtual start instant (epoch ms). @default midnight UTC of the first suite clock's date, else 2020-01-01 */
  readonly start?: number;
  /** IANA zone of calendars without a date. @default 'UTC' */
  readonly timeZone?: string;
  /** Source name for parse errors when `defs` is text. @default 'simulate.def' */
  readonly file?: string;
  /** Called after every scheduler step (tests run the safety full pass here). */
  readonly afterStep?: (step: { readonly now: number }, scheduler: Scheduler) => void;
}

/** One `verify state:count` and what happened. */
export interface VerifyOutcome {
  readonly path: string;
  readonly state: string;
  readonly expected: number;
  readonly actual: number;
}

/** Result of {@link simulate}. */
export interface SimulationResult {
  /** Every suite completed (or has a cron/autocancel, as ecFlow excuses) and every verify count was met. */
  readonly ok: boolean;
  /** Problems: parse/check errors, suites not complete, verify counts not met. */
  readonly problems: readonly string[];
  /** Verify attributes with their counts. */
  readonly verifies: readonly VerifyOutcome[];
  /** Nodes that did not complete, with the reasons `why` gives. */
  readonly blocked: readonly {
    readonly path: string;
    readonly state: string;
    readonly reasons: readonly WhyReason[];
  }[];
  /** Jobs run. */
  readonly jobs: number;
  /** Simulated time, ms. */
  readonly simulatedMs: number;
}

function failure(problem: string): SimulationResult {
  return { ok: false, problems: [problem], verifies: [], blocked: [], jobs: 0, simulatedMs: 0 };
}

function parse(defs: Defs | string, file: string): Defs | SimulationResult {
  if (typeof defs !== 'string') return defs;
  try {
    return parseDefs(defs, { file });
  } catch (error) {
    return failure(error instanceof IsobarError || error instanceof Error ? error.message : String(error));
  }
}

/**
 * Simulates a definition with the real engine and scheduler on a virtual clock: jobs complete at once (events,
 * meters, queues stepped as ecFlow's simulator does), the clock jumps to the next timer when nothing is left to
 * do, until the suites complete or ecFlow's simulation period (24 h; longer with days, dates, crons, repeats;
 * `endclock`) is over. Then checks the `verify` counts and explains what did not complete.
 *
 * @example
 * ```ts
 * const result = simulate(readFileSync('suite.def', 'utf8'));
 * if (!result.ok) console.log(result.problems.join('\n'));
 * ```
 */
export function simulate(defs: Defs | string, options: SimulateOptions = {}): SimulationResult {
  const parsed = parse(defs, options.file ?? 'simulate.def');
  if (!('suites' in parsed)) return parsed;
  const errors = check(parsed).filter((finding) => finding.severity === 'error');
  if (errors.length > 0) return failure(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  const start = options.start ?? simulationStart(parsed.suites);
  // Each suite runs for its own period (ecFlow stops advancing a suite's calendar after it): past it, the suite
  // is suspended so nothing more starts there.
  const ends = new Map(parsed.suites.map((suite) => [`/${suite.name}`, start + simulationPeriodMs(suite)]));
  const end = Math.max(...ends.values(), start);
  const clock = new VirtualClock(start);
  const jobs: SubmittableNode[] = [];
  const counts = new Map<RuntimeNode, number[]>();
  const queues = new SimulatedQueues();
  const engine = createEngine({ clock, submitter: { submit: (task) => void jobs.push(task) } });
  const scheduler = createScheduler(engine, {
    clock,
    timeZone: options.timeZone,
    autoRun: false,
    queueValue: (node, name) => queues.value(node, name),
    onStateReached: (node, state) => bump(counts, node, state),
  });
  engine.load(parsed);
  engine.begin();
  let ran = 0;
  for (;;) {
    scheduler.flush();
    options.afterStep?.({ now: clock.now() }, scheduler);
    for (let task = jobs.shift(); task !== undefined; task = jobs.shift()) {
      runSimulatedJob(task, { engine, scheduler, queues });
      ran++;
      options.afterStep?.({ now: clock.now() }, scheduler);
    }
    if (engine.tree.root.children.every((s) => s.state === NodeState.complete)) break;
    const next = clock.nextTimerAt();
    if (next === undefined || next > end) break;
    const over = [...ends].filter(([, at]) => at < next).map(([path]) => path);
    if (over.length > 0) {
      over.forEach((path) => ends.delete(path));
      engine.suspend(over);
    }
    clock.advanceTo(next);
  }
  const result = report(engine, { counts, jobs: ran, simulatedMs: clock.now() - start });
  scheduler.close();
  return result;
}

function bump(counts: Map<RuntimeNode, number[]>, node: RuntimeNode, state: NodeStateCode): void {
  if (node.misc?.verifies === undefined) return;
  let list = counts.get(node);
  if (list === undefined) counts.set(node, (list = [0, 0, 0, 0, 0, 0]));
  list[state] = (list[state] ?? 0) + 1;
}

function report(
  engine: ReturnType<typeof createEngine>,
  run: { counts: Map<RuntimeNode, number[]>; jobs: number; simulatedMs: number },
): SimulationResult {
  const problems: string[] = [];
  const verifies: VerifyOutcome[] = [];
  const blocked: { path: string; state: string; reasons: WhyReason[] }[] = [];
  let excused = false;
  for (const suite of engine.tree.root.children) {
    walk(suite, (node) => {
      if ((node.misc?.crons?.length ?? 0) > 0 || node.misc?.autocancel !== undefined) excused = true;
      for (const verify of node.misc?.verifies ?? []) {
        const actual = run.counts.get(node)?.[stateCode(verify.state)] ?? 0;
        verifies.push({ path: node.path, state: verify.state, expected: verify.expected, actual });
        if (actual !== verify.expected) {
          problems.push(
            `${node.path}: verify ${verify.state}:${verify.expected} but it was ${verify.state} ${actual} times`,
          );
        }
      }
      if (node instanceof SubmittableNode && node.state !== NodeState.complete) {
        blocked.push({ path: node.path, state: stateName(node.state), reasons: engine.why(node.path) });
      }
    });
  }
  if (!excused) {
    for (const suite of engine.tree.root.children) {
      if (suite.state !== NodeState.complete) problems.push(`suite '${suite.path}' has not completed`);
    }
  }
  const { jobs, simulatedMs } = run;
  return { ok: problems.length === 0, problems, verifies, blocked, jobs, simulatedMs };
}
