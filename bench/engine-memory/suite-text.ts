/** A suite of `tasks` tasks in families of 100, each task with an event, a meter, a label and a trigger. */
export function suiteText(tasks: number): string {
  const perFamily = 100;
  const lines = ['suite big'];
  for (let f = 0; f < tasks / perFamily; f++) {
    lines.push(`  family f${f}`);
    for (let t = 0; t < perFamily; t++) {
      lines.push(`    task t${t}`, '      event done', '      meter progress 0 100', '      label info ""');
      if (t > 0) lines.push(`      trigger t${t - 1} == complete`);
    }
    lines.push('  endfamily');
  }
  lines.push('endsuite');
  return lines.join('\n') + '\n';
}
