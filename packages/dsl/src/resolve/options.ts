import type { CascadeKind, LoadStrategy, ReferentialAction } from "../ir/schema-ir.js";

/** Vocabularies of the relation and foreign-key options, and their canonical forms. */
export const LOAD_STRATEGIES: readonly LoadStrategy[] = ["select", "joined", "subquery", "selectin", "dynamic", "raise", "noload"];
export const REFERENTIAL_ACTIONS: readonly ReferentialAction[] = ["cascade", "set-null", "restrict", "no-action", "set-default"];
export const CASCADE_ORDER: readonly CascadeKind[] = ["save-update", "merge", "delete", "delete-orphan", "refresh-expire", "expunge"];
export const CASCADE_WORDS: readonly string[] = [...CASCADE_ORDER, "all"];
export const DEFAULT_CASCADE: readonly CascadeKind[] = ["save-update", "merge"];
const ALL: readonly CascadeKind[] = ["save-update", "merge", "delete", "refresh-expire", "expunge"];

/** Expands `all`, drops repeats and sorts into the canonical order the IR promises. */
export function normalizeCascade(words: readonly string[]): CascadeKind[] {
  const set = new Set<string>();
  for (const w of words) for (const k of w === "all" ? ALL : [w]) set.add(k);
  return CASCADE_ORDER.filter((k) => set.has(k));
}
