import * as path from "node:path";
import type { Diagnostic, Severity } from "./diagnostic.js";
import { LineIndex } from "../source/line-index.js";
import type { Span } from "../source/span.js";

export interface RenderOptions {
  /** ANSI colors (red errors, yellow warnings, bold messages, cyan gutter). */
  readonly color?: boolean;
  /** Absolute file paths are printed relative to this folder. */
  readonly cwd?: string;
}

interface Paint {
  severity(s: Severity, text: string): string;
  bold(text: string): string;
  gutter(text: string): string;
}

const plain: Paint = { severity: (_s, t) => t, bold: (t) => t, gutter: (t) => t };
const ansi: Paint = {
  severity: (s, t) => `\x1b[1m${s === "error" ? "\x1b[31m" : "\x1b[33m"}${t}\x1b[0m`,
  bold: (t) => `\x1b[1m${t}\x1b[0m`,
  gutter: (t) => `\x1b[36m${t}\x1b[0m`,
};

/**
 * Compiler-style text: one block per diagnostic (header, source line, carets,
 * help, related notes), a blank line between blocks, then a summary line
 * (`2 errors, 1 warning`). Empty string when there is nothing to report.
 * Diagnostics print in the order given (sort them first for stable output).
 */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  opts: RenderOptions = {},
): string {
  if (diags.length === 0) return "";
  const paint = opts.color ? ansi : plain;
  const indexes = new Map<string, LineIndex>();
  const indexOf = (file: string): LineIndex | undefined => {
    const text = sources.get(file);
    if (text === undefined) return undefined;
    let index = indexes.get(file);
    if (!index) indexes.set(file, (index = new LineIndex(text)));
    return index;
  };
  const show = (file: string): string =>
    opts.cwd && path.isAbsolute(file) ? path.relative(opts.cwd, file).split(path.sep).join("/") || "." : file;

  const blocks = diags.map((d) => {
    const out: string[] = [];
    const head = paint.severity(d.severity, `${d.severity}[${d.code}]`);
    out.push(`${show(d.span.file)}:${d.span.line}:${d.span.column} ${head}: ${paint.bold(d.message)}`);
    const width = String(d.span.line).length;
    out.push(...excerpt(d.span, indexOf(d.span.file), width, paint));
    if (d.help) out.push(`${" ".repeat(width + 1)}${paint.gutter("=")} help: ${d.help}`);
    for (const r of d.related ?? []) {
      out.push(`${show(r.span.file)}:${r.span.line}:${r.span.column} note: ${r.message}`);
      out.push(...excerpt(r.span, indexOf(r.span.file), String(r.span.line).length, paint));
    }
    return out.join("\n");
  });
  return `${blocks.join("\n\n")}\n\n${summary(diags)}\n`;
}

/** The gutter, the span's first line and its carets; nothing when the source is unknown. */
/** Longest source line shown whole; a longer one is cut to a window around the span. */
const MAX_LINE = 100;

/**
 * A minified or binary line can be thousands of characters: show at most
 * MAX_LINE of them, around the span, with "…" where text was cut.
 */
function windowed(line: string, from: number, to: number): { text: string; from: number; to: number } {
  if (line.length <= MAX_LINE) return { text: line, from, to };
  const start = Math.max(0, Math.min(from - 20, line.length - MAX_LINE));
  const end = Math.min(line.length, start + MAX_LINE);
  const head = start > 0 ? "…" : "";
  const tail = end < line.length ? "…" : "";
  const shift = head.length - start;
  return {
    text: `${head}${line.slice(start, end)}${tail}`,
    from: from + shift,
    to: Math.min(to, end) + shift,
  };
}

function excerpt(span: Span, index: LineIndex | undefined, width: number, paint: Paint): string[] {
  if (!index) return [];
  const full = index.lineText(span.line);
  const lineStart = index.lineStart(span.line);
  const { text, from, to } = windowed(full, Math.max(0, span.start - lineStart), Math.min(full.length, span.end - lineStart));
  // Keep tabs in the lead-in so carets line up under tab-indented text.
  const lead = text.slice(0, from).replace(/[^\t]/g, " ");
  const bar = paint.gutter(`${" ".repeat(width)} |`);
  return [
    bar,
    `${paint.gutter(`${String(span.line).padStart(width)} |`)} ${text}`.trimEnd(),
    `${bar} ${lead}${"^".repeat(Math.max(1, to - from))}`,
  ];
}

function summary(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.length - errors;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** Where a span ends, as 1-based line/column (the column just past the last character). */
function endPosition(span: Span, sources?: ReadonlyMap<string, string>): { line: number; column: number } {
  const text = sources?.get(span.file);
  if (text !== undefined) return new LineIndex(text).position(span.end);
  return { line: span.line, column: span.column + (span.end - span.start) };
}

/**
 * A stable machine-readable form: an array of
 * `{code, severity, message, file, line, column, endLine, endColumn, help, related}`
 * (help is null when absent; related always an array), pretty-printed.
 * Pass `sources` for exact end positions of multi-line spans.
 */
export function renderDiagnosticsJson(diags: readonly Diagnostic[], sources?: ReadonlyMap<string, string>): string {
  const rows = diags.map((d) => {
    const end = endPosition(d.span, sources);
    return {
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.span.file,
      line: d.span.line,
      column: d.span.column,
      endLine: end.line,
      endColumn: end.column,
      help: d.help ?? null,
      related: (d.related ?? []).map((r) => ({
        message: r.message,
        file: r.span.file,
        line: r.span.line,
        column: r.span.column,
      })),
    };
  });
  return JSON.stringify(rows, null, 2);
}
