/**
 * A table's own entry for a key, or undefined. Ids that name things (outcomes, claims, message codes) may come
 * out of a file; a plain `table[id]` gives `constructor` or `__proto__` the member every object inherits.
 */
export const ownEntry = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined
