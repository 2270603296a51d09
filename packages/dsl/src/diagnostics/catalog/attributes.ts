// E05xx: attributes, their positions and their arguments (including @references).
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error } from "./make.js";

const didYouMean = (s: string | undefined, fallback: string): string => (s ? `did you mean \`${s}\`?` : fallback);

export function unknownAttribute(
  span: Span, name: string, where: string, suggestion: string | undefined, known: readonly string[], translation?: string,
): Diagnostic {
  return error("E0501", span, `unknown attribute \`${name}\` on ${where}`,
    translation ?? didYouMean(suggestion, `attributes allowed here: ${known.join(", ")}`));
}

export function attributeNotAllowed(span: Span, name: string, where: string, help: string): Diagnostic {
  return error("E0502", span, `\`${name}\` is not allowed on ${where}`, help);
}

export function invalidAttributeArgs(span: Span, name: string, where: string, expected: string): Diagnostic {
  return error("E0503", span, `wrong arguments for \`${name}\` on ${where}`, `write it as \`${expected}\``);
}

export function duplicateAttribute(span: Span, name: string, where: string, first: Span): Diagnostic {
  return error("E0504", span, `\`${name}\` is given twice on ${where}`, `remove one of them`,
    [{ message: `first \`${name}\` is here`, span: first }]);
}

export function invalidDefault(span: Span, field: string, detail: string, help: string): Diagnostic {
  return error("E0505", span, `\`${field}\`: ${detail}`, help);
}

export function actionWithoutReferences(span: Span, attr: string, field: string): Diagnostic {
  return error("E0506", span, `\`${field}\` has \`${attr}\` but no \`@references\`; the action belongs to a foreign key`,
    `add \`@references(Entity.field)\` to \`${field}\`, or remove \`${attr}\``);
}

export function unknownReferentialAction(span: Span, attr: string, value: string, suggestion?: string): Diagnostic {
  return error("E0507", span, `\`${attr}(${value})\`: unknown action \`${value}\``,
    didYouMean(suggestion, "use one of: cascade, set-null, restrict, no-action, set-default"));
}

export function setNullOnNotNull(span: Span, attr: string, field: string, typeText: string): Diagnostic {
  return error("E0508", span, `\`${field}\` has \`${attr}(set-null)\` but is NOT NULL, so the database could not set it to NULL`,
    `make it nullable (\`${typeText}?\`), or use \`${attr}(cascade)\` or \`${attr}(restrict)\``);
}

export function setDefaultWithoutDefault(span: Span, attr: string, field: string): Diagnostic {
  return error("E0509", span, `\`${field}\` has \`${attr}(set-default)\` but no \`@default\``,
    `add \`@default(...)\` to \`${field}\`, or choose another action`);
}

export function unknownFieldInAttribute(span: Span, attr: string, owner: string, field: string, suggestion: string | undefined): Diagnostic {
  return error("E0510", span, `\`${attr}\` names \`${field}\`, which is not a column of \`${owner}\``,
    didYouMean(suggestion, `name a scalar field declared in \`${owner}\``));
}

export function unknownLazy(span: Span, value: string, suggestion?: string): Diagnostic {
  return error("E0511", span, `unknown loading strategy \`${value}\``,
    didYouMean(suggestion, "use one of: select, joined, subquery, selectin, dynamic, raise, noload"));
}

export function unknownCascade(span: Span, value: string, suggestion?: string): Diagnostic {
  return error("E0512", span, `unknown cascade \`${value}\``,
    didYouMean(suggestion, "use any of: save-update, merge, delete, delete-orphan, refresh-expire, expunge, all"));
}

export function referencesUnknownEntity(span: Span, field: string, name: string, suggestion?: string, isEnum = false): Diagnostic {
  return error("E0513", span, `\`${field}\` references \`${name}\`, which is ${isEnum ? "an enum, not an entity or table" : "not declared"}`,
    didYouMean(suggestion, `declare \`entity ${name}\`, or reference an existing entity`));
}

export function referencesCompositeKey(span: Span, field: string, target: string, key: readonly string[]): Diagnostic {
  return error("E0514", span, `\`${field}\` references \`${target}\`, whose primary key has several columns (${key.join(", ")}); foreign keys are single-column in v1`,
    `reference one unique field instead, e.g. \`@references(${target}.${key[0] ?? "id"})\` on a field that is \`@unique\`, or give \`${target}\` a single \`id\``);
}

export function referencesUnknownField(span: Span, field: string, target: string, name: string, suggestion?: string): Diagnostic {
  return error("E0515", span, `\`${field}\` references \`${target}.${name}\`, which does not exist`,
    didYouMean(suggestion, `reference a column of \`${target}\`, e.g. \`@references(${target})\` for its primary key`));
}

export function referencesNotUnique(span: Span, field: string, target: string, name: string): Diagnostic {
  return error("E0516", span, `\`${field}\` references \`${target}.${name}\`, which is neither \`@id\` nor \`@unique\``,
    `add \`@unique\` to \`${target}.${name}\`, or reference the primary key with \`@references(${target})\``);
}

export function referenceTypeMismatch(span: Span, field: string, type: string, target: string, targetType: string): Diagnostic {
  return error("E0517", span, `\`${field}\` is \`${type}\` but references \`${target}\`, which is \`${targetType}\``,
    `change \`${field}\` to \`${targetType}\``);
}

export function referencesRelationField(span: Span, field: string, target: string): Diagnostic {
  return error("E0518", span, `\`${field}\` references \`${target}\`, which is a relation, not a column`,
    `reference a scalar column, e.g. the primary key`);
}

export function relationInBlockAttribute(span: Span, attr: string, owner: string, field: string): Diagnostic {
  return error("E0519", span, `\`${attr}\` names \`${owner}.${field}\`, which is a relation, not a column`,
    `name the foreign-key column instead (the field with \`@references\`)`);
}

export function typeOnNonJson(span: Span, field: string, type: string): Diagnostic {
  return error("E0520", span, `\`@type\` declares the TypeScript type of a Json value, but \`${field}\` is \`${type}\``,
    "remove `@type`, or make the column `Json`");
}

/** A literal default the column's type cannot hold (E0521), or that some engine's DDL cannot carry (E0522). */
export function defaultOutOfRange(span: Span, field: string, detail: string, help: string): Diagnostic {
  return error("E0521", span, `\`${field}\`: ${detail}`, help);
}

export function defaultUnstorableText(span: Span, field: string, detail: string): Diagnostic {
  return error("E0522", span, `\`${field}\`: the default ${detail}`,
    "remove the character from the default; it cannot be stored or written in DDL on every engine (PostgreSQL text cannot hold NUL, and a lone surrogate is not valid UTF-8)");
}

/** `@renamedFrom` / `@@renamedFrom` (E0523–E0526): the old name a migration renames from. */
export function renamedFromNotAName(span: Span, attr: string, where: string, value: string): Diagnostic {
  return error("E0523", span, `\`${attr}(${JSON.stringify(value)})\` on ${where}: ${JSON.stringify(value)} is not a name, so nothing could have been called that`,
    "write the old name exactly as it was declared: letters, digits and `_`, not starting with a digit");
}

export function renamedFromOwnName(span: Span, attr: string, where: string, name: string): Diagnostic {
  return error("E0524", span, `\`${attr}("${name}")\` on ${where} names its current name, so there is nothing to rename`,
    `write the name it had before the rename, or remove \`${attr}\``);
}

export function renamedFromStillExists(span: Span, attr: string, where: string, old: string, what: string, existing: Span): Diagnostic {
  return error("E0525", span, `\`${attr}("${old}")\` on ${where}: ${what} still exists, but a rename takes the old name away`,
    `\`${old}\` was either renamed or kept, not both: remove \`${attr}\`, or remove or rename the \`${old}\` still declared`,
    [{ message: `${what} is declared here`, span: existing }]);
}

export function renamedFromClaimedTwice(span: Span, attr: string, where: string, old: string, firstWhere: string, first: Span): Diagnostic {
  return error("E0526", span, `${where} and ${firstWhere} both say they were renamed from \`${old}\`; one old name can become only one new one`,
    `keep \`${attr}("${old}")\` on the one that was \`${old}\`, and remove it from the other`,
    [{ message: `${firstWhere} claims \`${old}\` here`, span: first }]);
}
