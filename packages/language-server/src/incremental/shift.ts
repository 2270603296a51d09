import { moveSpans } from "@relgen/dsl";

/**
 * A copy of an AST node (or diagnostic) moved `by` offsets and `lines` lines:
 * what a declaration after an edit becomes. Columns stay: an edit region
 * always ends where a line starts (see reparse.ts). The parse cache of
 * `relgen build --watch` moves declarations the same way.
 */
export function shifted<T>(value: T, by: number, lines: number): T {
  return by === 0 && lines === 0 ? value : moveSpans(value, by, lines);
}
