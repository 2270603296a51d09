import { createToken, Lexer, type TokenType } from "chevrotain";

// Token order matters: Chevrotain takes the FIRST pattern that matches, so
// longer forms come before their prefixes (`///` before `//`, `@@` before `@`,
// hyphenated words before plain identifiers).

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /\s+/, group: Lexer.SKIPPED, line_breaks: true });

/** `///` (but not `////`) documents the next declaration or field; kept aside in the "docs" group. */
export const DocComment = createToken({
  name: "DocComment",
  pattern: /\/\/\/(?!\/)[^\r\n]*/,
  group: "docs",
  start_chars_hint: ["/"],
});
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** Runs to the end of the file; the lexer stage reports it (E0102) instead of a cascade of parse errors. */
export const UnterminatedBlockComment = createToken({
  name: "UnterminatedBlockComment",
  pattern: /\/\*[\s\S]*/,
  group: "invalid",
  line_breaks: true,
});

/** Category for string literals: a well-formed one, or one missing its closing quote (reported by the lexer stage). */
export const StringLiteral = createToken({ name: "StringLiteral", pattern: Lexer.NA, label: "a string" });
export const ClosedString = createToken({
  name: "ClosedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [StringLiteral],
  label: "a string",
});
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral],
  label: "a string",
});

export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /-?\d+(?:\.\d+)?/, label: "a number" });

/**
 * Any identifier-like word: plain identifiers and every keyword. The grammar
 * consumes `Name` wherever an identifier is allowed, so `table`, `asc` or
 * `true` work as field names; only declaration names reject keywords (checked
 * after parsing, for a clearer message).
 */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });
/** `delete-orphan`, `set-null`: only meaningful inside attribute arguments. */
export const HyphenWord = createToken({
  name: "HyphenWord",
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)+/,
  label: "a word",
});
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name] });

function keyword(word: string): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Name],
    label: `"${word}"`,
  });
}

export const Entity = keyword("entity");
export const Table = keyword("table");
export const Enum = keyword("enum");
export const Import = keyword("import");
export const True = keyword("true");
export const False = keyword("false");
export const Null = keyword("null");
export const Asc = keyword("asc");
export const Desc = keyword("desc");

/** Words that may not name a declaration. */
export const DECLARATION_KEYWORDS: readonly TokenType[] = [Entity, Table, Enum, Import];

function punct(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `"${text}"` });
}

export const AtAt = punct("AtAt", "@@");
export const At = punct("At", "@");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LBrace = punct("LBrace", "{");
export const RBrace = punct("RBrace", "}");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Dot = punct("Dot", ".");
export const Question = punct("Question", "?");

export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  DocComment,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLiteral,
  ClosedString,
  UnterminatedString,
  NumberLiteral,
  HyphenWord,
  Entity,
  Table,
  Enum,
  Import,
  True,
  False,
  Null,
  Asc,
  Desc,
  Name,
  Identifier,
  AtAt,
  At,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Colon,
  Dot,
  Question,
];
