import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { inverseKeyMismatch, inverseNotFound, inverseNotPointingBack } from "../diagnostics/catalog/index.js";
import { suggest } from "../diagnostics/levenshtein.js";
import type { AttributedModel } from "./model.js";
import type { Draft } from "./draft.js";

/**
 * `@inverse` must be written on both sides, each naming the other, and both
 * must follow the same foreign key. A to-one that pairs with the parent side
 * of a one-to-one is the child side of that one-to-one.
 */
export function pairInverses(byOwner: ReadonlyMap<AttributedModel, Draft[]>, diagnostics: Diagnostic[]): void {
  const reported = new Set<Draft>();
  // per model, its declared relations by name: looked up, not searched for, as
  // an entity with many paired collections would make that quadratic
  const declaredByName = new Map<AttributedModel, Map<string, Draft>>();
  const declaredOn = (model: AttributedModel): Map<string, Draft> => {
    let byName = declaredByName.get(model);
    if (!byName) {
      byName = new Map();
      for (const d of byOwner.get(model) ?? []) if (d.declared && !byName.has(d.name)) byName.set(d.name, d);
      declaredByName.set(model, byName);
    }
    return byName;
  };
  for (const [owner, drafts] of byOwner) {
    for (const rel of drafts) {
      const spec = rel.declared?.inverse;
      if (!spec || rel.declared?.backref) continue;
      const label = `${owner.name}.${rel.name}`;
      const other = declaredOn(rel.target).get(spec.name);
      if (!other) {
        // the field may exist but have failed to resolve; its own error explains it
        if (rel.target.relations.some((r) => r.name === spec.name)) continue;
        const names = rel.target.relations.map((r) => r.name);
        diagnostics.push(inverseNotFound(spec.span, label, rel.target.name, spec.name, suggest(spec.name, names)));
        continue;
      }
      const otherLabel = `${rel.target.name}.${other.name}`;
      const back = other.declared?.inverse?.name;
      if (other.target !== owner || back !== rel.name) {
        // `other` names a field that does not exist: its E0704 already tells the one fix
        if (other.target === owner && back !== undefined && !owner.relations.some((r) => r.name === back)) continue;
        const detail = other.target !== owner
          ? `\`${otherLabel}\` is a relation to \`${other.target.name}\`, not to \`${owner.name}\``
          : back === undefined
            ? `\`${otherLabel}\` has no \`@inverse\``
            : `\`${otherLabel}\` has \`@inverse(${back})\``;
        diagnostics.push(inverseNotPointingBack(spec.span, label, otherLabel, rel.name, detail));
        continue;
      }
      const mismatch = keyMismatch(rel, other);
      if (mismatch) {
        if (!reported.has(other)) diagnostics.push(inverseKeyMismatch(spec.span, label, otherLabel, mismatch));
        reported.add(rel);
        continue;
      }
      rel.inverse = other.name;
      if (rel.kind === "many-to-one" && other.kind === "one-to-one") rel.kind = "one-to-one";
    }
  }
}

function keyMismatch(a: Draft, b: Draft): string | undefined {
  if (a.foreignKeySide === "through" || b.foreignKeySide === "through") {
    if (a.through && b.through && a.through.model === b.through.model && a.through.source === b.through.target && a.through.target === b.through.source) {
      return undefined;
    }
    return "a many-to-many pairs only with a many-to-many through the same association, with `from:`/`to:` swapped";
  }
  if (a.foreignKey !== b.foreignKey) {
    const name = (d: Draft) => `${d.foreignKey!.owner.name}.${d.foreignKey!.column.name}`;
    return `one follows \`${name(a)}\`, the other \`${name(b)}\``;
  }
  if (a.foreignKeySide === b.foreignKeySide) {
    return a.foreignKeySide === "target" ? "both are the parent side (neither holds the key)" : "both are the child side";
  }
  if (a.cardinality === "many" && b.cardinality === "many") return "both are collections";
  return undefined;
}
