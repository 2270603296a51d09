/**
 * Deep-freezes a value so nothing downstream (generator, runtime) can change
 * the resolved schema by accident. Shared objects (an entity's columns are
 * its table's columns) are frozen once.
 */
export function deepFreeze<T>(value: T): T {
  // An object is frozen before its members are visited, so "frozen" doubles as
  // "seen" (no Set of every object in the IR). Nothing else in the compiler
  // freezes, so one frozen on arrival was deep-frozen here, by an earlier build
  // in this process (shared constants such as DEFAULT_CASCADE).
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null || Object.isFrozen(v)) return;
    Object.freeze(v);
    if (Array.isArray(v)) for (const item of v) visit(item);
    else for (const key in v) visit((v as Record<string, unknown>)[key]);
  };
  visit(value);
  return value;
}
