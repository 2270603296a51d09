import { EOF, tokenMatcher, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";

/** Where the parser is, recorded by the grammar's ACTIONs so messages can name it. */
export interface ParseContext {
  block?: { readonly kind: string; readonly name: string | undefined } | undefined;
  field?: string | undefined;
}

/** What a parse error becomes; serialised through Chevrotain's string-only message channel. */
export interface ParseMessage {
  readonly code: "E0110" | "E0111" | "E0112";
  readonly message: string;
  /** Every syntax error says what was expected and how to write it. */
  readonly help: string;
}

export function encodeMessage(m: ParseMessage): string {
  return JSON.stringify(m);
}

export function decodeMessage(text: string): ParseMessage {
  try {
    const m = JSON.parse(text) as ParseMessage;
    if (typeof m.message === "string" && typeof m.code === "string") return m;
  } catch {
    // fall through: a message Chevrotain built itself
  }
  return { code: "E0111", message: text.split("\n")[0] ?? "syntax error", help: "compare this line with the forms in docs/language.md" };
}

/** How a token reads in a message: `"entity"`, `end of file`. */
export function describeToken(t: IToken): string {
  if (tokenMatcher(t, EOF) || t.image === undefined) return "end of file";
  const image = t.image.length > 24 ? `${t.image.slice(0, 21)}...` : t.image;
  return `"${image}"`;
}

function isDeclarationStart(t: IToken): boolean {
  return tokenMatcher(t, T.Entity) || tokenMatcher(t, T.Table) || tokenMatcher(t, T.Enum) || tokenMatcher(t, T.Import);
}

const TOP_LEVEL_HELP = "a file holds only declarations: `entity Name { ... }`, `table name { ... }`, `enum Name { ... }` or `import \"file.rel\"`";
const MEMBER_HELP = "a field is written `name Type @attribute(...)`, e.g. `email String @unique`; a block attribute starts with `@@`, e.g. `@@index([a, b])`";
const UNEXPECTED_HELP = "remove it, or look at the text just before it for a missing name, type or bracket";

function label(tokType: TokenType): string {
  return tokType.LABEL ?? tokType.name;
}

/**
 * Turns Chevrotain's recognition errors into plain sentences that name the
 * entity or field being read, with a help line where the fix is obvious.
 */
export class RelErrorMessages implements IParserErrorMessageProvider {
  constructor(private readonly context: ParseContext) {}

  private missingType(found: string): string {
    const field = this.context.field ?? "name";
    return encodeMessage({
      code: "E0110",
      message: `expected a type after field "${field}", found ${found}`,
      help: `write the type after the field name, e.g. \`${field} Int\``,
    });
  }

  private blockName(): string {
    const b = this.context.block;
    if (!b) return "the declaration";
    return b.name === undefined ? `the ${b.kind}` : `${b.kind} "${b.name}"`;
  }

  buildMismatchTokenMessage(o: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    const found = describeToken(o.actual);
    const { expected, ruleName } = o;

    if (expected === EOF) {
      return encodeMessage({
        code: "E0112",
        message: `expected a declaration (entity, table, enum or import), found ${found}`,
        help: tokenMatcher(o.actual, T.RBrace) ? "this `}` has no matching `{`; remove it or open the block it closes" : TOP_LEVEL_HELP,
      });
    }
    if (expected === T.RBrace) {
      if (isDeclarationStart(o.actual) || tokenMatcher(o.actual, EOF)) {
        return encodeMessage({
          code: "E0110",
          message: `expected "}" to close ${this.blockName()}, found ${found}`,
          help: `add "}" after the last line of ${this.blockName()}`,
        });
      }
      const inEnum = this.context.block?.kind === "enum";
      return encodeMessage({
        code: "E0111",
        message: inEnum
          ? `unexpected ${found} in ${this.blockName()}: expected a member name or "}"`
          : `unexpected ${found} in ${this.blockName()}: expected a field, a block attribute (@@...) or "}"`,
        help: inEnum && tokenMatcher(o.actual, T.Comma)
          ? "enum members are separated by spaces or newlines, not commas"
          : tokenMatcher(o.actual, T.HyphenWord)
            ? "names cannot contain `-`; use camelCase or `_`"
            : inEnum ? "write member names separated by spaces or newlines, e.g. `enum Role { Admin User }`" : MEMBER_HELP,
      });
    }
    if (expected === T.Name) {
      switch (ruleName) {
        case "typeRef":
          return this.missingType(found);
        case "fieldAttr":
        case "blockAttr":
          return encodeMessage({
            code: "E0110",
            message: `expected an attribute name after "${o.previous.image}", found ${found}`,
            help: `write the attribute's name right after "${o.previous.image}", e.g. ${ruleName === "blockAttr" ? "`@@index([a, b])`" : "`@unique`"}`,
          });
        case "enumDecl":
        case "entityDecl":
        case "tableDecl":
          return encodeMessage({
            code: "E0110",
            message: `expected a name after "${o.previous.image}", found ${found}`,
            help: tokenMatcher(o.actual, T.HyphenWord)
              ? "names cannot contain `-`; use camelCase or `_`"
              : `name the declaration: \`${o.previous.image} Name {\`, a letter first, then letters, digits or \`_\``,
          });
        case "value":
          return encodeMessage({
            code: "E0110",
            message: `expected a name after "${o.previous.image}", found ${found}`,
            help: "a field of another entity is written `Entity.field`, e.g. `User.id`",
          });
      }
    }
    if (expected === T.LBrace) {
      return encodeMessage({
        code: "E0110",
        message: `expected "{" to open ${this.blockName()}, found ${found}`,
        help: `a declaration is a keyword, one name and a body in braces, e.g. \`${this.context.block?.kind ?? "entity"} Name { ... }\``,
      });
    }
    if (expected === T.StringLiteral && ruleName === "importDecl") {
      return encodeMessage({
        code: "E0110",
        message: `expected a file path in quotes after "import", found ${found}`,
        help: 'write `import "other.rel"`',
      });
    }
    if (expected === T.RParen) {
      const where = ruleName === "typeRef" ? "the type's arguments" : ruleName === "value" ? "the call" : "the attribute's arguments";
      const example = ruleName === "typeRef" ? "`String(80)`, `Decimal(10, 2)`" : ruleName === "value" ? "`now()`" : "`@default(0)`, `@references(User.id)`";
      return encodeMessage({
        code: "E0110",
        message: `expected ")" to close ${where}, found ${found}`,
        help: `close ${where} with ")"; arguments are separated by commas, e.g. ${example}`,
      });
    }
    if (expected === T.LParen && ruleName === "blockAttr") {
      return encodeMessage({
        code: "E0110",
        message: `expected "(" after block attribute "@@${o.previous.image}", found ${found}`,
        help: "block attributes always take arguments, e.g. `@@index([a, b])`",
      });
    }
    if (expected === T.RBracket) {
      const where = ruleName === "typeRef" ? ` after "[" in the type of field "${this.context.field ?? ""}"` : " to close the list";
      return encodeMessage({
        code: "E0110",
        message: `expected "]"${where}, found ${found}`,
        help: ruleName === "typeRef" ? "a list type is written `Type[]`, e.g. `posts Post[]`" : "close the list with \"]\"; items are separated by commas, e.g. `[a, b]`",
      });
    }
    return encodeMessage({
      code: "E0110",
      message: `expected ${label(expected)}, found ${found}`,
      help: `write ${label(expected)} here; the token before it may be missing something`,
    });
  }

  buildNotAllInputParsedMessage(o: { firstRedundant: IToken; ruleName: string }): string {
    return encodeMessage({
      code: "E0112",
      message: `expected a declaration (entity, table, enum or import), found ${describeToken(o.firstRedundant)}`,
      help: TOP_LEVEL_HELP,
    });
  }

  buildNoViableAltMessage(o: { actual: IToken[]; ruleName: string }): string {
    const first = o.actual[0];
    const found = first ? describeToken(first) : "end of file";
    switch (o.ruleName) {
      case "value":
        return encodeMessage({
          code: "E0111",
          message: `expected a value (a string, number, word, Entity.field, call() or [list]), found ${found}`,
          help: "write one of: `\"text\"`, `42`, `cascade`, `User.id`, `now()`, `[a, b]`",
        });
      case "literal":
        return encodeMessage({
          code: "E0111",
          message: `expected a literal (a string, number, true, false or null), found ${found}`,
          help: "type arguments are literals, e.g. `String(80)` or `Decimal(10, 2)`",
        });
      case "typeRef":
        return this.missingType(found);
      case "member":
        return encodeMessage({
          code: "E0111",
          message: `expected a field or a block attribute (@@...) in ${this.blockName()}, found ${found}`,
          help: MEMBER_HELP,
        });
      default:
        return encodeMessage({ code: "E0111", message: `unexpected ${found}`, help: UNEXPECTED_HELP });
    }
  }

  buildEarlyExitMessage(o: { actual: IToken[]; ruleName: string }): string {
    const first = o.actual[0];
    return encodeMessage({ code: "E0111", message: `unexpected ${first ? describeToken(first) : "end of file"}`, help: UNEXPECTED_HELP });
  }
}
