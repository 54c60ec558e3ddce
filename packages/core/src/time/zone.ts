import { IsobarError } from '@isobar/protocol';

import { HOUR_MS } from './civil.js';

/** How far back a backward (autumn) transition can still hold the suite clock: longer than any real DST shift. */
const MAX_SHIFT_MS = 3 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new IsobarError('INVALID_ARGUMENT', { details: { reason: `unknown time zone '${timeZone}'` }, cause });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `timeZone` is an IANA zone name this runtime knows (e.g. `Europe/London`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock reading of `instant` in `timeZone`, as naive milliseconds. Not monotonic: it jumps forward in
 * spring and back in autumn.
 */
export function wallClockAt(timeZone: string, instant: number): number {
  if (timeZone === 'UTC') return instant;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wholeSeconds =
    Date.UTC(
      fields['year'] ?? 1970,
      (fields['month'] ?? 1) - 1,
      fields['day'] ?? 1,
      fields['hour'] ?? 0,
      fields['minute'] ?? 0,
      fields['second'] ?? 0,
    ) / 1000;
  return wholeSeconds * 1000 + (((instant % 1000) + 1000) % 1000);
}

/** UTC offset of `timeZone` at `instant`, in milliseconds (wall = instant + offset). */
export function zoneOffsetAt(timeZone: string, instant: number): number {
  return wallClockAt(timeZone, instant) - instant;
}

/**
 * The suite wall clock: the zone's wall clock, held so that it never runs backwards. In the hour that autumn
 * repeats it stands still at the reading it had when the clocks went back, so a slot in that hour is reached
 * once (in the first pass), not twice. In spring the reading jumps forward and every slot in the skipped hour is reached at the jump.
 */
export function monotonicWallClockAt(timeZone: string, instant: number): number {
  const wall = wallClockAt(timeZone, instant);
  if (timeZone === 'UTC') return wall;
  const earlierOffset = zoneOffsetAt(timeZone, instant - MAX_SHIFT_MS);
  const offset = wall - instant;
  if (earlierOffset <= offset) return wall;
  // A backward transition happened within MAX_SHIFT_MS: find it, the wall reading just before it is the floor.
  let low = instant - MAX_SHIFT_MS;
  let high = instant;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (zoneOffsetAt(timeZone, mid) === earlierOffset) low = mid;
    else high = mid;
  }
  // `high` is the first instant on the new offset; the reading 1 ms before it is where the suite clock waits.
  return Math.max(wall, high - 1 + earlierOffset);
}

/**
 * The earliest instant at which `readingAt(instant) >= target`, for a non-decreasing `readingAt`. A first guess
 * from the offset is checked and corrected by bisection, which also finds the instant of a spring jump.
 */
export function earliestInstantReaching(readingAt: (instant: number) => number, target: number): number {
  const guess = target - (readingAt(target) - target);
  if (readingAt(guess) >= target && readingAt(guess - 1) < target) return guess;
  let low = target - 2 * 24 * HOUR_MS;
  let high = target + 2 * 24 * HOUR_MS;
  while (readingAt(low) >= target) low -= 2 * 24 * HOUR_MS;
  while (readingAt(high) < target) high += 2 * 24 * HOUR_MS;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (readingAt(mid) >= target) high = mid;
    else low = mid;
  }
  return high;
}
