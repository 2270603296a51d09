import type { Attribute, FieldDecl } from "../ast/nodes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { attributeNotAllowed, duplicateAttribute, unknownAttribute } from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import { prismaAttributeHelp } from "./prisma-habits.js";

/** Which attributes exist, and where each may appear. */
export const COLUMN_ATTRIBUTES = ["id", "default", "unique", "index", "references", "onDelete", "onUpdate", "column", "type", "renamedFrom"] as const;
export const RELATION_ATTRIBUTES = ["backref", "inverse", "fk", "through", "lazy", "cascade", "orderBy", "passiveDeletes"] as const;
export const BLOCK_ATTRIBUTES = ["table", "index", "unique", "id", "renamedFrom"] as const;

export type Position = "column" | "relation" | "entity" | "table";

const allowedAt: Record<Position, readonly string[]> = {
  column: COLUMN_ATTRIBUTES,
  relation: RELATION_ATTRIBUTES,
  entity: BLOCK_ATTRIBUTES,
  table: ["index", "unique", "id", "renamedFrom"],
};

/** The attributes allowed at `position` (without `@`/`@@`), for editors' completion. */
export function attributesAllowedAt(position: Position): readonly string[] {
  return allowedAt[position];
}

/**
 * Keeps the attributes that are known and allowed at this position, first
 * occurrence only (`@@index` may repeat); reports the others.
 */
export function admitAttributes(
  attrs: readonly Attribute[], position: Position, where: string, diagnostics: Diagnostic[], field?: FieldDecl,
): Map<string, Attribute[]> {
  const admitted = new Map<string, Attribute[]>();
  const allowed = allowedAt[position];
  for (const attr of attrs) {
    const name = attr.name.name;
    const shown = `${attr.block ? "@@" : "@"}${name}`;
    if (!allowed.includes(name)) {
      const misplaced = misplacedHelp(name, position, attr.block);
      if (misplaced) diagnostics.push(attributeNotAllowed(attr.span, shown, where, misplaced));
      else {
        const known = allowed.map((a) => prefixed(a, attr.block)!);
        const habit = prismaAttributeHelp(attr, field);
        diagnostics.push(habit
          ? unknownAttribute(attr.name.span, shown, where, undefined, known, habit)
          : unknownAttribute(attr.name.span, shown, where, prefixed(suggest(name, allowed), attr.block), known));
      }
      continue;
    }
    const list = admitted.get(name);
    if (!list) admitted.set(name, [attr]);
    else if (attr.block && (name === "index" || name === "unique")) list.push(attr);
    else diagnostics.push(duplicateAttribute(attr.span, shown, where, list[0]!.span));
  }
  return admitted;
}

function prefixed(name: string | undefined, block: boolean): string | undefined {
  return name === undefined ? undefined : `${block ? "@@" : "@"}${name}`;
}

function misplacedHelp(name: string, position: Position, block: boolean): string | undefined {
  const isColumn = (COLUMN_ATTRIBUTES as readonly string[]).includes(name);
  const isRelation = (RELATION_ATTRIBUTES as readonly string[]).includes(name);
  const isBlock = (BLOCK_ATTRIBUTES as readonly string[]).includes(name);
  if (position === "table" && block && name === "table") {
    return "a `table` declaration's name is already its table name; rename the declaration instead";
  }
  if (position === "column" && isRelation) return `\`@${name}\` belongs on a relation field (one whose type is an entity)`;
  if (position === "relation" && name === "renamedFrom") {
    return "a relation field has no column to rename; put `@renamedFrom(\"old\")` on the foreign-key field it follows (the one with `@references`)";
  }
  if (position === "relation" && isColumn) {
    return name === "references" || name === "onDelete" || name === "onUpdate"
      ? `put \`@${name}\` on the foreign-key column (e.g. \`userId Int @references(User)\`), not on the relation field`
      : `\`@${name}\` belongs on a column field, not on a relation field`;
  }
  if ((position === "entity" || position === "table") && (isColumn || isRelation)) return `\`@${name}\` is a field attribute; write it after a field, with one \`@\``;
  if ((position === "column" || position === "relation") && isBlock && name === "table") return "`@@table(\"name\")` is a block attribute; write it on its own line inside the declaration";
  return undefined;
}
