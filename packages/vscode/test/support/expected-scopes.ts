import { parseSource, type Attribute, type Declaration, type FieldDecl, type SchemaFile, type Span, type Value } from "@relgen/dsl";
import { CASCADE_WORDS, LineIndex, LOAD_STRATEGIES, REFERENTIAL_ACTIONS, SCALAR_TYPES, lex } from "./compiler-internals.js";

/** Words the compiler gives a meaning to inside attribute arguments. */
export const KNOWN_WORDS: ReadonlySet<string> = new Set([...CASCADE_WORDS, ...LOAD_STRATEGIES, ...REFERENTIAL_ACTIONS]);
export { SCALAR_TYPES };

/** A piece of text and the scope family the grammar must give each of its characters. */
export interface Expectation {
  readonly start: number;
  readonly end: number;
  /** Every character has a scope in one of these families. */
  readonly anyOf: readonly string[];
  /** ...and none in these. */
  readonly noneOf?: readonly string[];
  readonly what: string;
}

export interface Reference {
  readonly expectations: readonly Expectation[];
  /** Whether the compiler found the text free of lexical and syntax errors. */
  readonly clean: boolean;
}

/**
 * What the compiler sees in `text`, as scope expectations: its tokens for
 * docs, comments and strings, its syntax tree for everything with a role
 * (declaration names, fields, types, attributes and their arguments).
 */
export function expectedScopes(text: string, file: string): Reference {
  const lines = new LineIndex(text);
  const lexed = lex(text, lines, file);
  const parsed = parseSource(text, file);
  const out: Expectation[] = [];
  const put = (start: number, end: number, anyOf: readonly string[], what: string, noneOf?: readonly string[]): void => {
    out.push(noneOf ? { start, end, anyOf, noneOf, what } : { start, end, anyOf, what });
  };

  for (const doc of lexed.docs) put(doc.startOffset, doc.startOffset + doc.image.length, ["comment.line.documentation"], "a /// doc comment");
  // Whatever the lexer skipped that is not whitespace, and not text it
  // rejected (E0103, unexpected characters), is a `//` or `/* */` comment.
  const rejected = lexed.diagnostics.filter((d) => d.code === "E0103").map((d) => d.span);
  const taken = [...lexed.tokens, ...lexed.docs].sort((a, b) => a.startOffset - b.startOffset);
  let at = 0;
  for (const t of [...taken, undefined]) {
    const stop = t ? t.startOffset : text.length;
    for (let i = at; i < stop; i++) {
      if (/\s/.test(text[i]!) || rejected.some((r) => r.start <= i && i < r.end)) continue;
      let j = i;
      while (j < stop && !/\s/.test(text[j]!)) j++;
      put(i, j, ["comment"], "comment text", ["comment.line.documentation"]);
      i = j;
    }
    if (t) at = Math.max(at, t.startOffset + t.image.length);
  }
  for (const t of lexed.tokens) {
    if (t.tokenType.name === "ClosedString") put(t.startOffset, t.startOffset + t.image.length, ["string.quoted.double"], "a string");
  }

  // Where the parser recovered from an error, its tree is a guess: only
  // declarations free of syntax errors say what each word is.
  const errors = parsed.diagnostics.filter((d) => d.severity === "error").map((d) => d.span);
  const sound = (s: Span): boolean => !errors.some((e) => e.file === s.file && s.start <= e.start && e.start < s.end);
  visitFile(parsed.ast, text, put, sound);
  return { expectations: out, clean: lexed.diagnostics.length === 0 && errors.length === 0 };
}

type Put = (start: number, end: number, anyOf: readonly string[], what: string) => void;

function visitFile(ast: SchemaFile, text: string, put: Put, sound: (s: Span) => boolean): void {
  for (const imp of ast.imports.filter((i) => sound(i.span))) {
    put(imp.span.start, imp.span.start + "import".length, ["keyword.control.import"], "the import keyword");
    if (imp.pathSpan) put(imp.pathSpan.start, imp.pathSpan.end, ["string.quoted.double"], "an import path");
  }
  for (const decl of ast.declarations) if (sound(decl.span)) visitDeclaration(decl, text, put);
}

function visitDeclaration(decl: Declaration, text: string, put: Put): void {
  const keyword = decl.kind.toLowerCase();
  // the declaration's span starts at its keyword (docs are not part of it)
  if (text.startsWith(keyword, decl.span.start)) {
    put(decl.span.start, decl.span.start + keyword.length, [`storage.type.${keyword}`], `the ${keyword} keyword`);
  }
  span(put, decl.name.span, [`entity.name.type.${keyword}`], `the name of ${keyword} ${decl.name.name}`);
  if (decl.kind === "Enum") {
    for (const m of decl.members) span(put, m.span, ["variable.other.enummember"], `enum member ${m.name}`);
    return;
  }
  for (const attr of decl.blockAttributes) visitAttribute(attr, text, put);
  for (const field of decl.fields) visitField(field, text, put);
}

function visitField(field: FieldDecl, text: string, put: Put): void {
  span(put, field.name.span, ["variable.other.property"], `field ${field.name.name}`);
  const type = field.type.name;
  const scalar = (SCALAR_TYPES as readonly string[]).includes(type.name);
  span(put, type.span, [scalar ? "support.type.primitive" : "entity.name.type"], `type ${type.name} of ${field.name.name}`);
  for (const arg of field.type.args) visitValue(arg, put);
  for (const attr of field.attributes) visitAttribute(attr, text, put);
}

function visitAttribute(attr: Attribute, text: string, put: Put): void {
  const sigil = attr.block ? "@@" : "@";
  span(put, attr.name.span, ["entity.name.function.attribute"], `attribute ${sigil}${attr.name.name}`);
  const sigilStart = attr.name.span.start - sigil.length;
  if (text.startsWith(sigil, sigilStart)) put(sigilStart, attr.name.span.start, ["punctuation.definition.attribute"], `the ${sigil} of ${attr.name.name}`);
  for (const arg of attr.args) {
    if (arg.name) span(put, arg.name.span, ["variable.parameter"], `argument name ${arg.name.name}`);
    visitValue(arg.value, put);
  }
}

function visitValue(value: Value, put: Put): void {
  switch (value.kind) {
    case "String":
      return span(put, value.span, ["string.quoted.double"], "a string argument");
    case "Number":
      return span(put, value.span, ["constant.numeric"], `number ${value.raw}`);
    case "Boolean":
      return span(put, value.span, ["constant.language.boolean"], `${value.value}`);
    case "Null":
      return span(put, value.span, ["constant.language.null"], "null");
    case "Path":
      span(put, value.head.span, ["entity.name.type"], `${value.head.name} in ${value.head.name}.${value.tail.name}`);
      return span(put, value.tail.span, ["variable.other.property"], `${value.tail.name} in ${value.head.name}.${value.tail.name}`);
    case "Call":
      return span(put, value.name.span, ["support.function"], `${value.name.name}()`);
    case "Word": {
      const start = value.span.start;
      put(start, start + value.name.length, [KNOWN_WORDS.has(value.name) ? "support.constant" : "variable.other"], `word ${value.name}`);
      if (value.direction) put(value.span.end - value.direction.length, value.span.end, ["keyword.other.order"], value.direction);
      return;
    }
    case "List":
      for (const item of value.items) visitValue(item, put);
      return;
  }
}

function span(put: Put, s: Span, anyOf: readonly string[], what: string): void {
  put(s.start, s.end, anyOf, what);
}
