import { NODE_FLAGS, type NodeFlag } from '@isobar/protocol';

/**
 * ecFlow's node flags as a bitmask (one bit per entry of {@link NODE_FLAGS}, which has fewer than 31), so a
 * node stores them in one small integer.
 */
export const FLAG_BITS: Readonly<Record<NodeFlag, number>> = Object.freeze(
  Object.fromEntries(NODE_FLAGS.map((name, index) => [name, 1 << index])) as Record<NodeFlag, number>,
);

/** The bit of a flag name. */
export function flagBit(name: NodeFlag): number {
  return FLAG_BITS[name];
}

/** The names of the set bits, in ecFlow's order. */
export function flagNames(bits: number): NodeFlag[] {
  const names: NodeFlag[] = [];
  if (bits === 0) return names;
  for (let index = 0; index < NODE_FLAGS.length; index++) {
    const name = NODE_FLAGS[index];
    if (name !== undefined && (bits & (1 << index)) !== 0) names.push(name);
  }
  return names;
}

/** The bitmask of a list of flag names; unknown names are ignored (older checkpoints may carry others). */
export function flagBitsOf(names: readonly string[] | undefined): number {
  let bits = 0;
  for (const name of names ?? []) {
    const index = (NODE_FLAGS as readonly string[]).indexOf(name);
    if (index >= 0) bits |= 1 << index;
  }
  return bits;
}
