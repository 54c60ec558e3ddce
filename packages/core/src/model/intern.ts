/**
 * Interns strings (node names, attribute and variable names) so that 100k tasks with the same event name share
 * one string. The table only grows; names are few compared with nodes.
 */
const table = new Map<string, string>();

/** The canonical instance of `value`. */
export function intern(value: string): string {
  const known = table.get(value);
  if (known !== undefined) return known;
  table.set(value, value);
  return value;
}
