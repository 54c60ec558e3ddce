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

/**
 * A copy of `value` that does not keep the text it was cut from alive. The parser slices attribute values out
 * of the definition text; V8 keeps such a slice as a view on the whole text, so one kept label would keep the
 * whole multi-megabyte definition in memory. Short strings (below V8's 13-character slice threshold) are always
 * copies already.
 */
export function detached(value: string): string {
  if (value.length < 13) return value;
  // A join of two non-empty parts writes one flat string of exactly the value (half the cost of a JSON round
  // trip); `a + b` or `.slice` on a concatenation would make a rope or a slice again, still holding the text.
  return [value.slice(0, 1), value.slice(1)].join('');
}
