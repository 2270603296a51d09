import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { backrefNameTaken, reservedFieldName } from "../diagnostics/catalog/index.js";
import type { Span } from "../source/span.js";
import type { AttributedModel } from "./model.js";
import { DEFAULT_CASCADE } from "./options.js";
import { newDraft, type Draft } from "./draft.js";
import type { Shape } from "./relation-shape.js";

/**
 * `@backref(name)` creates the other side on the target, with the opposite
 * cardinality (decisions.md, "A backref's cardinality"). Backrefs are
 * appended to the target's relations in the order of their origins.
 */
export function createBackrefs(byOwner: ReadonlyMap<AttributedModel, Draft[]>, diagnostics: Diagnostic[]): void {
  // per target, every name a backref could clash with: looked up, not searched
  // for, as an entity many others point at would make that quadratic
  const taken = new Map<AttributedModel, Map<string, Span>>();
  const takenOn = (target: AttributedModel): Map<string, Span> => {
    let names = taken.get(target);
    if (!names) {
      names = new Map();
      // the first field of a name wins, as the searches this replaces found it
      for (const c of target.columns) if (!names.has(c.name)) names.set(c.name, c.field.span);
      for (const r of target.relations) if (!names.has(r.name)) names.set(r.name, r.field.span);
      taken.set(target, names);
    }
    return names;
  };
  const origins = [...byOwner.values()].flatMap((drafts) => drafts.filter((d) => d.declared?.backref && !d.declared.inverse));
  for (const rel of origins) {
    const spec = rel.declared!.backref!;
    const target = rel.target;
    if (spec.name === "constructor") {
      diagnostics.push(reservedFieldName(spec.span, target.name, spec.name));
      continue;
    }
    const names = takenOn(target);
    const existing = names.get(spec.name);
    if (existing) {
      diagnostics.push(backrefNameTaken(spec.span, `${rel.owner.name}.${rel.name}`, target.name, spec.name, existing));
      continue;
    }
    names.set(spec.name, spec.span);

    rel.inverse = spec.name;
    const shape = oppositeShape(rel);
    byOwner.get(target)!.push(newDraft(shape, {
      owner: target,
      target: rel.owner,
      name: spec.name,
      cardinality: shape.cardinality,
      inverse: rel.name,
      fromBackref: true,
      lazy: spec.lazy ?? "select",
      cascade: spec.cascade ?? (shape.viewOnly ? [] : DEFAULT_CASCADE),
      orderBy: [],
      passiveDeletes: false,
      doc: undefined,
      span: spec.span,
    }));
  }
}

function oppositeShape(rel: Draft): Shape & Pick<Draft, "cardinality"> {
  const fk = rel.foreignKey;
  const byNullability = fk?.column.nullable ? "optional" : "one";
  switch (rel.kind) {
    case "many-to-one":
      return { kind: "one-to-many", foreignKeySide: "target", foreignKey: fk, viewOnly: false, cardinality: "many" };
    case "one-to-many":
      return { kind: "many-to-one", foreignKeySide: "self", foreignKey: fk, viewOnly: false, cardinality: byNullability };
    case "one-to-one":
      return rel.foreignKeySide === "target"
        ? { kind: "one-to-one", foreignKeySide: "self", foreignKey: fk, viewOnly: false, cardinality: byNullability }
        : { kind: "one-to-one", foreignKeySide: "target", foreignKey: fk, viewOnly: false, cardinality: "optional" };
    case "many-to-many": {
      const t = rel.through!;
      return { kind: "many-to-many", foreignKeySide: "through", through: { model: t.model, source: t.target, target: t.source }, viewOnly: rel.viewOnly, cardinality: "many" };
    }
  }
}
