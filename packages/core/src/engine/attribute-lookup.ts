/** Anything addressed by name (events also by number). */
interface Named {
  readonly name: string;
  readonly number?: number | undefined;
}

/**
 * Finds an attribute by name; an event may also be addressed by its number, as ecFlow's child and user commands
 * allow.
 */
export function findByKey<T extends Named>(items: readonly T[] | undefined, key: string): T | undefined {
  if (items === undefined) return undefined;
  for (const item of items) if (item.name === key) return item;
  const number = /^\d+$/.test(key) ? Number(key) : Number.NaN;
  if (Number.isNaN(number)) return undefined;
  for (const item of items) if (item.number === number) return item;
  return undefined;
}
