import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  cascadeOnViewOnly, deleteOrphanInvalid, dynamicOnToOne, oneToOneNotUnique, orderByOnToOne, orderByUnknownField, passiveDeletesInvalid,
  passiveDeletesWithoutCascade,
} from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import type { Draft } from "./draft.js";

/** The options whose validity depends on the resolved kind (decisions.md, "Relations"). */
export function checkRelationOptions(rel: Draft, diagnostics: Diagnostic[]): void {
  const label = `${rel.owner.name}.${rel.name}`;
  const declared = rel.declared;
  const toMany = rel.cardinality === "many";
  // delete can cascade from this side only when this side is the parent
  const parentSide = rel.kind === "one-to-many" || (rel.kind === "one-to-one" && rel.foreignKeySide === "target");
  const kindText = describe(rel);

  if (rel.lazy === "dynamic" && !toMany) diagnostics.push(dynamicOnToOne(declared?.lazy?.span ?? rel.span, label));
  // view-only defaults to no cascade, so any cascade here was written by the user
  if (rel.viewOnly && rel.cascade.length > 0 && rel.through) {
    diagnostics.push(cascadeOnViewOnly(declared?.cascade?.span ?? rel.span, label, rel.through.model.name));
  } else if (rel.cascade.includes("delete-orphan") && !parentSide) diagnostics.push(deleteOrphanInvalid(declared?.cascade?.span ?? rel.span, label, kindText));

  if (rel.passiveDeletes && declared?.passiveDeletes) {
    if (!parentSide) diagnostics.push(passiveDeletesInvalid(declared.passiveDeletes, label, kindText));
    else if (rel.foreignKey && rel.foreignKey.column.onDelete !== "cascade") {
      diagnostics.push(passiveDeletesWithoutCascade(declared.passiveDeletes, label, `${rel.foreignKey.owner.name}.${rel.foreignKey.column.name}`));
    }
  }

  const orderBy = declared?.orderBy;
  if (orderBy) {
    if (!toMany) diagnostics.push(orderByOnToOne(orderBy.span, label));
    else {
      const fields = rel.target.columns.map((c) => c.name);
      orderBy.value.forEach((o, i) => {
        if (!fields.includes(o.field)) {
          diagnostics.push(orderByUnknownField(orderBy.fieldSpans[i] ?? orderBy.span, label, rel.target.name, o.field, suggest(o.field, fields)));
        }
      });
    }
  }

  if (rel.kind === "one-to-one" && rel.foreignKeySide === "target" && !rel.fromBackref && rel.foreignKey) {
    const fk = rel.foreignKey;
    const unique = fk.owner.uniques.some((u) => u.fields.length === 1 && u.fields[0] === fk.column.name)
      || (fk.column.id !== undefined && fk.owner.columns.filter((c) => c.id).length === 1)
      || (fk.owner.blockId?.fields.length === 1 && fk.owner.blockId.fields[0] === fk.column.name);
    if (!unique) diagnostics.push(oneToOneNotUnique(rel.span, label, `${fk.owner.name}.${fk.column.name}`));
  }
}

function describe(rel: Draft): string {
  switch (rel.kind) {
    case "many-to-many": return "a many-to-many";
    case "many-to-one": return "the many side of a one-to-many";
    case "one-to-many": return "a one-to-many";
    case "one-to-one": return rel.foreignKeySide === "self" ? "the child side of a one-to-one (it holds the foreign key)" : "the parent side of a one-to-one";
  }
}
