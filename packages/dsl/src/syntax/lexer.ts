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
  /** Where an unterminated block comment starts (it then runs to the end of the text lexed). */
  readonly openComment?: number;
}

/** Splits `.rel` text into tokens; every lexical problem becomes a located diagnostic. */
export function lex(text: string, lines: LineIndex, file: string): LexResult {
  return lexRange(text, 0, text.length, lines, file);
}

/**
 * Lexes `text` from `start` to `end` alone, offsets counted from the start
 * of `text` (token lines and columns are not: only offsets are used). Where
 * `start` is a token boundary of the whole text and `end` a line start outside
 * any block comment, the result is that part of `lex(text)`: no other token
 * spans a line break, and none looks past one to decide where it ends.
 */
export function lexRange(text: string, start: number, end: number, lines: LineIndex, file: string): LexResult {
  const whole = start === 0 && end === text.length;
  const result = relLexer.tokenize(whole ? text : text.slice(start, end));
  if (!whole) {
    for (const t of result.tokens) shift(t, start);
    for (const group of Object.values(result.groups)) for (const t of group) shift(t, start);
    for (const e of result.errors) e.offset += start;
  }
  const diagnostics: Diagnostic[] = [];

  for (const e of result.errors) {
    const span = lines.span(file, e.offset, e.offset + e.length);
    diagnostics.push(catalog.unexpectedCharacters(span, text.slice(span.start, span.end)));
  }
  let openComment: number | undefined;
  for (const t of result.groups["invalid"] ?? []) {
    if (t.tokenType === UnterminatedBlockComment) {
      // Point at the opening `/*`: the rest of the file is the comment.
      diagnostics.push(catalog.unterminatedBlockComment(lines.span(file, t.startOffset, t.startOffset + 2)));
      openComment = t.startOffset;
    }
  }
  for (const t of result.tokens) {
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(catalog.unterminatedString(lines.span(file, t.startOffset, t.startOffset + t.image.length)));
    }
    if (t.tokenType === ClosedString || t.tokenType === UnterminatedString) checkEscapes(t, lines, file, diagnostics);
  }
  const docs = result.groups["docs"] ?? [];
  return openComment === undefined ? { tokens: result.tokens, docs, diagnostics } : { tokens: result.tokens, docs, diagnostics, openComment };
}

/** How much text `lexPieces` lexes at a time: some 10,000 tokens. */
const PIECE_CHARS = 64 * 1024;

/**
 * `lex(text)` a piece at a time, so that a large file never has all its
 * tokens alive at once (a 10,000-entity schema has ~1M of ~190 bytes each).
 * Each piece ends at a line start; one that would end inside a block comment
 * is lexed again, extended past the comment's end.
 */
export function* lexPieces(text: string, lines: LineIndex, file: string, pieceChars = PIECE_CHARS): Generator<LexResult> {
  let start = 0;
  while (start < text.length) {
    let end = lineStartFrom(text, start + pieceChars);
    let piece = lexRange(text, start, end, lines, file);
    while (piece.openComment !== undefined && end < text.length) {
      const close = text.indexOf("*/", piece.openComment + 2);
      end = close < 0 ? text.length : lineStartFrom(text, close + 2);
      piece = lexRange(text, start, end, lines, file);
    }
    yield piece;
    start = end;
  }
}

/** The first offset at or after `at` that follows a `\n` (or the end of the text). */
function lineStartFrom(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const newline = text.indexOf("\n", Math.max(0, at - 1));
  return newline < 0 ? text.length : newline + 1;
}

function shift(t: IToken, by: number): void {
  t.startOffset += by;
  t.endOffset! += by;
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
