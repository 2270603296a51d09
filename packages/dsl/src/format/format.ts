import { tokenMatcher, type IToken, type TokenType } from "chevrotain";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LineIndex } from "../source/line-index.js";
import { lex } from "../syntax/lexer.js";
import { parseSource } from "../syntax/parse.js";
import * as T from "../syntax/tokens.js";
import { readGaps, type Comment, type Gap } from "./comments.js";

export interface FormatResult {
  /** The canonical text; absent when the file has errors (then nothing should be written). */
  readonly text?: string;
  readonly diagnostics: readonly Diagnostic[];
}

const INDENT = "  ";

/**
 * Lays out one `.rel` file the house way (fixtures/blog/schema.rel): one
 * blank line between declarations, `@@` attributes first, field names, types
 * and attributes in aligned columns, comments kept where they were. A file
 * that does not parse is refused: guessing a layout for broken input could
 * change what it means.
 */
export function formatSource(text: string, file: string): FormatResult {
  const parsed = parseSource(text, file);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const { tokens } = lex(text, new LineIndex(text), file);
  return { text: new Printer(tokens, readGaps(text, tokens)).file(), diagnostics: parsed.diagnostics };
}

/** A run of tokens `[start, end)` printed on one line. */
interface Stmt {
  readonly start: number;
  readonly end: number;
}

interface Field extends Stmt {
  readonly name: string;
  readonly type: string;
  readonly attrs: string;
}

class Printer {
  private readonly out: string[] = [];

  constructor(
    private readonly tokens: readonly IToken[],
    private readonly gaps: readonly Gap[],
  ) {}

  file(): string {
    let i = 0;
    let prevImport: boolean | undefined;
    while (i < this.tokens.length) {
      const isImport = this.is(i, T.Import);
      // imports stay grouped as written; everything else gets exactly one blank line
      const blank = prevImport === undefined ? false : prevImport && isImport ? this.blankBefore(i) : true;
      i = isImport ? this.importDecl(i, blank) : this.is(i, T.Enum) ? this.enumDecl(i, blank) : this.block(i, blank);
      prevImport = isImport;
    }
    this.dangling(this.tokens.length, "", this.out.length > 0);
    return this.out.length === 0 ? "" : this.out.join("\n") + "\n";
  }

  private importDecl(i: number, blank: boolean): number {
    this.line({ start: i, end: i + 2 }, "", this.join(i, i + 2), blank);
    return i + 2;
  }

  private enumDecl(i: number, blank: boolean): number {
    const close = this.find(i, T.RBrace);
    const values = Array.from({ length: close - i - 3 }, (_, k) => i + 3 + k);
    const inner = this.gaps.slice(i + 1, close).some((g) => g.comments.length > 0);
    if (!inner) {
      const body = values.map((v) => this.tokens[v]!.image).join(" ");
      this.line({ start: i, end: close + 1 }, "", `${this.join(i, i + 3)} ${body}${body ? " " : ""}}`, blank);
      return close + 1;
    }
    // comments inside: one value per line keeps each comment next to its value
    this.line({ start: i, end: i + 3 }, "", this.join(i, i + 3), blank);
    values.forEach((v, k) => this.line({ start: v, end: v + 1 }, INDENT, this.tokens[v]!.image, k > 0 && this.blankBefore(v)));
    this.closeBlock(close);
    return close + 1;
  }

  private block(i: number, blank: boolean): number {
    const open = i + 2;
    this.line({ start: i, end: open + 1 }, "", this.join(i, open + 1), blank);
    const attrs: Stmt[] = [];
    const fields: Field[] = [];
    let j = open + 1;
    while (!this.is(j, T.RBrace)) {
      if (this.is(j, T.AtAt)) {
        const end = this.matching(j + 2) + 1;
        attrs.push({ start: j, end });
        j = end;
      } else {
        j = this.field(j, fields);
      }
    }
    // As in the fixtures: `@@table` and other facts about the entity open it,
    // keys and indexes over its fields close it, each group set apart.
    const head = attrs.filter((a) => !this.isKeyAttr(a));
    const tail = attrs.filter((a) => this.isKeyAttr(a));
    let started = false;
    const group = (stmts: readonly Stmt[], print: (s: Stmt, blank: boolean) => void): void => {
      stmts.forEach((st, k) => print(st, k === 0 ? started : this.blankBefore(st.start)));
      if (stmts.length > 0) started = true;
    };
    group(head, (a, blank) => this.line(a, INDENT, this.join(a.start, a.end), blank));
    const nameWidth = Math.max(0, ...fields.map((f) => f.name.length));
    const typeWidth = Math.max(0, ...fields.map((f) => f.type.length));
    group(fields, (st, blank) => {
      const f = st as Field;
      const text = f.attrs ? `${f.name.padEnd(nameWidth)} ${f.type.padEnd(typeWidth)} ${f.attrs}` : `${f.name.padEnd(nameWidth)} ${f.type}`;
      this.line(f, INDENT, text, blank);
    });
    group(tail, (a, blank) => this.line(a, INDENT, this.join(a.start, a.end), blank));
    this.closeBlock(j);
    return j + 1;
  }

  private field(j: number, fields: Field[]): number {
    const name = this.tokens[j]!.image;
    let k = j + 2; // the name, then the type's name
    if (this.is(k, T.LParen)) k = this.matching(k) + 1;
    if (this.is(k, T.LBracket)) k += 2;
    if (this.is(k, T.Question)) k += 1;
    const typeEnd = k;
    const attrs: string[] = [];
    while (this.is(k, T.At)) {
      const start = k;
      k += 2;
      if (this.is(k, T.LParen)) k = this.matching(k) + 1;
      attrs.push(this.join(start, k));
    }
    fields.push({ start: j, end: k, name, type: this.join(j + 1, typeEnd), attrs: attrs.join(" ") });
    return k;
  }

  private isKeyAttr(a: Stmt): boolean {
    return KEY_ATTRS.has(this.tokens[a.start + 1]!.image);
  }

  private closeBlock(close: number): void {
    this.dangling(close, INDENT, true);
    this.out.push("}" + this.trailing(close + 1));
  }

  /** Comments before `}` or the end of the file, which precede no statement. */
  private dangling(at: number, indent: string, keepBlank: boolean): void {
    this.leading(this.ownLine(this.gaps[at]!), indent, keepBlank);
  }

  /**
   * Prints one statement: its own-line comments above it, comments from
   * inside it (which cannot stay mid-line) next, then the statement with the
   * comment that ended its last line.
   */
  private line(s: Stmt, indent: string, text: string, blank: boolean): void {
    const above = this.ownLine(this.gaps[s.start]!);
    const inside = this.gaps.slice(s.start + 1, s.end).flatMap((g) => g.comments);
    if (blank) this.out.push("");
    this.leading(above, indent, false);
    if (above.length > 0 && this.gaps[s.start]!.blankBefore) this.out.push("");
    for (const c of inside) this.out.push(indent + c.text);
    this.out.push(indent + text + this.trailing(s.end));
  }

  /** Own-line comments; blank lines between them are kept, the first one's only if `keepFirstBlank`. */
  private leading(comments: readonly Comment[], indent: string, keepFirstBlank: boolean): void {
    comments.forEach((c, k) => {
      if (c.blankBefore && (k > 0 || keepFirstBlank)) this.out.push("");
      this.out.push(indent + c.text);
    });
  }

  /** Comments that end the line of the token before gap `at`. */
  private trailing(at: number): string {
    const gap = this.gaps[at];
    if (!gap) return "";
    const ends = gap.comments.filter((c) => c.trailing);
    return ends.map((c) => " " + c.text).join("");
  }

  private ownLine(gap: Gap): Comment[] {
    return gap.comments.filter((c) => !c.trailing);
  }

  private blankBefore(i: number): boolean {
    const gap = this.gaps[i]!;
    const above = this.ownLine(gap);
    return above.length > 0 ? above[0]!.blankBefore : gap.blankBefore;
  }

  /** Tokens `[from, to)` with the house spacing: `a, b`, `name: v`, `createdAt desc`, else tight. */
  private join(from: number, to: number): string {
    let s = "";
    for (let i = from; i < to; i++) {
      const t = this.tokens[i]!;
      const prev = i > from ? this.tokens[i - 1] : undefined;
      if (prev && (isPunct(prev, [T.Comma, T.Colon]) || (isWord(prev) && isWord(t)) || (isWord(prev) && isPunct(t, [T.LBrace])))) s += " ";
      s += t.image;
    }
    return s;
  }

  private is(i: number, type: TokenType): boolean {
    const t = this.tokens[i];
    return t !== undefined && tokenMatcher(t, type);
  }

  private find(i: number, type: TokenType): number {
    while (!this.is(i, type)) i++;
    return i;
  }

  /** The `)` or `]` closing the bracket at `i`. */
  private matching(i: number): number {
    let depth = 0;
    for (let k = i; k < this.tokens.length; k++) {
      if (this.is(k, T.LParen) || this.is(k, T.LBracket)) depth++;
      if (this.is(k, T.RParen) || this.is(k, T.RBracket)) depth--;
      if (depth === 0) return k;
    }
    return this.tokens.length - 1;
  }
}

/** Block attributes that list fields, written after them. */
const KEY_ATTRS: ReadonlySet<string> = new Set(["id", "unique", "index"]);

const PUNCT: readonly TokenType[] = [T.AtAt, T.At, T.LParen, T.RParen, T.LBracket, T.RBracket, T.LBrace, T.RBrace, T.Comma, T.Colon, T.Dot, T.Question];

function isPunct(t: IToken, types: readonly TokenType[]): boolean {
  return types.some((type) => tokenMatcher(t, type));
}

function isWord(t: IToken): boolean {
  return !isPunct(t, PUNCT);
}
