/**
 * A region of one source file. Offsets are UTF-16 code-unit offsets into the
 * file's text (what JavaScript strings index by); `end` is exclusive.
 * Line and column are 1-based and point at `start`, so a diagnostic can be
 * printed without re-reading the file.
 */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly column: number;
}

/** A span that covers both `a` and `b` (same file assumed). */
export function joinSpans(a: Span, b: Span): Span {
  const first = a.start <= b.start ? a : b;
  return { ...first, end: Math.max(a.end, b.end) };
}
