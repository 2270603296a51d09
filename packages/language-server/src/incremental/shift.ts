import type { Span } from "@relgen/dsl";

/**
 * A copy of an AST node (or diagnostic) moved `by` offsets and `lines` lines:
 * what a declaration after an edit becomes. Columns stay: an edit region
 * always ends where a line starts (see reparse.ts).
 */
export function shifted<T>(value: T, by: number, lines: number): T {
  if (by === 0 && lines === 0) return value;
  return shift(value, by, lines);
}

function shift<T>(value: T, by: number, lines: number): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => shift(v, by, lines)) as T;
  if (isSpan(value)) return { file: value.file, start: value.start + by, end: value.end + by, line: value.line + lines, column: value.column } as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = shift(v, by, lines);
  return out as T;
}

function isSpan(value: object): value is Span {
  return "file" in value && "start" in value && "end" in value && "column" in value && !("kind" in value);
}
