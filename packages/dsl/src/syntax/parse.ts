import { EOF, tokenMatcher, type IRecognitionException, type IToken } from "chevrotain";
import type { SchemaFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/syntax.js";
import { LineIndex } from "../source/line-index.js";
import type { Span } from "../source/span.js";
import { parseByDeclaration } from "./by-declaration.js";
import { createAstBuilder } from "./cst-to-ast.js";
import { DeclarationMemo, type ParseCache } from "./parse-cache.js";
import { collectDocs } from "./docs.js";
import { lex } from "./lexer.js";
import { decodeMessage } from "./messages.js";
import { rewritePrismaHabits } from "./prisma-blocks.js";
import { limitNesting } from "./nesting.js";
import { MAX_SYNTAX_ERRORS, RelParser } from "./parser.js";
import * as T from "./tokens.js";

export interface ParseResult {
  readonly ast: SchemaFile;
  readonly diagnostics: readonly Diagnostic[];
}

export { MAX_NESTING } from "./nesting.js";

// Built once: grammar analysis and visitor validation are the expensive part.
const parser = new RelParser();
const builder = createAstBuilder(parser);

/**
 * Parses one `.rel` file. Never throws: lexical and syntax errors (all of
 * them, thanks to recovery) come back as diagnostics next to the AST of the
 * parts that parsed. With a `cache` (one per watch session), declarations
 * an earlier parse of `file` already read are not parsed again.
 */
export function parseSource(text: string, file: string, cache?: ParseCache): ParseResult {
  const lines = new LineIndex(text);
  try {
    if (cache === undefined) return parseClean(text, file, lines) ?? parseWhole(text, file, lines);
    const memo = cache.memo(file);
    // an import no edit touched
    if (memo.text === text && memo.result !== undefined) return memo.result;
    const result = parseClean(text, file, lines, undefined, new DeclarationMemo(memo)) ?? parseWhole(text, file, lines);
    memo.text = text;
    memo.result = result;
    return result;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ast: emptyFile(file, lines), diagnostics: [catalog.internalParserError(lines.span(file, 0, 0), detail)] };
  }
}

/**
 * A file that is only declarations, each parsing cleanly, one declaration at
 * a time (see by-declaration.ts); undefined for any other file. `pieceChars`
 * (how much text is lexed at once) is for tests. A file that is not clean
 * leaves `memo` as it was: its declarations are likely back once it is fixed.
 */
export function parseClean(text: string, file: string, lines: LineIndex, pieceChars?: number, memo?: DeclarationMemo): ParseResult | undefined {
  const clean = parseByDeclaration(text, file, lines, parser, builder, pieceChars, memo);
  if (clean === undefined) return undefined;
  memo?.commit();
  return { ast: clean.ast, diagnostics: orderAndDedupe(clean.diagnostics) };
}

/** The whole file at once, with error recovery across declarations: any file, and the only way for one with syntax errors. */
export function parseWhole(text: string, file: string, lines: LineIndex): ParseResult {
  const lexed = lex(text, lines, file);
  const prisma = rewritePrismaHabits(lexed.tokens, lines, file);
  const outside = (d: Diagnostic) => !prisma.skipped.some(([start, end]) => d.span.start >= start && d.span.start < end);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics.filter(outside), ...prisma.diagnostics];
  const tokens = limitNesting(prisma.tokens, lines, file, diagnostics);
  const { cst, errors, stoppedAt } = parser.parse(tokens);
  if (stoppedAt) {
    // no CST survives: the errors so far, and where reading stopped
    diagnostics.push(catalog.tooManySyntaxErrors(errorSpan(stoppedAt, tokens, lines, file), MAX_SYNTAX_ERRORS));
  }
  const swallowed = afterUnterminatedStrings(lexed.tokens, lexed.diagnostics);
  for (const e of errors) {
    // the string ran to the end of its line and took the `)` or `}` with it: one mistake, one error
    if (swallowed.has(e.token.startOffset)) continue;
    diagnostics.push(misplacedType(e, lexed.tokens, lines, file) ?? parseErrorDiagnostic(e, lexed.tokens, lines, file));
  }
  const state = { file, lines, docs: collectDocs(lexed.docs, lexed.tokens), diagnostics };
  const ast = cst ? (builder.visit(cst, state) as SchemaFile) : emptyFile(file, lines);
  return { ast, diagnostics: orderAndDedupe(diagnostics) };
}

/** Start offsets of the tokens that follow an unterminated string. */
function afterUnterminatedStrings(tokens: readonly IToken[], lexDiagnostics: readonly Diagnostic[]): Set<number> {
  const starts = new Set(lexDiagnostics.filter((d) => d.code === "E0101").map((d) => d.span.start));
  const out = new Set<number>();
  if (starts.size === 0) return out;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (starts.has(t.startOffset) && next) out.add(next.startOffset);
  });
  return out;
}

/**
 * Newlines carry no meaning, so a field written without a type swallows the
 * next line's field name as its type, and the parser only trips one field
 * later ("expected a type after field \"String\""). When the field before the
 * failing one has its "type" on a later line than its name, that field is the
 * real mistake: report it there.
 */
function misplacedType(e: IRecognitionException, tokens: readonly IToken[], lines: LineIndex, file: string): Diagnostic | undefined {
  if (!decodeMessage(e.message).message.startsWith("expected a type after field")) return undefined;
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const at = previous ? tokens.findIndex((t) => t.startOffset === previous.startOffset) : -1;
  const name = tokens[at - 2];
  const readAsType = tokens[at - 1];
  if (!name || !readAsType || name.startLine === undefined || readAsType.startLine === undefined) return undefined;
  if (!tokenMatcher(name, T.Name) || !tokenMatcher(readAsType, T.Name) || readAsType.startLine <= name.startLine) return undefined;
  return catalog.fieldWithoutType(lines.span(file, name.startOffset, name.startOffset + name.image.length), name.image, readAsType.image);
}

function emptyFile(file: string, lines: LineIndex): SchemaFile {
  return { kind: "File", path: file, imports: [], declarations: [], span: lines.span(file, 0, lines.text.length) };
}

function parseErrorDiagnostic(e: IRecognitionException, tokens: readonly IToken[], lines: LineIndex, file: string): Diagnostic {
  const { code, message, help } = decodeMessage(e.message);
  const span = errorSpan(e.token, tokens, lines, file);
  const make =
    code === "E0112" ? catalog.unexpectedTopLevel : code === "E0111" ? catalog.unexpectedToken : catalog.expectedToken;
  return make(span, message, help);
}

/** At the offending token; at end of input, just after the last real token (where the missing text belongs). */
function errorSpan(token: IToken, tokens: readonly IToken[], lines: LineIndex, file: string): Span {
  if (!tokenMatcher(token, EOF) && Number.isFinite(token.startOffset)) {
    return lines.span(file, token.startOffset, token.startOffset + Math.max(1, token.image.length));
  }
  const last = tokens.at(-1);
  const at = last ? last.startOffset + last.image.length : lines.text.length;
  return lines.span(file, at, at);
}

/** Source order; recovery can report the same problem twice at one place. */
function orderAndDedupe(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...diags].sort((a, b) => a.span.start - b.span.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
    const key = `${d.span.start}:${d.code}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
