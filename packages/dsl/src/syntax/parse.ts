import { EOF, tokenMatcher, type IRecognitionException, type IToken } from "chevrotain";
import type { SchemaFile } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/syntax.js";
import { LineIndex } from "../source/line-index.js";
import type { Span } from "../source/span.js";
import { createAstBuilder } from "./cst-to-ast.js";
import { collectDocs } from "./docs.js";
import { lex } from "./lexer.js";
import { decodeMessage } from "./messages.js";
import { RelParser } from "./parser.js";

export interface ParseResult {
  readonly ast: SchemaFile;
  readonly diagnostics: readonly Diagnostic[];
}

// Built once: grammar analysis and visitor validation are the expensive part.
const parser = new RelParser();
const builder = createAstBuilder(parser);

/**
 * Parses one `.rel` file. Never throws: lexical and syntax errors (all of
 * them, thanks to recovery) come back as diagnostics next to the AST of the
 * parts that parsed.
 */
export function parseSource(text: string, file: string): ParseResult {
  const lines = new LineIndex(text);
  try {
    const lexed = lex(text, lines, file);
    parser.begin(lexed.tokens);
    const cst = parser.file();
    const diagnostics: Diagnostic[] = [...lexed.diagnostics];
    for (const e of parser.errors) diagnostics.push(parseErrorDiagnostic(e, lexed.tokens, lines, file));
    const state = { file, lines, docs: collectDocs(lexed.docs, lexed.tokens), diagnostics };
    const ast = cst ? (builder.visit(cst, state) as SchemaFile) : emptyFile(file, lines);
    return { ast, diagnostics: orderAndDedupe(diagnostics) };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ast: emptyFile(file, lines), diagnostics: [catalog.internalParserError(lines.span(file, 0, 0), detail)] };
  }
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
