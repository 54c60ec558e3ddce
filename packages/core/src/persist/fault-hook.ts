/**
 * The named points inside the persistence code where a test can inject a fault: a crash test SIGKILLs the process
 * there, a storage test throws an `ENOSPC` error, a counting test counts fsyncs.
 */
export const FAULT_POINTS = [
  'journal.beforeWrite',
  'journal.beforeFsync',
  'journal.afterFsync',
  'checkpoint.midSlice',
  'checkpoint.beforeFsync',
  'checkpoint.beforeRename',
] as const;

/** One of {@link FAULT_POINTS}. */
export type FaultPoint = (typeof FAULT_POINTS)[number];

/**
 * Called synchronously at each {@link FaultPoint}. Throwing an error with a `code` (e.g. `ENOSPC`) makes the
 * surrounding write fail exactly as the file system would.
 *
 * @example
 * ```ts
 * let fsyncs = 0;
 * const faults: FaultHook = (point) => { if (point === 'journal.beforeFsync') fsyncs++; };
 * ```
 */
export type FaultHook = (point: FaultPoint, details: { readonly file: string }) => void;

/** A hook that does nothing (production). */
export const noFaults: FaultHook = () => undefined;
