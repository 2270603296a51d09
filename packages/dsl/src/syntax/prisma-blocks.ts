import { tokenMatcher, type IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/syntax.js";
import type { LineIndex } from "../source/line-index.js";
import * as T from "./tokens.js";

export interface Rewritten {
  readonly tokens: IToken[];
  readonly diagnostics: Diagnostic[];
  /** Offsets [start, end) of the blocks skipped: lexical errors inside them (Prisma's `=`) are not relgen's concern. */
  readonly skipped: readonly (readonly [number, number])[];
}

/**
 * Prisma's top-level forms, met before parsing so a Prisma schema gets one
 * explained error per habit instead of a cascade of syntax errors:
 * `model X {` is read as `entity X {` (so its body is still checked), and
 * `datasource`/`generator` blocks are reported and skipped whole.
 */
export function rewritePrismaHabits(tokens: IToken[], lines: LineIndex, file: string): Rewritten {
  const out: IToken[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipped: [number, number][] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const opensBlock = depth === 0 && tokenMatcher(t, T.Name) && tokens[i + 1] !== undefined
      && tokenMatcher(tokens[i + 1]!, T.Name) && tokens[i + 2] !== undefined && tokenMatcher(tokens[i + 2]!, T.LBrace);
    if (opensBlock && t.image === "model") {
      diagnostics.push(catalog.prismaModel(tokenSpan(t, lines, file), tokens[i + 1]!.image));
      out.push({ ...t, tokenType: T.Entity, tokenTypeIdx: T.Entity.tokenTypeIdx! });
      continue;
    }
    if (opensBlock && (t.image === "datasource" || t.image === "generator")) {
      diagnostics.push(catalog.prismaConfigBlock(tokenSpan(t, lines, file), t.image));
      const end = closingBrace(tokens, i + 2);
      const last = tokens[end] ?? tokens[tokens.length - 1]!;
      skipped.push([t.startOffset, last.startOffset + last.image.length]);
      i = end;
      continue;
    }
    if (tokenMatcher(t, T.LBrace)) depth++;
    else if (tokenMatcher(t, T.RBrace)) depth = Math.max(0, depth - 1);
    out.push(t);
  }
  return { tokens: out, diagnostics, skipped };
}

const tokenSpan = (t: IToken, lines: LineIndex, file: string) => lines.span(file, t.startOffset, t.startOffset + t.image.length);

/** The index of the `}` closing the `{` at `open`, or the last token when it is never closed. */
function closingBrace(tokens: readonly IToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokenMatcher(tokens[i]!, T.LBrace)) depth++;
    else if (tokenMatcher(tokens[i]!, T.RBrace) && --depth === 0) return i;
  }
  return tokens.length - 1;
}
