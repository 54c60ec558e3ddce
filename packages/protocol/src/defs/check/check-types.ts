/** One problem found by `check`. */
export interface CheckFinding {
  /** Absolute path of the node the problem is on (`/` for the definition itself). */
  path: string;
  /** What is wrong, naming the attribute and the offending reference. */
  message: string;
  /** Line in the source, when the definition carries line numbers. */
  line?: number;
  /**
   * `error`: the definition must not be loaded. `warning`: loadable, but probably not what was meant (ecFlow
   * only warns, e.g., for an `inlimit` whose limit cannot be found).
   */
  severity: 'error' | 'warning';
}

/** Options of `check`. */
export interface CheckOptions {
  /** Stop after this many findings (a huge broken definition would otherwise produce a huge list). @default 1000 */
  readonly maxFindings?: number;
  /** Include warnings. @default true */
  readonly warnings?: boolean;
}

/** {@link CheckOptions} with defaults applied. */
export interface ResolvedCheckOptions {
  readonly maxFindings: number;
  readonly warnings: boolean;
}

/** Applies the defaults of {@link CheckOptions}. */
export function resolveCheckOptions(options: CheckOptions = {}): ResolvedCheckOptions {
  return { maxFindings: options.maxFindings ?? 1000, warnings: options.warnings ?? true };
}
