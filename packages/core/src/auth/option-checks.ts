// Helpers for the resolveXOptions functions of this module: collect every problem, then throw once.
import { IsobarError } from '@isobar/protocol';

/** Collects option problems so one `CONFIG_ERROR` can report them all. */
export interface ProblemCollector {
  readonly problems: string[];
  /** Records a problem unless `value` is undefined or an integer in `[min, max]`. */
  integer(name: string, value: unknown, range: { min: number; max?: number }): void;
  /** Records a problem unless `value` is undefined or a boolean. */
  boolean(name: string, value: unknown): void;
  /** Throws `CONFIG_ERROR` listing every problem, if any; `what` names the options object. */
  throwIfAny(what: string): void;
}

/** Creates an empty {@link ProblemCollector}. */
export function createProblemCollector(): ProblemCollector {
  const problems: string[] = [];
  return {
    problems,
    integer(name, value, { min, max = Number.MAX_SAFE_INTEGER }) {
      if (value === undefined) return;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
        problems.push(`${name} must be an integer ${range}, got ${JSON.stringify(value)}`);
      }
    },
    boolean(name, value) {
      if (value !== undefined && typeof value !== 'boolean') {
        problems.push(`${name} must be true or false, got ${JSON.stringify(value)}`);
      }
    },
    throwIfAny(what) {
      if (problems.length === 0) return;
      throw new IsobarError('CONFIG_ERROR', {
        message: `Invalid configuration: ${what}: ${problems.join('; ')}`,
        details: { reason: problems.join('; '), problems: [...problems] },
      });
    },
  };
}
