/** Builds the benchmark suite: 1,000 families x 100 tasks, each task with an event, a meter, a label and a trigger. */
export function generateSuite(families = 1000, tasksPerFamily = 100): string {
  const lines: string[] = ['suite bench', "  edit ECF_HOME '/tmp/bench'"];
  for (let f = 0; f < families; f++) {
    lines.push(`  family f${f}`, `    edit FAMILY_VAR 'value ${f}'`);
    for (let t = 0; t < tasksPerFamily; t++) {
      lines.push(`    task t${t}`);
      if (t > 0) lines.push(`      trigger t${t - 1} == complete`);
      lines.push(`      label info "task ${t} of family ${f}"`, '      meter progress 0 100 90', '      event 1 done');
    }
    lines.push('  endfamily');
  }
  lines.push('endsuite', '');
  return lines.join('\n');
}
