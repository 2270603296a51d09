import type { IToken, TokenType } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/syntax.js";
import type { LineIndex } from "../source/line-index.js";
import * as T from "./tokens.js";

/** How deeply `[` lists may nest; a documented limit (docs/language.md, "Limits"). */
export const MAX_NESTING = 32;

/**
 * Every recursive path (parser rules `value`/`list`, CST→AST, the resolver's
 * value walks) recurses once per open `[`. Tokens inside a list nested deeper
 * than MAX_NESTING are dropped before parsing, with one E0114 per outermost
 * too-deep list, so no later stage can overflow the stack.
 */
export function limitNesting(tokens: IToken[], lines: LineIndex, file: string, out: Diagnostic[]): IToken[] {
  if (!nestsTooDeeply(tokens)) return tokens;
  const kept: IToken[] = [];
  let depth = 0;
  for (const t of tokens) {
    const next = deeper(t, depth);
    if (next === MAX_NESTING + 1 && depth === MAX_NESTING) {
      out.push(catalog.nestedTooDeeply(lines.span(file, t.startOffset, t.startOffset + 1), MAX_NESTING));
    }
    // a closing `]` belongs to the level it closes
    if (Math.max(depth, next) <= MAX_NESTING) kept.push(t);
    depth = next;
  }
  return kept;
}

/** Whether some list in `tokens` (read from outside any list) nests deeper than MAX_NESTING. */
export function nestsTooDeeply(tokens: readonly IToken[]): boolean {
  let depth = 0;
  return tokens.some((t) => (depth = deeper(t, depth)) > MAX_NESTING);
}

/** The list depth after `t`, `depth` before it. */
function deeper(t: IToken, depth: number): number {
  return t.tokenType === T.LBracket ? depth + 1 : t.tokenType === T.RBracket ? Math.max(0, depth - 1) : ENDS_LISTS.has(t.tokenType) ? 0 : depth;
}

/** Tokens no list can contain: an unclosed `[` ends before them (as recovery does). */
const ENDS_LISTS: ReadonlySet<TokenType> = new Set([T.Entity, T.Enum, T.Table, T.Import, T.At, T.AtAt, T.LBrace, T.RBrace]);
