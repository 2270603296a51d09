import type { Span } from "../source/span.js";

export type Severity = "error" | "warning";

/** A second place that explains the first ("first declared here"). */
export interface RelatedSpan {
  readonly message: string;
  readonly span: Span;
}

/**
 * One problem found in a schema. Made only through the named constructors in
 * `catalog.ts`, so the catalog is the complete list of what a user can meet.
 */
export interface Diagnostic {
  /** Stable code, e.g. "E0401". Documented in docs/language.md. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  /** How to fix it, one sentence; includes "did you mean" suggestions. */
  readonly help?: string;
  readonly related?: readonly RelatedSpan[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Deterministic order: file, then offset, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.span.file < b.span.file ? -1 : a.span.file > b.span.file ? 1 : 0) ||
      a.span.start - b.span.start ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
