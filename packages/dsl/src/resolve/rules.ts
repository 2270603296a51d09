import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { notNullForeignKeyCycle, notNullSelfReference } from "../diagnostics/catalog/index.js";
import type { AttributedModel, ForeignKeyFact, PassResult, RelationFacts, RuleFacts } from "./model.js";
import { typeText } from "./type-text.js";

/**
 * Pass 6, whole-schema rules: a NOT NULL self-reference can never get its
 * first row; a cycle of foreign keys is broken by deferring nullable keys
 * (added after every CREATE TABLE), and is an error when none is nullable.
 * Then the tables are ordered so every non-deferred key points backwards.
 */
export function resolveRules(facts: RelationFacts): PassResult<RuleFacts> {
  const diagnostics: Diagnostic[] = [];
  const index = new Map(facts.models.map((m, i) => [m, i]));
  const order = (fk: ForeignKeyFact) => index.get(fk.owner)! * 10_000 + fk.owner.columns.indexOf(fk.column);

  for (const fk of facts.foreignKeys) {
    if (fk.owner === fk.target && !fk.column.nullable) {
      diagnostics.push(notNullSelfReference(fk.column.field.span, `${fk.owner.name}.${fk.column.name}`, typeText(fk.column.field.type, false)));
    }
  }

  const deferred = new Set<ForeignKeyFact>();
  let active = facts.foreignKeys.filter((fk) => fk.owner !== fk.target);
  for (;;) {
    const cyclic = components(facts.models, active).filter((c) => c.size > 1);
    if (cyclic.length === 0) break;
    for (const scc of cyclic) {
      const inside = active.filter((fk) => scc.has(fk.owner) && scc.has(fk.target));
      const nullable = inside.filter((fk) => fk.column.nullable);
      if (nullable.length === 0) {
        const cycle = findCycle(inside, facts.models.find((m) => scc.has(m))!);
        diagnostics.push(notNullForeignKeyCycle(cycle[0]!.column.field.span, cycle.map((fk) => fk.owner.tableName),
          cycle.map((fk) => `${fk.owner.name}.${fk.column.name}`)));
        active = active.filter((fk) => !inside.includes(fk));
        continue;
      }
      // the key declared latest (by its table, then its position) goes first
      const pick = nullable.reduce((a, b) => (order(b) > order(a) ? b : a));
      deferred.add(pick);
      active = active.filter((fk) => fk !== pick);
    }
  }

  const tableOrder = topologicalOrder(facts.models, facts.foreignKeys.filter((fk) => fk.owner !== fk.target && !deferred.has(fk)), index);
  return { facts: { ...facts, tableOrder, deferred }, diagnostics };
}

/** Strongly connected components by mutual reachability: schemas are small, clarity wins. */
function components(models: readonly AttributedModel[], fks: readonly ForeignKeyFact[]): Set<AttributedModel>[] {
  const reach = new Map(models.map((m) => [m, reachable(m, fks)]));
  const seen = new Set<AttributedModel>();
  const out: Set<AttributedModel>[] = [];
  for (const m of models) {
    if (seen.has(m)) continue;
    const scc = new Set(models.filter((o) => o === m || (reach.get(m)!.has(o) && reach.get(o)!.has(m))));
    for (const o of scc) seen.add(o);
    out.push(scc);
  }
  return out;
}

function reachable(from: AttributedModel, fks: readonly ForeignKeyFact[]): Set<AttributedModel> {
  const seen = new Set<AttributedModel>();
  const stack = [from];
  while (stack.length > 0) {
    const m = stack.pop()!;
    for (const fk of fks) {
      if (fk.owner === m && !seen.has(fk.target)) {
        seen.add(fk.target);
        stack.push(fk.target);
      }
    }
  }
  return seen;
}

/** A shortest cycle through `start` (breadth-first), as the keys followed. */
function findCycle(fks: readonly ForeignKeyFact[], start: AttributedModel): ForeignKeyFact[] {
  const via = new Map<AttributedModel, ForeignKeyFact>();
  const queue = [start];
  while (queue.length > 0) {
    const m = queue.shift()!;
    for (const fk of fks) {
      if (fk.owner !== m) continue;
      if (fk.target === start) {
        const path = [fk];
        for (let at = m; at !== start; ) {
          const step = via.get(at)!;
          path.unshift(step);
          at = step.owner;
        }
        return path;
      }
      if (!via.has(fk.target)) {
        via.set(fk.target, fk);
        queue.push(fk.target);
      }
    }
  }
  return [];
}

/** Referenced tables first; among the tables ready at each step, the one declared first. */
function topologicalOrder(
  models: readonly AttributedModel[], fks: readonly ForeignKeyFact[], index: ReadonlyMap<AttributedModel, number>,
): AttributedModel[] {
  const waitingOn = new Map(models.map((m) => [m, new Set(fks.filter((fk) => fk.owner === m).map((fk) => fk.target))]));
  const done: AttributedModel[] = [];
  while (done.length < models.length) {
    const ready = models.filter((m) => !done.includes(m) && [...waitingOn.get(m)!].every((t) => done.includes(t)));
    // an unresolved cycle was reported already; fall back to declaration order
    const next = ready[0] ?? models.filter((m) => !done.includes(m)).sort((a, b) => index.get(a)! - index.get(b)!)[0]!;
    done.push(next);
  }
  return done;
}
