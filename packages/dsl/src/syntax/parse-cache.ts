import type * as A from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";
import type { ParseResult } from "./parse.js";

/** A top-level declaration as parsed alone, with where it stood then. */
interface Parsed {
  readonly node: A.ImportDecl | A.Declaration;
  /** What building its AST reported (a keyword used as a name). */
  readonly diagnostics: readonly Diagnostic[];
  readonly start: number;
  readonly line: number;
  /** Both are part of the key, beside the text: see `DeclarationMemo.find`. */
  readonly column: number;
  readonly doc: string | undefined;
}

/** One file's last clean parse, declaration by declaration, and its last result whole. */
export class FileMemo {
  text: string | undefined;
  result: ParseResult | undefined;
  /** By each declaration's exact text, from its first token to its last. */
  declarations = new Map<string, Parsed>();
}

/**
 * The ASTs of a long-running process's earlier parses (`relgen build
 * --watch`), so an edit re-parses only the declarations it touched: the
 * syntax of a declaration depends on its own text alone (see
 * by-declaration.ts), and its position only moves its spans. Holds one parse
 * per file, the last clean one; pass the same object to every compile.
 */
export class ParseCache {
  readonly #files = new Map<string, FileMemo>();

  /** @internal */
  memo(file: string): FileMemo {
    let memo = this.#files.get(file);
    if (memo === undefined) this.#files.set(file, (memo = new FileMemo()));
    return memo;
  }
}

/** One file's parse with a cache: what by-declaration.ts asks of it. */
export class DeclarationMemo {
  readonly #previous: ReadonlyMap<string, Parsed>;
  readonly #next = new Map<string, Parsed>();

  constructor(private readonly file: FileMemo) {
    this.#previous = file.declarations;
  }

  /**
   * The declaration whose text is `text`, parsed before, moved to `start`.
   * The doc comment before it is outside its text, and the column it starts at
   * is every span on its first line, so both must match too.
   */
  find(text: string, start: number, line: number, column: number, doc: string | undefined): Parsed | undefined {
    const before = this.#previous.get(text);
    if (before === undefined || before.column !== column || before.doc !== doc) return undefined;
    const now = before.start === start && before.line === line ? before : moved(before, start, line);
    this.#next.set(text, now);
    return now;
  }

  keep(text: string, parsed: Parsed): void {
    this.#next.set(text, parsed);
  }

  /** The file parsed cleanly: its declarations are what the next parse looks up. */
  commit(): void {
    this.file.declarations = this.#next;
  }
}

/** A copy of `parsed` at `start` (on `line`): every span shifts by the same offset and lines, columns stay. */
function moved(parsed: Parsed, start: number, line: number): Parsed {
  const by = start - parsed.start;
  const lines = line - parsed.line;
  return {
    ...parsed,
    node: rebase(parsed.node, by, lines),
    diagnostics: parsed.diagnostics.map((d) => rebase(d, by, lines)),
    start,
    line,
  };
}

/** A copy of `value` with every span in it moved `by` offsets and `lines` lines (columns stay). */
export function rebase<T>(value: T, by: number, lines: number): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => rebase(v, by, lines)) as T;
  if (isSpan(value)) return { file: value.file, start: value.start + by, end: value.end + by, line: value.line + lines, column: value.column } as T;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = rebase(v, by, lines);
  return out as T;
}

function isSpan(value: object): value is Span {
  return "file" in value && "start" in value && "column" in value;
}
