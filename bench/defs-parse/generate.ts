/** Options of {@link generateSuite}. */
export interface GenerateSuiteOptions {
  /** Families in the suite. @default 1000 */
  readonly families?: number;
  /** Tasks per family. @default 100 */
  readonly tasksPerFamily?: number;
  /**
   * Write each trigger with the absolute path of its predecessor, so that every trigger text is distinct (no
   * two lines share a parsed expression). @default false
   */
  readonly distinctTriggers?: boolean;
}

/**
 * Builds the benchmark suite: 1,000 families x 100 tasks, each task with an event, a meter, a label and a
 * trigger on its predecessor.
 */
export function generateSuite(options: GenerateSuiteOptions = {}): string {
  const { families = 1000, tasksPerFamily = 100, distinctTriggers = false } = options;
  const lines: string[] = ['suite bench', "  edit ECF_HOME '/tmp/bench'"];
  for (let f = 0; f < families; f++) {
    lines.push(`  family f${f}`, `    edit FAMILY_VAR 'value ${f}'`);
    for (let t = 0; t < tasksPerFamily; t++) {
      lines.push(`    task t${t}`);
      const before = distinctTriggers ? `/bench/f${f}/t${t - 1}` : `t${t - 1}`;
      if (t > 0) lines.push(`      trigger ${before} == complete`);
      lines.push(`      label info "task ${t} of family ${f}"`, '      meter progress 0 100 90', '      event 1 done');
    }
    lines.push('  endfamily');
  }
  lines.push('endsuite', '');
  return lines.join('\n');
}
