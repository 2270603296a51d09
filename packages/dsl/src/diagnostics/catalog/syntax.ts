import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

// E01xx: lexing and parsing. Parse-error messages are phrased by
// syntax/messages.ts; these constructors only fix code and shape.

export function unterminatedString(span: Span): Diagnostic {
  return error("E0101", span, "unterminated string", 'close the string with `"` on the same line');
}

export function unterminatedBlockComment(span: Span): Diagnostic {
  return error("E0102", span, "unterminated block comment", "close the comment with `*/`");
}

export function unexpectedCharacters(span: Span, text: string): Diagnostic {
  const what = text.length === 1 ? "character" : "characters";
  return error("E0103", span, `unexpected ${what} \`${text}\``, unexpectedCharHelp(text));
}

function unexpectedCharHelp(text: string): string {
  if (text.startsWith("'")) return 'strings use double quotes: "text"';
  if (text.startsWith("-")) return "hyphens are only allowed inside words such as `delete-orphan` or before a number";
  if (text.startsWith(";")) return "no semicolons are needed: fields end at the line's end";
  if (text.startsWith("=")) return "there is no `=` in a schema: a default value is written `@default(value)` after the type";
  return "remove it, or put it inside a string: outside strings a schema holds names, numbers, `@`, brackets, `,`, `.`, `?` and `:`";
}

export function invalidEscape(span: Span, escape: string): Diagnostic {
  return error("E0104", span, `unknown escape \`${escape}\` in string`, 'only `\\"` and `\\\\` are escapes; write a backslash as `\\\\`');
}

export function keywordAsDeclarationName(span: Span, word: string, kind: string): Diagnostic {
  return error(
    "E0105",
    span,
    `\`${word}\` is a keyword and cannot name ${kind === "table" ? "a" : "an"} ${kind}`,
    "choose another name (entity, table, enum and import are reserved as declaration names)",
  );
}

/** A token where another one was required (`expected "}" ... found "entity"`). */
export function expectedToken(span: Span, message: string, help: string): Diagnostic {
  return error("E0110", span, message, help);
}

/** A token that starts none of the forms allowed here. */
export function unexpectedToken(span: Span, message: string, help: string): Diagnostic {
  return error("E0111", span, message, help);
}

/** Stray input between declarations, skipped until the next declaration. */
export function unexpectedTopLevel(span: Span, message: string, help: string): Diagnostic {
  return error("E0112", span, message, help);
}

export function fieldWithoutType(span: Span, field: string, readAsType: string): Diagnostic {
  return error("E0113", span, `field "${field}" has no type`,
    `write its type after the name, e.g. \`${field} String\` (the next line's "${readAsType}" was read as its type)`);
}

/** Lists nested deeper than `limit` (`[[[…]]]`): the parser stops descending there. */
export function nestedTooDeeply(span: Span, limit: number): Diagnostic {
  return error("E0114", span, `lists are nested too deeply (more than ${limit} levels)`,
    `nest at most ${limit} lists inside each other; the deeper part is skipped`);
}

/** Parsing stopped: `limit` syntax errors were reported already. */
export function tooManySyntaxErrors(span: Span, limit: number): Diagnostic {
  return error("E0115", span, `too many syntax errors: reading stopped here after ${limit}`,
    "fix the errors above (is this a .rel file?) and build again");
}

/** Prisma's `model X {`: read as `entity X {` so the rest of the body is still checked. */
export function prismaModel(span: Span, name: string): Diagnostic {
  return error("E0116", span, "relgen declares a model with `entity`, not `model`",
    `did you mean \`entity\`? write \`entity ${name} { ... }\` (or \`table ${name} { ... }\` for rows without a class)`);
}

/** Prisma's `datasource`/`generator` blocks: skipped whole. */
export function prismaConfigBlock(span: Span, keyword: string): Diagnostic {
  const instead = keyword === "datasource"
    ? "the engine is chosen when the app connects (the driver given to the generated client), and which engines get migrations is `dialects` in relgen.config.json"
    : "what relgen writes, and where, is set on the command line or in relgen.config.json (`out`, `migrations`)";
  return error("E0117", span, `relgen has no \`${keyword}\` blocks`, `remove the block: ${instead}`);
}

export function internalParserError(span: Span, detail: string): Diagnostic {
  return error("E0199", span, "internal parser error, please report", `details: ${detail}`);
}
