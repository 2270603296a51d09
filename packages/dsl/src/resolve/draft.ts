import type { RelationAttrFacts, ResolvedRelation } from "./model.js";
import type { Shape } from "./relation-shape.js";

/** A relation while the pass is still pairing it; handed on as a ResolvedRelation, `declared` unseen by later passes. */
export type Draft = { -readonly [K in keyof ResolvedRelation]: ResolvedRelation[K] } & { readonly declared?: RelationAttrFacts };

/**
 * Every draft gets every field, in one order (absent ones undefined), so all
 * share one hidden class; spreading a shape into a literal gave V8 a mix of
 * object layouts, and building drafts was the pass's main cost.
 */
export function newDraft(shape: Shape, rest: Omit<Draft, keyof Shape>): Draft {
  return {
    owner: rest.owner,
    target: rest.target,
    name: rest.name,
    kind: shape.kind,
    cardinality: rest.cardinality,
    foreignKeySide: shape.foreignKeySide,
    foreignKey: shape.foreignKey,
    through: shape.through,
    inverse: rest.inverse,
    fromBackref: rest.fromBackref,
    lazy: rest.lazy,
    cascade: rest.cascade,
    orderBy: rest.orderBy,
    passiveDeletes: rest.passiveDeletes,
    viewOnly: shape.viewOnly,
    doc: rest.doc,
    span: rest.span,
    declared: rest.declared,
  };
}
