// Fault injection for crash tests of the whole server process: `ISOBAR_TEST_FAULT=<point>:<n>` makes the server
// SIGKILL itself the n-th time the persistence code passes <point> (a journal append, a checkpoint slice…), so
// a test can place a crash exactly where durability is hardest. Unset in production; it never changes behaviour
// otherwise.
import { FAULT_POINTS, type FaultHook, type FaultPoint } from '@isobar/core';
import { usageError } from './launcher-errors.js';

/** A parsed `ISOBAR_TEST_FAULT`. */
export interface TestFault {
  readonly point: FaultPoint;
  readonly hit: number;
}

/**
 * Parses `<point>:<n>` (n ≥ 1).
 *
 * @throws IsobarError `INVALID_ARGUMENT` naming ISOBAR_TEST_FAULT and the known points.
 */
export function parseTestFault(text: string | undefined): TestFault | undefined {
  if (text === undefined) return undefined;
  const match = /^([a-zA-Z.]+):([1-9][0-9]{0,8})$/.exec(text);
  const point = match?.[1];
  if (match === null || point === undefined || !(FAULT_POINTS as readonly string[]).includes(point)) {
    throw usageError(
      `ISOBAR_TEST_FAULT: expected <point>:<n> with point one of ${FAULT_POINTS.join(', ')}, got ${JSON.stringify(text)}`,
      {
        field: 'ISOBAR_TEST_FAULT',
      },
    );
  }
  return { point: point as FaultPoint, hit: Number(match[2]) };
}

/** The fault hook that kills this process at the chosen hit. */
export function testFaultHook(fault: TestFault, kill: () => void): FaultHook {
  let hits = 0;
  return (point) => {
    if (point === fault.point && ++hits === fault.hit) kill();
  };
}
