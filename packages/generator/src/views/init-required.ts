import type { ColumnIR, EntityIR, RelationIR } from "@relgen/dsl";
import type { ModelContext } from "./context.js";
import { className, initInterfaceName, propertyName, runtimeTypeLocal } from "./naming.js";
import { columnType, hasDatabaseDefault } from "./ts-types.js";
import { generic, objectType, type TsType, typeLiteral, typeText, union } from "../render/ts-layout.js";

/**
 * Which to-one relations `new Entity(init)` must be given, either as the
 * related object or as all of its key columns: a many-to-one whose key columns
 * are NOT NULL with no default, and that nothing else fills. Left optional: a
 * self-reference (the first row has no parent to name), keys in the primary key
 * (association objects), one-to-one (either side may be written first), and
 * keys another relation writes (the parent's collection is this relation's
 * inverse, so it does not count).
 */
export function requiredInitRelations(entity: EntityIR, ctx: ModelContext): RelationIR[] {
  return entity.relations.filter((r) => {
    if (r.viewOnly || r.kind !== "many-to-one" || r.cardinality !== "one" || r.selfReferential) return false;
    return r.localColumns.every((name) => {
      const column = entity.columns.find((c) => c.name === name);
      if (!column || column.nullable || hasDatabaseDefault(column) || entity.primaryKey.includes(name)) return false;
      return !filledElsewhere(entity, r, name, ctx);
    });
  });
}

/** One union per required relation: `({ customer: Customer; customerId?: string } | { customerId: string; customer?: Customer })`. */
export function initUnion(entity: EntityIR, relation: RelationIR): TsType {
  const target = typeText(className(relation.target));
  const rel = propertyName(relation.name);
  const keys = relation.localColumns.map((name) => {
    const column = entity.columns.find((c) => c.name === name) as ColumnIR;
    return { name: propertyName(name), type: columnType(column) };
  });
  const byRelation = objectType([
    { name: rel, optional: false, type: target },
    ...keys.map((k) => ({ name: k.name, optional: true, type: k.type })),
  ]);
  const byKey = objectType([
    ...keys.map((k) => ({ name: k.name, optional: false, type: k.type })),
    { name: rel, optional: true, type: target },
  ]);
  return union([byRelation, byKey]);
}

/**
 * What a one-to-many collection takes besides target objects: the target's
 * init without the back-reference and its key, which adding fills. Other
 * relations the target requires stay required (`InitWithout` distributes).
 * Undefined for collections that take only objects (many-to-many).
 */
export function childInitType(relation: RelationIR, ctx: ModelContext): TsType | undefined {
  if (relation.viewOnly || relation.kind !== "one-to-many") return undefined;
  const omitted = [...(relation.inverse ? [relation.inverse] : []), ...relation.remoteColumns].map((name) =>
    typeLiteral(propertyName(name)),
  );
  return generic(runtimeTypeLocal("InitWithout", ctx.schemaNames), [
    typeText(initInterfaceName(relation.target)),
    union(omitted),
  ]);
}

function filledElsewhere(entity: EntityIR, relation: RelationIR, column: string, ctx: ModelContext): boolean {
  const ownOthers = entity.relations.some(
    (o) => o !== relation && !o.viewOnly && o.foreignKeySide === "self" && o.localColumns.includes(column),
  );
  if (ownOthers) return true;
  return ctx.incoming(entity.name).some(
    ({ owner, relation: o }) =>
      !o.viewOnly &&
      o.foreignKeySide === "target" &&
      o.remoteColumns.includes(column) &&
      !(owner.name === relation.target && o.name === relation.inverse),
  );
}
