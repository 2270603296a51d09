// E07xx / W07xx: relation resolution (spec, "How a relation is resolved").
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../../source/span.js";
import { error, warning } from "./make.js";

const idField = (entity: string) => `${entity.charAt(0).toLowerCase()}${entity.slice(1)}Id`;
const didYouMean = (s: string | undefined, fallback: string): string => (s ? `did you mean \`${s}\`?` : fallback);

export function noForeignKeyPath(span: Span, field: string, owner: string, target: string): Diagnostic {
  return error("E0701", span, `\`${field}\` has no foreign key to follow: neither \`${owner}\` references \`${target}\` nor \`${target}\` references \`${owner}\``,
    `add a field to \`${owner}\` such as \`${idField(target)} Int @references(${target})\` (many-to-one), ` +
      `or to \`${target}\` such as \`${idField(owner)} Int @unique @references(${owner})\` (one-to-one)`);
}

export function toManyWithoutForeignKey(span: Span, field: string, owner: string, target: string): Diagnostic {
  return error("E0702", span, `\`${field}\` is a collection of \`${target}\`, but \`${target}\` has no foreign key to \`${owner}\` and there is no \`@through\``,
    `add a field to \`${target}\` such as \`${idField(owner)} Int @references(${owner})\` (one-to-many), ` +
      `or use \`@through(...)\` with an association table for a many-to-many`);
}

/** Two lists of each other (Prisma's implicit many-to-many): relgen needs the association table declared. */
export function implicitManyToMany(span: Span, field: string, mirror: string, declaration: string): Diagnostic {
  return error("E0702", span, `\`${field}\` and \`${mirror}\` are lists of each other, but no association table links them`,
    `relgen declares the many-to-many table: write ${declaration}, and remove \`${mirror}\` (the backref creates it)`);
}

export function ambiguousForeignKey(span: Span, field: string, candidates: readonly string[]): Diagnostic {
  return error("E0703", span, `\`${field}\` could follow ${candidates.length} foreign keys: ${candidates.map((c) => `\`${c}\``).join(", ")}`,
    `say which one with \`@fk(...)\`, e.g. \`@fk(${candidates[0]?.split(".").pop() ?? "column"})\``);
}

export function inverseNotFound(span: Span, field: string, target: string, name: string, suggestion?: string): Diagnostic {
  return error("E0704", span, `\`${field}\` has \`@inverse(${name})\`, but \`${target}\` has no relation field \`${name}\``,
    didYouMean(suggestion, `declare \`${name}\` on \`${target}\` with \`@inverse\` pointing back, or use \`@backref(${name})\` to create it`));
}

export function inverseNotPointingBack(span: Span, field: string, other: string, fieldName: string, detail: string): Diagnostic {
  return error("E0705", span, `\`${field}\` names \`${other}\` as its inverse, but ${detail}`,
    `add \`@inverse(${fieldName})\` to \`${other}\`, so both sides name each other`);
}

export function inverseKeyMismatch(span: Span, field: string, other: string, detail: string): Diagnostic {
  return error("E0706", span, `\`${field}\` and its inverse \`${other}\` do not resolve to the same foreign key: ${detail}`,
    `make both follow the same foreign key, with \`@fk(...)\` or matching \`@through(...)\``);
}

export function backrefNameTaken(span: Span, field: string, target: string, name: string, existing: Span): Diagnostic {
  return error("E0707", span, `\`${field}\` creates \`${target}.${name}\` with \`@backref\`, but \`${target}\` already has \`${name}\``,
    `choose another backref name, or remove the backref and pair the two fields with \`@inverse\` on both sides`,
    [{ message: `\`${target}.${name}\` is here`, span: existing }]);
}

export function fkNotAForeignKey(span: Span, field: string, column: string, owner: string, target: string): Diagnostic {
  return error("E0708", span, `\`${field}\` has \`@fk(${column})\`, but no field \`${column}\` on \`${owner}\` or \`${target}\` references the other side`,
    `name a field that has \`@references\` to the other entity`);
}

export function dynamicOnToOne(span: Span, field: string): Diagnostic {
  return error("E0709", span, `\`${field}\` is a to-one relation; \`dynamic\` loading only applies to collections`,
    "use `select`, `joined`, `selectin`, `raise` or `noload`");
}

export function nullabilityMismatch(span: Span, field: string, target: string, fkField: string, fkNullable: boolean): Diagnostic {
  return fkNullable
    ? error("E0710", span, `\`${field}\` is declared \`${target}\` (exactly one), but its foreign key \`${fkField}\` is nullable`,
        `either write \`${target}?\`, or make \`${fkField}\` NOT NULL by removing its \`?\``)
    : error("E0710", span, `\`${field}\` is declared \`${target}?\` (optional), but its foreign key \`${fkField}\` is NOT NULL`,
        `either write \`${target}\` without \`?\`, or make \`${fkField}\` nullable by adding \`?\` to its type`);
}

export function parentSideMustBeOptional(span: Span, field: string, target: string, fkField: string): Diagnostic {
  return error("E0711", span, `\`${field}\` is the parent side of a one-to-one (the foreign key \`${fkField}\` is on \`${target}\`), so it may be missing`,
    `write \`${target}?\``);
}

export function throughUnknown(span: Span, field: string, name: string, suggestion?: string): Diagnostic {
  return error("E0712", span, `\`${field}\` goes \`@through(${name})\`, but \`${name}\` is not declared`,
    didYouMean(suggestion, `declare \`table ${name} { ... }\` with a foreign key to each side`));
}

/** `missing` names the entity `through` has no foreign key to, when that is the problem. */
export function throughNeedsFromTo(span: Span, field: string, through: string, detail: string, missing?: string): Diagnostic {
  return error("E0713", span, `\`${field}\`: cannot tell which columns of \`${through}\` to use: ${detail}`,
    missing
      ? `add a field to \`${through}\` such as \`${idField(missing)} Int @references(${missing})\``
      : `name them: \`@through(${through}, from: <column to this entity>, to: <column to the target>)\``);
}

export function throughColumnInvalid(span: Span, field: string, through: string, column: string, expected: string): Diagnostic {
  return error("E0714", span, `\`${field}\`: \`${through}.${column}\` is not a foreign key to \`${expected}\``,
    `name a column of \`${through}\` that has \`@references(${expected})\``);
}

export function throughOnToOne(span: Span, field: string, target: string): Diagnostic {
  return error("E0715", span, `\`${field}\` uses \`@through\`, which makes a many-to-many, but it is not a collection`,
    `write \`${target}[]\``);
}

export function deleteOrphanInvalid(span: Span, field: string, kind: string): Diagnostic {
  return error("E0716", span, `\`${field}\` is ${kind}; \`delete-orphan\` is only valid on the one side of a one-to-many or one-to-one`,
    "remove `delete-orphan`, or put it on the relation of the parent (the side without the foreign key)");
}

export function passiveDeletesInvalid(span: Span, field: string, kind: string): Diagnostic {
  return error("E0717", span, `\`${field}\` is ${kind}; \`@passiveDeletes\` only applies where deletes cascade to children (one-to-many, or the parent side of a one-to-one)`,
    "remove `@passiveDeletes`");
}

export function orderByOnToOne(span: Span, field: string): Diagnostic {
  return error("E0718", span, `\`${field}\` is a to-one relation; \`@orderBy\` only applies to collections`, "remove `@orderBy`");
}

export function orderByUnknownField(span: Span, field: string, target: string, name: string, suggestion?: string): Diagnostic {
  return error("E0719", span, `\`${field}\` is ordered by \`${name}\`, which is not a column of \`${target}\``,
    didYouMean(suggestion, `order by a scalar field of \`${target}\``));
}

export function backrefAndInverse(span: Span, field: string): Diagnostic {
  return error("E0720", span, `\`${field}\` has both \`@backref\` and \`@inverse\``,
    "use `@backref(name)` to create the other side, or `@inverse(name)` to pair with a declared one, not both");
}

export function compositeFk(span: Span, field: string): Diagnostic {
  return error("E0721", span, `\`${field}\`: \`@fk\` names several columns; only single-column foreign keys are supported in v1`,
    "name one column in `@fk(...)`");
}

export function fkWithThrough(span: Span, field: string): Diagnostic {
  return error("E0722", span, `\`${field}\`: \`@fk\` does not apply to a many-to-many`,
    "name the association columns with `@through(A, from: c1, to: c2)` instead");
}

export function backrefOptionInvalid(span: Span, field: string, option: string): Diagnostic {
  return error("E0723", span, `\`${field}\`: \`@backref\` has no option \`${option}\``, "the options are `lazy:` and `cascade:`");
}

export function cascadeOnViewOnly(span: Span, field: string, through: string): Diagnostic {
  return error("E0724", span, `\`${field}\` reads through the association entity \`${through}\` and writes nothing, so it cannot cascade`,
    `remove the cascade here and put it on the relations to \`${through}\`, which is where rows are added and deleted`);
}

export function oneToOneNotUnique(span: Span, field: string, fkField: string): Diagnostic {
  return warning("W0701", span, `\`${field}\` is one-to-one, but its foreign key \`${fkField}\` is not unique, so the database allows several rows`,
    `add \`@unique\` to \`${fkField}\``);
}

export function passiveDeletesWithoutCascade(span: Span, field: string, fkField: string): Diagnostic {
  return warning("W0702", span, `\`${field}\` has \`@passiveDeletes\`, but \`${fkField}\` has no \`@onDelete(cascade)\`, so the database will not delete the children`,
    `add \`@onDelete(cascade)\` to \`${fkField}\`, or remove \`@passiveDeletes\``);
}
