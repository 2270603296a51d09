/**
 * Deep-freezes a value so nothing downstream (generator, runtime) can change
 * the resolved schema by accident. Shared objects (an entity's columns are
 * its table's columns) are frozen once.
 */
export function deepFreeze<T>(value: T): T {
  const seen = new Set<object>();
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
    Object.freeze(v);
  };
  visit(value);
  return value;
}
