import { Lexer, type IToken } from "chevrotain";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/syntax.js";
import type { LineIndex } from "../source/line-index.js";
import { allTokens, UnterminatedBlockComment, UnterminatedString, ClosedString } from "./tokens.js";

/** Created once: building a Chevrotain lexer analyses every pattern. */
const relLexer = new Lexer([...allTokens], { positionTracking: "full", ensureOptimizations: false });

export interface LexResult {
  /** The tokens the parser sees (comments and whitespace removed). */
  readonly tokens: IToken[];
  /** `///` comments, in source order, for attaching docs after parsing. */
  readonly docs: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** Splits `.rel` text into tokens; every lexical problem becomes a located diagnostic. */
export function lex(text: string, lines: LineIndex, file: string): LexResult {
  const result = relLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];

  for (const e of result.errors) {
    const span = lines.span(file, e.offset, e.offset + e.length);
    diagnostics.push(catalog.unexpectedCharacters(span, text.slice(span.start, span.end)));
  }
  for (const t of result.groups["invalid"] ?? []) {
    if (t.tokenType === UnterminatedBlockComment) {
      // Point at the opening `/*`: the rest of the file is the comment.
      diagnostics.push(catalog.unterminatedBlockComment(lines.span(file, t.startOffset, t.startOffset + 2)));
    }
  }
  for (const t of result.tokens) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(catalog.unterminatedString(lines.span(file, t.startOffset, t.startOffset + t.image.length)));
    }
    if (t.tokenType === ClosedString || t.tokenType === UnterminatedString) checkEscapes(t, lines, file, diagnostics);
  }
  return { tokens: result.tokens, docs: result.groups["docs"] ?? [], diagnostics };
}

function checkEscapes(t: IToken, lines: LineIndex, file: string, out: Diagnostic[]): void {
  const image = t.image;
  for (let i = 1; i < image.length; i++) {
    if (image[i] !== "\\") continue;
    const next = image[i + 1];
    if (next === undefined) return; // a trailing lone backslash: the unterminated-string error covers it
    if (next !== '"' && next !== "\\") {
      out.push(catalog.invalidEscape(lines.span(file, t.startOffset + i, t.startOffset + i + 2), `\\${next}`));
    }
    i++;
  }
}

/** The value of a string token: quotes removed, `\"` and `\\` unescaped (unknown escapes kept as written). */
export function unquote(token: IToken): string {
  const body = token.tokenType === ClosedString ? token.image.slice(1, -1) : token.image.slice(1);
  return body.replace(/\\(["\\])/g, "$1");
}
