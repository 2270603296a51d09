import { tokenMatcher, type CstElement, type CstNode, type IToken } from "chevrotain";
import type * as A from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import * as catalog from "../diagnostics/catalog/syntax.js";
import type { LineIndex } from "../source/line-index.js";
import type { Span } from "../source/span.js";
import { unquote } from "./lexer.js";
import type { RelParser } from "./parser.js";
import * as T from "./tokens.js";

/** Per-file inputs and outputs of one visit (the visitor itself is stateless and reused). */
export interface VisitState {
  readonly file: string;
  readonly lines: LineIndex;
  /** Doc text by the start offset of the token it documents. */
  readonly docs: ReadonlyMap<number, string>;
  readonly diagnostics: Diagnostic[];
}

type Ctx = Record<string, CstElement[] | undefined>;

/** Inserted-in-recovery tokens are virtual (no text, NaN offsets): never build from them. */
function isReal(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.image.length > 0;
}

function tok(ctx: Ctx, key: string, index = 0): IToken | undefined {
  const t = ctx[key]?.[index] as IToken | undefined;
  return isReal(t) ? t : undefined;
}

function toks(ctx: Ctx, key: string): IToken[] {
  return ((ctx[key] ?? []) as IToken[]).filter(isReal);
}

function nodes(ctx: Ctx, key: string): CstNode[] {
  return (ctx[key] ?? []) as CstNode[];
}

/**
 * First and last real token offsets under a node; undefined when it holds
 * none. The parser tracks them as it builds the node (nodeLocationTracking
 * "onlyOffset", which skips the tokens recovery inserts, as they have no
 * offsets): walking each node's subtree again here cost a third of parsing.
 */
function extent(node: CstNode): readonly [number, number] | undefined {
  const at = node.location;
  // a token's endOffset (the lexer tracks full positions) is its last character; spans end after it
  return at && Number.isFinite(at.startOffset) && Number.isFinite(at.endOffset) ? [at.startOffset, at.endOffset! + 1] : undefined;
}

/**
 * Builds the AST from a CST that may have been recovered: every child can be
 * missing, so each step checks and drops the node it cannot complete rather
 * than inventing parts.
 */
/** What parse.ts needs of the visitor; its helpers stay private. */
export interface CstToAst {
  visit(cst: CstNode, state: VisitState): unknown;
  /** One top-level declaration's CST, parsed on its own (see by-declaration.ts). */
  declaration(cst: CstNode, state: VisitState): A.ImportDecl | A.Declaration | undefined;
}

export function createAstBuilder(parser: RelParser): CstToAst {
  const Base = parser.getBaseCstVisitorConstructor<VisitState, unknown>();

  class AstBuilder extends Base {
    constructor() {
      super();
      this.validateVisitor();
    }

    private tokenSpan(s: VisitState, t: IToken): Span {
      return s.lines.span(s.file, t.startOffset, t.startOffset + t.image.length);
    }

    private ident(s: VisitState, t: IToken | undefined): A.Ident | undefined {
      return t ? { kind: "Ident", name: t.image, span: this.tokenSpan(s, t) } : undefined;
    }

    /** The node being visited: a visitor method is given its children only, and childrenSpan needs its extent. */
    private current: CstNode | undefined;

    private sub<R>(node: CstNode | undefined, s: VisitState): R | undefined {
      if (!node) return undefined;
      const outer = this.current;
      this.current = node;
      const result = this.visit(node, s) as R | undefined;
      this.current = outer;
      return result;
    }

    private subs<R>(list: CstNode[], s: VisitState): R[] {
      const all = list.map((n) => this.sub<R>(n, s));
      // `map` sizes its array exactly; `filter` leaves room for 17 (AST arrays are ~a third of its memory)
      return all.includes(undefined) ? exact(all.filter((x): x is R => x !== undefined)) : (all as R[]);
    }

    declaration(cst: CstNode, s: VisitState): A.ImportDecl | A.Declaration | undefined {
      return this.sub(cst, s);
    }

    file(ctx: Ctx, s: VisitState): A.SchemaFile {
      const imports: A.ImportDecl[] = [];
      const declarations: A.Declaration[] = [];
      // Keep source order across the four kinds of top-level node.
      const all = ["importDecl", "enumDecl", "entityDecl", "tableDecl"]
        .flatMap((k) => nodes(ctx, k))
        .map((n) => ({ n, at: extent(n)?.[0] ?? Infinity }))
        .sort((a, b) => a.at - b.at);
      for (const { n } of all) {
        const r = this.sub<A.ImportDecl | A.Declaration>(n, s);
        if (!r) continue;
        if (r.kind === "Import") imports.push(r);
        else declarations.push(r);
      }
      return { kind: "File", path: s.file, imports, declarations, span: s.lines.span(s.file, 0, s.lines.text.length) };
    }

    importDecl(ctx: Ctx, s: VisitState): A.ImportDecl | undefined {
      const keyword = tok(ctx, "Import");
      const str = tok(ctx, "StringLiteral");
      if (!keyword || !str) return undefined;
      const pathSpan = this.tokenSpan(s, str);
      return { kind: "Import", path: unquote(str), pathSpan, span: s.lines.span(s.file, keyword.startOffset, pathSpan.end) };
    }

    private declHeader(ctx: Ctx, s: VisitState, keywordKey: string, kind: string) {
      const keyword = tok(ctx, keywordKey);
      const nameTok = tok(ctx, "Name");
      if (!keyword || !nameTok) return undefined;
      if (T.DECLARATION_KEYWORDS.some((k) => tokenMatcher(nameTok, k))) {
        s.diagnostics.push(catalog.keywordAsDeclarationName(this.tokenSpan(s, nameTok), nameTok.image, kind));
      }
      const doc = s.docs.get(keyword.startOffset);
      return { name: this.ident(s, nameTok)!, ...(doc !== undefined ? { doc } : {}) };
    }

    enumDecl(ctx: Ctx, s: VisitState): A.EnumDecl | undefined {
      const header = this.declHeader(ctx, s, "Enum", "enum");
      if (!header) return undefined;
      const span = this.childrenSpan(ctx, s);
      const members = toks(ctx, "Name")
        .slice(1)
        .map((t) => this.ident(s, t)!);
      return { kind: "Enum", ...header, members, span };
    }

    entityDecl(ctx: Ctx, s: VisitState): A.EntityDecl | undefined {
      const header = this.declHeader(ctx, s, "Entity", "entity");
      if (!header) return undefined;
      const body = this.sub<Body>(nodes(ctx, "memberBlock")[0], s) ?? { fields: [], blockAttributes: [] };
      return { kind: "Entity", ...header, ...body, span: this.childrenSpan(ctx, s) };
    }

    tableDecl(ctx: Ctx, s: VisitState): A.TableDecl | undefined {
      const header = this.declHeader(ctx, s, "Table", "table");
      if (!header) return undefined;
      const body = this.sub<Body>(nodes(ctx, "memberBlock")[0], s) ?? { fields: [], blockAttributes: [] };
      return { kind: "Table", ...header, ...body, span: this.childrenSpan(ctx, s) };
    }

    /** The span of the node whose children `ctx` are; undefined only where the caller has no real token either, and drops the node. */
    private childrenSpan(ctx: Ctx, s: VisitState): Span {
      const e = this.current?.children === ctx ? extent(this.current) : undefined;
      return (e ? s.lines.span(s.file, e[0], e[1]) : undefined)!;
    }

    memberBlock(ctx: Ctx, s: VisitState): Body {
      const fields: A.FieldDecl[] = [];
      const blockAttributes: A.Attribute[] = [];
      for (const m of this.subs<A.FieldDecl | A.Attribute>(nodes(ctx, "member"), s)) {
        if (m.kind === "Field") fields.push(m);
        else blockAttributes.push(m);
      }
      return { fields: exact(fields), blockAttributes: exact(blockAttributes) };
    }

    member(ctx: Ctx, s: VisitState): A.FieldDecl | A.Attribute | undefined {
      return this.sub(nodes(ctx, "field")[0], s) ?? this.sub(nodes(ctx, "blockAttr")[0], s);
    }

    field(ctx: Ctx, s: VisitState): A.FieldDecl | undefined {
      const nameTok = tok(ctx, "Name");
      const type = this.sub<A.TypeRef>(nodes(ctx, "typeRef")[0], s);
      if (!nameTok || !type) return undefined;
      const attributes = this.subs<A.Attribute>(nodes(ctx, "fieldAttr"), s);
      const doc = s.docs.get(nameTok.startOffset);
      const last = attributes.at(-1)?.span ?? type.span;
      return {
        kind: "Field",
        name: this.ident(s, nameTok)!,
        type,
        attributes,
        ...(doc !== undefined ? { doc } : {}),
        span: s.lines.span(s.file, nameTok.startOffset, last.end),
      };
    }

    typeRef(ctx: Ctx, s: VisitState): A.TypeRef | undefined {
      const name = this.ident(s, tok(ctx, "Name"));
      if (!name) return undefined;
      const args = this.subs<A.Literal>(nodes(ctx, "literal"), s);
      const list = tok(ctx, "LBracket") !== undefined;
      const optional = tok(ctx, "Question") !== undefined;
      return { kind: "TypeRef", name, args, list, optional, span: shared(this.childrenSpan(ctx, s), name.span) };
    }

    fieldAttr(ctx: Ctx, s: VisitState): A.Attribute | undefined {
      return this.attribute(ctx, s, false);
    }

    blockAttr(ctx: Ctx, s: VisitState): A.Attribute | undefined {
      return this.attribute(ctx, s, true);
    }

    private attribute(ctx: Ctx, s: VisitState, block: boolean): A.Attribute | undefined {
      const name = this.ident(s, tok(ctx, "Name"));
      if (!name) return undefined;
      const args = this.sub<A.Arg[]>(nodes(ctx, "args")[0], s) ?? [];
      return { kind: "Attribute", block, name, args, span: this.childrenSpan(ctx, s) };
    }

    args(ctx: Ctx, s: VisitState): A.Arg[] {
      return this.subs<A.Arg>(nodes(ctx, "arg"), s);
    }

    arg(ctx: Ctx, s: VisitState): A.Arg | undefined {
      const value = this.sub<A.Value>(nodes(ctx, "value")[0], s);
      if (!value) return undefined;
      const name = tok(ctx, "Colon") ? this.ident(s, tok(ctx, "Name")) : undefined;
      if (!name) return { kind: "Arg", value, span: value.span };
      return { kind: "Arg", name, value, span: s.lines.span(s.file, name.span.start, value.span.end) };
    }

    value(ctx: Ctx, s: VisitState): A.Value | undefined {
      const literal = nodes(ctx, "literal")[0];
      if (literal) return this.sub<A.Literal>(literal, s);
      const list = nodes(ctx, "list")[0];
      if (list) return this.sub<A.ListValue>(list, s);
      const span = this.childrenSpan(ctx, s);
      const head = tok(ctx, "Name") ?? tok(ctx, "HyphenWord");
      if (!head) return undefined;
      if (ctx["Dot"]) {
        const tail = this.ident(s, tok(ctx, "Name", 1));
        return tail ? { kind: "Path", head: this.ident(s, head)!, tail, span } : undefined;
      }
      if (ctx["LParen"]) return { kind: "Call", name: this.ident(s, head)!, span };
      const direction = this.sub<"asc" | "desc">(nodes(ctx, "direction")[0], s);
      return { kind: "Word", name: head.image, ...(direction ? { direction } : {}), span };
    }

    direction(ctx: Ctx): "asc" | "desc" | undefined {
      return tok(ctx, "Asc") ? "asc" : tok(ctx, "Desc") ? "desc" : undefined;
    }

    list(ctx: Ctx, s: VisitState): A.ListValue | undefined {
      if (!tok(ctx, "LBracket")) return undefined;
      return { kind: "List", items: this.subs<A.Value>(nodes(ctx, "value"), s), span: this.childrenSpan(ctx, s) };
    }

    literal(ctx: Ctx, s: VisitState): A.Literal | undefined {
      const str = tok(ctx, "StringLiteral");
      if (str) return { kind: "String", value: unquote(str), span: this.tokenSpan(s, str) };
      const num = tok(ctx, "NumberLiteral");
      if (num) return { kind: "Number", value: Number(num.image), raw: num.image, span: this.tokenSpan(s, num) };
      const t = tok(ctx, "True") ?? tok(ctx, "False");
      if (t) return { kind: "Boolean", value: t.image === "true", span: this.tokenSpan(s, t) };
      const n = tok(ctx, "Null");
      return n ? { kind: "Null", span: this.tokenSpan(s, n) } : undefined;
    }
  }

  return new AstBuilder();
}

/** A copy without the spare room `push` and `filter` leave (empty arrays share one store). */
function exact<T>(items: T[]): T[] {
  return items.slice();
}

/** `span`, or `same` when that covers the same text: AST spans are never changed, so equal ones can be one object. */
function shared(span: Span, same: Span): Span {
  return span.start === same.start && span.end === same.end ? same : span;
}

interface Body {
  readonly fields: A.FieldDecl[];
  readonly blockAttributes: A.Attribute[];
}
