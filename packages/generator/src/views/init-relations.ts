import type { EntityIR, RelationIR } from "@relgen/dsl";
import type { ModelContext } from "./context.js";
import type { Doc } from "../render/layout.js";
import { callDoc, generic, ifStatement, type TsType, typeText, union } from "../render/ts-layout.js";
import { className, propertyName } from "./naming.js";

/**
 * What `new Entity(init)` takes besides columns: the relations the object can
 * write, and which foreign-key columns those relations fill (so Init need not
 * require them). The runtime writes such a column at flush from the related
 * object, which may not have a key yet when it is constructed.
 */

/**
 * The relations Init takes, in declaration order: every relation the object can
 * write. A view-only collection (through an association entity) is written by
 * creating that entity instead, so it is left out.
 */
export function initRelations(entity: EntityIR): RelationIR[] {
  return entity.relations.filter(isWritable);
}

/**
 * Fields of `entity` that a relation fills at flush: the foreign key of one of
 * its own to-one relations that holds the key on this side, or the foreign key
 * another relation (of any entity, this one included) keeps on this entity as
 * its target side.
 */
export function relationFilledFields(entity: EntityIR, ctx: ModelContext): ReadonlySet<string> {
  const filled = new Set<string>();
  for (const r of entity.relations) {
    if (isWritable(r) && r.cardinality !== "many" && r.foreignKeySide === "self") {
      for (const f of r.localColumns) filled.add(f);
    }
  }
  for (const { relation: r } of ctx.incoming(entity.name)) {
    if (isWritable(r) && r.foreignKeySide === "target") {
      for (const f of r.remoteColumns) filled.add(f);
    }
  }
  return filled;
}

/**
 * The Init property's type: `User`, `Blog | null` (nullable to-one), `Post[]`,
 * or `Array<Post | ...>` when the collection also takes plain child inits.
 */
export function initRelationTsType(relation: RelationIR, childInit?: TsType): TsType {
  const target = className(relation.target);
  switch (relation.cardinality) {
    case "one":
      return typeText(target);
    case "optional":
      return union([typeText(target), typeText("null")]);
    case "many":
      return childInit ? generic("Array", [union([typeText(target), childInit])]) : typeText(`${target}[]`);
  }
}

/** One line for the Init property's TSDoc: what giving it does and what it fills. */
export function initRelationDoc(relation: RelationIR): string {
  const name = code(propertyName(relation.name));
  switch (relation.foreignKeySide) {
    case "self":
      return `Sets ${name}; its key fills ${fieldList(relation.localColumns)} at flush.`;
    case "target":
      return relation.cardinality === "many"
        ? `Added to ${name}; their ${fieldList(relation.remoteColumns)} is filled from this object at flush.`
        : `Sets ${name}; its ${fieldList(relation.remoteColumns)} is filled from this object at flush.`;
    case "through":
      return `Added to ${name}; the association rows are written at flush.`;
  }
}

/** The constructor statement that applies the relation when it is given (null included for a nullable to-one). */
export function initRelationAssignment(relation: RelationIR): Doc {
  const p = propertyName(relation.name);
  const call =
    relation.cardinality === "many" ? callDoc(`this.${p}.add`, [`...init.${p}`]) : callDoc(`this.${p}.set`, [`init.${p}`]);
  return ifStatement([`init.${p}`, "!==", "undefined"], [call, ";"]);
}

function isWritable(relation: RelationIR): boolean {
  return !relation.viewOnly;
}

function fieldList(fields: readonly string[]): string {
  return fields.map((f) => code(propertyName(f))).join(" + ");
}

function code(text: string): string {
  return `\`${text}\``;
}
