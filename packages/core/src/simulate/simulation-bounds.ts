import type { DefsNode } from '@isobar/protocol/defs';
import { HOUR_MS } from '../time/index.js';

function nodeDuration(node: DefsNode, current: number): number {
  let duration = current;
  // ecFlow `Node::get_max_simulation_duration`: a day for time/today, a week for day, 31 weeks for date, a year
  // for cron or repeat.
  if ((node.times?.length ?? 0) > 0) duration = Math.max(duration, 24 * HOUR_MS);
  if ((node.days?.length ?? 0) > 0) duration = Math.max(duration, 168 * HOUR_MS);
  if ((node.dates?.length ?? 0) > 0) duration = Math.max(duration, 24 * 7 * 31 * HOUR_MS);
  if ((node.crons?.length ?? 0) > 0 || node.repeat !== undefined) duration = 8760 * HOUR_MS;
  for (const child of node.children ?? []) duration = nodeDuration(child, duration);
  return duration;
}

/**
 * How long ecFlow's simulator runs a suite (`SimulatorVisitor`): `endclock - clock` when both are given, else 24 h,
 * longer with days, dates, crons or repeats.
 */
export function simulationPeriodMs(suite: DefsNode): number {
  const clock = suite.clock;
  const end = suite.endclock;
  if (clock !== undefined && end !== undefined && clock.day !== 0 && end.day !== 0) {
    const from = Date.UTC(clock.year, clock.month - 1, clock.day) + clock.gain * 1000;
    const to = Date.UTC(end.year, end.month - 1, end.day) + end.gain * 1000;
    return Math.max(0, to - from);
  }
  return nodeDuration(suite, 24 * HOUR_MS);
}

/** Start instant of a simulation: midnight UTC of the first suite's clock date, else of 2020-01-01. */
export function simulationStart(suites: readonly DefsNode[]): number {
  const clock = suites.find((s) => s.clock !== undefined && s.clock.day !== 0)?.clock;
  return clock === undefined ? Date.UTC(2020, 0, 1) : Date.UTC(clock.year, clock.month - 1, clock.day);
}
