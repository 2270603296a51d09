import type { Diagnostic } from "../diagnostics/diagnostic.js";
import {
  ambiguousForeignKey, fkNotAForeignKey, fkWithThrough, noForeignKeyPath, nullabilityMismatch, parentSideMustBeOptional,
  implicitManyToMany, throughColumnInvalid, throughNeedsFromTo, throughOnToOne, throughUnknown, toManyWithoutForeignKey,
} from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import { typeText } from "./type-text.js";
import type { AttributedModel, ForeignKeyFact, KeyFacts, RelationAttrFacts, ResolvedRelation, ThroughSpec } from "./model.js";

export type Shape = Pick<ResolvedRelation, "kind" | "foreignKeySide" | "foreignKey" | "through" | "viewOnly">;

/**
 * The spec's "How a relation is resolved", steps 1–3: from a field's
 * cardinality and the foreign keys that exist, decide the relation kind and
 * which key it follows. Returns undefined (with a diagnostic) when no single
 * key path exists.
 */
/** Keys by owner, then target: built once per key list, so resolving each relation does not scan every key. */
const keyIndexes = new WeakMap<readonly ForeignKeyFact[], Map<AttributedModel, Map<AttributedModel, ForeignKeyFact[]>>>();
function keyIndex(fks: readonly ForeignKeyFact[]): Map<AttributedModel, Map<AttributedModel, ForeignKeyFact[]>> {
  let index = keyIndexes.get(fks);
  if (!index) {
    index = new Map();
    for (const fk of fks) {
      const byTarget = index.get(fk.owner) ?? new Map<AttributedModel, ForeignKeyFact[]>();
      index.set(fk.owner, byTarget);
      const list = byTarget.get(fk.target);
      if (list) list.push(fk);
      else byTarget.set(fk.target, [fk]);
    }
    keyIndexes.set(fks, index);
  }
  return index;
}

export function resolveShape(
  facts: KeyFacts, owner: AttributedModel, target: AttributedModel, rel: RelationAttrFacts, diagnostics: Diagnostic[],
): Shape | undefined {
  const label = `${owner.name}.${rel.name}`;
  const keysFrom = (from: AttributedModel, to: AttributedModel) => keyIndex(facts.foreignKeys).get(from)?.get(to) ?? [];
  const named = (fks: readonly ForeignKeyFact[]) => fks.find((fk) => fk.column.name === rel.fk?.name);
  const listed = (fks: readonly ForeignKeyFact[]) => fks.map((fk) => `${fk.owner.name}.${fk.column.name}`);
  const fail = (d: Diagnostic): undefined => void diagnostics.push(d);
  const span = rel.field.span;

  if (rel.cardinality !== "many") {
    if (rel.through) return fail(throughOnToOne(rel.through.span, label, target.name));
    const own = keysFrom(owner, target);
    const remote = keysFrom(target, owner);
    let shape: Shape | undefined;
    if (rel.fk) {
      const ownFk = named(own);
      const remoteFk = ownFk ? undefined : named(remote);
      if (ownFk) shape = manyToOne(ownFk);
      else if (remoteFk) shape = parentOneToOne(remoteFk);
      else return fail(fkNotAForeignKey(rel.fk.span, label, rel.fk.name, owner.name, target.name));
    } else if (own.length === 1) shape = manyToOne(own[0]!);
    else if (own.length > 1) return fail(ambiguousForeignKey(span, label, listed(own)));
    else if (remote.length === 1) shape = parentOneToOne(remote[0]!);
    else if (remote.length > 1) return fail(ambiguousForeignKey(span, label, listed(remote)));
    else return fail(noForeignKeyPath(span, label, owner.name, target.name));
    return checkNullability(shape, rel, label, target, diagnostics) ? shape : undefined;
  }

  if (rel.through) {
    if (rel.fk) return fail(fkWithThrough(rel.fk.span, label));
    return resolveThrough(facts, owner, target, rel.through, label, keysFrom, diagnostics);
  }
  const remote = keysFrom(target, owner);
  if (rel.fk) {
    const fk = named(remote);
    return fk ? oneToMany(fk) : fail(fkNotAForeignKey(rel.fk.span, label, rel.fk.name, owner.name, target.name));
  }
  if (remote.length === 1) return oneToMany(remote[0]!);
  if (remote.length > 1) return fail(ambiguousForeignKey(span, label, listed(remote)));
  const mirror = keysFrom(owner, target).length === 0 ? implicitManyToManyPartner(owner, target, rel) : undefined;
  if (!mirror) return fail(toManyWithoutForeignKey(span, label, owner.name, target.name));
  // both lists report the same missing table: say it once, on the one declared first
  if (declaredBefore(mirror, rel)) return undefined;
  return fail(implicitManyToMany(span, label, `${target.name}.${mirror.name}`, associationTable(facts, owner, target, rel, mirror.name)));
}

/** The list on `target` that points back at `owner` with no `@through` either: Prisma's implicit many-to-many. */
function implicitManyToManyPartner(owner: AttributedModel, target: AttributedModel, rel: RelationAttrFacts): RelationAttrFacts | undefined {
  return target.relations.find((r) => r !== rel && r.target === owner.name && r.cardinality === "many" && !r.through && !r.fk);
}

function declaredBefore(a: RelationAttrFacts, b: RelationAttrFacts): boolean {
  const x = a.field.span;
  const y = b.field.span;
  return x.file === y.file ? x.start < y.start : x.file < y.file;
}

/** The `table` and `@through` relgen needs, written with the schema's own names and key types. */
function associationTable(facts: KeyFacts, owner: AttributedModel, target: AttributedModel, rel: RelationAttrFacts, mirror: string): string {
  const table = `${snake(owner.name)}_${snake(target.name)}`;
  const keyColumn = (m: AttributedModel, side: string) => {
    // a composite key needs one column per key field; the first shows the pattern
    const key = facts.primaryKeys.get(m)?.[0] ?? "id";
    const column = m.columns.find((c) => c.name === key);
    const type = column ? typeText(column.field.type, false) : "Int";
    return `${side}${key.charAt(0).toUpperCase()}${key.slice(1)} ${type} @id @references(${m.name}.${key})`;
  };
  const ownerSide = `${owner.name.charAt(0).toLowerCase()}${owner.name.slice(1)}`;
  const targetSide = owner === target ? `other${target.name}` : `${target.name.charAt(0).toLowerCase()}${target.name.slice(1)}`;
  return `\`table ${table} { ${keyColumn(owner, ownerSide)}  ${keyColumn(target, targetSide)} }\` (one field per line) ` +
    `and \`${rel.name} ${target.name}[] @through(${table}) @backref(${mirror})\` on \`${owner.name}\``;
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

const manyToOne = (fk: ForeignKeyFact): Shape => ({ kind: "many-to-one", foreignKeySide: "self", foreignKey: fk, viewOnly: false });
const parentOneToOne = (fk: ForeignKeyFact): Shape => ({ kind: "one-to-one", foreignKeySide: "target", foreignKey: fk, viewOnly: false });
const oneToMany = (fk: ForeignKeyFact): Shape => ({ kind: "one-to-many", foreignKeySide: "target", foreignKey: fk, viewOnly: false });

/** `T` needs a NOT NULL key, `T?` a nullable one; the parent side of a one-to-one is always `T?`. */
function checkNullability(shape: Shape, rel: RelationAttrFacts, label: string, target: AttributedModel, diagnostics: Diagnostic[]): boolean {
  const fk = shape.foreignKey!;
  const fkLabel = `${fk.owner.name}.${fk.column.name}`;
  if (shape.foreignKeySide === "target") {
    if (rel.cardinality === "optional") return true;
    diagnostics.push(parentSideMustBeOptional(rel.field.type.span, label, target.name, fkLabel));
    return false;
  }
  if ((rel.cardinality === "optional") === fk.column.nullable) return true;
  diagnostics.push(nullabilityMismatch(rel.field.type.span, label, target.name, fkLabel, fk.column.nullable));
  return false;
}

function resolveThrough(
  facts: KeyFacts, owner: AttributedModel, target: AttributedModel, spec: ThroughSpec, label: string,
  keysFrom: (from: AttributedModel, to: AttributedModel) => ForeignKeyFact[], diagnostics: Diagnostic[],
): Shape | undefined {
  const assoc = facts.modelByName.get(spec.name);
  if (!assoc) {
    diagnostics.push(throughUnknown(spec.span, label, spec.name, suggest(spec.name, [...facts.modelByName.keys()])));
    return undefined;
  }
  const selfReferential = owner === target;
  if (selfReferential && (!spec.from || !spec.to)) {
    diagnostics.push(throughNeedsFromTo(spec.span, label, assoc.name,
      `both sides are \`${owner.name}\`, so \`from:\` (the follower side) and \`to:\` (the followed side) must be named`));
    return undefined;
  }
  const pick = (side: "from" | "to", toward: AttributedModel): ForeignKeyFact | undefined => {
    const given = spec[side];
    const candidates = keysFrom(assoc, toward);
    if (given) {
      const fk = candidates.find((c) => c.column.name === given.name);
      if (!fk) diagnostics.push(throughColumnInvalid(given.span, label, assoc.name, given.name, toward.name));
      return fk;
    }
    if (candidates.length === 1) return candidates[0];
    diagnostics.push(candidates.length === 0
      ? throughNeedsFromTo(spec.span, label, assoc.name, `\`${assoc.name}\` has no foreign key to \`${toward.name}\``, toward.name)
      : throughNeedsFromTo(spec.span, label, assoc.name,
          `\`${assoc.name}\` has several foreign keys to \`${toward.name}\` (${candidates.map((c) => c.column.name).join(", ")})`));
    return undefined;
  };
  const source = pick("from", owner);
  const targetFk = pick("to", target);
  if (!source || !targetFk) return undefined;
  if (source === targetFk) {
    diagnostics.push(throughNeedsFromTo(spec.span, label, assoc.name, "`from:` and `to:` name the same column"));
    return undefined;
  }
  return { kind: "many-to-many", foreignKeySide: "through", through: { model: assoc, source, target: targetFk }, viewOnly: assoc.isEntity };
}
