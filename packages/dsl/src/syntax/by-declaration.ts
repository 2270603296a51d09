import { tokenMatcher, type CstNode, type IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { LineIndex } from "../source/line-index.js";
import type { CstToAst, VisitState } from "./cst-to-ast.js";
import { DocCollector } from "./docs.js";
import { lexPieces } from "./lexer.js";
import { nestsTooDeeply } from "./nesting.js";
import type { DeclarationMemo } from "./parse-cache.js";
import type { RelParser } from "./parser.js";
import * as T from "./tokens.js";

/**
 * The common case, read in a fraction of the memory: a file that holds only
 * declarations, each of which parses without an error, is lexed a piece at a
 * time and parsed one top-level declaration at a time, each CST dropped once
 * its AST is built. No token list or CST of the whole file exists (for a
 * 10,000-entity schema they were ~1M tokens and a CST of over 2M nodes).
 *
 * Anything else returns undefined, and the caller parses the whole file as
 * before, so every syntax error and its recovery stay the whole-file
 * parser's: a syntax error, text that starts no declaration (Prisma's
 * `model` too), a block never closed, or lists nested too deeply. A
 * declaration parses alone to the same CST as within its file: the grammar
 * never looks past a declaration's closing `}` (or an import's path).
 */
export function parseByDeclaration(
  text: string,
  file: string,
  lines: LineIndex,
  parser: RelParser,
  builder: CstToAst,
  pieceChars?: number,
  memo?: DeclarationMemo,
): { readonly ast: A.SchemaFile; readonly diagnostics: Diagnostic[] } | undefined {
  const diagnostics: Diagnostic[] = [];
  const docs = new DocCollector();
  const state: VisitState = { file, lines, docs: docs.byTarget, diagnostics };
  const imports: A.ImportDecl[] = [];
  const declarations: A.Declaration[] = [];
  let pending: IToken[] = [];
  let depth = 0;
  for (const piece of lexPieces(text, lines, file, pieceChars)) {
    diagnostics.push(...piece.diagnostics);
    docs.add(piece.docs, piece.tokens);
    for (const t of piece.tokens) {
      if (pending.length === 0 && ruleFor(parser, t) === undefined) return undefined;
      pending.push(t);
      if (tokenMatcher(t, T.LBrace)) depth++;
      else if (tokenMatcher(t, T.RBrace) && --depth < 0) return undefined;
      const ends = depth === 0 && (tokenMatcher(t, T.RBrace) || (pending.length === 2 && tokenMatcher(pending[0]!, T.Import)));
      if (!ends) continue;
      const node = memo === undefined ? parseOne(pending, parser, builder, state) : parseRemembered(pending, text, memo, parser, builder, state);
      if (node === undefined) return undefined;
      if (node.kind === "Import") imports.push(node);
      else declarations.push(node);
      pending = [];
    }
  }
  if (pending.length > 0) return undefined;
  return { ast: { kind: "File", path: file, imports, declarations, span: lines.span(file, 0, text.length) }, diagnostics };
}

/** The declaration `tokens` hold, or undefined when they do not parse cleanly alone. */
function parseOne(tokens: IToken[], parser: RelParser, builder: CstToAst, state: VisitState): A.ImportDecl | A.Declaration | undefined {
  if (nestsTooDeeply(tokens)) return undefined;
  const run = parser.parse(tokens, ruleFor(parser, tokens[0]!)!);
  if (run.cst === undefined || run.errors.length > 0) return undefined;
  return builder.declaration(run.cst, state);
}

/** `parseOne`, unless the same text was parsed before (in an earlier build of a watch). */
function parseRemembered(
  tokens: IToken[],
  text: string,
  memo: DeclarationMemo,
  parser: RelParser,
  builder: CstToAst,
  state: VisitState,
): A.ImportDecl | A.Declaration | undefined {
  const start = tokens[0]!.startOffset;
  const source = text.slice(start, tokens.at(-1)!.endOffset! + 1);
  const { line, column } = state.lines.position(start);
  const doc = state.docs.get(start);
  const found = memo.find(source, start, line, column, doc);
  if (found !== undefined) {
    state.diagnostics.push(...found.diagnostics);
    return found.node;
  }
  const before = state.diagnostics.length;
  const node = parseOne(tokens, parser, builder, state);
  if (node !== undefined) memo.keep(source, { node, diagnostics: state.diagnostics.slice(before), start, line, column, doc });
  return node;
}

/** The parser rule of the declaration that `keyword` starts; undefined when it starts none. */
function ruleFor(parser: RelParser, keyword: IToken): (() => CstNode) | undefined {
  if (tokenMatcher(keyword, T.Entity)) return parser.entityDecl;
  if (tokenMatcher(keyword, T.Table)) return parser.tableDecl;
  if (tokenMatcher(keyword, T.Enum)) return parser.enumDecl;
  if (tokenMatcher(keyword, T.Import)) return parser.importDecl;
  return undefined;
}
