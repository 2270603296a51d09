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
        const dropped = new Set(inside);
        active = active.filter((fk) => !dropped.has(fk));
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

/**
 * Strongly connected components (Tarjan, iterative so a long chain cannot
 * overflow the stack), in linear time. Each component's members, and the
 * components themselves, come in declaration order.
 */
function components(models: readonly AttributedModel[], fks: readonly ForeignKeyFact[]): Set<AttributedModel>[] {
  const out = outgoing(models, fks);
  const num = new Map<AttributedModel, number>();
  const low = new Map<AttributedModel, number>();
  const onStack = new Set<AttributedModel>();
  const stack: AttributedModel[] = [];
  const componentOf = new Map<AttributedModel, number>();
  let counter = 0;
  let componentCount = 0;
  for (const root of models) {
    if (num.has(root)) continue;
    const work: { m: AttributedModel; next: number }[] = [{ m: root, next: 0 }];
    num.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const targets = out.get(frame.m)!;
      if (frame.next < targets.length) {
        const t = targets[frame.next++]!;
        if (!num.has(t)) {
          num.set(t, counter);
          low.set(t, counter++);
          stack.push(t);
          onStack.add(t);
          work.push({ m: t, next: 0 });
        } else if (onStack.has(t)) {
          low.set(frame.m, Math.min(low.get(frame.m)!, num.get(t)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.m, Math.min(low.get(parent.m)!, low.get(frame.m)!));
      if (low.get(frame.m) === num.get(frame.m)) {
        for (;;) {
          const o = stack.pop()!;
          onStack.delete(o);
          componentOf.set(o, componentCount);
          if (o === frame.m) break;
        }
        componentCount++;
      }
    }
  }
  const byComponent = new Map<number, Set<AttributedModel>>();
  for (const m of models) {
    const c = componentOf.get(m)!;
    const set = byComponent.get(c) ?? new Set<AttributedModel>();
    set.add(m);
    byComponent.set(c, set);
  }
  return [...byComponent.values()];
}

/** The tables each table's keys point to, in key order. */
function outgoing(models: readonly AttributedModel[], fks: readonly ForeignKeyFact[]): Map<AttributedModel, AttributedModel[]> {
  const out = new Map(models.map((m) => [m, [] as AttributedModel[]]));
  for (const fk of fks) out.get(fk.owner)?.push(fk.target);
  return out;
}

/** A shortest cycle through `start` (breadth-first), as the keys followed. */
function findCycle(fks: readonly ForeignKeyFact[], start: AttributedModel): ForeignKeyFact[] {
  const via = new Map<AttributedModel, ForeignKeyFact>();
  const queue = [start];
  let head = 0;
  while (head < queue.length) {
    const m = queue[head++]!;
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

/**
 * Referenced tables first; among the tables ready at each step, the one
 * declared first (Kahn's algorithm with a min-heap on declaration index).
 */
function topologicalOrder(
  models: readonly AttributedModel[], fks: readonly ForeignKeyFact[], index: ReadonlyMap<AttributedModel, number>,
): AttributedModel[] {
  const waitingOn = new Map(models.map((m) => [m, new Set<AttributedModel>()]));
  for (const fk of fks) waitingOn.get(fk.owner)?.add(fk.target);
  const dependents = new Map(models.map((m) => [m, [] as AttributedModel[]]));
  const pending = new Map<AttributedModel, number>();
  for (const [m, targets] of waitingOn) {
    pending.set(m, targets.size);
    for (const t of targets) dependents.get(t)?.push(m);
  }
  const ready = new MinHeap<AttributedModel>((a, b) => index.get(a)! - index.get(b)!);
  for (const m of models) if (pending.get(m) === 0) ready.push(m);
  const done: AttributedModel[] = [];
  const isDone = new Set<AttributedModel>();
  let fallback = 0;
  while (done.length < models.length) {
    let next = ready.pop();
    if (!next) {
      // an unresolved cycle was reported already; fall back to declaration order
      while (isDone.has(models[fallback]!)) fallback++;
      next = models[fallback]!;
    }
    if (isDone.has(next)) continue;
    isDone.add(next);
    done.push(next);
    for (const d of dependents.get(next)!) {
      const left = pending.get(d)! - 1;
      pending.set(d, left);
      if (left === 0 && !isDone.has(d)) ready.push(d);
    }
  }
  return done;
}

class MinHeap<T> {
  readonly #items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  push(item: T): void {
    const a = this.#items;
    a.push(item);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (this.less(a[i]!, a[p]!) >= 0) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): T | undefined {
    const a = this.#items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!) < 0) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
