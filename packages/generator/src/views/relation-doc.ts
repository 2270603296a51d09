import type { RelationIR, RelationKind } from "@relgen/dsl";
import { className } from "./naming.js";

const KIND_LABEL: Record<RelationKind, string> = {
  "many-to-one": "Many-to-one",
  "one-to-many": "One-to-many",
  "one-to-one": "One-to-one",
  "many-to-many": "Many-to-many",
};

/**
 * One line describing a relation for its TSDoc, e.g.
 * "One-to-many to {@link Post} via `Post.userId` · inverse `Post.author` · lazy `select` · cascade save-update, merge."
 */
export function describeRelation(owner: string, relation: RelationIR): string {
  const parts = [`${KIND_LABEL[relation.kind]} to {@link ${className(relation.target)}} ${via(owner, relation)}`];
  if (relation.inverse !== undefined) parts.push(`inverse \`${relation.target}.${relation.inverse}\``);
  parts.push(`lazy \`${relation.lazy}\``);
  parts.push(relation.cascade.length > 0 ? `cascade ${relation.cascade.join(", ")}` : "no cascade");
  if (relation.orderBy.length > 0) {
    parts.push(`ordered by ${relation.orderBy.map((o) => `\`${o.field} ${o.direction}\``).join(", ")}`);
  }
  if (relation.passiveDeletes) parts.push("passive deletes");
  if (relation.viewOnly) {
    const writer = relation.through?.entity;
    parts.push(writer === undefined ? "view-only" : `view-only (write through {@link ${className(writer)}})`);
  }
  return `${parts.join(" · ")}.`;
}

function via(owner: string, relation: RelationIR): string {
  switch (relation.foreignKeySide) {
    case "self":
      return `via ${fields(owner, relation.localColumns)}`;
    case "target":
      return `via ${fields(relation.target, relation.remoteColumns)}`;
    case "through": {
      const through = relation.through;
      if (through === undefined) return "through an association table";
      return through.entity === undefined
        ? `through \`${through.table}\``
        : `through {@link ${className(through.entity)}}`;
    }
  }
}

function fields(entity: string, names: readonly string[]): string {
  return names.map((n) => `\`${entity}.${n}\``).join(" + ");
}
