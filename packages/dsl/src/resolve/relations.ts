import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { backrefAndInverse } from "../diagnostics/catalog/index.js";
import { createBackrefs } from "./backrefs.js";
import { pairInverses } from "./inverses.js";
import { newDraft, type Draft } from "./draft.js";
import type { AttributedModel, KeyFacts, PassResult, RelationFacts } from "./model.js";
import { DEFAULT_CASCADE } from "./options.js";
import { checkRelationOptions } from "./relation-options.js";
import { resolveShape } from "./relation-shape.js";

/**
 * Pass 5: resolve every declared relation (kind, foreign key side, keys),
 * pair `@inverse`s, create `@backref`s, then check the options that depend
 * on the kind (lazy, cascade, orderBy, passiveDeletes).
 */
export function resolveRelations(facts: KeyFacts): PassResult<RelationFacts> {
  const diagnostics: Diagnostic[] = [];
  const byOwner = new Map<AttributedModel, Draft[]>(facts.models.map((m) => [m, []]));

  for (const owner of facts.models) {
    for (const rel of owner.relations) {
      const target = facts.modelByName.get(rel.target);
      if (!target) continue; // the types pass guarantees entities; stay defensive
      if (rel.backref && rel.inverse) diagnostics.push(backrefAndInverse(rel.inverse.span, `${owner.name}.${rel.name}`));
      const shape = resolveShape(facts, owner, target, rel, diagnostics);
      if (!shape) continue;
      byOwner.get(owner)!.push(newDraft(shape, {
        owner,
        target,
        name: rel.name,
        cardinality: rel.cardinality,
        inverse: undefined,
        fromBackref: false,
        lazy: rel.lazy?.value ?? "select",
        // a view-only collection writes nothing, so it has nothing to cascade (SQLAlchemy refuses both)
        cascade: rel.cascade?.value ?? (shape.viewOnly ? [] : DEFAULT_CASCADE),
        orderBy: rel.orderBy?.value ?? [],
        passiveDeletes: rel.passiveDeletes !== undefined,
        doc: rel.field.doc,
        span: rel.field.span,
        declared: rel,
      }));
    }
  }

  pairInverses(byOwner, diagnostics);
  createBackrefs(byOwner, diagnostics);
  for (const drafts of byOwner.values()) for (const draft of drafts) checkRelationOptions(draft, diagnostics);

  // Drafts are handed on as they are: the type hides `declared` from later
  // passes, and copying every relation without it cost more than the rest of
  // the pass's own work.
  return { facts: { ...facts, relations: byOwner }, diagnostics };
}
